#include "domain/sla_policy.h"

#include <algorithm>

#include "core/strings.h"
#include "domain/priority.h"

namespace farol::domain {
namespace {

std::optional<int> ParsePriorityText(std::string_view s) {
  if (s.size() == 2 && s[0] == 'P' && s[1] >= '1' && s[1] <= '4') return s[1] - '0';
  return std::nullopt;
}

std::optional<long long> ParseCount(std::string_view s) {
  if (s.empty() || s.size() > 9) return std::nullopt;
  long long n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

std::vector<std::string> Words(std::string_view line) {
  std::vector<std::string> out;
  for (const std::string& w : Split(line, ' ')) {
    if (!w.empty()) out.push_back(w);
  }
  return out;
}

}  // namespace

std::optional<SlaTargets> SlaPolicy::TargetsFor(TicketType type, int priority) const {
  auto it = targets.find({type, priority});
  if (it == targets.end()) return std::nullopt;
  return it->second;
}

void SlaPolicy::Validate(FieldErrors& errors) const {
  ValidateCalendarSpec(calendar, "calendar", errors);
  if (calendar.holidays.size() + calendar.yearly_holidays.size() > 5000) {
    errors.Add("calendar.holidays", "holds at most 5000 dates");
  }
  for (const auto& [key, t] : targets) {
    if (key.second < 1 || key.second > 4) {
      errors.Add("targets", "priorities are P1 to P4");
      break;
    }
    if (t.first_response_seconds < 0 || t.resolution_seconds < 0 || t.first_response_seconds % 60 != 0 ||
        t.resolution_seconds % 60 != 0 || t.resolution_seconds > 10'000'000LL * 60 ||
        t.first_response_seconds > 10'000'000LL * 60) {
      errors.Add("targets", "targets are whole minutes from 0 to 10000000");
      break;
    }
  }
  for (size_t i = 0; i < warn_percents.size(); ++i) {
    if (warn_percents[i] < 1 || warn_percents[i] > 99 || (i > 0 && warn_percents[i] <= warn_percents[i - 1])) {
      errors.Add("warn_percents", "must be whole percentages from 1 to 99, ascending, each once");
      break;
    }
  }
  for (const auto& [team, seconds] : ola_seconds) {
    if (team <= 0 || seconds < 60 || seconds > 525600LL * 60) {
      errors.Add("olas", "each OLA names a team and 1 to 525600 minutes");
      break;
    }
  }
  for (TicketStatus s : pause_statuses.List()) {
    if (StopsClocks(s)) {
      errors.Add("pause_statuses", "resolved, closed and cancelled stop the clock; they cannot pause it");
      break;
    }
  }
}

std::string SlaPolicy::Serialize() const {
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
  out += "pause";
  for (TicketStatus s : pause_statuses.List()) out += " " + std::string(Name(s));
  out += "\nwarn";
  for (int p : warn_percents) out += " " + std::to_string(p);
  out += std::string("\ncalls_count_as_response ") + (calls_count_as_response ? "true" : "false") + "\n";
  for (const auto& [team, seconds] : ola_seconds) out += "ola " + std::to_string(team) + " " + std::to_string(seconds / 60) + "\n";
  for (const auto& [key, t] : targets) {
    out += "target " + std::string(Name(key.first)) + " P" + std::to_string(key.second) + " " +
           std::to_string(t.first_response_seconds / 60) + " " + std::to_string(t.resolution_seconds / 60) + "\n";
  }
  return out;
}

StatusOr<SlaPolicy> SlaPolicy::Parse(std::string_view text) {
  SlaPolicy p;
  p.pause_statuses = {};
  p.warn_percents.clear();
  int n = 0;
  for (const std::string& raw : Split(text, '\n')) {
    ++n;
    const std::vector<std::string> w = Words(raw);
    if (w.empty()) continue;
    auto bad = [&](std::string_view why) {
      return InvalidArgumentError("SLA policy, line " + std::to_string(n) + ": " + std::string(why));
    };
    const std::string& key = w[0];
    if (key == "timezone" && w.size() == 2) {
      p.calendar.timezone = w[1];
    } else if (key == "always_open" && w.size() == 2) {
      p.calendar.always_open = w[1] == "true";
    } else if (key == "week" && w.size() >= 2) {
      auto day = std::find(kWeekdayKeys.begin(), kWeekdayKeys.end(), w[1]);
      if (day == kWeekdayKeys.end()) return bad("unknown day");
      for (size_t i = 2; i < w.size(); ++i) {
        const auto dash = w[i].find('-');
        auto a = dash == std::string::npos ? std::nullopt : ParseClockMinute(std::string_view(w[i]).substr(0, dash));
        auto b = dash == std::string::npos ? std::nullopt : ParseClockMinute(std::string_view(w[i]).substr(dash + 1));
        if (!a || !b) return bad("a window is HH:MM-HH:MM");
        p.calendar.week[size_t(day - kWeekdayKeys.begin())].push_back({*a, *b});
      }
    } else if (key == "holiday" && w.size() == 2) {
      if (auto d = ParseCivilDate(w[1])) {
        p.calendar.holidays.push_back(*d);
      } else if (auto y = ParseYearlyDate(w[1])) {
        p.calendar.yearly_holidays.push_back(*y);
      } else {
        return bad("a holiday is YYYY-MM-DD or MM-DD");
      }
    } else if (key == "pause") {
      for (size_t i = 1; i < w.size(); ++i) {
        auto s = ParseTicketStatus(w[i]);
        if (!s) return bad("unknown status");
        p.pause_statuses.Add(*s);
      }
    } else if (key == "warn") {
      for (size_t i = 1; i < w.size(); ++i) {
        auto v = ParseCount(w[i]);
        if (!v) return bad("a warning threshold is a whole percentage");
        p.warn_percents.push_back(int(*v));
      }
    } else if (key == "calls_count_as_response" && w.size() == 2) {
      p.calls_count_as_response = w[1] == "true";
    } else if (key == "ola" && w.size() == 3) {
      auto team = ParseCount(w[1]);
      auto minutes = ParseCount(w[2]);
      if (!team || !minutes) return bad("an OLA is: TEAM_ID MINUTES");
      p.ola_seconds[*team] = *minutes * 60;
    } else if (key == "target" && w.size() == 5) {
      auto type = ParseTicketType(w[1]);
      auto priority = ParsePriorityText(w[2]);
      auto fr = ParseCount(w[3]);
      auto res = ParseCount(w[4]);
      if (!type || !priority || !fr || !res) return bad("a target is: TYPE P1..P4 FIRST_RESPONSE_MINUTES RESOLUTION_MINUTES");
      p.targets[{*type, *priority}] = {*fr * 60, *res * 60};
    } else {
      return bad("not understood");
    }
  }
  FieldErrors errors;
  p.Validate(errors);
  FAROL_RETURN_IF_ERROR(errors.ToStatus("The stored SLA policy is not valid"));
  return p;
}

bool SlaPolicy::operator==(const SlaPolicy& o) const { return Serialize() == o.Serialize(); }

SlaPolicy DefaultSlaPolicy() {
  SlaPolicy p;
  p.calendar.timezone = "UTC";
  p.calendar.always_open = true;
  const SlaTargets by_priority[4] = {{15 * 60, 4 * 3600}, {30 * 60, 8 * 3600}, {2 * 3600, 24 * 3600}, {8 * 3600, 72 * 3600}};
  for (std::string_view name : TicketTypeNames()) {
    for (int pr = 1; pr <= 4; ++pr) p.targets[{*ParseTicketType(name), pr}] = by_priority[pr - 1];
  }
  return p;
}

std::optional<SlaHistory> SlaEventsFromTimeline(const std::vector<TicketEvent>& timeline, const SlaPolicy& policy) {
  if (timeline.empty() || timeline[0].type != EventType::kCreated) return std::nullopt;
  const auto& f = timeline[0].fields;
  auto field = [&](const char* name) -> std::string_view {
    auto it = f.find(name);
    return it == f.end() ? std::string_view() : std::string_view(it->second);
  };
  TicketType type = ParseTicketType(field("type")).value_or(TicketType::kIncident);
  int priority = ParsePriorityText(field("priority")).value_or(3);
  auto initial = policy.TargetsFor(type, priority);
  if (!initial) return std::nullopt;
  SlaHistory h;
  h.initial = *initial;
  h.events.reserve(timeline.size());
  h.events.push_back({timeline[0].at, SlaEvent::Kind::kCreated,
                      ParseTicketStatus(field("status")).value_or(TicketStatus::kNew), {}});
  for (size_t i = 1; i < timeline.size(); ++i) {
    const TicketEvent& e = timeline[i];
    SlaEvent s{e.at, SlaEvent::Kind::kNoClock, TicketStatus::kNew, {}};
    switch (e.type) {
      case EventType::kStatusChanged:
        if (auto to = ParseTicketStatus(e.to)) {
          s.kind = SlaEvent::Kind::kStatus;
          s.status = *to;
        }
        break;
      case EventType::kPublicReply:
        if (e.author.kind == ActorKind::kStaff) s.kind = SlaEvent::Kind::kResponse;
        break;
      case EventType::kCallLogged:
        if (policy.calls_count_as_response && e.author.kind == ActorKind::kStaff) s.kind = SlaEvent::Kind::kResponse;
        break;
      case EventType::kPriorityChanged:
      case EventType::kFieldChanged: {
        if (e.type == EventType::kPriorityChanged) {
          priority = ParsePriorityText(e.to).value_or(priority);
        } else if (e.field == "type") {
          type = ParseTicketType(e.to).value_or(type);
        } else {
          break;
        }
        if (auto t = policy.TargetsFor(type, priority)) {
          s.kind = SlaEvent::Kind::kRetarget;
          s.targets = *t;
        }
        break;
      }
      default:
        break;
    }
    if (s.kind != SlaEvent::Kind::kNoClock) h.events.push_back(s);
  }
  return h;
}

SlaPlan PlanSla(const BusinessCalendar& calendar, const SlaHistory& history, const SlaPolicy& policy, Timestamp now) {
  SlaPlan plan;
  SlaClockOptions options{policy.pause_statuses, 0};
  EvaluateSlaUnchecked(calendar, history.initial, history.events, now, options, plan.reading);
  std::vector<int> thresholds = policy.warn_percents;
  thresholds.push_back(100);
  const ClockReading* clocks[2] = {&plan.reading.first_response, &plan.reading.resolution};
  static constexpr std::string_view kNames[2] = {"first_response", "resolution"};
  for (int c = 0; c < 2; ++c) {
    const ClockReading& r = *clocks[c];
    if (r.due) plan.due = plan.due ? std::min(*plan.due, *r.due) : *r.due;
    if (!r.due && r.breached()) plan.breached = true;
  }
  for (int threshold : thresholds) {
    std::optional<SlaReading> at_share;  // evaluated once per threshold, for both clocks
    for (int c = 0; c < 2; ++c) {
      const ClockReading& r = *clocks[c];
      std::optional<Timestamp> due;
      if (r.due) {
        if (threshold == 100) {
          due = r.due;
        } else {
          if (!at_share) {
            at_share.emplace();
            SlaClockOptions o{policy.pause_statuses, threshold * 100};
            EvaluateSlaUnchecked(calendar, history.initial, history.events, now, o, *at_share);
          }
          due = c == 0 ? at_share->first_response.warn_at : at_share->resolution.warn_at;
          if (threshold == thresholds.front() && due) plan.warn = plan.warn ? std::min(*plan.warn, *due) : *due;
        }
      } else if (r.state == ClockState::kPaused) {
        if (r.elapsed_seconds >= CeilShare(r.target_seconds, threshold * 100)) due = now;
      } else if (threshold == 100 && r.breached()) {
        due = now;  // stopped breached: the breach is told even if it was never seen running
      }
      if (due) plan.alarms.push_back({kNames[c], threshold, *due});
    }
  }
  return plan;
}

}  // namespace farol::domain
