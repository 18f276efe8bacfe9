// Running independent pieces of work on a few threads.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace farol {

// Calls fn(i) for every i in [0, n) on up to `threads` threads (the calling thread is one of
// them); each thread takes the next i not yet taken, so one slow piece holds up one thread only.
// Returns when every call has returned. fn must be safe to call concurrently.
template <typename Fn>
void ParallelFor(size_t n, size_t threads, Fn&& fn) {
  threads = std::clamp<size_t>(threads, 1, std::max<size_t>(n, 1));
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < n;) fn(i);
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& th : pool) th.join();
}

}  // namespace farol
