// Business calendars: when the clock of a service contract runs.
//
// Business time is time inside the calendar's weekly working windows, read in the calendar's
// IANA time zone, on local dates that are not holidays (issue 4's exact semantics). A window is
// [start, end) in minutes after local midnight and may end at 24:00; a night shift is two
// windows, one ending at 24:00 and one starting at 00:00 the next day. Holidays are whole local
// dates, one-off (2026-11-20) or every year (12-25).
//
// BusinessCalendar turns that description into working intervals in UTC with running totals, one
// UTC year at a time (built on first use, then shared read-only by every thread), so the business
// time between two instants is two lookups and the instant a target is reached is a binary search,
// never a walk over minutes. Daylight-saving changes are exact: each zone offset period of the
// tz database maps its own stretch of local time back to UTC, so a window that holds a skipped
// hour is an hour shorter and one that holds a repeated hour is an hour longer.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"

namespace farol::domain {

struct WorkWindow {
  int start_minute = 0;  // 0..1439
  int end_minute = 0;    // start_minute+1..1440 (1440 is 24:00)
  bool operator==(const WorkWindow&) const = default;
};

struct CivilDate {
  int year = 1970;
  unsigned month = 1;
  unsigned day = 1;
  auto operator<=>(const CivilDate&) const = default;
};

struct YearlyDate {
  unsigned month = 1;
  unsigned day = 1;
  auto operator<=>(const YearlyDate&) const = default;
};

inline constexpr std::array<std::string_view, 7> kWeekdayKeys = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

struct CalendarSpec {
  bool operator==(const CalendarSpec&) const = default;
  std::string timezone = "UTC";
  // Every minute of every day is working time (holidays still excluded, if any are listed).
  bool always_open = false;
  std::array<std::vector<WorkWindow>, 7> week;  // [0] = Monday … [6] = Sunday
  std::vector<CivilDate> holidays;
  std::vector<YearlyDate> yearly_holidays;
};

// "08:00" → 480, "24:00" → 1440; nullopt for anything else ("8:00", "24:01", "12:60").
std::optional<int> ParseClockMinute(std::string_view hhmm);
std::string FormatClockMinute(int minute);
// "2026-11-20" → a one-off holiday; "12-25" → a yearly one; nullopt otherwise.
std::optional<CivilDate> ParseCivilDate(std::string_view text);
std::optional<YearlyDate> ParseYearlyDate(std::string_view text);

// A holiday set from a file: one date per line, "2026-11-20" (that day) or "12-25" (every year),
// optionally followed by a name after a space, comma or tab ("2026-11-20 Consciência Negra");
// blank lines and lines starting with # are skipped. kInvalidArgument naming every bad line
// ("line 7").
struct HolidaySet {
  std::vector<CivilDate> dates;
  std::vector<YearlyDate> yearly;
};
StatusOr<HolidaySet> ParseHolidayFile(std::string_view text);

// Compact line-based text for storage ("timezone …", "always_open …", "week mon 08:00-12:00 …",
// "holiday 2026-11-20"), and back. ParseCalendarLine reads one such line (split into words) and
// says what is wrong with it in `error`; IsCalendarLine tells whether a key belongs to it.
std::string SerializeCalendarSpec(const CalendarSpec& spec);
StatusOr<CalendarSpec> ParseCalendarSpecText(std::string_view text);
bool IsCalendarLine(std::string_view key);
bool ParseCalendarLine(const std::vector<std::string>& words, CalendarSpec& spec, std::string& error);
// Adds the holidays of `set` that `spec` lacks (after clearing its own with `replace`); returns
// how many were new. Dates stay sorted.
int MergeHolidays(CalendarSpec& spec, const HolidaySet& set, bool replace);

// Field errors (under `prefix`, e.g. "calendar") for an unknown zone, windows out of range,
// ending before they start or overlapping, and impossible dates.
void ValidateCalendarSpec(const CalendarSpec& spec, std::string_view prefix, FieldErrors& errors);

class BusinessCalendar {
 public:
  // Instants before 1970 count as 1970-01-01T00:00Z; the calendar ends at 2400-01-01T00:00Z.
  static constexpr int kFirstYear = 1970;
  static constexpr int kEndYear = 2400;
  // AddBusinessSeconds looks this far ahead before deciding that a target is never reached
  // (a calendar without working time).
  static constexpr int kHorizonYears = 10;

  // kInvalidArgument with field errors if the spec is not valid.
  static StatusOr<std::shared_ptr<const BusinessCalendar>> Create(const CalendarSpec& spec);
  ~BusinessCalendar();
  BusinessCalendar(const BusinessCalendar&) = delete;
  BusinessCalendar& operator=(const BusinessCalendar&) = delete;

  const CalendarSpec& spec() const { return spec_; }

  // Business seconds in [from, to); 0 when to <= from.
  long long BusinessSeconds(Timestamp from, Timestamp to) const;
  // The earliest instant t >= from with BusinessSeconds(from, t) >= seconds (from itself when
  // seconds <= 0): the moment a clock that runs from `from` has used `seconds` of business time.
  // nullopt when that is more than kHorizonYears away or past the calendar's end.
  std::optional<Timestamp> AddBusinessSeconds(Timestamp from, long long seconds) const;
  bool IsBusinessTime(Timestamp t) const;

  // One UTC year of working intervals (exposed for tests and benchmarks).
  struct Year;

 private:
  struct Impl;
  explicit BusinessCalendar(CalendarSpec spec);
  const Year& YearAt(int year) const;
  const Year& YearOf(long long unix_seconds) const;

  CalendarSpec spec_;
  std::unique_ptr<Impl> impl_;
  mutable std::array<std::atomic<const Year*>, kEndYear - kFirstYear> years_{};
  mutable std::mutex build_mutex_;
};

}  // namespace farol::domain
