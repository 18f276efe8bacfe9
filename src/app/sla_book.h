// The SLA book: every version of every business calendar and SLA policy, and every contract,
// loaded once and shared read-only by all threads until an administrator changes one of them.
//
// It answers two questions:
// - which terms apply to a ticket opened now for an organisation: the contract in force (its
//   policy, and its calendar or the policy's), else the default policy (policy 1), each at its
//   current version. TicketService records them in the ticket's created event ("sla.contract",
//   "sla.policy_version", "sla.calendar_version"), so later changes never move its clocks;
// - which terms a ticket is measured by: those recorded, then any calendar re-applied since (an
//   sla_terms_changed event); a ticket opened before terms were recorded (or imported in bulk)
//   is measured by the default policy's versions current when it was opened.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/calendar.h"
#include "domain/contract.h"
#include "domain/sla_policy.h"
#include "domain/ticket.h"
#include "store/store.h"

namespace farol::app {

inline constexpr int64_t kDefaultPolicyId = 1;
inline constexpr int64_t kDefaultCalendarId = 1;

// Fields of the created event that record a ticket's terms.
inline constexpr std::string_view kTermsContractField = "sla.contract";
inline constexpr std::string_view kTermsPolicyField = "sla.policy_version";
inline constexpr std::string_view kTermsCalendarField = "sla.calendar_version";

class SlaBook {
 public:
  struct CalendarVersion {
    int64_t id = 0;
    int64_t calendar_id = 0;
    Timestamp since;
    std::shared_ptr<const domain::BusinessCalendar> calendar;
  };
  struct PolicyVersion {
    int64_t id = 0;
    int64_t policy_id = 0;
    Timestamp since;
    domain::SlaPolicy policy;
    std::shared_ptr<const domain::BusinessCalendar> inline_calendar;  // policies that hold their calendar inline
  };
  struct Terms {
    int64_t contract_id = 0;
    const PolicyVersion* policy = nullptr;
    const CalendarVersion* calendar = nullptr;  // nullptr: the policy's inline calendar
    const domain::BusinessCalendar* business = nullptr;

    const domain::SlaPolicy& sla() const { return policy->policy; }
    int64_t calendar_id() const { return calendar ? calendar->calendar_id : 0; }
  };

  // Reads everything; `generation` identifies the state it was read in.
  static StatusOr<std::shared_ptr<const SlaBook>> Load(store::Tx& tx, std::string generation);
  const std::string& generation() const { return generation_; }

  // The terms for a ticket of `organisation_id` opened at `at`.
  StatusOr<Terms> ForNew(int64_t organisation_id, Timestamp at) const;
  // The terms ticket `timeline` (oldest first, created first) is measured by.
  StatusOr<Terms> For(const std::vector<domain::TicketEvent>& timeline) const;
  // Writes `terms` into a created event.
  static void Record(const Terms& terms, domain::TicketEvent& created);

  const CalendarVersion* CurrentCalendar(int64_t calendar_id) const;
  const PolicyVersion* CurrentPolicy(int64_t policy_id) const;
  const CalendarVersion* CalendarVersionById(int64_t id) const;

 private:
  StatusOr<Terms> Resolve(int64_t contract_id, const PolicyVersion* pv, const CalendarVersion* cv, Timestamp at) const;
  const PolicyVersion* PolicyAt(int64_t policy_id, Timestamp at) const;
  const CalendarVersion* CalendarAt(int64_t calendar_id, Timestamp at) const;

  std::string generation_;
  std::map<int64_t, CalendarVersion> calendar_versions_;  // by version id
  std::map<int64_t, std::vector<const CalendarVersion*>> calendars_;  // by calendar id, by since
  std::map<int64_t, PolicyVersion> policy_versions_;
  std::map<int64_t, std::vector<const PolicyVersion*>> policies_;
  std::map<int64_t, std::vector<domain::Contract>> contracts_;  // by organisation, by start
};

// The current book, reloaded when an administrator changed calendars, policies or contracts.
// Thread-safe.
class SlaBooks {
 public:
  StatusOr<std::shared_ptr<const SlaBook>> Get(store::Tx& tx);
  // Records, in `tx`, that the book changed (every process reloads it at its next use).
  static Status Changed(store::Tx& tx);

 private:
  std::mutex mu_;
  std::shared_ptr<const SlaBook> book_;
};

}  // namespace farol::app
