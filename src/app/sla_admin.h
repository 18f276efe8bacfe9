// Administering what tickets are measured by: named business calendars, SLA policies (with their
// OLAs and escalation matrix) and customers' contracts, each change audited. A change applies to
// tickets opened from then on; re-applying an edited calendar to open tickets is an explicit
// command, recorded on each ticket's timeline and in the audit log (docs/CONTRACTS.md).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/sla_book.h"
#include "app/sla_tracker.h"
#include "app/ticket_watch.h"
#include "core/clock.h"
#include "domain/access.h"
#include "domain/calendar.h"
#include "domain/contract.h"
#include "domain/sla_policy.h"
#include "store/store.h"

namespace farol::app {

struct CalendarInfo {
  store::NamedText stored;
  domain::CalendarSpec spec;
};

struct PolicyInfo {
  store::NamedText stored;
  domain::SlaPolicy policy;  // its calendar's current spec filled in
};

// One line of the audit log ("who did what to which object, when"), written in `tx`.
Status RecordAudit(store::Tx& tx, const domain::Actor& actor, std::string action, std::string kind, int64_t id,
                   std::string detail, Timestamp now);

class SlaAdminService {
 public:
  SlaAdminService(store::Store& store, Clock& clock, SlaBooks& books, SlaTracker& tracker, TicketWatch* watch)
      : store_(store), clock_(clock), books_(books), tracker_(tracker), watch_(watch) {}

  // ---- calendars: read with directory.read, change with catalog.write ----
  StatusOr<std::vector<CalendarInfo>> Calendars(const domain::Actor& actor);
  StatusOr<CalendarInfo> GetCalendar(const domain::Actor& actor, int64_t id);
  StatusOr<CalendarInfo> CreateCalendar(const domain::Actor& actor, std::string name, const domain::CalendarSpec& spec);
  // Renames it and saves its new form (for tickets opened from now on). kStaleVersion if it moved.
  StatusOr<CalendarInfo> UpdateCalendar(const domain::Actor& actor, int64_t id, std::string name,
                                        const domain::CalendarSpec& spec, int64_t expected_version);
  StatusOr<std::vector<store::TextVersion>> CalendarVersions(const domain::Actor& actor, int64_t id);
  struct HolidayImport {
    int added = 0;
    int total = 0;
    CalendarInfo calendar;
  };
  // Adds a holiday set to a calendar (or replaces its holidays) as a new version.
  StatusOr<HolidayImport> ImportHolidays(const domain::Actor& actor, int64_t calendar_id, const domain::HolidaySet& set,
                                         bool replace);
  struct Reapplied {
    int64_t tickets = 0;     // open tickets moved to the current version
    int64_t version_id = 0;  // that version
  };
  // Re-applies the calendar's current version to every open ticket measured on an older version
  // of it (each gets an sla_terms_changed event with `reason`; one audit entry). `progress`
  // hears how many open tickets were looked at so far.
  StatusOr<Reapplied> ReapplyCalendar(const domain::Actor& actor, int64_t calendar_id, std::string_view reason,
                                      const std::function<void(int64_t looked, int64_t changed)>& progress = {});

  // ---- SLA policies: read with directory.read, change with catalog.write ----
  StatusOr<std::vector<PolicyInfo>> Policies(const domain::Actor& actor);
  StatusOr<PolicyInfo> GetPolicy(const domain::Actor& actor, int64_t id);
  StatusOr<PolicyInfo> CreatePolicy(const domain::Actor& actor, std::string name, domain::SlaPolicy policy);
  StatusOr<PolicyInfo> UpdatePolicy(const domain::Actor& actor, int64_t id, std::string name, domain::SlaPolicy policy,
                                    int64_t expected_version);
  // The default policy (policy 1) with its calendar inline, as GET/PUT /api/v1/settings/sla-policy
  // have always shown it: saving it saves the calendar (a new version if it changed) and the policy.
  StatusOr<domain::SlaPolicy> GetDefaultPolicy(const domain::Actor& actor);
  Status SetDefaultPolicy(const domain::Actor& actor, domain::SlaPolicy policy);

  // ---- contracts: read with contract.read, change with contract.write ----
  StatusOr<std::vector<domain::Contract>> Contracts(const domain::Actor& actor, int64_t organisation_id);
  StatusOr<domain::Contract> GetContract(const domain::Actor& actor, int64_t id);
  StatusOr<domain::Contract> CreateContract(const domain::Actor& actor, domain::Contract c);
  StatusOr<domain::Contract> UpdateContract(const domain::Actor& actor, domain::Contract c, int64_t expected_version);

  // ---- the audit log (catalog.write) ----
  StatusOr<std::vector<store::AuditEntry>> Audit(const domain::Actor& actor, std::string_view object_kind,
                                                 int64_t object_id, int limit, int64_t before_id);

 private:
  Status Audit(store::Tx& tx, const domain::Actor& actor, std::string action, std::string kind, int64_t id,
               std::string detail, Timestamp now);
  StatusOr<CalendarInfo> SaveCalendar(store::Tx& tx, const domain::Actor& actor, int64_t id, std::string name,
                                      const domain::CalendarSpec& spec, int64_t expected_version, std::string action,
                                      std::string detail, Timestamp now);
  Status CheckPolicyReferences(store::Tx& tx, const domain::SlaPolicy& policy);
  Status CheckContract(store::Tx& tx, domain::Contract& c);
  StatusOr<PolicyInfo> LoadPolicy(store::Tx& tx, const store::NamedText& stored);

  store::Store& store_;
  Clock& clock_;
  SlaBooks& books_;
  SlaTracker& tracker_;
  TicketWatch* watch_;
};

}  // namespace farol::app
