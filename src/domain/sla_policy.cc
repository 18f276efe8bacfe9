#include "domain/sla_policy.h"

#include <algorithm>
#include <cstdlib>
#include <map>

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

constexpr std::array<std::string_view, 3> kResponseKinds = {"public_reply", "phone_call", "chat_message"};

std::string KindsText(unsigned bits) {
  std::string out;
  for (size_t i = 0; i < kResponseKinds.size(); ++i) {
    if (bits & (1u << i)) out += " " + std::string(kResponseKinds[i]);
  }
  return out;
}

}  // namespace

std::string_view Name(ResponseKind k) { return kResponseKinds[static_cast<size_t>(k)]; }

std::optional<ResponseKind> ParseResponseKind(std::string_view s) {
  for (size_t i = 0; i < kResponseKinds.size(); ++i) {
    if (kResponseKinds[i] == s) return static_cast<ResponseKind>(i);
  }
  return std::nullopt;
}

std::span<const std::string_view> ResponseKindNames() { return kResponseKinds; }

std::optional<SlaTargets> SlaPolicy::TargetsFor(TicketType type, int priority) const {
  auto it = targets.find({type, priority});
  if (it == targets.end()) return std::nullopt;
  return it->second;
}

void SlaPolicy::Validate(FieldErrors& errors) const {
  if (calendar_id == 0) {
    ValidateCalendarSpec(calendar, "calendar", errors);
    if (calendar.holidays.size() + calendar.yearly_holidays.size() > 5000) {
      errors.Add("calendar.holidays", "holds at most 5000 dates");
    }
  } else if (calendar_id < 0) {
    errors.Add("calendar_id", "must name a calendar");
  }
  for (const auto& [key, t] : targets) {
    if (key.second < 1 || key.second > 4) {
      errors.Add("targets", "priorities are P1 to P4");
      break;
    }
    if (t.first_response_seconds < 0 || t.resolution_seconds < 0 || t.first_response_seconds % 60 != 0 ||
        t.resolution_seconds % 60 != 0 || t.resolution_seconds > 10'000'000LL * 60 ||
        t.first_response_seconds > 10'000'000LL * 60 || t.update_seconds < 0 || t.update_seconds % 60 != 0 ||
        t.update_seconds > 10'000'000LL * 60) {
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
  if (responses.fallback == 0) errors.Add("responses.default", "name at least one kind of response");
  for (const auto& [channel, bits] : responses.by_channel) {
    if (bits == 0) errors.Add("responses." + std::string(Name(channel)), "name at least one kind of response");
  }
  escalation.Validate("escalation", errors);
}

std::string SlaPolicy::Serialize() const {
  std::string out;
  if (calendar_id != 0) {
    out = "calendar " + std::to_string(calendar_id) + "\n";
  } else {
    out = SerializeCalendarSpec(calendar);
  }
  out += "pause";
  for (TicketStatus s : pause_statuses.List()) out += " " + std::string(Name(s));
  out += "\nwarn";
  for (int p : warn_percents) out += " " + std::to_string(p);
  out += "\nresponses default" + KindsText(responses.fallback) + "\n";
  for (const auto& [channel, bits] : responses.by_channel) {
    out += "responses " + std::string(Name(channel)) + KindsText(bits) + "\n";
  }
  for (const auto& [team, seconds] : ola_seconds) out += "ola " + std::to_string(team) + " " + std::to_string(seconds / 60) + "\n";
  for (const auto& [key, t] : targets) {
    out += "target " + std::string(Name(key.first)) + " P" + std::to_string(key.second) + " " +
           std::to_string(t.first_response_seconds / 60) + " " + std::to_string(t.resolution_seconds / 60);
    if (t.update_seconds > 0) out += " " + std::to_string(t.update_seconds / 60);
    out += "\n";
  }
  out += SerializeEscalation(escalation);
  return out;
}

StatusOr<SlaPolicy> SlaPolicy::Parse(std::string_view text) {
  SlaPolicy p;
  p.pause_statuses = {};
  p.warn_percents.clear();
  bool inline_calendar = false;
  int n = 0;
  for (const std::string& raw : Split(text, '\n')) {
    ++n;
    const std::vector<std::string> w = Words(raw);
    if (w.empty()) continue;
    auto bad = [&](std::string_view why) {
      return InvalidArgumentError("SLA policy, line " + std::to_string(n) + ": " + std::string(why));
    };
    const std::string& key = w[0];
    std::string error;
    if (IsCalendarLine(key)) {
      if (!ParseCalendarLine(w, p.calendar, error)) return bad(error);
      inline_calendar = true;
    } else if (key == "calendar" && w.size() == 2) {
      auto id = ParseCount(w[1]);
      if (!id || *id <= 0) return bad("a calendar is named by its id");
      p.calendar_id = *id;
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
      // Written before responses were configurable per channel.
      if (w[1] == "true") p.responses.fallback |= ResponseRules::Bit(ResponseKind::kPhoneCall);
    } else if (key == "responses" && w.size() >= 2) {
      unsigned bits = 0;
      for (size_t i = 2; i < w.size(); ++i) {
        auto k = ParseResponseKind(w[i]);
        if (!k) return bad("unknown kind of response");
        bits |= ResponseRules::Bit(*k);
      }
      if (w[1] == "default") {
        p.responses.fallback = bits;
      } else if (auto ch = ParseChannel(w[1])) {
        p.responses.by_channel[*ch] = bits;
      } else {
        return bad("unknown channel");
      }
    } else if (key == "ola" && w.size() == 3) {
      auto team = ParseCount(w[1]);
      auto minutes = ParseCount(w[2]);
      if (!team || !minutes) return bad("an OLA is: TEAM_ID MINUTES");
      p.ola_seconds[*team] = *minutes * 60;
    } else if (key == "target" && (w.size() == 5 || w.size() == 6)) {
      auto type = ParseTicketType(w[1]);
      auto priority = ParsePriorityText(w[2]);
      auto fr = ParseCount(w[3]);
      auto res = ParseCount(w[4]);
      auto upd = w.size() == 6 ? ParseCount(w[5]) : std::optional<long long>(0);
      if (!type || !priority || !fr || !res || !upd) {
        return bad("a target is: TYPE P1..P4 FIRST_RESPONSE_MINUTES RESOLUTION_MINUTES [UPDATE_MINUTES]");
      }
      p.targets[{*type, *priority}] = {*fr * 60, *res * 60, *upd * 60};
    } else if (key == "escalation_scope" || key == "escalation_cooldown" || key == "level") {
      const std::string_view rest = std::string_view(raw).substr(std::min(raw.size(), raw.find(key) + key.size()));
      if (!ParseEscalationLine(key, rest, p.escalation, error)) return bad(error);
    } else {
      return bad("not understood");
    }
  }
  if (p.calendar_id != 0 && inline_calendar) {
    return InvalidArgumentError("SLA policy: names a calendar and holds one inline");
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
  const Channel channel = ParseChannel(field("channel")).value_or(Channel::kApi);
  auto initial = policy.TargetsFor(type, priority);
  if (!initial) return std::nullopt;
  SlaHistory h;
  h.initial = *initial;
  h.events.reserve(timeline.size());
  TicketStatus status = ParseTicketStatus(field("status")).value_or(TicketStatus::kNew);
  h.events.push_back({timeline[0].at, SlaEvent::Kind::kCreated, status, {}});
  const bool calls_count = policy.responses.Counts(channel, ResponseKind::kPhoneCall);
  const bool replies_count = policy.responses.Counts(channel, ResponseKind::kPublicReply);
  for (size_t i = 1; i < timeline.size(); ++i) {
    const TicketEvent& e = timeline[i];
    SlaEvent s{e.at, SlaEvent::Kind::kNoClock, TicketStatus::kNew, {}};
    switch (e.type) {
      case EventType::kStatusChanged:
        if (auto to = ParseTicketStatus(e.to)) {
          s.kind = SlaEvent::Kind::kStatus;
          s.status = status = *to;
        }
        break;
      case EventType::kPublicReply:
        if (replies_count && e.author.kind == ActorKind::kStaff) s.kind = SlaEvent::Kind::kResponse;
        break;
      case EventType::kCallLogged:
        if (calls_count && e.author.kind == ActorKind::kStaff) s.kind = SlaEvent::Kind::kResponse;
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
      case EventType::kEscalationFired: {
        EscalationRecord r;
        r.level = std::atoi(e.field.c_str());
        r.fired_at = e.at;
        r.requested = e.from == "customer_request";
        if (r.level > 0) h.escalations.push_back(r);
        break;
      }
      case EventType::kEscalationAcknowledged: {
        const int level = std::atoi(e.field.c_str());
        for (EscalationRecord& r : h.escalations) {
          if (r.level == level && !r.acknowledged_at) r.acknowledged_at = e.at;
        }
        break;
      }
      default:
        break;
    }
    if (s.kind != SlaEvent::Kind::kNoClock) h.events.push_back(s);
  }
  h.type = type;
  h.priority = priority;
  h.stopped = StopsClocks(status);
  return h;
}

namespace {

void Soonest(std::optional<Timestamp>& acc, const std::optional<Timestamp>& t) {
  if (t) acc = acc ? std::min(*acc, *t) : *t;
}

// Evaluates the history once per warning share (each at most once), for the alarms of every clock.
class Shares : public ClockShare {
 public:
  Shares(const BusinessCalendar& cal, const SlaHistory& h, const SlaPolicy& p, const SlaReading& reading, Timestamp now)
      : cal_(cal), h_(h), p_(p), reading_(reading), now_(now) {}

  // The reading with warn_at at `percent` of each target (percent < 100).
  const SlaReading& At(int percent) {
    auto it = cache_.find(percent);
    if (it != cache_.end()) return it->second;
    SlaReading r;
    EvaluateSlaUnchecked(cal_, h_.initial, h_.events, now_, SlaClockOptions{p_.pause_statuses, percent * 100}, r);
    return cache_.emplace(percent, r).first->second;
  }

  // When `clock` reaches `percent` of its target (100: the breach): the instant if the clock runs
  // (in the past if it has); now if it passed it while paused or before it stopped; else nullopt.
  std::optional<Timestamp> ReachedAt(std::string_view clock, int percent) const override {
    const bool fr = clock == "first_response";
    const ClockReading& r = fr ? reading_.first_response : reading_.resolution;
    if (r.due) {
      if (percent >= 100) return r.due;
      const SlaReading& s = const_cast<Shares&>(*this).At(percent);
      return fr ? s.first_response.warn_at : s.resolution.warn_at;
    }
    const bool passed = percent >= 100 ? r.breached() : r.elapsed_seconds >= CeilShare(r.target_seconds, percent * 100);
    if (passed) return now_;
    return std::nullopt;
  }

 private:
  const BusinessCalendar& cal_;
  const SlaHistory& h_;
  const SlaPolicy& p_;
  const SlaReading& reading_;
  Timestamp now_;
  std::map<int, SlaReading> cache_;
};

}  // namespace

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
    Soonest(plan.due, r.due);
    if (!r.due && r.breached()) plan.breached = true;
  }
  const std::optional<UpdateReading>& update = plan.reading.update;
  if (update) {
    Soonest(plan.due, update->due);
    if (update->ever_breached() && !(update->due && update->state == ClockState::kBreached)) plan.breached = true;
  }
  Shares shares(calendar, history, policy, plan.reading, now);
  for (int c = 0; c < 2; ++c) {
    const ClockReading& r = *clocks[c];
    for (int threshold : thresholds) {
      std::optional<Timestamp> due;
      if (r.due) {
        due = threshold == 100 ? r.due : (c == 0 ? shares.At(threshold).first_response.warn_at
                                                 : shares.At(threshold).resolution.warn_at);
        if (threshold == thresholds.front() && threshold < 100) Soonest(plan.warn, due);
      } else if (r.state == ClockState::kPaused) {
        if (r.elapsed_seconds >= CeilShare(r.target_seconds, threshold * 100)) due = now;
      } else if (threshold == 100 && r.breached()) {
        due = now;  // stopped breached: the breach is told even if it was never seen running
      }
      if (due) plan.alarms.push_back({std::string(kNames[c]), threshold, *due});
    }
  }
  // The update clock's current cycle, thresholds told once per cycle.
  if (update && update->cycles > 0 && update->target_seconds > 0 &&
      (update->state == ClockState::kRunning || update->state == ClockState::kPaused ||
       (update->state == ClockState::kBreached && !history.stopped))) {
    const std::string name = "update." + std::to_string(update->cycles);
    for (int threshold : thresholds) {
      std::optional<Timestamp> due;
      if (update->due) {
        due = threshold == 100 ? update->due : shares.At(threshold).update->warn_at;
        if (threshold == thresholds.front() && threshold < 100) Soonest(plan.warn, due);
      } else if (update->elapsed_seconds >= CeilShare(update->target_seconds, threshold * 100)) {
        due = now;  // passed while paused
      }
      if (due) plan.alarms.push_back({name, threshold, *due});
    }
  }
  // The escalation matrix's next level.
  if (policy.escalation.AppliesTo(history.type, history.priority)) {
    if (auto step = NextEscalation(policy.escalation, calendar, history.escalations, shares, history.events.front().at,
                                   history.stopped)) {
      plan.alarms.push_back({std::string(kEscalationClock), step->level, step->due});
    }
  }
  return plan;
}

}  // namespace farol::domain
