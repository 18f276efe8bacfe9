#include "domain/sla_report.h"

#include <algorithm>
#include <map>

namespace farol::domain {

ClockStats SummariseClocks(std::span<const ClockReading* const> clocks) {
  ClockStats s;
  std::vector<int64_t> took;
  for (const ClockReading* c : clocks) {
    const bool stopped = c->stopped_at.has_value();
    if (c->breached()) {
      ++s.breached;
    } else if (stopped) {
      ++s.met;
    } else {
      ++s.pending;
    }
    if (stopped) took.push_back(c->elapsed_seconds);
  }
  if (s.met + s.breached > 0) s.met_percent = 100.0 * double(s.met) / double(s.met + s.breached);
  if (!took.empty()) {
    std::sort(took.begin(), took.end());
    const size_t n = took.size();
    int64_t sum = 0;
    for (int64_t t : took) sum += t;
    s.mean_seconds = sum / int64_t(n);
    s.median_seconds = n % 2 ? took[n / 2] : (took[n / 2 - 1] + took[n / 2]) / 2;
    s.p90_seconds = took[(9 * n + 9) / 10 - 1];  // position ceil(0.9 n), 1-based
  }
  return s;
}

SlaReport AggregateSla(std::span<const SlaSample> samples) {
  std::map<std::pair<std::string, std::string>, std::vector<const SlaSample*>> groups;  // (name, key)
  for (const SlaSample& s : samples) groups[{s.group_name, s.group_key}].push_back(&s);
  auto row = [](std::string key, std::string name, const std::vector<const SlaSample*>& members) {
    SlaReportRow r;
    r.key = std::move(key);
    r.name = std::move(name);
    r.tickets = int64_t(members.size());
    std::vector<const ClockReading*> fr, res;
    for (const SlaSample* m : members) {
      fr.push_back(&m->reading.first_response);
      res.push_back(&m->reading.resolution);
    }
    r.first_response = SummariseClocks(fr);
    r.resolution = SummariseClocks(res);
    return r;
  };
  SlaReport report;
  std::vector<const SlaSample*> all;
  for (const auto& [id, members] : groups) {
    report.rows.push_back(row(id.second, id.first, members));
    all.insert(all.end(), members.begin(), members.end());
  }
  report.total = row("", "", all);
  return report;
}

}  // namespace farol::domain
