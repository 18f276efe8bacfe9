#include "app/ticket_watch.h"

namespace farol::app {

TicketWatch::Subscription TicketWatch::Subscribe(int64_t ticket_id, Listener listener) {
  auto entry = std::make_shared<Entry>(Entry{std::move(listener)});
  std::lock_guard lock(mu_);
  auto& list = by_ticket_[ticket_id];
  std::erase_if(list, [](const std::weak_ptr<Entry>& w) { return w.expired(); });
  list.push_back(entry);
  return entry;
}

void TicketWatch::Publish(int64_t ticket_id) {
  std::vector<std::shared_ptr<Entry>> live;
  {
    std::lock_guard lock(mu_);
    auto it = by_ticket_.find(ticket_id);
    if (it == by_ticket_.end()) return;
    auto& list = it->second;
    std::erase_if(list, [](const std::weak_ptr<Entry>& w) { return w.expired(); });
    for (const auto& w : list) {
      if (auto e = w.lock()) live.push_back(std::move(e));
    }
    if (list.empty()) by_ticket_.erase(it);
  }
  // Outside the lock: a listener may take its own locks or subscribe again.
  for (const auto& e : live) e->listener(ticket_id);
}

size_t TicketWatch::subscribers(int64_t ticket_id) const {
  std::lock_guard lock(mu_);
  auto it = by_ticket_.find(ticket_id);
  if (it == by_ticket_.end()) return 0;
  size_t n = 0;
  for (const auto& w : it->second) n += !w.expired();
  return n;
}

}  // namespace farol::app
