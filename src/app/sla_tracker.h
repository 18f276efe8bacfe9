// Keeps what is stored of each ticket's SLA (the queue columns tickets.sla_* and the alert and
// escalation timers) in step with its timeline: every ticket write refreshes it in the same
// transaction, so a timer is never armed for a change that did not commit, nor missed for one
// that did.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "app/sla_book.h"
#include "domain/calendar.h"
#include "domain/sla_policy.h"
#include "store/store.h"

namespace farol::app {

// What a ticket's SLA is at an instant: the terms it is measured by and, when its type and
// priority have targets, its history and plan.
struct TicketSla {
  std::shared_ptr<const SlaBook> book;  // keeps `terms` alive
  SlaBook::Terms terms;
  std::optional<domain::SlaHistory> history;
  std::optional<domain::SlaPlan> plan;
};

class SlaTracker {
 public:
  explicit SlaTracker(SlaBooks& books) : books_(books) {}

  // Records in a new ticket's created event the terms it will be measured by (SlaBook).
  Status RecordTerms(store::Tx& tx, domain::TicketEvent& created);

  // Recomputes the stored SLA state and alert timers of tickets `ids` at `now`, inside `tx`.
  // With `quiet`, thresholds already passed are recorded as told without alerting (a backfill of
  // tickets that existed before the timers did must not page anyone for old news).
  // `opened` holds the whole timeline of tickets created in this transaction: nothing of their SLA
  // is stored yet, so nothing needs reading (the create path stays fast).
  Status Refresh(store::Tx& tx, const std::vector<int64_t>& ids, Timestamp now, bool quiet = false,
                 const std::map<int64_t, std::vector<domain::TicketEvent>>* opened = nullptr);

  // The ticket's SLA evaluated at `now` (plan nullopt: no targets apply to it); from `timeline`
  // when given, else from the store.
  StatusOr<TicketSla> Plan(store::Tx& tx, int64_t ticket_id, Timestamp now,
                           const std::vector<domain::TicketEvent>* timeline = nullptr);

  // Quietly refreshes every open ticket whose SLA state was never computed, in batches of `batch`
  // per transaction; `progress` hears how many are done after each batch. Returns that number.
  StatusOr<int64_t> Backfill(store::Store& store, Timestamp now, const std::function<void(int64_t)>& progress = {},
                             int batch = 500);

 private:
  SlaBooks& books_;
};

}  // namespace farol::app
