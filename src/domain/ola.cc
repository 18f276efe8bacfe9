#include "domain/ola.h"

#include <cstdlib>

namespace farol::domain {

namespace {

int64_t TeamId(std::string_view text) { return text.empty() ? 0 : std::atoll(std::string(text).c_str()); }

}  // namespace

std::vector<OlaStint> OlaStints(const BusinessCalendar& calendar, const std::vector<TicketEvent>& timeline,
                                const SlaPolicy& policy, Timestamp now) {
  std::vector<OlaStint> out;
  if (timeline.empty() || timeline[0].type != EventType::kCreated || policy.ola_seconds.empty()) return out;
  // The stint under way: its team, when it began and its clock events (a history the SLA clock
  // engine evaluates as a resolution clock with the OLA's target).
  struct Current {
    int64_t team = 0;
    Timestamp entered;
    long long target = 0;
    std::vector<SlaEvent> events;
  };
  std::optional<Current> cur;
  const SlaClockOptions options{policy.pause_statuses, 0};
  TicketStatus status = TicketStatus::kNew;
  int64_t team = 0;

  auto start = [&](Timestamp at) {
    auto target = policy.ola_seconds.find(team);
    if (team == 0 || target == policy.ola_seconds.end() || StopsClocks(status)) return;
    cur = Current{team, at, target->second, {{at, SlaEvent::Kind::kCreated, status, {}}}};
  };
  auto finish = [&](std::optional<Timestamp> left) {
    if (!cur) return;
    if (left) cur->events.push_back({*left, SlaEvent::Kind::kStatus, TicketStatus::kResolved, {}});
    SlaReading reading;
    EvaluateSlaUnchecked(calendar, {cur->target, cur->target}, cur->events, left ? std::max(now, *left) : now, options,
                         reading);
    out.push_back({cur->team, cur->entered, left, reading.resolution});
    cur.reset();
  };

  const auto& fields = timeline[0].fields;
  if (auto it = fields.find("status"); it != fields.end()) status = ParseTicketStatus(it->second).value_or(status);
  if (auto it = fields.find("team_id"); it != fields.end()) team = TeamId(it->second);
  start(timeline[0].at);
  for (size_t i = 1; i < timeline.size(); ++i) {
    const TicketEvent& e = timeline[i];
    if (e.type == EventType::kTeamChanged) {
      finish(e.at);
      team = TeamId(e.to);
      start(e.at);
    } else if (e.type == EventType::kStatusChanged) {
      const TicketStatus to = ParseTicketStatus(e.to).value_or(status);
      const bool was_stopped = StopsClocks(status);
      status = to;
      if (StopsClocks(to)) {
        finish(e.at);
      } else if (was_stopped) {
        start(e.at);  // reopened: the team holding it starts a new stint
      } else if (cur) {
        cur->events.push_back({e.at, SlaEvent::Kind::kStatus, to, {}});
      }
    }
  }
  finish(std::nullopt);
  return out;
}

}  // namespace farol::domain
