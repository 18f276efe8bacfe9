#include "core/metrics.h"

#include <cmath>
#include <cstdio>
#include <mutex>

namespace farol::metrics {

Histogram::Histogram(std::vector<double> upper_bounds)
    : bounds_(std::move(upper_bounds)),
      counts_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) counts_[i].store(0);
}

void Histogram::Observe(double value) {
  size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i]) ++i;
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  const double micros = value * 1e6;
  sum_micros_.fetch_add(micros > 0 ? static_cast<uint64_t>(std::llround(micros)) : 0,
                        std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

void Histogram::Snapshot(std::vector<uint64_t>& buckets, double& sum, uint64_t& count) const {
  buckets.resize(bounds_.size() + 1);
  for (size_t i = 0; i <= bounds_.size(); ++i) buckets[i] = counts_[i].load();
  sum = static_cast<double>(sum_micros_.load()) / 1e6;
  count = count_.load();
}

std::vector<double> LatencyBuckets() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
          0.05,   0.1,     0.25,   0.5,   1,      2.5,   5,    10};
}

namespace {

// Finds `labels` in the series of family `name`, or creates family and series. The common case
// (both exist) takes only a shared lock, so concurrent requests do not serialise here.
template <typename T, typename Members, typename Make>
T& FindOrCreate(std::shared_mutex& mu, std::map<std::string, Registry::Family, std::less<>>& families,
                std::string_view name, std::string_view help, std::string_view type, std::string_view labels,
                Members members, Make make) {
  {
    std::shared_lock lock(mu);
    auto f = families.find(name);
    if (f != families.end()) {
      auto& series = f->second.*members;
      auto it = series.find(labels);
      if (it != series.end()) return *it->second;
    }
  }
  std::unique_lock lock(mu);
  auto f = families.find(name);
  if (f == families.end()) {
    f = families.emplace(std::string(name), Registry::Family{}).first;
    f->second.help = help;
    f->second.type = type;
  }
  auto& series = f->second.*members;
  auto [it, inserted] = series.try_emplace(std::string(labels));
  if (inserted) it->second = make();
  return *it->second;
}

}  // namespace

Counter& Registry::GetCounter(std::string_view name, std::string_view help, std::string_view labels) {
  return FindOrCreate<Counter>(mu_, families_, name, help, "counter", labels, &Family::counters,
                               [] { return std::make_unique<Counter>(); });
}

Gauge& Registry::GetGauge(std::string_view name, std::string_view help, std::string_view labels) {
  return FindOrCreate<Gauge>(mu_, families_, name, help, "gauge", labels, &Family::gauges,
                             [] { return std::make_unique<Gauge>(); });
}

Histogram& Registry::GetHistogram(std::string_view name, std::string_view help, std::string_view labels,
                                  const std::vector<double>& bounds) {
  return FindOrCreate<Histogram>(mu_, families_, name, help, "histogram", labels, &Family::histograms,
                                 [&] { return std::make_unique<Histogram>(bounds); });
}

namespace {

std::string FormatDouble(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string WithLabels(std::string_view name, std::string_view labels, std::string_view extra = {}) {
  std::string s(name);
  if (labels.empty() && extra.empty()) return s;
  s += '{';
  s += labels;
  if (!labels.empty() && !extra.empty()) s += ',';
  s += extra;
  s += '}';
  return s;
}

}  // namespace

std::string Registry::RenderPrometheus() const {
  std::shared_lock lock(mu_);
  std::string out;
  for (const auto& [name, fam] : families_) {
    out += "# HELP " + name + " " + fam.help + "\n";
    out += "# TYPE " + name + " " + fam.type + "\n";
    for (const auto& [labels, c] : fam.counters) {
      out += WithLabels(name, labels) + " " + std::to_string(c->Value()) + "\n";
    }
    for (const auto& [labels, g] : fam.gauges) {
      out += WithLabels(name, labels) + " " + std::to_string(g->Value()) + "\n";
    }
    for (const auto& [labels, h] : fam.histograms) {
      std::vector<uint64_t> buckets;
      double sum;
      uint64_t count;
      h->Snapshot(buckets, sum, count);
      uint64_t cumulative = 0;
      for (size_t i = 0; i < buckets.size(); ++i) {
        cumulative += buckets[i];
        const std::string le =
            i < h->bounds().size() ? FormatDouble(h->bounds()[i]) : std::string("+Inf");
        out += WithLabels(name + "_bucket", labels, "le=\"" + le + "\"") + " " +
               std::to_string(cumulative) + "\n";
      }
      out += WithLabels(name + "_sum", labels) + " " + FormatDouble(sum) + "\n";
      out += WithLabels(name + "_count", labels) + " " + std::to_string(count) + "\n";
    }
  }
  return out;
}

std::string Label(std::string_view key, std::string_view value) {
  std::string s(key);
  s += "=\"";
  for (char c : value) {
    if (c == '\\' || c == '"') {
      s += '\\';
      s += c;
    } else if (c == '\n') {
      s += "\\n";
    } else {
      s += c;
    }
  }
  s += '"';
  return s;
}

}  // namespace farol::metrics
