#include "core/rate_limit.h"

#include <algorithm>
#include <cmath>

namespace farol {

std::optional<int> RateLimiter::Admit(int64_t key, int rate_per_minute) {
  const auto now = clock_.MonotonicNow();
  const double rate = static_cast<double>(std::max(rate_per_minute, 1));
  std::lock_guard lock(mu_);
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{rate, now});
  Bucket& b = it->second;
  if (!fresh) {
    const double seconds = std::chrono::duration<double>(now - b.at).count();
    b.tokens = std::min(rate, b.tokens + seconds * rate / 60.0);
    b.at = now;
  }
  if (b.tokens < 1.0) return std::max(static_cast<int>(std::ceil((1.0 - b.tokens) * 60.0 / rate)), 1);
  b.tokens -= 1.0;
  return std::nullopt;
}

}  // namespace farol
