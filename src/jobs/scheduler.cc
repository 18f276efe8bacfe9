#include "jobs/scheduler.h"

#include <spdlog/spdlog.h>

namespace farol::jobs {

Scheduler::Scheduler(store::Store& store, Clock& clock, app::SlaTracker& tracker, app::AlertService& alerts,
                     app::Sender& sender, SchedulerOptions options)
    : store_(store), clock_(clock), tracker_(tracker), alerts_(alerts), sender_(sender), options_(options) {}

Scheduler::~Scheduler() { Stop(); }

void Scheduler::Start() {
  timers_ = std::thread([this] { TimerLoop(); });
  deliveries_ = std::thread([this] { DeliveryLoop(); });
}

void Scheduler::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (timers_.joinable()) timers_.join();
  if (deliveries_.joinable()) deliveries_.join();
}

bool Scheduler::Wait(bool& wake) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, options_.tick, [&] { return stopping_ || wake; });
  wake = false;
  return !stopping_;
}

void Scheduler::TimerLoop() {
  auto backfilled = tracker_.Backfill(store_, clock_.SystemNow(), [](int64_t done) {
    if (done % 10000 == 0) spdlog::info("SLA: {} open tickets brought in step", done);
  });
  if (!backfilled.ok()) {
    spdlog::error("SLA: could not bring open tickets in step: {}", backfilled.status().message());
  } else if (*backfilled > 0) {
    spdlog::info("SLA: {} open tickets brought in step (their past thresholds count as told)", *backfilled);
  }
  do {
    if (options_.each_tick) options_.each_tick();
    auto fired = alerts_.FireDue();
    if (!fired.ok()) {
      spdlog::warn("SLA alerts: {}", fired.status().message());
    } else if (fired->deliveries > 0) {
      {
        std::lock_guard lock(mu_);
        delivery_wake_ = true;
      }
      cv_.notify_all();
    }
  } while (Wait(timer_wake_));
}

void Scheduler::DeliveryLoop() {
  do {
    while (true) {
      auto done = alerts_.DeliverDue(sender_);
      if (!done.ok()) {
        spdlog::warn("alert deliveries: {}", done.status().message());
        break;
      }
      if (done->failed + done->dead > 0) {
        spdlog::warn("alert deliveries: {} sent, {} to retry, {} dead", done->sent, done->failed, done->dead);
      }
      if (done->sent + done->failed + done->dead == 0) break;
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
  } while (Wait(delivery_wake_));
}

}  // namespace farol::jobs
