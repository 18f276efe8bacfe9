#include "domain/calendar.h"

#include <date/tz.h>

#include <algorithm>
#include <cstdio>
#include <set>

#include "core/strings.h"

namespace farol::domain {
namespace {

constexpr long long kDay = 86400;

long long FloorDiv(long long a, long long b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Unix seconds of January 1st, 00:00 UTC.
long long StartOfYear(int year) {
  return date::sys_days(date::year(year) / 1 / 1).time_since_epoch().count() * kDay;
}

bool TwoDigits(std::string_view s, size_t at, unsigned& out) {
  if (at + 2 > s.size() || s[at] < '0' || s[at] > '9' || s[at + 1] < '0' || s[at + 1] > '9') return false;
  out = unsigned(s[at] - '0') * 10 + unsigned(s[at + 1] - '0');
  return true;
}

}  // namespace

std::optional<int> ParseClockMinute(std::string_view s) {
  unsigned h = 0, m = 0;
  if (s.size() != 5 || s[2] != ':' || !TwoDigits(s, 0, h) || !TwoDigits(s, 3, m)) return std::nullopt;
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
  return int(h * 60 + m);
}

std::string FormatClockMinute(int minute) {
  const int h = std::clamp(minute, 0, 1440) / 60, m = std::clamp(minute, 0, 1440) % 60;
  return {char('0' + h / 10), char('0' + h % 10), ':', char('0' + m / 10), char('0' + m % 10)};
}

std::optional<YearlyDate> ParseYearlyDate(std::string_view s) {
  unsigned m = 0, d = 0;
  if (s.size() != 5 || s[2] != '-' || !TwoDigits(s, 0, m) || !TwoDigits(s, 3, d)) return std::nullopt;
  // 02-29 is a valid yearly date: it is a holiday in leap years only.
  if (!date::month_day(date::month(m), date::day(d)).ok()) return std::nullopt;
  return YearlyDate{m, d};
}

std::optional<CivilDate> ParseCivilDate(std::string_view s) {
  unsigned y1 = 0, y2 = 0;
  if (s.size() != 10 || s[4] != '-' || !TwoDigits(s, 0, y1) || !TwoDigits(s, 2, y2)) return std::nullopt;
  auto md = ParseYearlyDate(s.substr(5));
  if (!md) return std::nullopt;
  const int year = int(y1 * 100 + y2);
  if (!date::year_month_day(date::year(year), date::month(md->month), date::day(md->day)).ok()) return std::nullopt;
  return CivilDate{year, md->month, md->day};
}

StatusOr<HolidaySet> ParseHolidayFile(std::string_view text) {
  HolidaySet set;
  FieldErrors errors;
  size_t line_no = 0, start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_no == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);  // a UTF-8 BOM
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty() || line.front() == '#') continue;
    const std::string_view date = line.substr(0, line.find_first_of(" ,;\t"));
    if (auto d = ParseCivilDate(date)) {
      set.dates.push_back(*d);
    } else if (auto y = ParseYearlyDate(date)) {
      set.yearly.push_back(*y);
    } else {
      errors.Add("line " + std::to_string(line_no), "is not a date (2026-11-20) or a yearly date (12-25)");
    }
    if (end == text.size()) break;
  }
  FAROL_RETURN_IF_ERROR(errors.ToStatus("The holiday file has lines that are not dates"));
  return set;
}

void ValidateCalendarSpec(const CalendarSpec& spec, std::string_view prefix, FieldErrors& errors) {
  const std::string p(prefix.empty() ? "" : std::string(prefix) + ".");
  try {
    if (spec.timezone.empty() || spec.timezone.size() > 64 || date::locate_zone(spec.timezone) == nullptr) {
      errors.Add(p + "timezone", "is not a known IANA time zone (e.g. America/Sao_Paulo)");
    }
  } catch (const std::exception&) {
    errors.Add(p + "timezone", "is not a known IANA time zone (e.g. America/Sao_Paulo)");
  }
  for (size_t d = 0; d < 7; ++d) {
    std::vector<WorkWindow> w = spec.week[d];
    const std::string field = p + "week." + std::string(kWeekdayKeys[d]);
    bool ok = true;
    for (const WorkWindow& x : w) {
      if (x.start_minute < 0 || x.start_minute >= 1440 || x.end_minute > 1440 || x.end_minute <= x.start_minute) {
        errors.Add(field, "each window must end after it starts, within the day (00:00 to 24:00); "
                          "a night shift is two windows, one ending at 24:00 and one starting at 00:00");
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    std::sort(w.begin(), w.end(), [](const WorkWindow& a, const WorkWindow& b) { return a.start_minute < b.start_minute; });
    for (size_t i = 1; i < w.size(); ++i) {
      if (w[i].start_minute < w[i - 1].end_minute) {
        errors.Add(field, "windows overlap (" + FormatClockMinute(w[i].start_minute) + " starts before " +
                              FormatClockMinute(w[i - 1].end_minute) + " ends)");
        break;
      }
    }
  }
  for (const CivilDate& h : spec.holidays) {
    if (h.year < BusinessCalendar::kFirstYear || h.year >= BusinessCalendar::kEndYear) {
      errors.Add(p + "holidays", "dates must lie between 1970 and 2399");
      break;
    }
  }
}

// ---- the precomputed year ----------------------------------------------------------------------

struct BusinessCalendar::Year {
  long long begin = 0;  // unix seconds of Jan 1 00:00 UTC
  long long end = 0;    // of the next Jan 1
  std::vector<long long> starts, ends;  // working intervals [starts[i], ends[i]), sorted, disjoint
  std::vector<long long> before;        // business seconds in the year before interval i; size n+1
  std::vector<uint32_t> first_of_day;   // per UTC day of the year: first interval ending after its start

  long long total() const { return before.back(); }

  // Business seconds in [begin, t), for begin <= t <= end.
  long long Upto(long long t) const {
    if (t >= end) return total();
    size_t i = first_of_day[size_t((t - begin) / kDay)];
    const size_t n = starts.size();
    while (i < n && ends[i] <= t) ++i;
    if (i < n && starts[i] < t) return before[i] + (t - starts[i]);
    return before[i];
  }

  // The earliest t with Upto(t) >= goal, for 0 < goal <= total().
  long long At(long long goal) const {
    const size_t i = size_t(std::lower_bound(before.begin() + 1, before.end(), goal) - before.begin()) - 1;
    return starts[i] + (goal - before[i]);
  }
};

struct BusinessCalendar::Impl {
  const date::time_zone* zone = nullptr;
  std::array<std::vector<WorkWindow>, 7> week;  // sorted, merged
  std::set<long long> holidays;                 // local day numbers
  std::set<std::pair<unsigned, unsigned>> yearly;
  std::vector<std::unique_ptr<Year>> built;     // owns every Year handed out

  bool IsHoliday(long long local_day) const {
    if (holidays.count(local_day)) return true;
    if (yearly.empty()) return false;
    const date::year_month_day ymd{date::sys_days(date::days(local_day))};
    return yearly.count({unsigned(ymd.month()), unsigned(ymd.day())}) > 0;
  }

  std::unique_ptr<Year> Build(int y) const {
    auto year = std::make_unique<Year>();
    year->begin = StartOfYear(y);
    year->end = StartOfYear(y + 1);
    auto push = [&](long long a, long long b) {
      if (!year->ends.empty() && year->ends.back() == a) {
        year->ends.back() = b;
      } else {
        year->starts.push_back(a);
        year->ends.push_back(b);
      }
    };
    // Walk the zone's offset periods that overlap the year; inside each the local clock is
    // UTC + a fixed offset, so a local window maps back to UTC by subtracting that offset.
    long long t = year->begin;
    while (t < year->end) {
      const date::sys_info info = zone->get_info(date::sys_seconds(std::chrono::seconds(t)));
      const long long seg_end = std::min<long long>(year->end, info.end.time_since_epoch().count());
      const long long off = info.offset.count();
      const long long local_from = t + off, local_to = seg_end + off;
      for (long long day = FloorDiv(local_from, kDay); day * kDay < local_to; ++day) {
        if (IsHoliday(day)) continue;
        const unsigned iso = date::weekday(date::sys_days(date::days(day))).iso_encoding();  // Mon=1
        for (const WorkWindow& w : week[iso - 1]) {
          const long long a = std::max(local_from, day * kDay + w.start_minute * 60LL);
          const long long b = std::min(local_to, day * kDay + w.end_minute * 60LL);
          if (a < b) push(a - off, b - off);
        }
      }
      t = seg_end;
    }
    const size_t n = year->starts.size();
    year->before.resize(n + 1);
    year->before[0] = 0;
    for (size_t i = 0; i < n; ++i) year->before[i + 1] = year->before[i] + (year->ends[i] - year->starts[i]);
    const size_t days = size_t((year->end - year->begin) / kDay);
    year->first_of_day.resize(days);
    size_t i = 0;
    for (size_t d = 0; d < days; ++d) {
      const long long day_start = year->begin + (long long)d * kDay;
      while (i < n && year->ends[i] <= day_start) ++i;
      year->first_of_day[d] = uint32_t(i);
    }
    return year;
  }
};

BusinessCalendar::BusinessCalendar(CalendarSpec spec) : spec_(std::move(spec)), impl_(std::make_unique<Impl>()) {}
BusinessCalendar::~BusinessCalendar() = default;

StatusOr<std::shared_ptr<const BusinessCalendar>> BusinessCalendar::Create(const CalendarSpec& spec) {
  FieldErrors errors;
  ValidateCalendarSpec(spec, "", errors);
  if (!errors.empty()) return errors.ToStatus("The calendar is not valid");
  std::shared_ptr<BusinessCalendar> cal(new BusinessCalendar(spec));
  Impl& impl = *cal->impl_;
  impl.zone = date::locate_zone(spec.timezone);
  for (size_t d = 0; d < 7; ++d) {
    std::vector<WorkWindow> w = spec.always_open ? std::vector<WorkWindow>{{0, 1440}} : spec.week[d];
    std::sort(w.begin(), w.end(), [](const WorkWindow& a, const WorkWindow& b) { return a.start_minute < b.start_minute; });
    impl.week[d] = std::move(w);
  }
  for (const CivilDate& h : spec.holidays) {
    impl.holidays.insert(date::sys_days(date::year(h.year) / date::month(h.month) / date::day(h.day)).time_since_epoch().count());
  }
  for (const YearlyDate& h : spec.yearly_holidays) impl.yearly.insert({h.month, h.day});
  return std::shared_ptr<const BusinessCalendar>(std::move(cal));
}

const BusinessCalendar::Year& BusinessCalendar::YearAt(int y) const {
  std::atomic<const Year*>& slot = years_[size_t(y - kFirstYear)];
  if (const Year* ready = slot.load(std::memory_order_acquire)) return *ready;
  std::lock_guard lock(build_mutex_);
  if (const Year* ready = slot.load(std::memory_order_acquire)) return *ready;
  impl_->built.push_back(impl_->Build(y));
  slot.store(impl_->built.back().get(), std::memory_order_release);
  return *impl_->built.back();
}

namespace {
constexpr long long kStart = 0;                       // 1970-01-01T00:00Z
constexpr long long kEnd = 13569465600LL;             // 2400-01-01T00:00Z
long long Clamp(Timestamp t) { return std::clamp<long long>(ToUnixSeconds(t), kStart, kEnd); }
}  // namespace

// Unix seconds at which each UTC year of the calendar's range begins (and the range's end).
static const std::array<long long, BusinessCalendar::kEndYear - BusinessCalendar::kFirstYear + 1>& YearStarts() {
  static const auto starts = [] {
    std::array<long long, BusinessCalendar::kEndYear - BusinessCalendar::kFirstYear + 1> a{};
    for (size_t i = 0; i < a.size(); ++i) a[i] = StartOfYear(BusinessCalendar::kFirstYear + int(i));
    return a;
  }();
  return starts;
}

const BusinessCalendar::Year& BusinessCalendar::YearOf(long long s) const {
  // An estimate from the mean Gregorian year, corrected against the exact starts (a hot path:
  // every clock reading looks up a year twice per stretch of its history).
  const auto& starts = YearStarts();
  constexpr long long kLast = kEndYear - kFirstYear - 1;
  long long i = std::clamp<long long>(s / 31556952, 0, kLast);
  while (i > 0 && s < starts[size_t(i)]) --i;
  while (i < kLast && s >= starts[size_t(i) + 1]) ++i;
  return YearAt(kFirstYear + int(i));
}

long long BusinessCalendar::BusinessSeconds(Timestamp from, Timestamp to) const {
  const long long a = Clamp(from), b = Clamp(to);
  if (b <= a) return 0;
  const Year& ya = YearOf(a);
  if (b <= ya.end) return ya.Upto(b) - ya.Upto(a);
  long long sum = ya.total() - ya.Upto(a);
  const Year* y = &YearOf(ya.end);
  while (b > y->end) {
    sum += y->total();
    y = &YearOf(y->end);
  }
  return sum + y->Upto(b);
}

std::optional<Timestamp> BusinessCalendar::AddBusinessSeconds(Timestamp from, long long seconds) const {
  if (seconds <= 0) return from;
  long long a = Clamp(from);
  const long long horizon = std::min(kEnd, a + kHorizonYears * 366 * kDay);
  const Year* y = &YearOf(std::min(a, kEnd - 1));
  long long goal = y->Upto(a) + seconds;
  while (true) {
    if (goal <= y->total()) {
      const long long t = y->At(goal);
      if (t > horizon) return std::nullopt;
      return FromUnixSeconds(t);
    }
    if (y->end >= horizon) return std::nullopt;
    goal -= y->total();
    y = &YearOf(y->end);
  }
}

bool BusinessCalendar::IsBusinessTime(Timestamp t) const {
  const long long s = Clamp(t);
  if (s >= kEnd) return false;
  const Year& y = YearOf(s);
  return y.Upto(s + 1) > y.Upto(s);
}

std::string SerializeCalendarSpec(const CalendarSpec& calendar) {
  std::string out = "timezone " + calendar.timezone + "\n";
  out += std::string("always_open ") + (calendar.always_open ? "true" : "false") + "\n";
  for (size_t d = 0; d < 7; ++d) {
    if (calendar.week[d].empty()) continue;
    out += "week " + std::string(kWeekdayKeys[d]);
    for (const WorkWindow& w : calendar.week[d]) {
      out += " " + FormatClockMinute(w.start_minute) + "-" + FormatClockMinute(w.end_minute);
    }
    out += "\n";
  }
  char buf[16];
  for (const CivilDate& h : calendar.holidays) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", h.year % 10000, h.month % 100, h.day % 100);
    out += std::string("holiday ") + buf + "\n";
  }
  for (const YearlyDate& h : calendar.yearly_holidays) {
    std::snprintf(buf, sizeof buf, "%02u-%02u", h.month % 100, h.day % 100);
    out += std::string("holiday ") + buf + "\n";
  }
  return out;
}


bool IsCalendarLine(std::string_view key) {
  return key == "timezone" || key == "always_open" || key == "week" || key == "holiday";
}

bool ParseCalendarLine(const std::vector<std::string>& w, CalendarSpec& spec, std::string& error) {
  const std::string& key = w[0];
  if (key == "timezone" && w.size() == 2) {
    spec.timezone = w[1];
  } else if (key == "always_open" && w.size() == 2) {
    spec.always_open = w[1] == "true";
  } else if (key == "week" && w.size() >= 2) {
    auto day = std::find(kWeekdayKeys.begin(), kWeekdayKeys.end(), w[1]);
    if (day == kWeekdayKeys.end()) return error = "unknown day", false;
    for (size_t i = 2; i < w.size(); ++i) {
      const auto dash = w[i].find('-');
      auto a = dash == std::string::npos ? std::nullopt : ParseClockMinute(std::string_view(w[i]).substr(0, dash));
      auto b = dash == std::string::npos ? std::nullopt : ParseClockMinute(std::string_view(w[i]).substr(dash + 1));
      if (!a || !b) return error = "a window is HH:MM-HH:MM", false;
      spec.week[size_t(day - kWeekdayKeys.begin())].push_back({*a, *b});
    }
  } else if (key == "holiday" && w.size() == 2) {
    if (auto d = ParseCivilDate(w[1])) {
      spec.holidays.push_back(*d);
    } else if (auto y = ParseYearlyDate(w[1])) {
      spec.yearly_holidays.push_back(*y);
    } else {
      return error = "a holiday is YYYY-MM-DD or MM-DD", false;
    }
  } else {
    return error = "not understood", false;
  }
  return true;
}

StatusOr<CalendarSpec> ParseCalendarSpecText(std::string_view text) {
  CalendarSpec spec;
  int n = 0;
  for (const std::string& raw : Split(text, '\n')) {
    ++n;
    std::vector<std::string> w;
    for (const std::string& x : Split(raw, ' ')) {
      if (!x.empty()) w.push_back(x);
    }
    if (w.empty()) continue;
    std::string error;
    if (!ParseCalendarLine(w, spec, error)) {
      return InvalidArgumentError("Calendar, line " + std::to_string(n) + ": " + error);
    }
  }
  FieldErrors errors;
  ValidateCalendarSpec(spec, "calendar", errors);
  FAROL_RETURN_IF_ERROR(errors.ToStatus("The stored calendar is not valid"));
  return spec;
}

int MergeHolidays(CalendarSpec& cal, const HolidaySet& set, bool replace) {
  if (replace) {
    cal.holidays.clear();
    cal.yearly_holidays.clear();
  }
  int added = 0;
  for (const auto& d : set.dates) {
    if (std::find(cal.holidays.begin(), cal.holidays.end(), d) == cal.holidays.end()) cal.holidays.push_back(d), ++added;
  }
  for (const auto& y : set.yearly) {
    if (std::find(cal.yearly_holidays.begin(), cal.yearly_holidays.end(), y) == cal.yearly_holidays.end()) {
      cal.yearly_holidays.push_back(y), ++added;
    }
  }
  std::sort(cal.holidays.begin(), cal.holidays.end());
  std::sort(cal.yearly_holidays.begin(), cal.yearly_holidays.end());
  return added;
}

}  // namespace farol::domain
