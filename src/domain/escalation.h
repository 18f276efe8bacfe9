// The escalation matrix: ordered levels, each with its trigger, its recipients, the channels that
// tell them and its own deadline to act (docs/ESCALATION.md).
//
// Rules (the planner below, the scheduler and the tests follow them):
// - Levels fire in order, each at most once per ticket. A level is considered only once every
//   level before it has fired or been skipped; if its trigger was met by then, it fires at once.
// - Triggers: `created` (when the ticket is opened), `percent` (a share of a clock's target, 100 =
//   the breach; a clock that passed the share while paused or before it stopped counts as having
//   reached it), `unacknowledged` (the previous level's deadline passed without an
//   acknowledgement).
// - A level's deadline is counted in business time on the ticket's calendar from the instant it
//   fired. Acknowledging a level stops it: a following `unacknowledged` level is skipped (and so
//   is every `unacknowledged` level after a skipped one); levels triggered by a clock still fire.
// - Nothing fires while the ticket is resolved, closed or cancelled; a reopen resumes where the
//   escalation stood. A ticket whose type or priority is outside the matrix's scope is not
//   escalated.
// - A contact may ask to escalate: the level after the highest one fired fires at once, at most
//   once per cooldown per ticket.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "domain/calendar.h"
#include "domain/enums.h"

namespace farol::domain {

enum class EscalationTrigger { kCreated, kPercent, kUnacknowledged };
std::string_view Name(EscalationTrigger t);
std::optional<EscalationTrigger> ParseEscalationTrigger(std::string_view s);

// Who a level tells. Kinds that need no id name people through the ticket.
struct EscalationRecipient {
  enum class Kind {
    kAssignee,         // the ticket's assignee
    kTeam,             // every member of the ticket's team
    kTeamManager,      // the manager of the ticket's team
    kCsm,              // the organisation's customer-success manager
    kManagerContacts,  // the organisation's manager contacts (customers: told, never asked to act)
    kRole,             // every active staff user with `role`
    kTeamId,           // every member of team `id`
    kUser,             // staff user `id`
  };
  Kind kind = Kind::kTeam;
  Role role = Role::kAgent;  // kRole
  int64_t id = 0;            // kTeamId, kUser
  bool operator==(const EscalationRecipient&) const = default;
};
// "team", "team_manager", "role:director", "team:3", "user:7", …
std::string Format(const EscalationRecipient& r);
std::optional<EscalationRecipient> ParseEscalationRecipient(std::string_view s);

struct EscalationLevel {
  std::string name;  // e.g. "NOC manager"
  EscalationTrigger trigger = EscalationTrigger::kCreated;
  std::string clock = "resolution";  // kPercent: "first_response" or "resolution"
  int percent = 100;                 // kPercent: 1..100 (100 = the breach)
  long long deadline_seconds = 0;    // business seconds to act after firing; 0 = none
  std::vector<EscalationRecipient> recipients;
  bool email = true;                 // each recipient by e-mail
  std::vector<int64_t> channel_ids;  // alert channels that are told as well
  bool operator==(const EscalationLevel&) const = default;
};

struct EscalationMatrix {
  static constexpr size_t kMaxLevels = 9;
  std::vector<TicketType> types;  // the ticket types it applies to; empty: every type
  int max_priority = 4;           // tickets of priority 1..max_priority
  long long request_cooldown_seconds = 4 * 3600;  // between two requests by customers
  std::vector<EscalationLevel> levels;

  bool empty() const { return levels.empty(); }
  bool AppliesTo(TicketType type, int priority) const;
  // Field errors under `prefix` (e.g. "escalation").
  void Validate(std::string_view prefix, FieldErrors& errors) const;
  bool operator==(const EscalationMatrix&) const = default;
};

// The seed matrix for P1 incidents: L1 the ticket's team (2 hours to resolve), L2 the team's
// manager (30 minutes), L3 the customer-success manager (1 hour to line up resources), L4 the
// directors, each after the one before went unacknowledged.
EscalationMatrix SeedEscalationMatrix();

// Text form, one line per item, for the SLA policy's stored text (domain/sla_policy.cc):
// "escalation_scope incident,change P2", "escalation_cooldown 240", and one "level k=v …" line
// per level with percent-encoded values.
std::string SerializeEscalation(const EscalationMatrix& m);
// Reads one line of that form into `m`; false (and `error`) if it is not one of them or is bad.
bool ParseEscalationLine(std::string_view key, std::string_view rest, EscalationMatrix& m, std::string& error);

// What a ticket's timeline says of its escalation so far.
struct EscalationRecord {
  int level = 0;  // 1-based
  Timestamp fired_at;
  std::optional<Timestamp> acknowledged_at;
  bool requested = false;  // fired because a contact asked
};

// The instant a clock reaches a share of its target, as the SLA planner knows it:
// nullopt if it has not and will not while things stay as they are (paused or stopped below it).
struct ClockShare {
  // Called with (clock name, percent 1..100).
  virtual std::optional<Timestamp> ReachedAt(std::string_view clock, int percent) const = 0;
  virtual ~ClockShare() = default;
};

struct EscalationStep {
  int level = 0;  // 1-based
  Timestamp due;
};

// The next level to fire and when (in the past: fire at once), or nullopt. `stopped`: the ticket
// is resolved, closed or cancelled. `records` in firing order.
std::optional<EscalationStep> NextEscalation(const EscalationMatrix& m, const BusinessCalendar& calendar,
                                             const std::vector<EscalationRecord>& records, const ClockShare& clocks,
                                             Timestamp created, bool stopped);

// The level a customer's request would fire (the one after the highest fired), or 0 if none is left.
int NextRequestedLevel(const EscalationMatrix& m, const std::vector<EscalationRecord>& records);

// When a fired level's deadline falls (nullopt if it has none, or it is beyond the calendar).
std::optional<Timestamp> EscalationDeadline(const EscalationLevel& level, const BusinessCalendar& calendar,
                                            Timestamp fired_at);

}  // namespace farol::domain
