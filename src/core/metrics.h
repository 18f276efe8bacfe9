// Process-local metrics in the Prometheus text exposition format (GET /metrics).
//
// Each farol process exports its own series; Prometheus sums across processes. Counters and
// histograms are lock-free on the hot path; looking a series up by labels takes a shared lock.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace farol::metrics {

class Counter {
 public:
  void Inc(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

class Gauge {
 public:
  void Set(int64_t v) { value_.store(v, std::memory_order_relaxed); }
  void Add(int64_t d) { value_.fetch_add(d, std::memory_order_relaxed); }
  int64_t Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

// Cumulative buckets with upper bounds in the unit the caller observes (seconds by convention).
class Histogram {
 public:
  explicit Histogram(std::vector<double> upper_bounds);
  void Observe(double value);
  const std::vector<double>& bounds() const { return bounds_; }
  // Snapshot: per-bucket (non-cumulative) counts with +Inf last, the sum and the count.
  void Snapshot(std::vector<uint64_t>& buckets, double& sum, uint64_t& count) const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;  // bounds_.size() + 1 (the +Inf bucket)
  std::atomic<uint64_t> sum_micros_{0};              // sum in millionths, to stay lock-free
  std::atomic<uint64_t> count_{0};
};

// Default latency buckets: 100 µs to 10 s.
std::vector<double> LatencyBuckets();

class Registry {
 public:
  // `labels` is the rendered label set without braces, e.g. `route="/api/v1/tickets",method="GET"`
  // (use Label() to escape values). The same name+labels always returns the same object, which
  // lives as long as the registry.
  Counter& GetCounter(std::string_view name, std::string_view help, std::string_view labels = {});
  Gauge& GetGauge(std::string_view name, std::string_view help, std::string_view labels = {});
  Histogram& GetHistogram(std::string_view name, std::string_view help, std::string_view labels,
                          const std::vector<double>& bounds);
  std::string RenderPrometheus() const;

 public:
  struct Family {
    std::string help;
    std::string type;
    std::map<std::string, std::unique_ptr<Counter>, std::less<>> counters;
    std::map<std::string, std::unique_ptr<Gauge>, std::less<>> gauges;
    std::map<std::string, std::unique_ptr<Histogram>, std::less<>> histograms;
  };

 private:
  mutable std::shared_mutex mu_;
  std::map<std::string, Family, std::less<>> families_;
};

// `key="escaped value"`.
std::string Label(std::string_view key, std::string_view value);

}  // namespace farol::metrics
