#include "core/clock.h"

namespace farol {
namespace {

class RealClock final : public Clock {
 public:
  Timestamp SystemNow() const override {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  }
  std::chrono::steady_clock::time_point MonotonicNow() const override {
    return std::chrono::steady_clock::now();
  }
};

}  // namespace

Clock& SystemClock() {
  static RealClock* clock = new RealClock();  // never deleted: used until the process ends
  return *clock;
}

}  // namespace farol
