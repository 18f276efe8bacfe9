// The injectable clock (shared/STYLE.md 3.6). Services read it once per use case; the domain
// never reads a clock and receives `now` as an argument instead.
#pragma once

#include <atomic>
#include <chrono>

#include "core/time.h"

namespace farol {

// Thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  // UTC wall time, for instants that are stored or shown to people.
  virtual Timestamp SystemNow() const = 0;
  // For intervals, timeouts and backoff only; never stored.
  virtual std::chrono::steady_clock::time_point MonotonicNow() const = 0;
};

// The real clock; lives for the whole process.
Clock& SystemClock();

// A clock that moves only when told to. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Timestamp start) : now_(ToUnixSeconds(start)) {}
  Timestamp SystemNow() const override { return FromUnixSeconds(now_.load()); }
  std::chrono::steady_clock::time_point MonotonicNow() const override {
    return std::chrono::steady_clock::time_point(std::chrono::seconds(now_.load()));
  }
  void Advance(std::chrono::seconds d) { now_ += d.count(); }
  void Set(Timestamp t) { now_ = ToUnixSeconds(t); }

 private:
  std::atomic<long long> now_;
};

}  // namespace farol
