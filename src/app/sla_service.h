// SLA use cases. Today: simulating clocks for a scenario (a staff tool; contacts are refused).
#pragma once

#include <span>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "domain/access.h"
#include "domain/sla_clock.h"

namespace farol::app {

class SlaService {
 public:
  explicit SlaService(Clock& clock) : clock_(clock) {}

  // Evaluates each scenario at its `now` (default: the clock's). Staff with ticket.read.
  StatusOr<std::vector<domain::SlaReading>> Simulate(const domain::Actor& actor,
                                                     std::span<const domain::SlaScenario> scenarios, bool indexed);

 private:
  Clock& clock_;
};

}  // namespace farol::app
