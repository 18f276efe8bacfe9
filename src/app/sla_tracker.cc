#include "app/sla_tracker.h"

#include <algorithm>
#include <cstdlib>

#include "core/strings.h"

namespace farol::app {

Status SlaTracker::RecordTerms(store::Tx& tx, domain::TicketEvent& created) {
  FAROL_ASSIGN_OR_RETURN(auto book, books_.Get(tx));
  const auto org = created.fields.find("organisation_id");
  const int64_t organisation_id = org == created.fields.end() ? 0 : std::atoll(org->second.c_str());
  FAROL_ASSIGN_OR_RETURN(SlaBook::Terms terms, book->ForNew(organisation_id, created.at));
  SlaBook::Record(terms, created);
  return OkStatus();
}

StatusOr<TicketSla> SlaTracker::Plan(store::Tx& tx, int64_t ticket_id, Timestamp now,
                                     const std::vector<domain::TicketEvent>* known) {
  std::vector<domain::TicketEvent> read;
  if (!known) {
    FAROL_ASSIGN_OR_RETURN(read, tx.tickets().Events(ticket_id, /*include_internal=*/true));
  }
  const std::vector<domain::TicketEvent>& timeline = known ? *known : read;
  if (timeline.empty()) return NotFoundError("ticket", ticket_id);
  // The timeline's last event may be later than `now` only if clocks disagree between
  // processes; judge the clocks no earlier than the history.
  now = std::max(now, timeline.back().at);
  TicketSla out;
  FAROL_ASSIGN_OR_RETURN(out.book, books_.Get(tx));
  FAROL_ASSIGN_OR_RETURN(out.terms, out.book->For(timeline));
  out.history = domain::SlaEventsFromTimeline(timeline, out.terms.sla());
  if (out.history) out.plan = domain::PlanSla(*out.terms.business, *out.history, out.terms.sla(), now);
  return out;
}

Status SlaTracker::Refresh(store::Tx& tx, const std::vector<int64_t>& ids, Timestamp now, bool quiet,
                           const std::map<int64_t, std::vector<domain::TicketEvent>>* opened) {
  for (int64_t id : ids) {
    const auto fresh = opened ? opened->find(id) : decltype(opened->end()){};
    const bool is_new = opened && fresh != opened->end();
    FAROL_ASSIGN_OR_RETURN(TicketSla sla, Plan(tx, id, now, is_new ? &fresh->second : nullptr));
    const std::optional<domain::SlaPlan>& plan = sla.plan;
    std::vector<store::SlaTimer> stored;
    if (!is_new) {
      FAROL_ASSIGN_OR_RETURN(stored, tx.sla_timers().ListFor(id));
    }
    auto fired = [&](std::string_view clock, int threshold) {
      return std::any_of(stored.begin(), stored.end(), [&](const store::SlaTimer& t) {
        return t.fired_at && t.clock == clock && t.threshold == threshold;
      });
    };
    // Only the next threshold of each clock is armed: a ticket costs a few timer rows at most,
    // and firing one arms the next (AlertService::FireDue refreshes the ticket in the same
    // transaction). A quiet refresh records the thresholds already passed as told. The
    // escalation matrix arms its next level the same way.
    store::TicketSlaState state;
    std::vector<store::SlaTimer> timers;
    if (plan) {
      state = {plan->due, plan->warn, plan->breached};
      std::string_view clock;  // alarms come grouped by clock, thresholds ascending
      bool armed_this_clock = false;
      for (const domain::SlaAlarm& a : plan->alarms) {
        if (a.clock != clock) {
          clock = a.clock;
          armed_this_clock = false;
        }
        if (armed_this_clock || fired(a.clock, a.threshold)) continue;
        store::SlaTimer t;
        t.clock = a.clock;
        t.threshold = a.threshold;
        t.due_at = a.due;
        // A quiet backfill never pages anyone for old news, nor escalates for it.
        const bool told = quiet && a.due <= now;
        if (told) t.fired_at = now;
        timers.push_back(std::move(t));
        if (!told) armed_this_clock = true;
      }
    }
    // Most changes (a note, a field) move no clock: then nothing is written.
    std::optional<store::TicketSlaState> before;
    if (!is_new) {
      FAROL_ASSIGN_OR_RETURN(before, tx.sla_timers().Stored(id));
    }
    if (!before || *before != state) FAROL_RETURN_IF_ERROR(tx.sla_timers().SetState(id, state));
    std::vector<const store::SlaTimer*> armed;
    for (const store::SlaTimer& t : stored) {
      if (!t.fired_at) armed.push_back(&t);
    }
    const bool same = armed.size() == timers.size() &&
                      std::equal(timers.begin(), timers.end(), armed.begin(), [](const store::SlaTimer& a, const store::SlaTimer* b) {
                        return !a.fired_at && a.clock == b->clock && a.threshold == b->threshold && a.due_at == b->due_at;
                      });
    if (is_new) {
      FAROL_RETURN_IF_ERROR(tx.sla_timers().AddTimers(id, timers));
    } else if (!same) {
      FAROL_RETURN_IF_ERROR(tx.sla_timers().ReplaceTimers(id, timers));
    }
  }
  return OkStatus();
}

StatusOr<int64_t> SlaTracker::Backfill(store::Store& store, Timestamp now, const std::function<void(int64_t)>& progress,
                                       int batch) {
  int64_t after = 0, done = 0;
  while (true) {
    std::vector<int64_t> ids;
    FAROL_RETURN_IF_ERROR(store.Write([&](store::Tx& tx) -> Status {
      FAROL_ASSIGN_OR_RETURN(ids, tx.sla_timers().Unchecked(after, batch));
      return Refresh(tx, ids, now, /*quiet=*/true);
    }));
    if (ids.empty()) break;
    after = ids.back();
    done += int64_t(ids.size());
    if (progress) progress(done);
  }
  return done;
}

}  // namespace farol::app
