// Token buckets, one per key: at most `rate_per_minute` admissions a minute, refilled
// continuously, with a burst of a whole minute's worth. Per process (a second server process
// has its own buckets). Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>

#include "core/clock.h"

namespace farol {

class RateLimiter {
 public:
  explicit RateLimiter(const Clock& clock) : clock_(clock) {}
  // nullopt when admitted (a token is taken); otherwise the whole seconds until the next token.
  std::optional<int> Admit(int64_t key, int rate_per_minute);

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point at;
  };
  const Clock& clock_;
  std::mutex mu_;
  std::map<int64_t, Bucket> buckets_;
};

}  // namespace farol
