// SLA compliance: tickets' clocks summed up per group (organisation, type, priority or team).
//
// For each clock (first response, resolution) of the tickets in a group:
//   met       stopped within its target
//   breached  past its target, stopped or still counting
//   pending   still counting (running or paused) and not yet past its target: undecided
//   met_percent = met / (met + breached) × 100, over decided clocks only (none: no figure)
//   mean / median / p90 of the business seconds the stopped clocks took (met or breached):
//     mean rounded down to the second; median the middle value (the mean of the two middle ones,
//     rounded down, for an even count); p90 the nearest-rank 90th percentile (the value at
//     position ceil(0.9 × n) of the sorted times).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/sla_clock.h"

namespace farol::domain {

struct ClockStats {
  int64_t met = 0;
  int64_t breached = 0;
  int64_t pending = 0;
  std::optional<double> met_percent;
  std::optional<int64_t> mean_seconds, median_seconds, p90_seconds;
};

struct SlaSample {
  std::string group_key;   // e.g. "12" (an id), "incident", "P1"; "" = none (no team)
  std::string group_name;  // what people read
  SlaReading reading;
};

struct SlaReportRow {
  std::string key;
  std::string name;
  int64_t tickets = 0;
  ClockStats first_response;
  ClockStats resolution;
};

struct SlaReport {
  std::vector<SlaReportRow> rows;  // by name, then key
  SlaReportRow total;              // every sample
};

ClockStats SummariseClocks(std::span<const ClockReading* const> clocks);
SlaReport AggregateSla(std::span<const SlaSample> samples);

}  // namespace farol::domain
