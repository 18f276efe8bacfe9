// SLA routes: the policy in force (GET/PUT /api/v1/settings/sla-policy), a ticket's clocks
// (GET /api/v1/tickets/{id}/sla, or a page of them with GET /api/v1/sla/clocks?ids=…), and POST /api/v1/sla/simulate, which evaluates scenarios
// (http/sla_json.h) without touching stored data. Who may do what is decided in app::SlaService.
#include <charconv>

#include "http/api.h"
#include "http/json.h"
#include "http/sla_json.h"

namespace farol::http {

namespace {

// ?from=…&to=… (dates or date-times), both required.
void ReadPeriod(RequestContext& c, FieldErrors& errors, std::optional<Timestamp>& from, std::optional<Timestamp>& to) {
  for (auto [name, out] : {std::pair{"from", &from}, std::pair{"to", &to}}) {
    const std::string* v = c.request.Query(name);
    if (!v) {
      errors.Add(name, "is required (a date like 2026-03-01, or a date-time)");
      continue;
    }
    auto t = ParseIso8601(*v);
    if (t.ok()) *out = *t;
    else errors.Add(name, "must be a date like 2026-03-01, or a date-time");
  }
}

}  // namespace

void AddSlaRoutes(Router& r) {
  r.Add("GET", "/api/v1/settings/sla-policy", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto policy = c.app.sla_admin().GetDefaultPolicy(c.actor());
    if (!policy.ok()) return ProblemResponse(policy.status());
    return JsonResponse(200, EncodeSlaPolicy(*policy));
  });
  r.Add("PUT", "/api/v1/settings/sla-policy", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kCatalogWrite); !s.ok()) return ProblemResponse(s);
    PolicyRulesPresent present;
    auto policy = ParseSlaPolicy(c.request.body, &present);
    if (!policy.ok()) return ProblemResponse(policy.status());
    if (!present.escalation || !present.responses) {
      auto current = c.app.sla_admin().GetDefaultPolicy(c.actor());
      if (!current.ok()) return ProblemResponse(current.status());
      KeepRulesLeftOut(present, *current, *policy);
    }
    if (Status s = c.app.sla_admin().SetDefaultPolicy(c.actor(), *policy); !s.ok()) return ProblemResponse(s);
    auto saved = c.app.sla_admin().GetDefaultPolicy(c.actor());
    if (!saved.ok()) return ProblemResponse(saved.status());
    return JsonResponse(200, EncodeSlaPolicy(*saved));
  });
  r.Add("GET", "/api/v1/tickets/{id}/sla", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto clocks = c.app.sla().Clocks(c.actor(), *id);
    if (!clocks.ok()) return ProblemResponse(clocks.status());
    return JsonResponse(200, EncodeTicketClocks(*clocks));
  });
  r.Add("GET", "/api/v1/sla/clocks", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    std::vector<int64_t> ids;
    for (const std::string& v : c.request.QueryList("ids")) {
      int64_t id = 0;
      const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), id);
      if (ec != std::errc() || end != v.data() + v.size() || id <= 0) {
        return ProblemResponse(FieldInvalidError("ids", "must be ticket numbers separated by commas"));
      }
      ids.push_back(id);
    }
    if (ids.empty() || ids.size() > 100) {
      return ProblemResponse(FieldInvalidError("ids", "must list 1 to 100 ticket numbers"));
    }
    auto clocks = c.app.sla().ClocksOf(c.actor(), ids);
    if (!clocks.ok()) return ProblemResponse(clocks.status());
    bj::array items;
    items.reserve(clocks->size());
    for (const app::TicketClocks& x : *clocks) items.push_back(EncodeTicketClocks(x));
    return JsonResponse(200, bj::object{{"items", std::move(items)}});
  });
  r.Add("GET", "/api/v1/reports/ola", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    FieldErrors errors;
    std::optional<Timestamp> from, to;
    ReadPeriod(c, errors, from, to);
    if (!errors.empty()) return ProblemResponse(errors.ToStatus());
    auto report = c.app.sla().OlaComplianceReport(c.actor(), *from, *to);
    if (!report.ok()) return ProblemResponse(report.status());
    bj::object out = EncodeOlaReport(*report);
    out["from"] = FormatIso8601(*from);
    out["to"] = FormatIso8601(*to);
    return JsonResponse(200, out);
  });
  r.Add("GET", "/api/v1/reports/sla", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    FieldErrors errors;
    std::optional<Timestamp> from, to;
    ReadPeriod(c, errors, from, to);
    app::SlaService::GroupBy by = app::SlaService::GroupBy::kOrganisation;
    if (const std::string* v = c.request.Query("by")) {
      if (*v == "type") by = app::SlaService::GroupBy::kType;
      else if (*v == "priority") by = app::SlaService::GroupBy::kPriority;
      else if (*v == "team") by = app::SlaService::GroupBy::kTeam;
      else if (*v != "organisation") errors.Add("by", "must be one of organisation, type, priority, team");
    }
    if (!errors.empty()) return ProblemResponse(errors.ToStatus());
    auto report = c.app.sla().ComplianceReport(c.actor(), *from, *to, by);
    if (!report.ok()) return ProblemResponse(report.status());
    bj::object out = EncodeSlaReport(report->compliance);
    out["from"] = FormatIso8601(*from);
    out["to"] = FormatIso8601(*to);
    out["by"] = c.request.Query("by") ? *c.request.Query("by") : std::string("organisation");
    out["tickets"] = report->tickets;
    out["without_sla"] = report->without_sla;
    return JsonResponse(200, out);
  });
  r.Add("POST", "/api/v1/sla/simulate", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    auto scenarios = ParseSlaScenarios(c.request.body);
    if (!scenarios.ok()) return ProblemResponse(scenarios.status());
    auto readings = c.app.sla().Simulate(c.actor(), scenarios->items, scenarios->many);
    if (!readings.ok()) return ProblemResponse(readings.status());
    return JsonResponse(200, EncodeSlaSimulations(*readings, scenarios->many));
  });
}

}  // namespace farol::http
