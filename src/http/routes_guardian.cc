// The customer guardian (docs/GUARDIAN.md): problem records, their ranking, the GUT rule and the
// error categories.
#include <algorithm>

#include "http/api.h"
#include "http/json.h"
#include "http/patch.h"
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

bj::value UserOrNull(int64_t id, const std::string& name) {
  if (!id) return nullptr;
  return bj::object{{"id", id}, {"name", name}};
}

bj::object EncodeProblemAction(const store::ProblemAction& a, Timestamp now) {
  return {{"id", a.id},
          {"problem_id", a.problem_id},
          {"problem_title", a.problem_title},
          {"kind", a.kind},
          {"title", a.title},
          {"owner", bj::object{{"id", a.owner_user_id}, {"name", a.owner_name}}},
          {"team_id", IdOrNull(a.team_id)},
          {"team_name", a.team_name},
          {"due_at", FormatIso8601(a.due_at)},
          {"status", a.status},
          {"evidence", a.evidence},
          {"done_at", TimeOrNull(a.done_at)},
          {"done_by", UserOrNull(a.done_by, a.done_by_name)},
          {"overdue", a.status == "open" && a.due_at < now},
          {"overdue_alerted_at", TimeOrNull(a.overdue_alerted_at)},
          {"created_at", FormatIso8601(a.created_at)},
          {"updated_at", FormatIso8601(a.updated_at)},
          {"version", a.version}};
}

bj::object EncodeProblemFile(const store::ProblemFile& f) {
  return {{"id", f.id},
          {"problem_id", f.problem_id},
          {"filename", f.filename},
          {"size", f.size},
          {"content_type", f.content_type},
          {"uploaded_by", UserOrNull(f.uploaded_by, f.uploaded_by_name)},
          {"created_at", FormatIso8601(f.created_at)}};
}

bj::object EncodeProblemEvent(const store::ProblemEvent& e) {
  return {{"id", e.id},
          {"type", e.type},
          {"at", FormatIso8601(e.at)},
          {"author", UserOrNull(e.author_user_id, e.author_name)},
          {"body", e.body},
          {"field", e.field},
          {"from", e.from},
          {"to", e.to},
          {"ref", e.ref}};
}

bj::object EncodeProblemSummary(const store::Problem& p) {
  return {{"id", p.id},
          {"title", p.title},
          {"status", p.status},
          {"error_category", p.error_category},
          {"root_cause", p.root_cause},
          {"group_id", IdOrNull(p.group_id)},
          {"reported_at", FormatIso8601(p.reported_at)}};
}

bj::value DaysOrNull(Timestamp from, const std::optional<Timestamp>& to) {
  if (!to) return nullptr;
  return domain::DaysBetween(from, *to);
}

bj::object EncodeProblem(const app::GuardianService::View& v, Timestamp now) {
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
          {"group_id", IdOrNull(p.group_id)},
          {"group", [&] {
             bj::array out;
             for (const auto& m : v.group) out.push_back(EncodeProblemSummary(m));
             return out;
           }()},
          {"actions", [&] {
             bj::array out;
             for (const auto& a : v.actions) out.push_back(EncodeProblemAction(a, now));
             return out;
           }()},
          {"files", [&] {
             bj::array out;
             for (const auto& f : v.files) out.push_back(EncodeProblemFile(f));
             return out;
           }()},
          {"fixed_at", TimeOrNull(v.fixed_at)},
          {"prevented_at", TimeOrNull(v.prevented_at)},
          {"time_to_fix_days", DaysOrNull(p.reported_at, v.fixed_at)},
          {"time_to_prevention_days", DaysOrNull(p.reported_at, v.prevented_at)},
          {"recurred", [&] {
             bj::array out;
             for (int64_t id : v.recurred) out.emplace_back(id);
             return out;
           }()},
          {"version", p.version}};
}

bj::object EncodeSuggestions(const std::vector<app::GuardianService::Suggestion>& list) {
  bj::array items;
  for (const auto& s : list) {
    // Two decimals: what a person reads as a percentage.
    const double rounded = static_cast<double>(static_cast<int>(s.similarity * 100 + 0.5)) / 100.0;
    items.push_back(
        bj::object{{"problem", EncodeProblemSummary(s.problem)}, {"similarity", rounded}, {"same_category", s.same_category}});
  }
  return {{"items", std::move(items)}};
}


bj::array EncodeCounts(const std::vector<domain::KeyCount>& list) {
  bj::array out;
  for (const auto& k : list) out.push_back(bj::object{{"key", k.key}, {"id", IdOrNull(k.id)}, {"count", k.count}});
  return out;
}

bj::object EncodeMonthReport(const app::GuardianService::MonthReport& m) {
  const domain::GuardianMonthReport& r = m.report;
  bj::array trend, causes;
  for (const auto& p : r.trend) trend.push_back(bj::object{{"month", p.month}, {"recorded", p.recorded}, {"closed", p.closed}});
  for (const auto& c : r.top_causes) {
    causes.push_back(bj::object{{"group_id", c.group_id},
                                {"root_cause", c.root_cause},
                                {"records", c.records},
                                {"in_month", c.in_month},
                                {"last_reported", FormatIso8601(c.last_reported)}});
  }
  bj::value team = nullptr;
  if (m.team_id) team = bj::object{{"id", m.team_id}, {"name", m.team_name}};
  bj::value fix = nullptr, prevention = nullptr;
  if (r.average_days_to_fix) fix = *r.average_days_to_fix;
  if (r.average_days_to_prevention) prevention = *r.average_days_to_prevention;
  return {{"month", r.month},
          {"time_zone", m.time_zone},
          {"team", std::move(team)},
          {"recorded", r.recorded},
          {"closed", r.closed},
          {"open_at_end", r.open_at_end},
          {"by_error_category", EncodeCounts(r.by_error_category)},
          {"by_cause_category", EncodeCounts(r.by_cause_category)},
          {"by_team", EncodeCounts(r.by_team)},
          {"by_segment", EncodeCounts(r.by_segment)},
          {"by_level", EncodeCounts(r.by_level)},
          {"trend", std::move(trend)},
          {"actions", bj::object{{"due", r.actions.due},
                                 {"done_on_time", r.actions.done_on_time},
                                 {"done_late", r.actions.done_late},
                                 {"open_late", r.actions.open_late},
                                 {"cancelled", r.actions.cancelled},
                                 {"on_time_percent", r.actions.on_time_percent},
                                 {"average_days_late", r.actions.average_days_late}}},
          {"fixed", r.fixed},
          {"average_days_to_fix", std::move(fix)},
          {"prevented", r.prevented},
          {"average_days_to_prevention", std::move(prevention)},
          {"top_causes", std::move(causes)}};
}

app::GuardianService::ActionFields ReadAction(Reader& in) {
  app::GuardianService::ActionFields f;
  f.kind = in.String("kind");
  f.title = in.String("title");
  f.owner_user_id = in.Id("owner_user_id");
  if (in.Has("team_id")) f.team_id = in.Raw("team_id")->is_null() ? std::optional<int64_t>(0) : in.Id("team_id");
  f.due_at = in.Time("due_at");
  f.status = in.String("status");
  f.evidence = in.String("evidence");
  return f;
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
          {"error_categories", std::move(categories)},
          {"alert_channel_ids", [&] {
             bj::array ids;
             for (int64_t id : s.alert_channel_ids) ids.emplace_back(id);
             return ids;
           }()}};
}

// The settings; who may set the alert channels sees which there are (names and kinds, never their
// addresses or secrets: listing the channels themselves is for admins).
HttpResponse SettingsResponse(RequestContext& c, const store::GuardianSettings& s) {
  bj::object out = EncodeSettings(s);
  if (domain::Has(c.actor(), domain::Permission::kProblemWrite)) {
    auto channels = c.app.guardian().AlertChannelChoices(c.actor());
    if (!channels.ok()) return ProblemResponse(channels.status());
    bj::array choices;
    for (const auto& ch : *channels) {
      choices.push_back(bj::object{{"id", ch.id}, {"name", ch.name}, {"kind", domain::Name(ch.kind)}, {"active", ch.active}});
    }
    out["alert_channel_choices"] = std::move(choices);
  }
  return JsonResponse(200, out);
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
  // 0 as well as null leaves the group.
  if (const bj::value* g = in.Raw("group_with"); g && g->is_int64() && g->as_int64() == 0) {
    f.group_with = 0;
    (void)in.Int("group_with");
  } else {
    f.group_with = ReadOptId(in, "group_with");
  }
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
    if (auto ids = q.Ids("group_id"); !ids.empty()) f.group_id = ids.front();
    if (auto ids = q.Ids("reporter_user_id"); !ids.empty()) f.reporter_user_id = ids.front();
    if (auto segment = q.One("segment")) {
      f.segment = domain::ParseSegment(*segment);
      if (!f.segment) q.Error("segment", "must be smb, mid_market or enterprise");
    }
    f.reported_from = q.Time("reported_from");
    f.reported_before = q.Time("reported_to");
    const std::string level = q.One("level").value_or("");
    f.error_category = q.One("error_category").value_or("");
    f.cause_category = q.One("cause_category").value_or("");
    f.limit = q.Int("limit", 1, 200).value_or(50);
    if (Status s = q.Finish(); !s.ok()) return ProblemResponse(s);
    auto list = c.app.guardian().List(c.actor(), f, level);
    if (!list.ok()) return ProblemResponse(list.status());
    bj::array items;
    for (const auto& v : *list) items.push_back(EncodeProblem(v, c.app.clock().SystemNow()));
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
    return JsonResponse(201, EncodeProblem(*made, c.app.clock().SystemNow()));
  });
  r.Add("GET", "/api/v1/problems/{id}", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto v = c.app.guardian().Get(c.actor(), *id);
    if (!v.ok()) return ProblemResponse(v.status());
    return JsonResponse(200, EncodeProblem(*v, c.app.clock().SystemNow()));
  });
  r.Add("PATCH", "/api/v1/problems/{id}", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kProblemWrite); !s.ok()) return ProblemResponse(s);
    return PatchWithVersion(
        c, ReadProblem, [&](int64_t id, const auto& f, int64_t v) { return c.app.guardian().Update(c.actor(), id, f, v); },
        [&](const auto& saved) { return EncodeProblem(saved, c.app.clock().SystemNow()); });
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
    return JsonResponse(201, EncodeProblem(*made, c.app.clock().SystemNow()));
  });
  r.Add("GET", "/api/v1/guardian/settings", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto s = c.app.guardian().Settings(c.actor());
    if (!s.ok()) return ProblemResponse(s.status());
    return SettingsResponse(c, *s);
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
    f.alert_channel_ids = in->Ids("alert_channel_ids");
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto saved = c.app.guardian().SaveSettings(c.actor(), f);
    if (!saved.ok()) return ProblemResponse(saved.status());
    return SettingsResponse(c, *saved);
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
  // The apology inbox without a mailbox: an .eml uploaded as it is.
  r.Add("POST", "/api/v1/problems/from-email", Access::kSignedIn, BodyKind::kAttachment, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kProblemWrite); !s.ok()) return ProblemResponse(s);
    auto made = c.app.guardian().RecordEmail(c.actor(), c.request.body);
    if (!made.ok()) return ProblemResponse(made.status());
    HttpResponse res = JsonResponse(made->existing ? 200 : 201, EncodeProblem(made->view, c.app.clock().SystemNow()));
    res.Set("Location", "/api/v1/problems/" + std::to_string(made->view.problem.id));
    return res;
  });

  // ---- action plans ----
  r.Add("POST", "/api/v1/problems/{id}/actions", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kProblemWrite); !s.ok()) return ProblemResponse(s);
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    const auto f = ReadAction(*in);
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto made = c.app.guardian().CreateAction(c.actor(), *id, f);
    if (!made.ok()) return ProblemResponse(made.status());
    return JsonResponse(201, EncodeProblemAction(*made, c.app.clock().SystemNow()));
  });
  r.Add("PATCH", "/api/v1/problem-actions/{id}", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (!c.actor().IsStaff()) {
      if (Status s = domain::Require(c.actor(), domain::Permission::kProblemWrite); !s.ok()) return ProblemResponse(s);
    }
    return PatchWithVersion(
        c, ReadAction,
        [&](int64_t id, const auto& f, int64_t v) { return c.app.guardian().UpdateAction(c.actor(), id, f, v); },
        [&](const auto& saved) { return EncodeProblemAction(saved, c.app.clock().SystemNow()); });
  });
  r.Add("GET", "/api/v1/problem-actions", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    QueryReader q(c.request);
    store::ActionFilter f;
    const auto status = q.One("status").value_or("open");
    if (status == "all") {
    } else if (domain::ParseActionStatus(status)) {
      f.statuses = {status};
    } else {
      q.Error("status", "must be open, done, cancelled or all");
    }
    if (auto ids = q.Ids("team_id"); !ids.empty()) f.team_id = ids.front();
    if (auto ids = q.Ids("owner_id"); !ids.empty()) f.owner_id = ids.front();
    if (auto ids = q.Ids("problem_id"); !ids.empty()) f.problem_id = ids.front();
    const Timestamp now = c.app.clock().SystemNow();
    if (q.Bool("overdue").value_or(false)) {
      f.due_before = now;
      f.statuses = {"open"};
    }
    f.limit = q.Int("limit", 1, 1000).value_or(200);
    if (Status s = q.Finish(); !s.ok()) return ProblemResponse(s);
    auto list = c.app.guardian().Actions(c.actor(), f);
    if (!list.ok()) return ProblemResponse(list.status());
    bj::array items;
    for (const auto& a : *list) items.push_back(EncodeProblemAction(a, now));
    return JsonResponse(200, bj::object{{"items", std::move(items)}});
  });

  // ---- discussion and files ----
  r.Add("GET", "/api/v1/problems/{id}/events", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto list = c.app.guardian().Events(c.actor(), *id);
    if (!list.ok()) return ProblemResponse(list.status());
    return JsonResponse(200, bj::object{{"items", EncodeAll(*list, EncodeProblemEvent)}});
  });
  r.Add("POST", "/api/v1/problems/{id}/comments", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kProblemRead); !s.ok()) return ProblemResponse(s);
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    auto body = in->String("body");
    if (!body && !in->Has("body")) in->Error("body", "is required");
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto e = c.app.guardian().Comment(c.actor(), *id, *body);
    if (!e.ok()) return ProblemResponse(e.status());
    return JsonResponse(201, EncodeProblemEvent(*e));
  });
  r.Add("POST", "/api/v1/problems/{id}/attachments", Access::kSignedIn, BodyKind::kAttachment, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kProblemWrite); !s.ok()) return ProblemResponse(s);
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    QueryReader q(c.request);
    auto filename = q.One("filename");
    if (!filename) q.Error("filename", "is required (the file's name, e.g. ?filename=log.txt)");
    if (Status s = q.Finish(); !s.ok()) return ProblemResponse(s);
    auto f = c.app.guardian().Attach(c.actor(), *id, *filename, c.request.body);
    if (!f.ok()) return ProblemResponse(f.status());
    HttpResponse res = JsonResponse(201, EncodeProblemFile(*f));
    res.Set("Location", "/api/v1/problem-files/" + std::to_string(f->id));
    return res;
  });
  r.Add("GET", "/api/v1/problem-files/{id}", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto file = c.app.guardian().OpenFile(c.actor(), *id);
    if (!file.ok()) return ProblemResponse(file.status());
    return FileDownload(file->second, file->first.content_type, file->first.filename, file->first.sha256);
  });

  // ---- recurrence ----
  r.Add("GET", "/api/v1/problems/{id}/suggestions", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto list = c.app.guardian().SuggestForProblem(c.actor(), *id);
    if (!list.ok()) return ProblemResponse(list.status());
    return JsonResponse(200, EncodeSuggestions(*list));
  });
  r.Add("GET", "/api/v1/tickets/{id}/problem-suggestions", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto list = c.app.guardian().SuggestForTicket(c.actor(), *id);
    if (!list.ok()) return ProblemResponse(list.status());
    return JsonResponse(200, EncodeSuggestions(*list));
  });
  r.Add("POST", "/api/v1/guardian/suggest", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kProblemRead); !s.ok()) return ProblemResponse(s);
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    auto text = in->String("text");
    if (!text && !in->Has("text")) in->Error("text", "is required");
    const auto category = in->String("error_category").value_or("");
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto list = c.app.guardian().Suggest(c.actor(), *text, category);
    if (!list.ok()) return ProblemResponse(list.status());
    return JsonResponse(200, EncodeSuggestions(*list));
  });
  // ---- monthly reports ----
  r.Add("GET", "/api/v1/guardian/reports/monthly", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    QueryReader q(c.request);
    const auto month = q.One("month");
    int64_t team_id = 0;
    if (auto ids = q.Ids("team_id"); !ids.empty()) team_id = ids.front();
    const auto format = q.One("format").value_or("json");
    if (format != "json" && format != "pdf") q.Error("format", "must be json or pdf");
    if (Status s = q.Finish(); !s.ok()) return ProblemResponse(s);
    if (format == "pdf") {
      auto pdf = c.app.guardian().MonthlyPdf(c.actor(), month, team_id);
      if (!pdf.ok()) return ProblemResponse(pdf.status());
      HttpResponse res;
      res.status = 200;
      res.body = std::move(*pdf);
      res.Set("Content-Type", "application/pdf");
      res.Set("Content-Disposition", "attachment; filename=\"guardian-" + month.value_or("report") + ".pdf\"");
      res.Set("Cache-Control", "private, no-store");
      return res;
    }
    auto report = c.app.guardian().Monthly(c.actor(), month, team_id);
    if (!report.ok()) return ProblemResponse(report.status());
    return JsonResponse(200, EncodeMonthReport(*report));
  });
  r.Add("POST", "/api/v1/guardian/reports/monthly/send", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kProblemWrite); !s.ok()) return ProblemResponse(s);
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    const auto month = in->String("month");
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto sent = c.app.guardian().SendMonthly(c.actor(), month);
    if (!sent.ok()) return ProblemResponse(sent.status());
    bj::array done, skipped;
    for (const auto& [team, to] : sent->sent) done.push_back(bj::object{{"team", team}, {"to", to}});
    for (const auto& [team, why] : sent->skipped) skipped.push_back(bj::object{{"team", team}, {"reason", why}});
    return JsonResponse(202, bj::object{{"sent", std::move(done)}, {"skipped", std::move(skipped)}});
  });
}

}  // namespace farol::http
