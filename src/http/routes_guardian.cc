// The customer guardian (docs/GUARDIAN.md): problem records, their ranking, the GUT rule and the
// error categories.
#include <algorithm>

#include "http/api.h"
#include "http/json.h"
#include "http/query.h"
#include "http/router.h"

namespace farol::http {

namespace {

bj::value GradeOrNull(const std::optional<int>& g) { return g ? bj::value(*g) : bj::value(nullptr); }

bj::array SolutionNames(const std::vector<domain::SolutionKind>& kinds) {
  bj::array out;
  for (auto k : kinds) out.emplace_back(domain::Name(k));
  return out;
}

bj::object EncodeScore(const domain::GutScore& s) {
  return {{"score", s.score}, {"max", s.max}, {"level", s.level}, {"required", SolutionNames(s.required)}};
}

bj::object EncodeProblem(const app::GuardianService::View& v) {
  const store::Problem& p = v.problem;
  bj::array orgs, org_ids, tickets, ticket_ids, problems, problem_ids;
  for (const auto& o : p.organisations) {
    orgs.push_back(bj::object{{"id", o.id}, {"name", o.name}, {"segment", domain::Name(o.segment)}});
  }
  for (int64_t id : p.organisation_ids) org_ids.emplace_back(id);
  for (int64_t id : p.ticket_ids) ticket_ids.emplace_back(id);
  for (int64_t id : p.problem_ids) problem_ids.emplace_back(id);
  for (const auto& t : p.tickets) tickets.push_back(bj::object{{"id", t.id}, {"subject", t.title}, {"status", t.status}});
  for (const auto& x : p.problems) problems.push_back(bj::object{{"id", x.id}, {"title", x.title}, {"status", x.status}});
  bj::value reporter = nullptr;
  if (p.reporter_user_id) {
    reporter = bj::object{{"kind", "user"}, {"id", p.reporter_user_id}, {"name", p.reporter_name}};
  } else if (p.reporter_contact_id) {
    reporter = bj::object{{"kind", "contact"}, {"id", p.reporter_contact_id}, {"name", p.reporter_name}};
  }
  bj::value gut = nullptr;
  if (v.gut) {
    bj::object g = EncodeScore(*v.gut);
    g["missing"] = SolutionNames(v.missing);
    gut = std::move(g);
  }
  return {{"id", p.id},
          {"title", p.title},
          {"description", p.description},
          {"reported_at", FormatIso8601(p.reported_at)},
          {"status", p.status},
          {"organisation_ids", std::move(org_ids)},
          {"organisations", std::move(orgs)},
          {"reporter", std::move(reporter)},
          {"error_category", p.error_category},
          {"root_cause", p.root_cause},
          {"cause_category", p.cause_category},
          {"team_id", IdOrNull(p.team_id)},
          {"team_name", p.team_name},
          {"impact", p.impact},
          {"gravity", GradeOrNull(p.gravity)},
          {"urgency", GradeOrNull(p.urgency)},
          {"tendency", GradeOrNull(p.tendency)},
          {"solution_immediate", p.solution_immediate},
          {"solution_long_term", p.solution_long_term},
          {"solution_preventive", p.solution_preventive},
          {"gut", std::move(gut)},
          {"ticket_ids", std::move(ticket_ids)},
          {"tickets", std::move(tickets)},
          {"problem_ids", std::move(problem_ids)},
          {"problems", std::move(problems)},
          {"created_at", FormatIso8601(p.created_at)},
          {"updated_at", FormatIso8601(p.updated_at)},
          {"closed_at", TimeOrNull(p.closed_at)},
          {"version", p.version}};
}

bj::object EncodeSettings(const store::GuardianSettings& s) {
  bj::array bands, categories;
  for (const auto& b : s.gut.bands) {
    bands.push_back(bj::object{{"min", b.min}, {"level", b.level}, {"required", SolutionNames(b.required)}});
  }
  for (const auto& c : s.error_categories) categories.emplace_back(c);
  return {{"gut", bj::object{{"preset", s.gut.preset},
                             {"scale_max", s.gut.scale_max},
                             {"combine", s.gut.combine == domain::GutCombine::kSum ? "sum" : "product"},
                             {"min_score", s.gut.min_score()},
                             {"max_score", s.gut.max_score()},
                             {"bands", std::move(bands)}}},
          {"error_categories", std::move(categories)}};
}

// A grade: a whole number, or null to clear it.
std::optional<std::optional<int>> ReadGrade(Reader& in, std::string_view key) {
  if (!in.Has(key)) return std::nullopt;
  if (in.Raw(key)->is_null()) return std::optional<int>();
  auto g = in.Int(key);
  if (!g) return std::nullopt;
  return std::optional<int>(static_cast<int>(std::clamp<int64_t>(*g, -1, 1000)));
}

// An id, or null (or 0) to clear it.
std::optional<int64_t> ReadOptId(Reader& in, std::string_view key) {
  if (!in.Has(key)) return std::nullopt;
  if (in.Raw(key)->is_null()) return int64_t{0};
  return in.Id(key);
}

app::GuardianService::Fields ReadProblem(Reader& in) {
  app::GuardianService::Fields f;
  f.title = in.String("title");
  f.description = in.String("description");
  f.reported_at = in.Time("reported_at");
  f.organisation_ids = in.Ids("organisation_ids");
  f.reporter_user_id = ReadOptId(in, "reporter_user_id");
  f.reporter_contact_id = ReadOptId(in, "reporter_contact_id");
  f.error_category = in.String("error_category");
  f.root_cause = in.String("root_cause");
  f.cause_category = in.String("cause_category");
  f.team_id = ReadOptId(in, "team_id");
  f.impact = in.String("impact");
  f.gravity = ReadGrade(in, "gravity");
  f.urgency = ReadGrade(in, "urgency");
  f.tendency = ReadGrade(in, "tendency");
  f.solution_immediate = in.String("solution_immediate");
  f.solution_long_term = in.String("solution_long_term");
  f.solution_preventive = in.String("solution_preventive");
  f.ticket_ids = in.Ids("ticket_ids");
  f.problem_ids = in.Ids("problem_ids");
  f.status = in.String("status");
  return f;
}

}  // namespace

void AddGuardianRoutes(Router& r) {
  r.Add("GET", "/api/v1/problems", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    QueryReader q(c.request);
    store::ProblemFilter f;
    const auto status = q.One("status").value_or("open");
    if (status == "open") {
      f.statuses = {"new", "analysing", "action_plan", "monitoring", "reopened"};
    } else if (status == "closed") {
      f.statuses = {"closed"};
    } else if (status != "all") {
      if (!domain::ParseProblemStatus(status)) {
        q.Error("status", "must be open, closed, all, new, analysing, action_plan, monitoring or reopened");
      }
      f.statuses = {status};
    }
    const auto order = q.One("order").value_or(status == "open" ? "rank" : "newest");
    if (order != "rank" && order != "newest") q.Error("order", "must be rank or newest");
    f.rank = order == "rank";
    if (auto ids = q.Ids("team_id"); !ids.empty()) f.team_id = ids.front();
    if (auto ids = q.Ids("organisation_id"); !ids.empty()) f.organisation_id = ids.front();
    if (auto ids = q.Ids("before_id"); !ids.empty()) f.before_id = ids.front();
    f.error_category = q.One("error_category").value_or("");
    f.cause_category = q.One("cause_category").value_or("");
    f.limit = q.Int("limit", 1, 200).value_or(50);
    if (Status s = q.Finish(); !s.ok()) return ProblemResponse(s);
    auto list = c.app.guardian().List(c.actor(), f);
    if (!list.ok()) return ProblemResponse(list.status());
    bj::array items;
    for (const auto& v : *list) items.push_back(EncodeProblem(v));
    return JsonResponse(200, bj::object{{"items", std::move(items)}});
  });
  r.Add("POST", "/api/v1/problems", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kProblemWrite); !s.ok()) return ProblemResponse(s);
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    const auto f = ReadProblem(*in);
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto made = c.app.guardian().Create(c.actor(), f);
    if (!made.ok()) return ProblemResponse(made.status());
    return JsonResponse(201, EncodeProblem(*made));
  });
  r.Add("GET", "/api/v1/problems/{id}", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto v = c.app.guardian().Get(c.actor(), *id);
    if (!v.ok()) return ProblemResponse(v.status());
    return JsonResponse(200, EncodeProblem(*v));
  });
  r.Add("PATCH", "/api/v1/problems/{id}", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kProblemWrite); !s.ok()) return ProblemResponse(s);
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    auto version = in->Int("version");
    if (!version && !in->Has("version")) in->Error("version", "is required: the version you last saw");
    const auto f = ReadProblem(*in);
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto saved = c.app.guardian().Update(c.actor(), *id, f, *version);
    if (!saved.ok()) return ProblemResponse(saved.status());
    return JsonResponse(200, EncodeProblem(*saved));
  });
  r.Add("POST", "/api/v1/tickets/{id}/raise-problem", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kProblemRaise); !s.ok()) return ProblemResponse(s);
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    std::optional<std::string> title, description;
    if (!c.request.body.empty()) {
      auto in = Reader::Parse(c.request.body);
      if (!in.ok()) return ProblemResponse(in.status());
      title = in->String("title");
      description = in->String("description");
      if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    }
    auto made = c.app.guardian().RaiseFromTicket(c.actor(), *id, title, description);
    if (!made.ok()) return ProblemResponse(made.status());
    return JsonResponse(201, EncodeProblem(*made));
  });
  r.Add("GET", "/api/v1/guardian/settings", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto s = c.app.guardian().Settings(c.actor());
    if (!s.ok()) return ProblemResponse(s.status());
    return JsonResponse(200, EncodeSettings(*s));
  });
  r.Add("PUT", "/api/v1/guardian/settings", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kProblemWrite); !s.ok()) return ProblemResponse(s);
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    app::GuardianService::SettingsFields f;
    if (const bj::value* gut = in->Raw("gut")) {
      if (!gut->is_object()) {
        in->Error("gut", "must be an object: a preset's name, or a custom rule");
      } else {
        Reader g(gut->as_object());
        domain::GutRule rule;
        rule.preset = g.String("preset").value_or("custom");
        if (rule.preset != "custom" && !domain::GutPreset(rule.preset)) {
          g.Error("preset", "must be seed, classic or custom");
        }
        if (auto n = g.Int("scale_max")) rule.scale_max = static_cast<int>(std::clamp<int64_t>(*n, -1, 1000));
        if (auto combine = g.String("combine")) {
          if (*combine == "product") rule.combine = domain::GutCombine::kProduct;
          else if (*combine != "sum") g.Error("combine", "must be sum or product");
        }
        rule.bands.clear();
        if (const bj::value* bands = g.Raw("bands"); bands && bands->is_array()) {
          for (size_t i = 0; i < bands->as_array().size(); ++i) {
            const bj::value& b = bands->as_array()[i];
            const std::string at = "bands[" + std::to_string(i) + "]";
            if (!b.is_object()) {
              g.Error(at, "must be an object");
              continue;
            }
            Reader one(b.as_object());
            domain::GutBand band;
            if (auto m = one.Int("min")) band.min = static_cast<int>(std::clamp<int64_t>(*m, -1, 100000));
            band.level = one.String("level").value_or("");
            for (const auto& k : one.Strings("required").value_or(std::vector<std::string>())) {
              if (auto kind = domain::ParseSolutionKind(k)) band.required.push_back(*kind);
              else one.Error("required", "each is immediate, long_term or preventive");
            }
            if (Status s = one.Finish(); !s.ok()) {
              for (const auto& e : s.field_errors()) g.Error(at + "." + e.field, e.message);
            }
            rule.bands.push_back(std::move(band));
          }
        } else if (rule.preset == "custom") {
          g.Error("bands", "a custom rule needs its bands");
        }
        if (Status s = g.Finish(); !s.ok()) {
          for (const auto& e : s.field_errors()) in->Error("gut." + e.field, e.message);
        }
        f.gut = std::move(rule);
      }
    }
    f.error_categories = in->Strings("error_categories");
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto saved = c.app.guardian().SaveSettings(c.actor(), f);
    if (!saved.ok()) return ProblemResponse(saved.status());
    return JsonResponse(200, EncodeSettings(*saved));
  });
  r.Add("POST", "/api/v1/guardian/gut-preview", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    int grades[3] = {0, 0, 0};
    const char* names[3] = {"gravity", "urgency", "tendency"};
    for (int i = 0; i < 3; ++i) {
      auto g = in->Int(names[i]);
      if (!g && !in->Has(names[i])) in->Error(names[i], "is required");
      grades[i] = static_cast<int>(std::clamp<int64_t>(g.value_or(0), -1, 1000));
    }
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto score = c.app.guardian().Preview(c.actor(), grades[0], grades[1], grades[2]);
    if (!score.ok()) return ProblemResponse(score.status());
    return JsonResponse(200, EncodeScore(*score));
  });
}

}  // namespace farol::http
