// OLAs: internal targets per team. A team's clock starts when a ticket enters the team (opened in
// it, moved to it, or reopened while in it) and stops when the team hands the ticket on or it is
// resolved, closed or cancelled. It counts business time on the policy's calendar and pauses on
// the policy's pause statuses, exactly as the resolution clock does (docs/SLA.md, "OLAs"); each
// stay in a team is one stint, judged on its own.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "domain/calendar.h"
#include "domain/sla_clock.h"
#include "domain/sla_policy.h"
#include "domain/ticket.h"

namespace farol::domain {

struct OlaStint {
  int64_t team_id = 0;
  Timestamp entered;
  std::optional<Timestamp> left;  // handed on or resolved; nullopt while the team holds it
  ClockReading clock;             // state, target, elapsed, paused, due (while running)
};

// The stints of `timeline` (oldest first, beginning with the creation) in teams that have an OLA
// target in `policy`, read at `now`.
std::vector<OlaStint> OlaStints(const BusinessCalendar& calendar, const std::vector<TicketEvent>& timeline,
                                const SlaPolicy& policy, Timestamp now);

}  // namespace farol::domain
