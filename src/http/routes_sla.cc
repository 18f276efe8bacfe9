// SLA routes. POST /api/v1/sla/simulate evaluates scenarios (http/sla_json.h) without touching
// stored data; it is a staff tool (contacts are refused).
#include "http/api.h"
#include "http/json.h"
#include "http/sla_json.h"

namespace farol::http {

void AddSlaRoutes(Router& r) {
  r.Add("POST", "/api/v1/sla/simulate", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kTicketRead); !s.ok()) return ProblemResponse(s);
    auto answer = SimulateSla(c.request.body, c.app.clock().SystemNow());
    if (!answer.ok()) return ProblemResponse(answer.status());
    return JsonResponse(200, *answer);
  });
}

}  // namespace farol::http
