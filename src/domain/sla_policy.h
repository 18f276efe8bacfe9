// The SLA policy in force: the business calendar, first-response and resolution targets per
// ticket type × priority, the statuses that pause the resolution clock, the warning thresholds and
// what counts as a response. Until contracts arrive (issue 4), one policy applies to every ticket.
//
// Its clocks on a ticket come from the ticket's own timeline (SlaEventsFromTimeline): creation,
// status changes, public replies by staff (and logged calls, if they count), and priority or type
// changes, which re-target the clocks.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "domain/calendar.h"
#include "domain/sla_clock.h"
#include "domain/ticket.h"

namespace farol::domain {

struct SlaPolicy {
  CalendarSpec calendar;
  // (type, priority 1..4) → targets. A combination left out has no SLA.
  std::map<std::pair<TicketType, int>, SlaTargets> targets;
  StatusSet pause_statuses = DefaultPauseStatuses();
  std::vector<int> warn_percents = {50, 75, 90};  // ascending, 1..99
  bool calls_count_as_response = false;            // a public reply by staff always counts
  // OLAs: team id → the business seconds the team has for each stay of a ticket (domain/ola.h).
  std::map<int64_t, long long> ola_seconds;

  std::optional<SlaTargets> TargetsFor(TicketType type, int priority) const;
  // Field errors (calendar.*, targets, warn_percents, pause_statuses).
  void Validate(FieldErrors& errors) const;

  // Compact line-based text for storage (one "key values…" per line), and back.
  std::string Serialize() const;
  static StatusOr<SlaPolicy> Parse(std::string_view text);
  bool operator==(const SlaPolicy& o) const;
};

// What a new installation starts with: 24×7 in UTC; P1 15 min / 4 h, P2 30 min / 8 h,
// P3 2 h / 24 h, P4 8 h / 72 h for every ticket type.
SlaPolicy DefaultSlaPolicy();

// The clock events of a timeline (oldest first, beginning with the creation), and the targets the
// ticket had at creation. nullopt when the ticket's type × priority at creation has no SLA. A
// later change to a combination without targets keeps the targets in force.
struct SlaHistory {
  SlaTargets initial;
  std::vector<SlaEvent> events;
};
std::optional<SlaHistory> SlaEventsFromTimeline(const std::vector<TicketEvent>& timeline, const SlaPolicy& policy);

// What a ticket's clocks mean for queues and alerts at `now`: the stored state and, per clock
// and threshold (each warning percent of the policy, and 100 for the breach), when its alert is
// due. Rules (docs/ALERTS.md):
// - a running clock arms every threshold at the instant elapsed reaches it (in the past if it
//   already has: an alert missed while farol was down fires once, late);
// - a paused clock arms the thresholds it has already passed, due `now`, and no others;
// - a stopped clock arms only its breach, due `now`, if it ended breached; its warnings lapse.
struct SlaAlarm {
  std::string_view clock;  // "first_response" or "resolution"
  int threshold = 0;
  Timestamp due;
};
struct SlaPlan {
  SlaReading reading;
  std::optional<Timestamp> due;   // soonest due among running clocks
  std::optional<Timestamp> warn;  // soonest first-warning instant among running clocks
  bool breached = false;          // a clock that no longer runs is breached
  std::vector<SlaAlarm> alarms;
};
SlaPlan PlanSla(const BusinessCalendar& calendar, const SlaHistory& history, const SlaPolicy& policy, Timestamp now);

}  // namespace farol::domain
