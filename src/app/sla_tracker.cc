#include "app/sla_tracker.h"

#include <algorithm>
#include <cstdlib>

#include "core/strings.h"

namespace farol::app {

std::string SlaPolicyVersionKey(long long since) { return "sla_policy@" + std::to_string(since); }

std::vector<long long> ParseSlaPolicyVersions(const std::optional<std::string>& text) {
  std::vector<long long> out;
  if (!text) return out;
  for (const std::string& part : Split(*text, ',')) {
    if (!part.empty()) out.push_back(std::atoll(part.c_str()));
  }
  return out;
}

StatusOr<PolicyBook> PolicyBook::Load(store::Tx& tx) {
  PolicyBook book;
  FAROL_ASSIGN_OR_RETURN(auto versions, tx.settings().Get(kSlaPolicyVersionsKey));
  book.since_ = ParseSlaPolicyVersions(versions);
  book.fingerprint_ = versions.value_or("");
  for (long long since : book.since_) {
    FAROL_ASSIGN_OR_RETURN(auto text, tx.settings().Get(SlaPolicyVersionKey(since)));
    book.texts_.push_back(text.value_or(""));
  }
  if (book.since_.empty()) {
    // Saved before versions were kept: in force for every ticket.
    FAROL_ASSIGN_OR_RETURN(auto current, tx.settings().Get(kSlaPolicyKey));
    if (current) book.before_first_text_ = *current;
    book.fingerprint_ = "=" + book.before_first_text_;
  }
  return book;
}

StatusOr<PolicyBook> PolicyBook::Load(store::Store& store) {
  std::optional<PolicyBook> book;
  FAROL_RETURN_IF_ERROR(store.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(book, Load(tx));
    return OkStatus();
  }));
  return std::move(*book);
}

StatusOr<const PolicyBook::Entry*> PolicyBook::For(Timestamp opened) {
  const auto it = std::upper_bound(since_.begin(), since_.end(), ToUnixSeconds(opened));
  const long long index = (it - since_.begin()) - 1;  // -1: before the first version
  auto cached = entries_.find(index);
  if (cached != entries_.end()) return &cached->second;
  Entry e;
  const std::string& text = index < 0 ? before_first_text_ : texts_[size_t(index)];
  if (text.empty()) {
    e.policy = domain::DefaultSlaPolicy();
  } else {
    FAROL_ASSIGN_OR_RETURN(e.policy, domain::SlaPolicy::Parse(text));
  }
  FAROL_ASSIGN_OR_RETURN(e.calendar, domain::BusinessCalendar::Create(e.policy.calendar));
  return &entries_.emplace(index, std::move(e)).first->second;
}

StatusOr<std::shared_ptr<PolicyBook>> SlaTracker::Book(store::Tx& tx) {
  FAROL_ASSIGN_OR_RETURN(auto versions, tx.settings().Get(kSlaPolicyVersionsKey));
  std::string fingerprint = versions.value_or("");
  if (!versions) {
    FAROL_ASSIGN_OR_RETURN(auto current, tx.settings().Get(kSlaPolicyKey));
    fingerprint = "=" + current.value_or("");
  }
  if (book_ && book_->fingerprint() == fingerprint) return book_;
  FAROL_ASSIGN_OR_RETURN(PolicyBook fresh, PolicyBook::Load(tx));
  book_ = std::make_shared<PolicyBook>(std::move(fresh));
  return book_;
}

StatusOr<std::optional<domain::SlaPlan>> SlaTracker::Plan(store::Tx& tx, int64_t ticket_id, Timestamp now,
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
  std::lock_guard lock(mu_);
  FAROL_ASSIGN_OR_RETURN(auto book, Book(tx));
  FAROL_ASSIGN_OR_RETURN(const PolicyBook::Entry* in_force, book->For(timeline.front().at));
  auto history = domain::SlaEventsFromTimeline(timeline, in_force->policy);
  if (!history) return std::optional<domain::SlaPlan>();
  return std::optional<domain::SlaPlan>(domain::PlanSla(*in_force->calendar, *history, in_force->policy, now));
}

Status SlaTracker::Refresh(store::Tx& tx, const std::vector<int64_t>& ids, Timestamp now, bool quiet,
                           const std::map<int64_t, std::vector<domain::TicketEvent>>* opened) {
  for (int64_t id : ids) {
    const auto fresh = opened ? opened->find(id) : decltype(opened->end()){};
    const bool is_new = opened && fresh != opened->end();
    FAROL_ASSIGN_OR_RETURN(auto plan, Plan(tx, id, now, is_new ? &fresh->second : nullptr));
    std::vector<store::SlaTimer> stored;
    if (!is_new) {
      FAROL_ASSIGN_OR_RETURN(stored, tx.sla_timers().ListFor(id));
    }
    auto fired = [&](std::string_view clock, int threshold) {
      return std::any_of(stored.begin(), stored.end(), [&](const store::SlaTimer& t) {
        return t.fired_at && t.clock == clock && t.threshold == threshold;
      });
    };
    // Only the next threshold of each clock is armed: a ticket costs at most two timer rows, and
    // firing one arms the next (AlertService::FireDue refreshes the ticket in the same
    // transaction). A quiet refresh records the thresholds already passed as told.
    store::TicketSlaState state;
    std::vector<store::SlaTimer> timers;
    if (plan) {
      state = {plan->due, plan->warn, plan->breached};
      for (std::string_view clock : {std::string_view("first_response"), std::string_view("resolution")}) {
        for (const domain::SlaAlarm& a : plan->alarms) {  // ascending thresholds
          if (a.clock != clock || fired(a.clock, a.threshold)) continue;
          store::SlaTimer t;
          t.clock = std::string(a.clock);
          t.threshold = a.threshold;
          t.due_at = a.due;
          const bool told = quiet && a.due <= now;
          if (told) t.fired_at = now;
          timers.push_back(std::move(t));
          if (!told) break;
        }
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
