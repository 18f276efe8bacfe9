// SLA use cases: the policy in force, a ticket's clocks, and simulating clocks for a scenario.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <span>
#include <vector>

#include "app/sla_tracker.h"
#include "app/ticket_service.h"
#include "core/clock.h"
#include "core/status.h"
#include "domain/access.h"
#include "domain/ola.h"
#include "domain/sla_clock.h"
#include "domain/sla_policy.h"
#include "domain/sla_report.h"
#include "store/store.h"

namespace farol::app {

// A ticket's clocks, read at `at`, under the policy in force when it was opened (nullopt clocks: no SLA for its type × priority).
struct TicketClocks {
  int64_t ticket_id = 0;
  Timestamp at;
  std::optional<domain::SlaReading> reading;
  // Every warning threshold of the policy with the instant it falls (while the clock runs).
  std::vector<std::pair<int, std::optional<Timestamp>>> resolution_warnings;
  // Each stay in a team with an OLA target, oldest first.
  std::vector<domain::OlaStint> olas;
};

class SlaService {
 public:
  SlaService(store::Store& store, Clock& clock, TicketService& tickets)
      : store_(store), clock_(clock), tickets_(tickets) {}

  // The policy in force (the default until an admin sets one). Staff with directory.read.
  StatusOr<domain::SlaPolicy> GetPolicy(const domain::Actor& actor);
  // Replaces the policy for tickets opened from now on; tickets opened before keep the policy they
  // were opened under (every version is kept). Staff with catalog.write.
  Status SetPolicy(const domain::Actor& actor, const domain::SlaPolicy& policy);
  // Adds a holiday set to the policy's calendar (or replaces its holidays); returns how many were
  // new and how many the calendar now has. Staff with catalog.write.
  StatusOr<std::pair<int, int>> ImportHolidays(const domain::Actor& actor, const domain::HolidaySet& set, bool replace);
  // The ticket's clocks now. Staff with ticket.read (kNotFound for unknown tickets).
  StatusOr<TicketClocks> Clocks(const domain::Actor& actor, int64_t ticket_id);
  // The clocks of several tickets (a queue page), in the order asked; unknown ids are left out.
  StatusOr<std::vector<TicketClocks>> ClocksOf(const domain::Actor& actor, std::span<const int64_t> ids);

  // SLA compliance of the tickets created in [from, to), grouped by `by` (organisation, type,
  // priority or team; docs/SLA.md defines every figure). Staff with ticket.read. At most
  // kMaxReportTickets tickets: a longer period is refused (kFailedPrecondition) with advice.
  enum class GroupBy { kOrganisation, kType, kPriority, kTeam };
  static constexpr int64_t kMaxReportTickets = 50000;
  struct Report {
    int64_t tickets = 0;          // created in the period
    int64_t without_sla = 0;      // of which have no targets
    domain::SlaReport compliance;
  };
  StatusOr<Report> ComplianceReport(const domain::Actor& actor, Timestamp from, Timestamp to, GroupBy by);

  // OLA compliance per team of the tickets created in [from, to): every stay in a team with an
  // OLA target, judged against it (docs/SLA.md, "OLAs"). Staff with ticket.read; the same limit.
  struct OlaRow {
    int64_t team_id = 0;
    std::string team_name;
    int64_t stints = 0;
    domain::ClockStats stats;
  };
  struct OlaReport {
    int64_t tickets = 0;
    std::vector<OlaRow> rows;  // by team name
    OlaRow total;
  };
  StatusOr<OlaReport> OlaComplianceReport(const domain::Actor& actor, Timestamp from, Timestamp to);

  // Evaluates each scenario at its `now` (default: the clock's). Staff with ticket.read.
  StatusOr<std::vector<domain::SlaReading>> Simulate(const domain::Actor& actor,
                                                     std::span<const domain::SlaScenario> scenarios, bool indexed);

 private:
  StatusOr<domain::SlaPolicy> LoadPolicy();
  // Calls `fn` with every ticket created in [from, to) and its clocks (at most kMaxReportTickets).
  Status ForEachCreated(const domain::Actor& actor, Timestamp from, Timestamp to, int64_t& count,
                        const std::function<Status(const store::TicketListItem&, const TicketClocks&)>& fn);
  StatusOr<TicketClocks> EvaluateTicket(PolicyBook& book, int64_t ticket_id,
                                        const std::vector<domain::TicketEvent>& timeline, Timestamp now);
  TicketClocks Evaluate(const domain::SlaPolicy& policy, const domain::BusinessCalendar& calendar, int64_t ticket_id,
                        const std::vector<domain::TicketEvent>& timeline, Timestamp now) const;
  store::Store& store_;
  Clock& clock_;
  TicketService& tickets_;
};

}  // namespace farol::app
