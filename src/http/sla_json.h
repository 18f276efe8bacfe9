// SLA scenarios in JSON: what `farol sla simulate` and POST /api/v1/sla/simulate read and print.
//
// A scenario (docs/SLA.md has the full reference):
//   {"calendar":{"timezone":"America/Sao_Paulo","week":{"mon":[["08:00","12:00"],["13:00","18:00"]],…},
//                "holidays":["2026-11-20","12-25"],"always_open":false},
//    "targets":{"first_response_minutes":120,"resolution_minutes":960},
//    "pause_statuses":["pending_customer"],"warn_at_percent":80,"response_events":["public_reply"],
//    "events":[{"at":"2026-11-19T20:30:00Z","type":"created","status":"new"},…],
//    "now":"2026-11-24T12:00:00Z"}
// A JSON array of scenarios gives an array of answers. Any problem in any scenario refuses the
// whole request with every problem named by its path ("[1].events[3].at").
#pragma once

#include <boost/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "app/sla_service.h"
#include "domain/sla_clock.h"
#include "domain/sla_policy.h"
#include "domain/sla_report.h"

namespace farol::http {

// At most this many scenarios per request, and events per scenario.
inline constexpr size_t kMaxSlaScenarios = 1000;
inline constexpr size_t kMaxSlaEvents = 10000;

StatusOr<domain::SlaScenario> ParseSlaScenario(const boost::json::value& v, std::string_view path);

// {"first_response":{"state","due","elapsed_seconds","breached"},
//  "resolution":{"state","due","warn_at","elapsed_seconds","paused_seconds","breached"}}
boost::json::object EncodeSlaSimulation(const domain::SlaReading& r);

struct SlaScenarios {
  std::vector<domain::SlaScenario> items;
  bool many = false;  // the body was an array (answer with an array)
};
// One scenario or an array of them; kInvalidArgument naming every problem of every scenario.
StatusOr<SlaScenarios> ParseSlaScenarios(std::string_view body);
// The answer: an object, or an array of objects when `many`.
boost::json::value EncodeSlaSimulations(const std::vector<domain::SlaReading>& readings, bool many);

// The SLA policy in the API:
//   {"calendar":{…as in a scenario…},
//    "targets":[{"type":"incident","priority":"P1","first_response_minutes":15,"resolution_minutes":240},…],
//    "pause_statuses":["pending_customer"],"warn_percents":[50,75,90],"calls_count_as_response":false}
boost::json::object EncodeSlaPolicy(const domain::SlaPolicy& p);
// A whole policy (PUT): calendar and targets required; the rest default as in a new installation.
StatusOr<domain::SlaPolicy> ParseSlaPolicy(std::string_view body);

// {"rows":[{"key","name","tickets","first_response":{…},"resolution":{…}}],"total":{…}}, each
// clock as {"met","breached","pending","met_percent","mean_seconds","median_seconds","p90_seconds"}.
// OLA compliance per team (GET /api/v1/reports/ola).
boost::json::object EncodeOlaReport(const app::SlaService::OlaReport& r);
boost::json::object EncodeSlaReport(const domain::SlaReport& r);

// A ticket's clocks (GET /api/v1/tickets/{id}/sla).
boost::json::object EncodeTicketClocks(const app::TicketClocks& c);

}  // namespace farol::http
