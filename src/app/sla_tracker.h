// Keeps what is stored of each ticket's SLA (the queue columns tickets.sla_* and the alert timers)
// in step with its timeline: every ticket write refreshes it in the same transaction, so a timer
// is never armed for a change that did not commit, nor missed for one that did.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/calendar.h"
#include "domain/sla_policy.h"
#include "store/store.h"

namespace farol::app {

// Every SLA policy version (settings "sla_policy@<since>"), each with its calendar compiled once,
// chosen by a ticket's creation: a policy change applies to tickets opened from then on.
class PolicyBook {
 public:
  struct Entry {
    domain::SlaPolicy policy;
    std::shared_ptr<const domain::BusinessCalendar> calendar;
  };
  static StatusOr<PolicyBook> Load(store::Tx& tx);
  static StatusOr<PolicyBook> Load(store::Store& store);
  // The policy in force at `opened` (the default before any was saved). Not thread-safe.
  StatusOr<const Entry*> For(Timestamp opened);
  // The text that identifies this set of versions (changes whenever a policy is saved).
  const std::string& fingerprint() const { return fingerprint_; }

 private:
  std::vector<long long> since_;
  std::vector<std::string> texts_;
  std::string before_first_text_;
  std::string fingerprint_;
  std::map<long long, Entry> entries_;
};

// The settings keys of the policy versions (app/sla_service.cc writes them).
inline constexpr std::string_view kSlaPolicyKey = "sla_policy";
inline constexpr std::string_view kSlaPolicyVersionsKey = "sla_policy.versions";
std::string SlaPolicyVersionKey(long long since);
std::vector<long long> ParseSlaPolicyVersions(const std::optional<std::string>& text);

class SlaTracker {
 public:
  // Recomputes the stored SLA state and alert timers of tickets `ids` at `now`, inside `tx`.
  // With `quiet`, thresholds already passed are recorded as told without alerting (a backfill of
  // tickets that existed before the timers did must not page anyone for old news).
  // `opened` holds the whole timeline of tickets created in this transaction: nothing of their SLA
  // is stored yet, so nothing needs reading (the create path stays fast).
  Status Refresh(store::Tx& tx, const std::vector<int64_t>& ids, Timestamp now, bool quiet = false,
                 const std::map<int64_t, std::vector<domain::TicketEvent>>* opened = nullptr);

  // The plan for one ticket (nullopt: no SLA applies to it), evaluated at `now`; from `timeline`
  // when given, else from the store.
  StatusOr<std::optional<domain::SlaPlan>> Plan(store::Tx& tx, int64_t ticket_id, Timestamp now,
                                                const std::vector<domain::TicketEvent>* timeline = nullptr);

  // Quietly refreshes every open ticket whose SLA state was never computed, in batches of `batch`
  // per transaction; `progress` hears how many are done after each batch. Returns that number.
  StatusOr<int64_t> Backfill(store::Store& store, Timestamp now, const std::function<void(int64_t)>& progress = {},
                             int batch = 500);

 private:
  // The book for this transaction's policy versions (reloaded only when a policy was saved).
  StatusOr<std::shared_ptr<PolicyBook>> Book(store::Tx& tx);
  std::mutex mu_;  // guards book_ and every use of it (PolicyBook::For fills a cache)
  std::shared_ptr<PolicyBook> book_;
};

}  // namespace farol::app
