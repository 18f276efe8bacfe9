// An SLA policy: the business calendar it counts on, first-response, resolution and update
// targets per ticket type × priority, the statuses that pause the resolution clock, the warning
// thresholds, what counts as a response on each channel, OLAs per team and the escalation matrix.
// Policies are named and versioned (app/sla_book.h); an organisation's contract chooses its policy
// and may put it on another calendar; a ticket is measured by the versions in force when opened.
//
// Its clocks on a ticket come from the ticket's own timeline (SlaEventsFromTimeline): creation,
// status changes, public replies by staff (and logged calls, if they count), and priority or type
// changes, which re-target the clocks.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "domain/calendar.h"
#include "domain/escalation.h"
#include "domain/sla_clock.h"
#include "domain/ticket.h"

namespace farol::domain {

// What counts as a response to a customer (never an internal note), per ticket channel.
enum class ResponseKind { kPublicReply, kPhoneCall, kChatMessage };
std::string_view Name(ResponseKind k);
std::optional<ResponseKind> ParseResponseKind(std::string_view s);
std::span<const std::string_view> ResponseKindNames();

struct ResponseRules {
  // Bit sets over ResponseKind: the rule of tickets of each channel listed, else `fallback`.
  unsigned fallback = 1u << unsigned(ResponseKind::kPublicReply);
  std::map<Channel, unsigned> by_channel;

  bool Counts(Channel channel, ResponseKind kind) const {
    auto it = by_channel.find(channel);
    return ((it == by_channel.end() ? fallback : it->second) >> unsigned(kind)) & 1u;
  }
  static unsigned Bit(ResponseKind k) { return 1u << unsigned(k); }
  bool operator==(const ResponseRules&) const = default;
};

struct SlaPolicy {
  // The calendar the policy counts on: calendar `calendar_id` (its spec filled in when loaded),
  // or, for policies saved before calendars had names (calendar_id 0), the spec stored inline.
  int64_t calendar_id = 0;
  CalendarSpec calendar;
  // (type, priority 1..4) → targets. A combination left out has no SLA.
  std::map<std::pair<TicketType, int>, SlaTargets> targets;
  StatusSet pause_statuses = DefaultPauseStatuses();
  std::vector<int> warn_percents = {50, 75, 90};  // ascending, 1..99
  ResponseRules responses;                         // a public reply by staff counts by default
  // OLAs: team id → the business seconds the team has for each stay of a ticket (domain/ola.h).
  std::map<int64_t, long long> ola_seconds;
  EscalationMatrix escalation;  // empty: tickets under this policy are not escalated

  std::optional<SlaTargets> TargetsFor(TicketType type, int priority) const;
  // Field errors (calendar.*, targets, warn_percents, pause_statuses, responses, escalation.*).
  void Validate(FieldErrors& errors) const;

  // Compact line-based text for storage (one "key values…" per line), and back. A policy on a
  // named calendar stores only the calendar's id.
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
  // The ticket now, and what its timeline says of the escalation matrix.
  TicketType type = TicketType::kIncident;
  int priority = 3;
  bool stopped = false;  // resolved, closed or cancelled
  std::vector<EscalationRecord> escalations;
};
std::optional<SlaHistory> SlaEventsFromTimeline(const std::vector<TicketEvent>& timeline, const SlaPolicy& policy);

// What a ticket's clocks mean for queues and alerts at `now`: the stored state and, per clock
// and threshold (each warning percent of the policy, and 100 for the breach), when its alert is
// due. Rules (docs/ALERTS.md):
// - a running clock arms every threshold at the instant elapsed reaches it (in the past if it
//   already has: an alert missed while farol was down fires once, late);
// - a paused clock arms the thresholds it has already passed, due `now`, and no others;
// - a stopped clock arms only its breach, due `now`, if it ended breached; its warnings lapse.
// - the update clock's thresholds are per cycle: clock "update.N" for the N-th cycle;
// - the escalation matrix's next level is the alarm ("escalation", level number).
struct SlaAlarm {
  std::string clock;  // "first_response", "resolution", "update.N" or "escalation"
  int threshold = 0;  // a percent (100 = breach), or the escalation level
  Timestamp due;
};
inline constexpr std::string_view kEscalationClock = "escalation";
struct SlaPlan {
  SlaReading reading;
  std::optional<Timestamp> due;   // soonest due among running clocks
  std::optional<Timestamp> warn;  // soonest first-warning instant among running clocks
  bool breached = false;          // a clock that no longer runs is breached
  std::vector<SlaAlarm> alarms;   // grouped by clock, thresholds ascending within each
};
SlaPlan PlanSla(const BusinessCalendar& calendar, const SlaHistory& history, const SlaPolicy& policy, Timestamp now);

}  // namespace farol::domain
