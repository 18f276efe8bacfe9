// What tickets are measured by (docs/CONTRACTS.md; who may do what is decided in
// app::SlaAdminService and app::SlaService):
//   GET/POST /api/v1/calendars, GET/PUT /api/v1/calendars/{id}, GET …/{id}/versions,
//   POST …/{id}/holidays (a holiday file's text), POST …/{id}/reapply (to open tickets, audited);
//   GET/POST /api/v1/sla/policies, GET/PUT /api/v1/sla/policies/{id};
//   GET/POST /api/v1/contracts, GET/PUT /api/v1/contracts/{id}, GET …/{id}/compliance (the thermometer);
//   GET /api/v1/audit (who changed what).
#include <cstdio>

#include "core/strings.h"
#include "http/api.h"
#include "http/json.h"
#include "http/query.h"
#include "http/sla_json.h"

namespace farol::http {

namespace {

bj::object EncodeCalendarInfo(const app::CalendarInfo& c) {
  bj::object o = EncodeCalendar(c.spec);
  o["id"] = c.stored.id;
  o["name"] = c.stored.name;
  o["default"] = c.stored.id == app::kDefaultCalendarId;
  o["version"] = c.stored.version;
  o["version_id"] = c.stored.version_id;
  o["created_at"] = FormatIso8601(c.stored.created_at);
  o["updated_at"] = FormatIso8601(c.stored.updated_at);
  return o;
}

bj::object EncodeAuthor(domain::ActorRef a, const std::string& name) {
  return {{"kind", domain::Name(a.kind)}, {"id", IdOrNull(a.id)}, {"name", name}};
}

bj::object EncodeVersion(const store::TextVersion& v) {
  return {{"id", v.id}, {"since", FormatIso8601(v.since)}, {"author", EncodeAuthor(v.author, v.author_name)}};
}

bj::object EncodePolicyInfo(const app::PolicyInfo& p) {
  bj::object o = EncodePolicyRules(p.policy);
  o["id"] = p.stored.id;
  o["name"] = p.stored.name;
  o["default"] = p.stored.id == app::kDefaultPolicyId;
  o["calendar_id"] = IdOrNull(p.policy.calendar_id);
  o["version"] = p.stored.version;
  o["version_id"] = p.stored.version_id;
  o["created_at"] = FormatIso8601(p.stored.created_at);
  o["updated_at"] = FormatIso8601(p.stored.updated_at);
  return o;
}

bj::value DateOrNull(const std::optional<domain::CivilDate>& d) {
  return d ? bj::value(domain::FormatCivilDate(*d)) : bj::value(nullptr);
}

// 9500 basis points -> 95 ; 9525 -> 95.25
bj::value Percent(int basis_points) {
  if (basis_points % 100 == 0) return basis_points / 100;
  return double(basis_points) / 100.0;
}

bj::object EncodeContract(const domain::Contract& c) {
  bj::array targets;
  for (const auto& t : c.compliance) {
    targets.push_back(bj::object{{"type", domain::Name(t.type)}, {"clock", t.clock}, {"percent", Percent(t.basis_points)}});
  }
  return {{"id", c.id},
          {"organisation_id", c.organisation_id},
          {"name", c.name},
          {"starts_on", domain::FormatCivilDate(c.starts_on)},
          {"ends_on", DateOrNull(c.ends_on)},
          {"renewal_on", DateOrNull(c.renewal_on)},
          {"monthly_value_minor", c.monthly_value_minor},
          {"currency", c.currency},
          {"currency_decimals", domain::CurrencyDecimals(c.currency)},
          {"policy_id", c.policy_id},
          {"calendar_id", IdOrNull(c.calendar_id)},
          {"compliance_targets", std::move(targets)},
          {"notes", c.notes},
          {"starts_at", FormatIso8601(c.starts_at)},
          {"ends_at", TimeOrNull(c.ends_at)},
          {"version", c.version},
          {"created_at", FormatIso8601(c.created_at)},
          {"updated_at", FormatIso8601(c.updated_at)}};
}

std::optional<int64_t> VersionOf(Walker& w, const bj::object& o) {
  const bj::value* v = o.if_contains("version");
  if (!v || !v->is_int64() || v->get_int64() < 1) {
    w.Add("version", "is required: the version you last read");
    return std::nullopt;
  }
  return v->get_int64();
}

std::string NameOf(Walker& w, const bj::object& o) {
  const bj::value* n = o.if_contains("name");
  if (!n) {
    w.Add("name", "is required");
    return "";
  }
  auto s = w.String(*n, "name");
  return s ? std::string(*s) : "";
}

struct CalendarBody {
  std::string name;
  domain::CalendarSpec spec;
  int64_t version = 0;
};

StatusOr<CalendarBody> ReadCalendarBody(std::string_view body, bool update) {
  FAROL_ASSIGN_OR_RETURN(bj::value v, ParseJson(body));
  FieldErrors errors;
  Walker w(errors);
  CalendarBody out;
  const bj::object* o = w.Object(v, "calendar");
  if (!o) return errors.ToStatus("The calendar is not valid");
  out.name = NameOf(w, *o);
  if (update) {
    ReadCalendar(w, v, "", out.spec, {"name", "version"});
    out.version = VersionOf(w, *o).value_or(0);
  } else {
    ReadCalendar(w, v, "", out.spec, {"name"});
  }
  FAROL_RETURN_IF_ERROR(errors.ToStatus("The calendar is not valid"));
  return out;
}

struct PolicyBody {
  std::string name;
  domain::SlaPolicy policy;
  PolicyRulesPresent present;
  int64_t version = 0;
};

StatusOr<PolicyBody> ReadPolicyBody(std::string_view body, bool update) {
  FAROL_ASSIGN_OR_RETURN(bj::value v, ParseJson(body));
  FieldErrors errors;
  Walker w(errors);
  PolicyBody out;
  const bj::object* o = w.Object(v, "policy");
  if (!o) return errors.ToStatus("The SLA policy is not valid");
  std::vector<std::string_view> known(kPolicyRuleKeys.begin(), kPolicyRuleKeys.end());
  known.insert(known.end(), {"name", "calendar_id"});
  if (update) known.push_back("version");
  for (const auto& kv : *o) {
    if (std::find(known.begin(), known.end(), std::string_view(kv.key())) == known.end()) {
      w.Add(std::string(kv.key()), "is not a known field");
    }
  }
  out.name = NameOf(w, *o);
  out.policy.warn_percents = {50, 75, 90};
  if (const bj::value* c = o->if_contains("calendar_id"); c && c->is_int64() && c->get_int64() > 0) {
    out.policy.calendar_id = c->get_int64();
  } else {
    w.Add("calendar_id", "is required: the calendar the policy counts business time on");
  }
  ReadPolicyRules(w, *o, out.policy, out.present);
  if (update) out.version = VersionOf(w, *o).value_or(0);
  FAROL_RETURN_IF_ERROR(errors.ToStatus("The SLA policy is not valid"));
  return out;
}

std::optional<domain::CivilDate> ReadDate(Reader& in, std::string_view key, bool required) {
  auto s = in.NullableString(key);
  if (!s || s->empty()) {
    if (required) in.Error(std::string(key), "is required: a date like 2026-01-01");
    return std::nullopt;
  }
  auto d = domain::ParseCivilDate(*s);
  if (!d) in.Error(std::string(key), "must be a date like 2026-01-01");
  return d;
}

StatusOr<std::pair<domain::Contract, int64_t>> ReadContractBody(std::string_view body, bool update) {
  FAROL_ASSIGN_OR_RETURN(Reader in, Reader::Parse(body));
  domain::Contract c;
  c.organisation_id = in.Int("organisation_id").value_or(0);
  if (!in.Has("organisation_id")) in.Error("organisation_id", "is required");
  c.name = in.String("name").value_or("");
  if (!in.Has("name")) in.Error("name", "is required");
  c.starts_on = ReadDate(in, "starts_on", true).value_or(domain::CivilDate{});
  c.ends_on = ReadDate(in, "ends_on", false);
  c.renewal_on = ReadDate(in, "renewal_on", false);
  c.monthly_value_minor = in.Int("monthly_value_minor").value_or(0);
  c.currency = in.String("currency").value_or("");
  if (!in.Has("currency")) in.Error("currency", "is required: an ISO 4217 code such as BRL");
  c.policy_id = in.Int("policy_id").value_or(0);
  c.calendar_id = in.Id("calendar_id").value_or(0);
  c.notes = in.String("notes").value_or("");
  if (const bj::value* t = in.Raw("compliance_targets")) {
    if (!t->is_array()) {
      in.Error("compliance_targets", "must be a list of {type, clock, percent}");
    } else {
      const bj::array& a = t->get_array();
      for (size_t i = 0; i < a.size(); ++i) {
        const std::string p = "compliance_targets[" + std::to_string(i) + "]";
        if (!a[i].is_object()) {
          in.Error(p, "must be an object {type, clock, percent}");
          continue;
        }
        const bj::object& o = a[i].get_object();
        for (const auto& kv : o) {
          if (kv.key() != "type" && kv.key() != "clock" && kv.key() != "percent") {
            in.Error(p + "." + std::string(kv.key()), "is not a known field");
          }
        }
        domain::ComplianceTarget target;
        std::optional<domain::TicketType> type;
        if (const auto* x = o.if_contains("type"); x && x->is_string()) type = domain::ParseTicketType(x->get_string());
        if (!type) in.Error(p + ".type", domain::OneOf(domain::TicketTypeNames()));
        target.type = type.value_or(domain::TicketType::kIncident);
        if (const auto* x = o.if_contains("clock")) {
          if (x->is_string()) target.clock = std::string(x->get_string());
          else in.Error(p + ".clock", "must be resolution or first_response");
        }
        const auto* pct = o.if_contains("percent");
        if (pct && pct->is_number() && pct->to_number<double>() > 0 && pct->to_number<double>() <= 100) {
          const double bp = pct->to_number<double>() * 100;
          target.basis_points = int(bp + 0.5);
          if (std::abs(bp - target.basis_points) > 1e-6) in.Error(p + ".percent", "may have at most two decimals");
        } else {
          in.Error(p + ".percent", "must be a number above 0 and at most 100");
        }
        c.compliance.push_back(target);
      }
    }
  }
  int64_t version = 0;
  if (update) {
    auto v = in.Int("version");
    if (!v) in.Error("version", "is required: the version you last read");
    version = v.value_or(0);
  }
  // The contract's own rules too, so that one answer names every problem.
  FieldErrors rules;
  c.Validate(rules);
  const Status broken = rules.ToStatus();
  for (const FieldError& e : broken.field_errors()) {
    // A required member left out was reported as such already.
    const bool required = e.field == "starts_on" || e.field == "organisation_id" || e.field == "name" ||
                          e.field == "currency" || e.field == "policy_id";
    if (!required || in.Has(e.field)) in.Error(e.field, e.message);
  }
  FAROL_RETURN_IF_ERROR(in.Finish());
  return std::pair{std::move(c), version};
}

bj::object EncodeAudit(const store::AuditEntry& e) {
  return {{"id", e.id},
          {"at", FormatIso8601(e.at)},
          {"actor", EncodeAuthor(e.actor, e.actor_name)},
          {"action", e.action},
          {"object_kind", e.object_kind},
          {"object_id", IdOrNull(e.object_id)},
          {"detail", e.detail}};
}

bj::object EncodeStats(const domain::ClockStats& s) {
  return {{"met", s.met},
          {"breached", s.breached},
          {"pending", s.pending},
          {"met_percent", PercentValue(s.met_percent)}};
}

}  // namespace

void AddSlaAdminRoutes(Router& r) {
  // ---- calendars
  r.Add("GET", "/api/v1/calendars", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto list = c.app.sla_admin().Calendars(c.actor());
    if (!list.ok()) return ProblemResponse(list.status());
    return JsonResponse(200, bj::object{{"items", EncodeAll(*list, EncodeCalendarInfo)}});
  });
  r.Add("POST", "/api/v1/calendars", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kCatalogWrite); !s.ok()) return ProblemResponse(s);
    auto body = ReadCalendarBody(c.request.body, false);
    if (!body.ok()) return ProblemResponse(body.status());
    auto created = c.app.sla_admin().CreateCalendar(c.actor(), body->name, body->spec);
    if (!created.ok()) return ProblemResponse(created.status());
    return JsonResponse(201, EncodeCalendarInfo(*created));
  });
  r.Add("GET", "/api/v1/calendars/{id}", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto cal = c.app.sla_admin().GetCalendar(c.actor(), *id);
    if (!cal.ok()) return ProblemResponse(cal.status());
    return JsonResponse(200, EncodeCalendarInfo(*cal));
  });
  r.Add("PUT", "/api/v1/calendars/{id}", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kCatalogWrite); !s.ok()) return ProblemResponse(s);
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto body = ReadCalendarBody(c.request.body, true);
    if (!body.ok()) return ProblemResponse(body.status());
    auto saved = c.app.sla_admin().UpdateCalendar(c.actor(), *id, body->name, body->spec, body->version);
    if (!saved.ok()) return ProblemResponse(saved.status());
    return JsonResponse(200, EncodeCalendarInfo(*saved));
  });
  r.Add("GET", "/api/v1/calendars/{id}/versions", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto list = c.app.sla_admin().CalendarVersions(c.actor(), *id);
    if (!list.ok()) return ProblemResponse(list.status());
    return JsonResponse(200, bj::object{{"items", EncodeAll(*list, EncodeVersion)}});
  });
  r.Add("POST", "/api/v1/calendars/{id}/holidays", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kCatalogWrite); !s.ok()) return ProblemResponse(s);
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    auto text = in->String("text");
    if (!in->Has("text")) in->Error("text", "is required: the holiday file's lines (2026-11-20 or 12-25, then a name)");
    const bool replace = in->Bool("replace").value_or(false);
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto set = domain::ParseHolidayFile(text.value_or(""));
    if (!set.ok()) return ProblemResponse(set.status());
    auto imported = c.app.sla_admin().ImportHolidays(c.actor(), *id, *set, replace);
    if (!imported.ok()) return ProblemResponse(imported.status());
    return JsonResponse(200, bj::object{{"added", imported->added},
                                        {"total", imported->total},
                                        {"calendar", EncodeCalendarInfo(imported->calendar)}});
  });
  r.Add("POST", "/api/v1/calendars/{id}/reapply", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kCatalogWrite); !s.ok()) return ProblemResponse(s);
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    auto reason = in->String("reason");
    if (!in->Has("reason")) in->Error("reason", "is required: why the open tickets' clocks change");
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto done = c.app.sla_admin().ReapplyCalendar(c.actor(), *id, reason.value_or(""));
    if (!done.ok()) return ProblemResponse(done.status());
    return JsonResponse(200, bj::object{{"tickets", done->tickets}, {"version_id", done->version_id}});
  });

  // ---- SLA policies
  r.Add("GET", "/api/v1/sla/policies", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto list = c.app.sla_admin().Policies(c.actor());
    if (!list.ok()) return ProblemResponse(list.status());
    return JsonResponse(200, bj::object{{"items", EncodeAll(*list, EncodePolicyInfo)}});
  });
  r.Add("POST", "/api/v1/sla/policies", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kCatalogWrite); !s.ok()) return ProblemResponse(s);
    auto body = ReadPolicyBody(c.request.body, false);
    if (!body.ok()) return ProblemResponse(body.status());
    auto created = c.app.sla_admin().CreatePolicy(c.actor(), body->name, std::move(body->policy));
    if (!created.ok()) return ProblemResponse(created.status());
    return JsonResponse(201, EncodePolicyInfo(*created));
  });
  r.Add("GET", "/api/v1/sla/policies/{id}", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto p = c.app.sla_admin().GetPolicy(c.actor(), *id);
    if (!p.ok()) return ProblemResponse(p.status());
    return JsonResponse(200, EncodePolicyInfo(*p));
  });
  r.Add("PUT", "/api/v1/sla/policies/{id}", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kCatalogWrite); !s.ok()) return ProblemResponse(s);
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto body = ReadPolicyBody(c.request.body, true);
    if (!body.ok()) return ProblemResponse(body.status());
    if (!body->present.escalation || !body->present.responses) {
      // Left out: they stay as they are.
      auto current = c.app.sla_admin().GetPolicy(c.actor(), *id);
      if (!current.ok()) return ProblemResponse(current.status());
      KeepRulesLeftOut(body->present, current->policy, body->policy);
    }
    auto saved = c.app.sla_admin().UpdatePolicy(c.actor(), *id, body->name, std::move(body->policy), body->version);
    if (!saved.ok()) return ProblemResponse(saved.status());
    return JsonResponse(200, EncodePolicyInfo(*saved));
  });

  // ---- contracts
  r.Add("GET", "/api/v1/contracts", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    QueryReader q(c.request);
    int64_t org = 0;
    if (auto ids = q.Ids("organisation_id"); !ids.empty()) org = ids.front();
    if (Status s = q.Finish(); !s.ok()) return ProblemResponse(s);
    auto list = c.app.sla_admin().Contracts(c.actor(), org);
    if (!list.ok()) return ProblemResponse(list.status());
    return JsonResponse(200, bj::object{{"items", EncodeAll(*list, EncodeContract)}});
  });
  r.Add("POST", "/api/v1/contracts", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kContractWrite); !s.ok()) return ProblemResponse(s);
    auto body = ReadContractBody(c.request.body, false);
    if (!body.ok()) return ProblemResponse(body.status());
    auto created = c.app.sla_admin().CreateContract(c.actor(), std::move(body->first));
    if (!created.ok()) return ProblemResponse(created.status());
    return JsonResponse(201, EncodeContract(*created));
  });
  r.Add("GET", "/api/v1/contracts/{id}", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto k = c.app.sla_admin().GetContract(c.actor(), *id);
    if (!k.ok()) return ProblemResponse(k.status());
    return JsonResponse(200, EncodeContract(*k));
  });
  r.Add("PUT", "/api/v1/contracts/{id}", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kContractWrite); !s.ok()) return ProblemResponse(s);
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto body = ReadContractBody(c.request.body, true);
    if (!body.ok()) return ProblemResponse(body.status());
    body->first.id = *id;
    auto saved = c.app.sla_admin().UpdateContract(c.actor(), std::move(body->first), body->second);
    if (!saved.ok()) return ProblemResponse(saved.status());
    return JsonResponse(200, EncodeContract(*saved));
  });
  r.Add("GET", "/api/v1/contracts/{id}/compliance", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    QueryReader q(c.request);
    auto from = q.Time("from");
    auto to = q.Time("to");
    if (!from) q.Error("from", "is required (a date like 2026-03-01, or a date-time)");
    if (!to) q.Error("to", "is required (a date like 2026-04-01, or a date-time)");
    if (Status s = q.Finish(); !s.ok()) return ProblemResponse(s);
    // Dates are days where the customer lives (the organisation's zone); date-times are instants.
    const auto from_day = domain::ParseCivilDate(*c.request.Query("from"));
    const auto to_day = domain::ParseCivilDate(*c.request.Query("to"));
    auto report = from_day && to_day ? c.app.sla().ContractCompliance(c.actor(), *id, *from_day, *to_day, *from, *to)
                                     : c.app.sla().ContractCompliance(c.actor(), *id, *from, *to);
    if (!report.ok()) return ProblemResponse(report.status());
    bj::array rows;
    for (const domain::ComplianceResult& x : report->results) {
      rows.push_back(bj::object{{"type", domain::Name(x.target.type)},
                                {"clock", x.target.clock},
                                {"contracted_percent", Percent(x.target.basis_points)},
                                {"delivered", EncodeStats(x.delivered)},
                                {"state", !x.has_data ? "no_data" : x.met ? "met" : "below"}});
    }
    return JsonResponse(200, bj::object{{"contract_id", report->contract.id},
                                        {"organisation_id", report->contract.organisation_id},
                                        {"from", FormatIso8601(*from)},
                                        {"to", FormatIso8601(*to)},
                                        {"tickets", report->tickets},
                                        {"rows", std::move(rows)}});
  });

  // ---- the audit log
  r.Add("GET", "/api/v1/audit", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    QueryReader q(c.request);
    std::string kind = q.One("object_kind").value_or("");
    if (!kind.empty() && kind != "calendar" && kind != "sla_policy" && kind != "contract" &&
        kind != "monitoring_channel") {
      q.Error("object_kind", "must be one of calendar, sla_policy, contract, monitoring_channel");
    }
    int64_t object_id = 0;
    if (auto ids = q.Ids("object_id"); !ids.empty()) object_id = ids.front();
    const int limit = q.Int("limit", 1, 200).value_or(50);
    int64_t before = 0;
    if (auto b = q.Ids("before"); !b.empty()) before = b.front();
    if (Status s = q.Finish(); !s.ok()) return ProblemResponse(s);
    auto list = c.app.sla_admin().Audit(c.actor(), kind, object_id, limit + 1, before);
    if (!list.ok()) return ProblemResponse(list.status());
    bj::object out;
    if (int(list->size()) > limit) {
      list->resize(size_t(limit));
      out["next_before"] = list->back().id;
    } else {
      out["next_before"] = nullptr;
    }
    out["items"] = EncodeAll(*list, EncodeAudit);
    return JsonResponse(200, out);
  });
}

}  // namespace farol::http
