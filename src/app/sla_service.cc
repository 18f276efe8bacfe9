#include "app/sla_service.h"

namespace farol::app {

StatusOr<std::vector<domain::SlaReading>> SlaService::Simulate(const domain::Actor& actor,
                                                               std::span<const domain::SlaScenario> scenarios,
                                                               bool indexed) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, domain::Permission::kTicketRead));
  return domain::SimulateAll(scenarios, indexed, clock_.SystemNow());
}

}  // namespace farol::app
