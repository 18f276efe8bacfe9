// SLA use cases: a ticket's clocks and terms, compliance reports (SLA, OLA, a contract's
// thermometer), and simulating clocks for a scenario. Calendars, policies and contracts are
// administered through app::SlaAdminService.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <span>
#include <vector>

#include "app/sla_book.h"
#include "app/sla_tracker.h"
#include "app/ticket_service.h"
#include "core/clock.h"
#include "core/status.h"
#include "domain/access.h"
#include "domain/contract.h"
#include "domain/ola.h"
#include "domain/sla_clock.h"
#include "domain/sla_policy.h"
#include "domain/sla_report.h"
#include "store/store.h"

namespace farol::app {

// What a ticket is measured by: its contract (if any), the policy and calendar, each at the
// version recorded when it was opened (or re-applied since).
struct TicketTerms {
  int64_t contract_id = 0;
  std::string contract_name;
  int64_t policy_id = 0;
  std::string policy_name;
  int64_t policy_version_id = 0;
  int64_t calendar_id = 0;  // 0: a policy saved with its calendar inline (before calendars had names)
  std::string calendar_name;
  int64_t calendar_version_id = 0;
};

// A ticket's clocks, read at `at`, under the terms it is measured by (nullopt clocks: no SLA for its type × priority).
struct TicketClocks {
  int64_t ticket_id = 0;
  Timestamp at;
  TicketTerms terms;
  std::optional<domain::SlaAlarm> next_escalation;  // the escalation matrix's next level and when
  std::string next_escalation_name;
  std::optional<domain::SlaReading> reading;
  // Every warning threshold of the policy with the instant it falls (while the clock runs).
  std::vector<std::pair<int, std::optional<Timestamp>>> resolution_warnings;
  // Each stay in a team with an OLA target, oldest first.
  std::vector<domain::OlaStint> olas;
};

class SlaService {
 public:
  SlaService(store::Store& store, Clock& clock, TicketService& tickets, SlaBooks& books)
      : store_(store), clock_(clock), tickets_(tickets), books_(books) {}

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

  // A contract's SLA thermometer for the tickets opened under it in [from, to): per compliance
  // target, promised vs delivered. Staff with contract.read; the same limit.
  struct ContractReport {
    domain::Contract contract;
    int64_t tickets = 0;
    std::vector<domain::ComplianceResult> results;
  };
  StatusOr<ContractReport> ContractCompliance(const domain::Actor& actor, int64_t contract_id, Timestamp from, Timestamp to);
  // The same for whole local days [from, to) in the organisation's time zone (a month is a month
  // where the customer lives). Fills `from_at` / `to_at` with the instants used.
  StatusOr<ContractReport> ContractCompliance(const domain::Actor& actor, int64_t contract_id, domain::CivilDate from,
                                              domain::CivilDate to, Timestamp& from_at, Timestamp& to_at);

  // Evaluates each scenario at its `now` (default: the clock's). Staff with ticket.read.
  StatusOr<std::vector<domain::SlaReading>> Simulate(const domain::Actor& actor,
                                                     std::span<const domain::SlaScenario> scenarios, bool indexed);

 private:
  // Calls `fn` with every ticket created in [from, to) and its clocks (at most kMaxReportTickets);
  // `organisation_id` non-zero keeps to one organisation's.
  Status ForEachCreated(const domain::Actor& actor, Timestamp from, Timestamp to, int64_t& count,
                        const std::function<Status(const store::TicketListItem&, const TicketClocks&)>& fn,
                        int64_t organisation_id = 0);
  StatusOr<std::shared_ptr<const SlaBook>> Book();
  StatusOr<TicketClocks> Evaluate(const SlaBook& book, int64_t ticket_id, const std::vector<domain::TicketEvent>& timeline,
                                  Timestamp now) const;
  store::Store& store_;
  Clock& clock_;
  TicketService& tickets_;
  SlaBooks& books_;
};

}  // namespace farol::app
