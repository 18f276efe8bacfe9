// The job scheduler of `farol serve`: fires SLA alert timers and sends their deliveries.
//
// Two threads: one fires timers (quick database work: never held up by a slow receiver), the
// other sends what the outbox holds. Each wakes every `tick`, and the sender also as soon as new
// messages are queued. A tick reads only what is due (indexed by due instant), so an idle desk
// costs next to nothing however many tickets are open. On start, the timer thread first brings
// in step the open tickets whose SLA state was never computed, then fires whatever came due while
// farol was down, once.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "app/alert_service.h"
#include "app/sla_tracker.h"

namespace farol::jobs {

struct SchedulerOptions {
  std::chrono::milliseconds tick{1000};
  // Other quick periodic duties, run on the timer thread every tick (chats nobody picked up).
  std::function<void()> each_tick;
};

class Scheduler {
 public:
  Scheduler(store::Store& store, Clock& clock, app::SlaTracker& tracker, app::AlertService& alerts, app::Sender& sender,
            SchedulerOptions options = {});
  ~Scheduler();  // stops
  void Start();
  // Waits for the threads to finish their current step.
  void Stop();

 private:
  void TimerLoop();
  void DeliveryLoop();
  bool Wait(bool& wake);  // false when stopping

  store::Store& store_;
  Clock& clock_;
  app::SlaTracker& tracker_;
  app::AlertService& alerts_;
  app::Sender& sender_;
  SchedulerOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool timer_wake_ = false;
  bool delivery_wake_ = false;
  std::thread timers_, deliveries_;
};

}  // namespace farol::jobs
