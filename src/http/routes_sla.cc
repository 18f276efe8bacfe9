// SLA routes. POST /api/v1/sla/simulate evaluates scenarios (http/sla_json.h) without touching
// stored data; it is a staff tool (contacts are refused, by app::SlaService).
#include "http/api.h"
#include "http/json.h"
#include "http/sla_json.h"

namespace farol::http {

void AddSlaRoutes(Router& r) {
  r.Add("POST", "/api/v1/sla/simulate", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    auto scenarios = ParseSlaScenarios(c.request.body);
    if (!scenarios.ok()) return ProblemResponse(scenarios.status());
    auto readings = c.app.sla().Simulate(c.actor(), scenarios->items, scenarios->many);
    if (!readings.ok()) return ProblemResponse(readings.status());
    return JsonResponse(200, EncodeSlaSimulations(*readings, scenarios->many));
  });
}

}  // namespace farol::http
