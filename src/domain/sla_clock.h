// SLA clocks: how much business time a ticket has used of its first-response and resolution
// targets, from its history (issue 4's exact semantics, followed by the API, the product and
// `farol sla simulate` alike):
//
// - first_response runs from creation until the first response (by default a public reply by
//   staff; configurable per channel, never an internal note) or until the ticket is first
//   resolved, closed or cancelled, whichever comes first; it never pauses and never restarts.
// - resolution runs from creation; it is paused while the status is a pause status, stopped
//   while resolved, closed or cancelled, and a reopen resumes it. Only running business time
//   counts; business time spent paused is reported as paused time.
// - state: met (stopped, elapsed <= target); breached (elapsed > target, stopped or not);
//   paused; running.
// - due: only while the clock runs, the instant at which elapsed reaches the target if it keeps
//   running (in the past for a breached running clock); warn_at likewise for a share of the
//   target. Both are the earliest such instant.
// - A re-target (priority change) gives the clocks still counting (first_response until it
//   stops; resolution unless it is stopped) new targets and keeps their elapsed time; a stopped
//   clock keeps the target it was judged against.
// Events at the same instant apply in the order given.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "domain/calendar.h"
#include "domain/enums.h"

namespace farol::domain {

enum class ClockState { kRunning, kPaused, kMet, kBreached };
std::string_view Name(ClockState s);

struct SlaTargets {
  long long first_response_seconds = 0;
  long long resolution_seconds = 0;
  // The update promise: while the ticket is open, the customer hears from us at least every this
  // many business seconds after each response. 0 = no such promise.
  long long update_seconds = 0;
  bool operator==(const SlaTargets&) const = default;
};

struct SlaEvent {
  enum class Kind {
    kCreated,   // status = the initial status
    kStatus,    // status = the new status
    kResponse,  // something that counts as a response (a public reply, by default)
    kNoClock,   // anything else on the timeline (an internal note): changes no clock
    kRetarget,  // targets = the new targets (a priority change)
  };
  Timestamp at;
  Kind kind = Kind::kNoClock;
  TicketStatus status = TicketStatus::kNew;
  SlaTargets targets;
};

// Statuses that pause the resolution clock, as a bit set over TicketStatus.
class StatusSet {
 public:
  StatusSet() = default;
  StatusSet(std::initializer_list<TicketStatus> list) {
    for (TicketStatus s : list) Add(s);
  }
  void Add(TicketStatus s) { bits_ |= Bit(s); }
  bool Has(TicketStatus s) const { return (bits_ & Bit(s)) != 0; }
  std::vector<TicketStatus> List() const;

 private:
  static uint32_t Bit(TicketStatus s) { return 1u << unsigned(s); }
  uint32_t bits_ = 0;
};

// The default pause statuses: waiting on the customer.
inline StatusSet DefaultPauseStatuses() { return {TicketStatus::kPendingCustomer}; }
bool StopsClocks(TicketStatus s);  // resolved, closed, cancelled

struct ClockReading {
  ClockState state = ClockState::kRunning;
  long long target_seconds = 0;
  long long elapsed_seconds = 0;
  long long paused_seconds = 0;      // business time spent paused (resolution only)
  std::optional<Timestamp> due;      // only while running
  std::optional<Timestamp> warn_at;  // only while running, when a warning share was asked for
  std::optional<Timestamp> stopped_at;
  bool breached() const { return elapsed_seconds > target_seconds; }
  long long remaining_seconds() const { return target_seconds - elapsed_seconds; }
};

// The update clock: one interval ("cycle") after each response. A cycle opens at every response
// while the ticket is not resolved, closed or cancelled, and at every reopen; it closes at the next
// response (which opens the next cycle) or when the ticket stops. Within a cycle business time
// counts like the resolution clock's (paused in a pause status). The reading describes the open
// cycle, or the last one when none is open.
struct UpdateReading : ClockReading {
  int cycles = 0;           // cycles opened so far
  int breached_cycles = 0;  // cycles that went past their target (the open one included)
  // Whether the update promise was broken at some point.
  bool ever_breached() const { return breached_cycles > 0; }
};

struct SlaReading {
  ClockReading first_response;
  ClockReading resolution;
  // Only when the ticket's targets hold an update promise.
  std::optional<UpdateReading> update;
};

struct SlaClockOptions {
  StatusSet pause_statuses = DefaultPauseStatuses();
  // Share of the target (0 < p <= 100, in hundredths of a percent: 8000 = 80%) at which
  // warn_at falls; 0 = no warn_at.
  int warn_at_basis_points = 0;
};

// The business seconds at which `basis_points` hundredths of a percent of `target` is reached
// (rounded up: a warning never comes early).
long long CeilShare(long long target, int basis_points);

// kInvalidArgument when the history is not a history: no creation first, a second creation,
// events out of time order, or `now` before the last event.
StatusOr<SlaReading> EvaluateSla(const BusinessCalendar& calendar, const SlaTargets& targets,
                                 std::span<const SlaEvent> events, Timestamp now,
                                 const SlaClockOptions& options = {});

// The same evaluation with no checks, for callers whose events come from the store (ordered,
// created first). Fills `out`; returns false if the history is malformed.
bool EvaluateSlaUnchecked(const BusinessCalendar& calendar, const SlaTargets& targets,
                          std::span<const SlaEvent> events, Timestamp now, const SlaClockOptions& options,
                          SlaReading& out);

// What `farol sla simulate` and POST /api/v1/sla/simulate evaluate: a calendar, targets, rules
// and a ticket's history, read at `now`.
struct SlaScenario {
  CalendarSpec calendar;
  SlaTargets targets;
  SlaClockOptions options;
  std::vector<SlaEvent> events;
  std::optional<Timestamp> now;  // default: the moment of the call
};

StatusOr<SlaReading> Simulate(const SlaScenario& scenario, Timestamp default_now);
// Every scenario, or (if any history is not valid) kInvalidArgument naming each problem; with
// `indexed`, field names start with the scenario's index ("[1].events[3]").
StatusOr<std::vector<SlaReading>> SimulateAll(std::span<const SlaScenario> scenarios, bool indexed,
                                              Timestamp default_now);

}  // namespace farol::domain
