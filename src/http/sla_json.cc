#include "http/sla_json.h"

#include <algorithm>
#include <cmath>

#include "domain/enums.h"
#include "http/json.h"

namespace farol::http {
namespace {

using domain::SlaEvent;

// Reads a tree of JSON by paths, collecting every problem as a field error.
class Walker {
 public:
  explicit Walker(FieldErrors& errors) : errors_(errors) {}

  const bj::object* Object(const bj::value& v, const std::string& path) {
    if (v.is_object()) return &v.get_object();
    errors_.Add(path, "must be an object");
    return nullptr;
  }
  const bj::array* Array(const bj::value& v, const std::string& path) {
    if (v.is_array()) return &v.get_array();
    errors_.Add(path, "must be an array");
    return nullptr;
  }
  std::optional<std::string_view> String(const bj::value& v, const std::string& path) {
    if (v.is_string()) return std::string_view(v.get_string());
    errors_.Add(path, "must be a string");
    return std::nullopt;
  }
  // A target in whole minutes, 0 to 10,000,000 (19 years); 60 and 60.0 both read as 60.
  std::optional<long long> Minutes(const bj::value& v, const std::string& path) {
    constexpr long long kMax = 10'000'000;
    std::optional<long long> n;
    if (v.is_int64()) n = v.get_int64();
    if (v.is_uint64() && v.get_uint64() <= uint64_t(kMax)) n = (long long)v.get_uint64();
    if (v.is_double() && std::abs(v.get_double()) <= double(kMax) && v.get_double() == double((long long)v.get_double())) {
      n = (long long)v.get_double();
    }
    if (!n || *n < 0 || *n > kMax) {
      errors_.Add(path, "must be a whole number of minutes from 0 to 10000000");
      return std::nullopt;
    }
    return n;
  }
  std::optional<Timestamp> Time(const bj::value& v, const std::string& path) {
    auto s = String(v, path);
    if (!s) return std::nullopt;
    auto t = ParseIso8601(*s);
    if (!t.ok()) {
      errors_.Add(path, "must be a date-time like 2026-11-19T20:30:00Z");
      return std::nullopt;
    }
    if (ToUnixSeconds(*t) < 0 || ToUnixSeconds(*t) >= 13569465600LL) {
      errors_.Add(path, "must lie between 1970 and 2399");
      return std::nullopt;
    }
    return *t;
  }
  std::optional<domain::TicketStatus> Status(const bj::value& v, const std::string& path) {
    auto s = String(v, path);
    if (!s) return std::nullopt;
    auto status = domain::ParseTicketStatus(*s);
    if (!status) errors_.Add(path, domain::OneOf(domain::TicketStatusNames()));
    return status;
  }
  // Reports members of `o` not in `known`.
  void Unknown(const bj::object& o, const std::string& path, std::initializer_list<std::string_view> known) {
    for (const auto& kv : o) {
      if (std::find(known.begin(), known.end(), std::string_view(kv.key())) == known.end()) {
        errors_.Add(Join(path, kv.key()), "is not a known field");
      }
    }
  }
  static std::string Join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
  }
  void Add(std::string path, std::string message) { errors_.Add(std::move(path), std::move(message)); }
  FieldErrors& errors() { return errors_; }

 private:
  FieldErrors& errors_;
};

std::string At(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }

void ReadCalendar(Walker& w, const bj::value& v, const std::string& path, domain::CalendarSpec& spec) {
  const bj::object* o = w.Object(v, path);
  if (!o) return;
  w.Unknown(*o, path, {"timezone", "week", "holidays", "always_open"});
  if (const auto* tz = o->if_contains("timezone")) {
    if (auto s = w.String(*tz, Walker::Join(path, "timezone"))) spec.timezone = std::string(*s);
  } else {
    w.Add(Walker::Join(path, "timezone"), "is required (an IANA time zone, e.g. America/Sao_Paulo)");
  }
  if (const auto* open = o->if_contains("always_open")) {
    if (open->is_bool()) spec.always_open = open->get_bool();
    else w.Add(Walker::Join(path, "always_open"), "must be true or false");
  }
  if (const auto* week_v = o->if_contains("week")) {
    const std::string wpath = Walker::Join(path, "week");
    if (const bj::object* week = w.Object(*week_v, wpath)) {
      for (const auto& kv : *week) {
        const auto day = std::find(domain::kWeekdayKeys.begin(), domain::kWeekdayKeys.end(), std::string_view(kv.key()));
        const std::string dpath = Walker::Join(wpath, kv.key());
        if (day == domain::kWeekdayKeys.end()) {
          w.Add(dpath, "is not a day of the week (mon, tue, wed, thu, fri, sat, sun)");
          continue;
        }
        const bj::array* windows = w.Array(kv.value(), dpath);
        if (!windows) continue;
        if (windows->size() > 48) {
          w.Add(dpath, "holds at most 48 windows");
          continue;
        }
        auto& out = spec.week[size_t(day - domain::kWeekdayKeys.begin())];
        for (size_t i = 0; i < windows->size(); ++i) {
          const bj::value& pair = (*windows)[i];
          if (!pair.is_array() || pair.get_array().size() != 2 || !pair.get_array()[0].is_string() ||
              !pair.get_array()[1].is_string()) {
            w.Add(At(dpath, i), "must be a window like [\"08:00\", \"12:00\"]");
            continue;
          }
          auto a = domain::ParseClockMinute(pair.get_array()[0].get_string());
          auto b = domain::ParseClockMinute(pair.get_array()[1].get_string());
          if (!a || !b) {
            w.Add(At(dpath, i), "times must be HH:MM from 00:00 to 24:00");
            continue;
          }
          out.push_back({*a, *b});
        }
      }
    }
  } else if (!spec.always_open) {
    w.Add(Walker::Join(path, "week"), "is required unless always_open is true");
  }
  if (const auto* hv = o->if_contains("holidays")) {
    const std::string hpath = Walker::Join(path, "holidays");
    if (const bj::array* holidays = w.Array(*hv, hpath)) {
      if (holidays->size() > 5000) w.Add(hpath, "holds at most 5000 dates");
      for (size_t i = 0; i < holidays->size() && i < 5000; ++i) {
        auto s = w.String((*holidays)[i], At(hpath, i));
        if (!s) continue;
        if (auto d = domain::ParseCivilDate(*s)) {
          spec.holidays.push_back(*d);
        } else if (auto y = domain::ParseYearlyDate(*s)) {
          spec.yearly_holidays.push_back(*y);
        } else {
          w.Add(At(hpath, i), "must be a date (2026-11-20) or a yearly date (12-25)");
        }
      }
    }
  }
  domain::ValidateCalendarSpec(spec, path, w.errors());
}

std::optional<domain::SlaTargets> ReadTargets(Walker& w, const bj::value& v, const std::string& path) {
  const bj::object* o = w.Object(v, path);
  if (!o) return std::nullopt;
  w.Unknown(*o, path, {"first_response_minutes", "resolution_minutes"});
  domain::SlaTargets t;
  bool ok = true;
  for (auto [key, out] : {std::pair{"first_response_minutes", &t.first_response_seconds},
                          std::pair{"resolution_minutes", &t.resolution_seconds}}) {
    const std::string p = Walker::Join(path, key);
    const auto* m = o->if_contains(key);
    if (!m) {
      w.Add(p, "is required");
      ok = false;
    } else if (auto n = w.Minutes(*m, p)) {
      *out = *n * 60;
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return t;
}

// Timeline entries a scenario may hold: some change clocks, the rest are recorded and ignored.
constexpr std::string_view kResponseKinds[] = {"public_reply", "phone_call", "chat_message"};

}  // namespace

StatusOr<domain::SlaScenario> ParseSlaScenario(const bj::value& v, std::string_view path_view) {
  const std::string path(path_view);
  FieldErrors errors;
  Walker w(errors);
  domain::SlaScenario s;
  const bj::object* o = w.Object(v, path.empty() ? "scenario" : path);
  if (!o) return errors.ToStatus("The SLA scenario is not valid");
  w.Unknown(*o, path,
            {"calendar", "targets", "pause_statuses", "warn_at_percent", "response_events", "events", "now"});
  auto member = [&](std::string_view key) { return o->if_contains(key); };
  auto p = [&](std::string_view key) { return Walker::Join(path, key); };

  if (const auto* c = member("calendar")) ReadCalendar(w, *c, p("calendar"), s.calendar);
  else w.Add(p("calendar"), "is required");
  if (const auto* t = member("targets")) {
    if (auto targets = ReadTargets(w, *t, p("targets"))) s.targets = *targets;
  } else {
    w.Add(p("targets"), "is required");
  }
  if (const auto* ps = member("pause_statuses")) {
    if (const bj::array* a = w.Array(*ps, p("pause_statuses"))) {
      s.options.pause_statuses = {};
      for (size_t i = 0; i < a->size(); ++i) {
        auto st = w.Status((*a)[i], At(p("pause_statuses"), i));
        if (!st) continue;
        if (domain::StopsClocks(*st)) w.Add(At(p("pause_statuses"), i), "resolved, closed and cancelled stop the clock; they cannot pause it");
        else s.options.pause_statuses.Add(*st);
      }
    }
  }
  if (const auto* warn = member("warn_at_percent")) {
    // Up to two decimals (87.5); kept as basis points.
    if (warn->is_number() && warn->to_number<double>() > 0 && warn->to_number<double>() <= 100) {
      const double bp = warn->to_number<double>() * 100;
      s.options.warn_at_basis_points = int(bp + 0.5);
      if (std::abs(bp - s.options.warn_at_basis_points) > 1e-6) w.Add(p("warn_at_percent"), "may have at most two decimals");
    } else if (!warn->is_null()) {
      w.Add(p("warn_at_percent"), "must be a number above 0 and at most 100");
    }
  }
  std::vector<std::string_view> responses = {"public_reply"};
  if (const auto* re = member("response_events")) {
    if (const bj::array* a = w.Array(*re, p("response_events"))) {
      responses.clear();
      for (size_t i = 0; i < a->size(); ++i) {
        auto k = w.String((*a)[i], At(p("response_events"), i));
        if (!k) continue;
        const auto* known = std::find(std::begin(kResponseKinds), std::end(kResponseKinds), *k);
        if (known == std::end(kResponseKinds)) {
          w.Add(At(p("response_events"), i), "must be one of: public_reply, phone_call, chat_message (an internal note never counts)");
        } else {
          responses.push_back(*known);
        }
      }
    }
  }
  if (const auto* ev = member("events")) {
    const std::string epath = p("events");
    if (const bj::array* a = w.Array(*ev, epath)) {
      if (a->empty()) w.Add(epath, "must begin with the ticket's creation");
      if (a->size() > kMaxSlaEvents) {
        static_assert(kMaxSlaEvents == 10000);
        w.Add(epath, "holds at most 10000 events");
      } else {
        for (size_t i = 0; i < a->size(); ++i) {
          const std::string ip = At(epath, i);
          const bj::object* e = w.Object((*a)[i], ip);
          if (!e) continue;
          w.Unknown(*e, ip, {"at", "type", "status", "targets"});
          SlaEvent out;
          if (const auto* at = e->if_contains("at")) {
            if (auto t = w.Time(*at, Walker::Join(ip, "at"))) out.at = *t;
          } else {
            w.Add(Walker::Join(ip, "at"), "is required");
          }
          const auto* type_v = e->if_contains("type");
          auto type = type_v ? w.String(*type_v, Walker::Join(ip, "type")) : std::nullopt;
          if (!type_v) w.Add(Walker::Join(ip, "type"), "is required");
          if (!type) continue;
          const bool takes_status = *type == "created" || *type == "status";
          if (!takes_status && e->contains("status")) w.Add(Walker::Join(ip, "status"), "only created and status events carry a status");
          if (*type != "retarget" && e->contains("targets")) w.Add(Walker::Join(ip, "targets"), "only retarget events carry targets");
          if (takes_status) {
            out.kind = *type == "created" ? SlaEvent::Kind::kCreated : SlaEvent::Kind::kStatus;
            if (const auto* st = e->if_contains("status")) {
              if (auto status = w.Status(*st, Walker::Join(ip, "status"))) out.status = *status;
            } else if (out.kind == SlaEvent::Kind::kStatus) {
              w.Add(Walker::Join(ip, "status"), "is required for a status event");
            }
          } else if (*type == "retarget") {
            out.kind = SlaEvent::Kind::kRetarget;
            if (const auto* t = e->if_contains("targets")) {
              if (auto targets = ReadTargets(w, *t, Walker::Join(ip, "targets"))) out.targets = *targets;
            } else {
              w.Add(Walker::Join(ip, "targets"), "is required for a retarget event");
            }
          } else if (std::find(responses.begin(), responses.end(), *type) != responses.end()) {
            out.kind = SlaEvent::Kind::kResponse;
          } else if (*type == "internal_note" || std::find(std::begin(kResponseKinds), std::end(kResponseKinds), *type) !=
                                                     std::end(kResponseKinds)) {
            out.kind = SlaEvent::Kind::kNoClock;
          } else {
            w.Add(Walker::Join(ip, "type"),
                  "must be one of: created, status, public_reply, phone_call, chat_message, internal_note, retarget");
            continue;
          }
          s.events.push_back(out);
        }
      }
    }
  } else {
    w.Add(p("events"), "is required");
  }
  if (const auto* now = member("now")) {
    if (!now->is_null()) s.now = w.Time(*now, p("now"));
  }
  if (!errors.empty()) return errors.ToStatus("The SLA scenario is not valid");
  // Histories that are not histories (order, creation) are refused by domain::EvaluateSla.
  return s;
}

bj::object EncodeSlaSimulation(const domain::SlaReading& r) {
  const auto& fr = r.first_response;
  const auto& res = r.resolution;
  return bj::object{
      {"first_response",
       bj::object{{"state", domain::Name(fr.state)}, {"due", TimeOrNull(fr.due)},
                  {"elapsed_seconds", fr.elapsed_seconds}, {"breached", fr.breached()}}},
      {"resolution",
       bj::object{{"state", domain::Name(res.state)}, {"due", TimeOrNull(res.due)}, {"warn_at", TimeOrNull(res.warn_at)},
                  {"elapsed_seconds", res.elapsed_seconds}, {"paused_seconds", res.paused_seconds},
                  {"breached", res.breached()}}}};
}

StatusOr<SlaScenarios> ParseSlaScenarios(std::string_view body) {
  FAROL_ASSIGN_OR_RETURN(bj::value v, ParseJson(body));
  SlaScenarios out;
  out.many = v.is_array();
  if (!out.many && !v.is_object()) return InvalidArgumentError("A scenario is a JSON object, or an array of them.");
  if (out.many && v.get_array().size() > kMaxSlaScenarios) {
    return InvalidArgumentError("At most " + std::to_string(kMaxSlaScenarios) + " scenarios per request.");
  }
  const size_t n = out.many ? v.get_array().size() : 1;
  Status problems = InvalidArgumentError(out.many ? "Some SLA scenarios are not valid; nothing was evaluated."
                                                  : "The SLA scenario is not valid.");
  for (size_t i = 0; i < n; ++i) {
    auto scenario = ParseSlaScenario(out.many ? v.get_array()[i] : v, out.many ? "[" + std::to_string(i) + "]" : "");
    if (scenario.ok()) {
      out.items.push_back(std::move(*scenario));
    } else {
      for (const FieldError& f : scenario.status().field_errors()) problems.WithField(f.field, f.message);
    }
  }
  if (!problems.field_errors().empty()) return problems;
  return out;
}

bj::value EncodeSlaSimulations(const std::vector<domain::SlaReading>& readings, bool many) {
  if (!many) return readings.empty() ? bj::value(nullptr) : bj::value(EncodeSlaSimulation(readings[0]));
  bj::array a;
  a.reserve(readings.size());
  for (const auto& r : readings) a.push_back(EncodeSlaSimulation(r));
  return a;
}

namespace {

bj::object EncodeCalendar(const domain::CalendarSpec& c) {
  bj::object week;
  for (size_t d = 0; d < 7; ++d) {
    bj::array windows;
    for (const domain::WorkWindow& w : c.week[d]) {
      windows.push_back(bj::array{bj::string(domain::FormatClockMinute(w.start_minute)),
                                  bj::string(domain::FormatClockMinute(w.end_minute))});
    }
    week[domain::kWeekdayKeys[d]] = std::move(windows);
  }
  bj::array holidays;
  char buf[16];
  for (const domain::CivilDate& h : c.holidays) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", h.year % 10000, h.month % 100, h.day % 100);
    holidays.push_back(bj::string(buf));
  }
  for (const domain::YearlyDate& h : c.yearly_holidays) {
    std::snprintf(buf, sizeof buf, "%02u-%02u", h.month % 100, h.day % 100);
    holidays.push_back(bj::string(buf));
  }
  return {{"timezone", c.timezone}, {"always_open", c.always_open}, {"week", std::move(week)},
          {"holidays", std::move(holidays)}};
}

bj::object EncodeClock(const domain::ClockReading& r, bool resolution) {
  bj::object o{{"state", domain::Name(r.state)},
               {"target_seconds", r.target_seconds},
               {"elapsed_seconds", r.elapsed_seconds},
               {"remaining_seconds", r.remaining_seconds()},
               {"due", TimeOrNull(r.due)},
               {"stopped_at", TimeOrNull(r.stopped_at)},
               {"breached", r.breached()}};
  if (resolution) {
    o["paused_seconds"] = r.paused_seconds;
    o["warn_at"] = TimeOrNull(r.warn_at);
  }
  return o;
}

}  // namespace

bj::object EncodeSlaPolicy(const domain::SlaPolicy& p) {
  bj::array targets;
  for (const auto& [key, t] : p.targets) {
    targets.push_back(bj::object{{"type", domain::Name(key.first)},
                                 {"priority", "P" + std::to_string(key.second)},
                                 {"first_response_minutes", t.first_response_seconds / 60},
                                 {"resolution_minutes", t.resolution_seconds / 60}});
  }
  bj::array pause, warn;
  for (domain::TicketStatus s : p.pause_statuses.List()) pause.push_back(bj::string(domain::Name(s)));
  for (int w : p.warn_percents) warn.push_back(w);
  bj::array olas;
  for (const auto& [team, seconds] : p.ola_seconds) olas.push_back(bj::object{{"team_id", team}, {"minutes", seconds / 60}});
  return {{"calendar", EncodeCalendar(p.calendar)}, {"targets", std::move(targets)},
          {"pause_statuses", std::move(pause)}, {"warn_percents", std::move(warn)},
          {"calls_count_as_response", p.calls_count_as_response}, {"olas", std::move(olas)}};
}

StatusOr<domain::SlaPolicy> ParseSlaPolicy(std::string_view body) {
  FAROL_ASSIGN_OR_RETURN(bj::value v, ParseJson(body));
  FieldErrors errors;
  Walker w(errors);
  const bj::object* o = w.Object(v, "policy");
  if (!o) return errors.ToStatus("The SLA policy is not valid");
  w.Unknown(*o, "", {"calendar", "targets", "pause_statuses", "warn_percents", "calls_count_as_response", "olas"});
  domain::SlaPolicy p = domain::DefaultSlaPolicy();
  p.targets.clear();
  p.calendar = {};
  if (const auto* c = o->if_contains("calendar")) ReadCalendar(w, *c, "calendar", p.calendar);
  else w.Add("calendar", "is required");
  if (const auto* tv = o->if_contains("targets")) {
    if (const bj::array* a = w.Array(*tv, "targets")) {
      for (size_t i = 0; i < a->size(); ++i) {
        const std::string ip = At("targets", i);
        const bj::object* t = w.Object((*a)[i], ip);
        if (!t) continue;
        w.Unknown(*t, ip, {"type", "priority", "first_response_minutes", "resolution_minutes"});
        std::optional<domain::TicketType> type;
        std::optional<int> priority;
        if (const auto* x = t->if_contains("type"); x && x->is_string()) type = domain::ParseTicketType(x->get_string());
        if (!type) w.Add(Walker::Join(ip, "type"), domain::OneOf(domain::TicketTypeNames()));
        if (const auto* x = t->if_contains("priority"); x && x->is_string() && x->get_string().size() == 2 &&
                                                         x->get_string()[0] == 'P' && x->get_string()[1] >= '1' &&
                                                         x->get_string()[1] <= '4') {
          priority = x->get_string()[1] - '0';
        }
        if (!priority) w.Add(Walker::Join(ip, "priority"), "must be one of P1, P2, P3, P4");
        bj::object minutes;
        for (const char* k : {"first_response_minutes", "resolution_minutes"}) {
          if (const auto* x = t->if_contains(k)) minutes[k] = *x;
        }
        auto targets = ReadTargets(w, minutes, ip);
        if (!type || !priority || !targets) continue;
        if (!p.targets.emplace(std::pair{*type, *priority}, *targets).second) {
          w.Add(ip, "repeats a ticket type and priority listed before");
        }
      }
    }
  } else {
    w.Add("targets", "is required");
  }
  if (const auto* ps = o->if_contains("pause_statuses")) {
    if (const bj::array* a = w.Array(*ps, "pause_statuses")) {
      p.pause_statuses = {};
      for (size_t i = 0; i < a->size(); ++i) {
        if (auto st = w.Status((*a)[i], At("pause_statuses", i))) p.pause_statuses.Add(*st);
      }
    }
  }
  if (const auto* wp = o->if_contains("warn_percents")) {
    if (const bj::array* a = w.Array(*wp, "warn_percents")) {
      p.warn_percents.clear();
      for (size_t i = 0; i < a->size(); ++i) {
        const bj::value& x = (*a)[i];
        if (x.is_int64() && x.get_int64() >= 1 && x.get_int64() <= 99) p.warn_percents.push_back(int(x.get_int64()));
        else w.Add(At("warn_percents", i), "must be a whole percentage from 1 to 99");
      }
    }
  }
  if (const auto* cc = o->if_contains("calls_count_as_response")) {
    if (cc->is_bool()) p.calls_count_as_response = cc->get_bool();
    else w.Add("calls_count_as_response", "must be true or false");
  }
  if (const auto* ov = o->if_contains("olas")) {
    if (const bj::array* a = w.Array(*ov, "olas")) {
      for (size_t i = 0; i < a->size(); ++i) {
        const std::string ip = At("olas", i);
        const bj::object* x = w.Object((*a)[i], ip);
        if (!x) continue;
        w.Unknown(*x, ip, {"team_id", "minutes"});
        const bj::value* team = x->if_contains("team_id");
        const bj::value* minutes = x->if_contains("minutes");
        if (!team || !team->is_int64() || team->get_int64() <= 0) {
          w.Add(Walker::Join(ip, "team_id"), "must be a team's id");
        } else if (!minutes || !minutes->is_int64() || minutes->get_int64() < 1 || minutes->get_int64() > 525600) {
          w.Add(Walker::Join(ip, "minutes"), "must be a whole number of minutes from 1 to 525600");
        } else if (!p.ola_seconds.emplace(team->get_int64(), minutes->get_int64() * 60).second) {
          w.Add(ip, "repeats a team listed before");
        }
      }
    }
  }
  if (errors.empty()) p.Validate(errors);
  if (!errors.empty()) return errors.ToStatus("The SLA policy is not valid");
  return p;
}

namespace {

bj::value OrNull(const std::optional<int64_t>& v) { return v ? bj::value(*v) : bj::value(nullptr); }

bj::object EncodeClockStats(const domain::ClockStats& s) {
  return {{"met", s.met},
          {"breached", s.breached},
          {"pending", s.pending},
          {"met_percent", s.met_percent ? bj::value(*s.met_percent) : bj::value(nullptr)},
          {"mean_seconds", OrNull(s.mean_seconds)},
          {"median_seconds", OrNull(s.median_seconds)},
          {"p90_seconds", OrNull(s.p90_seconds)}};
}

bj::object EncodeReportRow(const domain::SlaReportRow& r, bool with_group) {
  bj::object o;
  if (with_group) {
    o["key"] = r.key;
    o["name"] = r.name;
  }
  o["tickets"] = r.tickets;
  o["first_response"] = EncodeClockStats(r.first_response);
  o["resolution"] = EncodeClockStats(r.resolution);
  return o;
}

}  // namespace

bj::object EncodeOlaReport(const app::SlaService::OlaReport& r) {
  bj::array rows;
  for (const auto& row : r.rows) {
    rows.push_back(bj::object{{"team_id", row.team_id}, {"name", row.team_name}, {"stints", row.stints},
                              {"ola", EncodeClockStats(row.stats)}});
  }
  return {{"tickets", r.tickets},
          {"rows", std::move(rows)},
          {"total", bj::object{{"stints", r.total.stints}, {"ola", EncodeClockStats(r.total.stats)}}}};
}

bj::object EncodeSlaReport(const domain::SlaReport& r) {
  bj::array rows;
  for (const auto& row : r.rows) rows.push_back(EncodeReportRow(row, true));
  return {{"rows", std::move(rows)}, {"total", EncodeReportRow(r.total, false)}};
}

bj::object EncodeTicketClocks(const app::TicketClocks& c) {
  bj::object out{{"ticket_id", c.ticket_id}, {"at", FormatIso8601(c.at)}};
  bj::array olas;
  for (const domain::OlaStint& s : c.olas) {
    bj::object o = EncodeClock(s.clock, true);
    o.erase("warn_at");
    o.erase("stopped_at");
    o["team_id"] = s.team_id;
    o["entered_at"] = FormatIso8601(s.entered);
    o["left_at"] = TimeOrNull(s.left);
    olas.push_back(std::move(o));
  }
  out["olas"] = std::move(olas);
  if (!c.reading) {
    out["sla"] = nullptr;
    return out;
  }
  bj::object resolution = EncodeClock(c.reading->resolution, true);
  bj::array warnings;
  for (const auto& [percent, at] : c.resolution_warnings) {
    warnings.push_back(bj::object{{"percent", percent}, {"at", TimeOrNull(at)}});
  }
  resolution["warnings"] = std::move(warnings);
  out["sla"] = bj::object{{"first_response", EncodeClock(c.reading->first_response, false)},
                          {"resolution", std::move(resolution)}};
  return out;
}

}  // namespace farol::http
