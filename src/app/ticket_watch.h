// In-process fan-out of "ticket N changed": the live views (Server-Sent Events) subscribe to the
// tickets on screen; TicketService publishes after every durable change. Changes made by another
// process are noticed by the subscribers' own periodic checks (see http/routes_live.cc).
// Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace farol::app {

class TicketWatch {
 public:
  using Listener = std::function<void(int64_t ticket_id)>;
  using Subscription = std::shared_ptr<void>;

  // `listener` is called (on the publishing thread) for every change of `ticket_id` until the
  // returned subscription is released.
  Subscription Subscribe(int64_t ticket_id, Listener listener);
  void Publish(int64_t ticket_id);
  size_t subscribers(int64_t ticket_id) const;

 private:
  struct Entry {
    Listener listener;
  };
  mutable std::mutex mu_;
  std::map<int64_t, std::vector<std::weak_ptr<Entry>>> by_ticket_;
};

}  // namespace farol::app
