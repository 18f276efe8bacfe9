#include "http/sla_json.h"

#include <algorithm>
#include <cmath>

#include "core/strings.h"
#include "domain/enums.h"
#include "http/json.h"

namespace farol::http {
namespace {

using domain::SlaEvent;

std::string At(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }

}  // namespace

void ReadCalendar(Walker& w, const bj::value& v, const std::string& path, domain::CalendarSpec& spec,
                  std::initializer_list<std::string_view> extra_keys) {
  const bj::object* o = w.Object(v, path);
  if (!o) return;
  std::vector<std::string_view> known = {"timezone", "week", "holidays", "always_open"};
  known.insert(known.end(), extra_keys.begin(), extra_keys.end());
  for (const auto& kv : *o) {
    if (std::find(known.begin(), known.end(), std::string_view(kv.key())) == known.end()) {
      w.Add(Walker::Join(path, kv.key()), "is not a known field");
    }
  }
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

namespace {

std::optional<domain::SlaTargets> ReadTargets(Walker& w, const bj::value& v, const std::string& path) {
  const bj::object* o = w.Object(v, path);
  if (!o) return std::nullopt;
  w.Unknown(*o, path, {"first_response_minutes", "resolution_minutes", "update_minutes"});
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
  if (const auto* u = o->if_contains("update_minutes"); u && !u->is_null()) {
    if (auto n = w.Minutes(*u, Walker::Join(path, "update_minutes"))) t.update_seconds = *n * 60;
    else ok = false;
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
  bj::object out{
      {"first_response",
       bj::object{{"state", domain::Name(fr.state)}, {"due", TimeOrNull(fr.due)},
                  {"elapsed_seconds", fr.elapsed_seconds}, {"breached", fr.breached()}}},
      {"resolution",
       bj::object{{"state", domain::Name(res.state)}, {"due", TimeOrNull(res.due)}, {"warn_at", TimeOrNull(res.warn_at)},
                  {"elapsed_seconds", res.elapsed_seconds}, {"paused_seconds", res.paused_seconds},
                  {"breached", res.breached()}}}};
  if (r.update) {
    const auto& u = *r.update;
    out["update"] = bj::object{{"state", domain::Name(u.state)}, {"due", TimeOrNull(u.due)}, {"warn_at", TimeOrNull(u.warn_at)},
                               {"elapsed_seconds", u.elapsed_seconds}, {"paused_seconds", u.paused_seconds},
                               {"cycles", u.cycles}, {"breached_cycles", u.breached_cycles},
                               {"breached", u.ever_breached()}};
  }
  return out;
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

bj::value PercentValue(const std::optional<double>& percent) {
  if (!percent) return nullptr;
  if (*percent == std::floor(*percent) && std::abs(*percent) < 1e15) return static_cast<int64_t>(*percent);
  return *percent;
}

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

namespace {

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

namespace {

std::string_view RecipientsHelp() {
  return "each is assignee, team, team_manager, csm, manager_contacts, role:<role>, team:<id> or user:<id>";
}

bj::object EncodeEscalation(const domain::EscalationMatrix& m) {
  bj::array types, levels;
  for (domain::TicketType t : m.types) types.push_back(bj::string(domain::Name(t)));
  for (const domain::EscalationLevel& l : m.levels) {
    bj::array recipients, channels;
    for (const auto& r : l.recipients) recipients.push_back(bj::string(domain::Format(r)));
    for (int64_t id : l.channel_ids) channels.push_back(id);
    levels.push_back(bj::object{{"name", l.name},
                                {"trigger", domain::Name(l.trigger)},
                                {"clock", l.clock},
                                {"percent", l.percent},
                                {"deadline_minutes", l.deadline_seconds / 60},
                                {"recipients", std::move(recipients)},
                                {"email", l.email},
                                {"channel_ids", std::move(channels)}});
  }
  return {{"types", std::move(types)},
          {"max_priority", "P" + std::to_string(m.max_priority)},
          {"request_cooldown_minutes", m.request_cooldown_seconds / 60},
          {"levels", std::move(levels)}};
}

std::optional<int> PriorityOf(const bj::value& v) {
  if (!v.is_string()) return std::nullopt;
  const auto& s = v.get_string();
  if (s.size() == 2 && s[0] == 'P' && s[1] >= '1' && s[1] <= '4') return s[1] - '0';
  return std::nullopt;
}

// A whole number in [lo, hi], or nullopt with an error.
std::optional<long long> WholeNumber(Walker& w, const bj::value& v, const std::string& path, long long lo, long long hi,
                                     std::string_view what) {
  if (v.is_int64() && v.get_int64() >= lo && v.get_int64() <= hi) return v.get_int64();
  w.Add(path, std::string(what));
  return std::nullopt;
}

void ReadEscalation(Walker& w, const bj::value& v, domain::EscalationMatrix& m) {
  const std::string path = "escalation";
  m = {};
  if (v.is_null()) return;
  const bj::object* o = w.Object(v, path);
  if (!o) return;
  w.Unknown(*o, path, {"types", "max_priority", "request_cooldown_minutes", "levels"});
  if (const auto* t = o->if_contains("types")) {
    if (const bj::array* a = w.Array(*t, path + ".types")) {
      for (size_t i = 0; i < a->size(); ++i) {
        std::optional<domain::TicketType> type;
        if ((*a)[i].is_string()) type = domain::ParseTicketType((*a)[i].get_string());
        if (!type) w.Add(At(path + ".types", i), domain::OneOf(domain::TicketTypeNames()));
        else m.types.push_back(*type);
      }
    }
  }
  if (const auto* mp = o->if_contains("max_priority")) {
    if (auto p = PriorityOf(*mp)) m.max_priority = *p;
    else w.Add(path + ".max_priority", "must be one of P1, P2, P3, P4");
  }
  if (const auto* cd = o->if_contains("request_cooldown_minutes")) {
    if (auto n = WholeNumber(w, *cd, path + ".request_cooldown_minutes", 1, 43200,
                             "must be whole minutes from 1 to 43200 (30 days)")) {
      m.request_cooldown_seconds = *n * 60;
    }
  }
  const auto* lv = o->if_contains("levels");
  if (!lv) {
    w.Add(path + ".levels", "is required (an empty list for no escalation)");
    return;
  }
  const bj::array* a = w.Array(*lv, path + ".levels");
  if (!a) return;
  for (size_t i = 0; i < a->size(); ++i) {
    const std::string lp = At(path + ".levels", i);
    const bj::object* lo = w.Object((*a)[i], lp);
    if (!lo) continue;
    w.Unknown(*lo, lp, {"name", "trigger", "clock", "percent", "deadline_minutes", "recipients", "email", "channel_ids"});
    domain::EscalationLevel l;
    if (const auto* n = lo->if_contains("name")) {
      if (auto s = w.String(*n, lp + ".name")) l.name = Trim(*s);
    } else {
      w.Add(lp + ".name", "is required");
    }
    if (const auto* t = lo->if_contains("trigger")) {
      std::optional<domain::EscalationTrigger> trigger;
      if (t->is_string()) trigger = domain::ParseEscalationTrigger(t->get_string());
      if (trigger) l.trigger = *trigger;
      else w.Add(lp + ".trigger", "must be one of created, percent, unacknowledged");
    } else {
      w.Add(lp + ".trigger", "is required: created, percent or unacknowledged");
    }
    if (const auto* c = lo->if_contains("clock")) {
      if (auto s = w.String(*c, lp + ".clock")) l.clock = std::string(*s);
    }
    if (const auto* p = lo->if_contains("percent")) {
      if (auto n = WholeNumber(w, *p, lp + ".percent", 1, 100, "must be a whole percentage from 1 to 100 (100: the breach)")) {
        l.percent = int(*n);
      }
    }
    if (const auto* d = lo->if_contains("deadline_minutes")) {
      if (!d->is_null()) {
        if (auto n = WholeNumber(w, *d, lp + ".deadline_minutes", 0, 525600, "must be whole minutes from 0 to 525600")) {
          l.deadline_seconds = *n * 60;
        }
      }
    }
    if (const auto* r = lo->if_contains("recipients")) {
      if (const bj::array* ra = w.Array(*r, lp + ".recipients")) {
        for (size_t k = 0; k < ra->size(); ++k) {
          std::optional<domain::EscalationRecipient> rec;
          if ((*ra)[k].is_string()) rec = domain::ParseEscalationRecipient((*ra)[k].get_string());
          if (rec) l.recipients.push_back(*rec);
          else w.Add(At(lp + ".recipients", k), std::string(RecipientsHelp()));
        }
      }
    }
    if (const auto* e = lo->if_contains("email")) {
      if (e->is_bool()) l.email = e->get_bool();
      else w.Add(lp + ".email", "must be true or false");
    }
    if (const auto* c = lo->if_contains("channel_ids")) {
      if (const bj::array* ca = w.Array(*c, lp + ".channel_ids")) {
        for (size_t k = 0; k < ca->size(); ++k) {
          if ((*ca)[k].is_int64() && (*ca)[k].get_int64() > 0) l.channel_ids.push_back((*ca)[k].get_int64());
          else w.Add(At(lp + ".channel_ids", k), "must be an alert channel's id");
        }
      }
    }
    m.levels.push_back(std::move(l));
  }
}

bj::array KindNames(unsigned bits) {
  bj::array out;
  for (std::string_view k : domain::ResponseKindNames()) {
    if (bits & domain::ResponseRules::Bit(*domain::ParseResponseKind(k))) out.push_back(bj::string(k));
  }
  return out;
}

}  // namespace

bj::object EncodePolicyRules(const domain::SlaPolicy& p) {
  bj::array targets;
  for (const auto& [key, t] : p.targets) {
    bj::object o{{"type", domain::Name(key.first)},
                 {"priority", "P" + std::to_string(key.second)},
                 {"first_response_minutes", t.first_response_seconds / 60},
                 {"resolution_minutes", t.resolution_seconds / 60}};
    o["update_minutes"] = t.update_seconds > 0 ? bj::value(t.update_seconds / 60) : bj::value(nullptr);
    targets.push_back(std::move(o));
  }
  bj::array pause, warn;
  for (domain::TicketStatus s : p.pause_statuses.List()) pause.push_back(bj::string(domain::Name(s)));
  for (int w : p.warn_percents) warn.push_back(w);
  bj::array olas;
  for (const auto& [team, seconds] : p.ola_seconds) olas.push_back(bj::object{{"team_id", team}, {"minutes", seconds / 60}});
  bj::object responses{{"default", KindNames(p.responses.fallback)}};
  for (const auto& [channel, bits] : p.responses.by_channel) responses[domain::Name(channel)] = KindNames(bits);
  return {{"targets", std::move(targets)},
          {"pause_statuses", std::move(pause)},
          {"warn_percents", std::move(warn)},
          {"responses", std::move(responses)},
          {"calls_count_as_response", bool(p.responses.fallback & domain::ResponseRules::Bit(domain::ResponseKind::kPhoneCall))},
          {"olas", std::move(olas)},
          {"escalation", EncodeEscalation(p.escalation)}};
}

bj::object EncodeSlaPolicy(const domain::SlaPolicy& p) {
  bj::object o = EncodePolicyRules(p);
  o["calendar"] = EncodeCalendar(p.calendar);
  return o;
}

void KeepRulesLeftOut(const PolicyRulesPresent& present, const domain::SlaPolicy& current, domain::SlaPolicy& p) {
  if (!present.escalation) p.escalation = current.escalation;
  if (!present.responses) p.responses = current.responses;
}

void ReadPolicyRules(Walker& w, const bj::object& o, domain::SlaPolicy& p, PolicyRulesPresent& present) {
  if (const auto* tv = o.if_contains("targets")) {
    if (const bj::array* a = w.Array(*tv, "targets")) {
      for (size_t i = 0; i < a->size(); ++i) {
        const std::string ip = At("targets", i);
        const bj::object* t = w.Object((*a)[i], ip);
        if (!t) continue;
        w.Unknown(*t, ip, {"type", "priority", "first_response_minutes", "resolution_minutes", "update_minutes"});
        std::optional<domain::TicketType> type;
        if (const auto* x = t->if_contains("type"); x && x->is_string()) type = domain::ParseTicketType(x->get_string());
        if (!type) w.Add(Walker::Join(ip, "type"), domain::OneOf(domain::TicketTypeNames()));
        std::optional<int> priority;
        if (const auto* x = t->if_contains("priority")) priority = PriorityOf(*x);
        if (!priority) w.Add(Walker::Join(ip, "priority"), "must be one of P1, P2, P3, P4");
        bj::object minutes;
        for (const char* k : {"first_response_minutes", "resolution_minutes", "update_minutes"}) {
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
  if (const auto* ps = o.if_contains("pause_statuses")) {
    if (const bj::array* a = w.Array(*ps, "pause_statuses")) {
      p.pause_statuses = {};
      for (size_t i = 0; i < a->size(); ++i) {
        if (auto st = w.Status((*a)[i], At("pause_statuses", i))) p.pause_statuses.Add(*st);
      }
    }
  }
  if (const auto* wp = o.if_contains("warn_percents")) {
    if (const bj::array* a = w.Array(*wp, "warn_percents")) {
      p.warn_percents.clear();
      for (size_t i = 0; i < a->size(); ++i) {
        const bj::value& x = (*a)[i];
        if (x.is_int64() && x.get_int64() >= 1 && x.get_int64() <= 99) p.warn_percents.push_back(int(x.get_int64()));
        else w.Add(At("warn_percents", i), "must be a whole percentage from 1 to 99");
      }
    }
  }
  if (const auto* cc = o.if_contains("calls_count_as_response")) {
    // The form before responses were configurable per channel: calls count on every channel.
    if (!cc->is_bool()) w.Add("calls_count_as_response", "must be true or false");
    else if (cc->get_bool()) p.responses.fallback |= domain::ResponseRules::Bit(domain::ResponseKind::kPhoneCall);
  }
  if (const auto* rv = o.if_contains("responses")) {
    if (const bj::object* r = w.Object(*rv, "responses")) {
      for (const auto& kv : *r) {
        const std::string rp = Walker::Join("responses", kv.key());
        const auto channel = domain::ParseChannel(kv.key());
        if (kv.key() != "default" && !channel) {
          w.Add(rp, "is not default or a channel (" + domain::OneOf(domain::ChannelNames()) + ")");
          continue;
        }
        const bj::array* a = w.Array(kv.value(), rp);
        if (!a) continue;
        unsigned bits = 0;
        for (size_t i = 0; i < a->size(); ++i) {
          std::optional<domain::ResponseKind> k;
          if ((*a)[i].is_string()) k = domain::ParseResponseKind((*a)[i].get_string());
          if (k) bits |= domain::ResponseRules::Bit(*k);
          else w.Add(At(rp, i), "must be one of public_reply, phone_call, chat_message (an internal note never counts)");
        }
        if (channel) p.responses.by_channel[*channel] = bits;
        else p.responses.fallback = bits;
      }
    }
  }
  if (const auto* ov = o.if_contains("olas")) {
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
  present.escalation = o.contains("escalation");
  present.responses = o.contains("responses") || o.contains("calls_count_as_response");
  if (const auto* ev = o.if_contains("escalation")) ReadEscalation(w, *ev, p.escalation);
}

StatusOr<domain::SlaPolicy> ParseSlaPolicy(std::string_view body, PolicyRulesPresent* present) {
  FAROL_ASSIGN_OR_RETURN(bj::value v, ParseJson(body));
  FieldErrors errors;
  Walker w(errors);
  const bj::object* o = w.Object(v, "policy");
  if (!o) return errors.ToStatus("The SLA policy is not valid");
  std::vector<std::string_view> known(kPolicyRuleKeys.begin(), kPolicyRuleKeys.end());
  known.push_back("calendar");
  for (const auto& kv : *o) {
    if (std::find(known.begin(), known.end(), std::string_view(kv.key())) == known.end()) {
      w.Add(std::string(kv.key()), "is not a known field");
    }
  }
  domain::SlaPolicy p = domain::DefaultSlaPolicy();
  p.targets.clear();
  p.calendar = {};
  if (const auto* c = o->if_contains("calendar")) ReadCalendar(w, *c, "calendar", p.calendar);
  else w.Add("calendar", "is required");
  PolicyRulesPresent named;
  ReadPolicyRules(w, *o, p, named);
  if (present) *present = named;
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
          {"met_percent", PercentValue(s.met_percent)},
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
  const app::TicketTerms& t = c.terms;
  out["terms"] = bj::object{{"contract_id", IdOrNull(t.contract_id)},
                            {"contract", t.contract_id ? bj::value(t.contract_name) : bj::value(nullptr)},
                            {"policy_id", t.policy_id},
                            {"policy", t.policy_name},
                            {"policy_version_id", t.policy_version_id},
                            {"calendar_id", IdOrNull(t.calendar_id)},
                            {"calendar", t.calendar_id ? bj::value(t.calendar_name) : bj::value(nullptr)},
                            {"calendar_version_id", IdOrNull(t.calendar_version_id)}};
  if (c.next_escalation) {
    out["next_escalation"] = bj::object{{"level", c.next_escalation->threshold},
                                        {"name", c.next_escalation_name},
                                        {"due", FormatIso8601(c.next_escalation->due)}};
  } else {
    out["next_escalation"] = nullptr;
  }
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
  bj::object sla{{"first_response", EncodeClock(c.reading->first_response, false)}, {"resolution", std::move(resolution)}};
  if (c.reading->update) {
    const domain::UpdateReading& u = *c.reading->update;
    bj::object update = EncodeClock(u, true);
    update["cycles"] = u.cycles;
    update["breached_cycles"] = u.breached_cycles;
    update["breached"] = u.ever_breached();
    sla["update"] = std::move(update);
  } else {
    sla["update"] = nullptr;
  }
  out["sla"] = std::move(sla);
  return out;
}

}  // namespace farol::http
