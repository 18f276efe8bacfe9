// Directory and catalogue endpoints: users, teams, organisations, sites, network areas,
// contacts, categories, custom fields and the priority matrix.
#include "http/api.h"
#include "http/json.h"
#include "http/query.h"

namespace farol::http {

namespace {

// Runs a JSON-body handler: parse, read members with `read`, reject unknown ones, then `act`.
template <typename In, typename Read, typename Act>
HttpResponse WithBody(RequestContext& c, Read read, Act act) {
  auto in = Reader::Parse(c.request.body);
  if (!in.ok()) return ProblemResponse(in.status());
  In input = read(*in);
  if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
  return act(std::move(input));
}

template <typename T, typename Encode>
HttpResponse Respond(int status, const StatusOr<T>& v, Encode encode) {
  if (!v.ok()) return ProblemResponse(v.status());
  HttpResponse res = JsonResponse(status, encode(*v));
  if constexpr (requires { v->version; }) res.Set("ETag", ETagFor(v->version));
  return res;
}

// A complete list (teams, sites, categories...).
template <typename T, typename Encode>
HttpResponse RespondList(const StatusOr<std::vector<T>>& v, Encode encode) {
  if (!v.ok()) return ProblemResponse(v.status());
  return JsonResponse(200, bj::object{{"items", EncodeAll(*v, encode)}});
}

// One page of a list paged by id: next_after is the id to pass as `after` for the next page, or
// null when this page is the last (it came back shorter than the limit).
template <typename T, typename Encode>
HttpResponse RespondPage(const StatusOr<std::vector<T>>& v, Encode encode, int limit) {
  if (!v.ok()) return ProblemResponse(v.status());
  const bool more = static_cast<int>(v->size()) >= limit && !v->empty();
  return JsonResponse(200, bj::object{{"items", EncodeAll(*v, encode)},
                                      {"next_after", more ? bj::value(v->back().id) : bj::value(nullptr)}});
}

// For lists that take no parameters: any parameter is a mistake worth reporting.
Status NoParameters(const HttpRequest& r) {
  QueryReader q(r);
  return q.Finish();
}

// ?q=&limit=&after=&active= shared by the directory listings.
StatusOr<store::ListOptions> ReadListOptions(QueryReader& q, int default_limit = 100) {
  store::ListOptions o;
  o.query = q.One("q").value_or("");
  o.limit = q.Int("limit", 1, 500).value_or(default_limit);
  o.after_id = q.Int("after", 0, INT32_MAX).value_or(0);
  o.active = q.Bool("active");
  if (o.query.size() > 200) q.Error("q", "must be at most 200 characters");
  return o;
}

app::UserInput ReadUser(Reader& in) {
  app::UserInput u;
  u.email = in.String("email");
  u.name = in.String("name");
  u.role = in.Enum("role", domain::ParseRole, domain::RoleNames());
  u.tier = in.Tier("tier");
  u.active = in.Bool("active");
  u.locale = in.String("locale");
  u.time_zone = in.String("time_zone");
  u.team_ids = in.Ids("team_ids");
  u.password = in.String("password");
  return u;
}

app::TeamInput ReadTeam(Reader& in) {
  return app::TeamInput{in.String("name"), in.String("description"), in.Id("manager_id"), in.Ids("member_ids")};
}

app::OrganisationInput ReadOrganisation(Reader& in) {
  app::OrganisationInput o;
  o.name = in.String("name");
  o.time_zone = in.String("time_zone");
  if (auto n = in.Int("employee_count")) o.employee_count = static_cast<int>(std::clamp<int64_t>(*n, -1, 100'000'000));
  o.csm_id = in.Id("csm_id");
  o.email_domains = in.Strings("email_domains");
  o.active = in.Bool("active");
  return o;
}

app::SiteInput ReadSite(Reader& in) {
  return app::SiteInput{in.String("name"), in.String("address"), in.String("city"), in.String("country"),
                        in.Bool("active")};
}

app::NetworkAreaInput ReadArea(Reader& in) {
  return app::NetworkAreaInput{in.String("name"), in.String("description"), in.Bool("active")};
}

app::ContactInput ReadContact(Reader& in) {
  app::ContactInput c;
  c.organisation_id = in.Id("organisation_id");
  c.name = in.String("name");
  c.email = in.String("email");
  c.phone = in.String("phone");
  c.locale = in.String("locale");
  c.time_zone = in.NullableString("time_zone");
  c.password = in.String("password");
  c.portal_user = in.Bool("portal_user");
  c.manager = in.Bool("manager");
  c.active = in.Bool("active");
  return c;
}

app::CategoryInput ReadCategory(Reader& in) {
  return app::CategoryInput{in.Id("parent_id"), in.String("name"), in.Bool("active")};
}

app::CustomFieldInput ReadCustomField(Reader& in) {
  app::CustomFieldInput f;
  f.ticket_type = in.Enum("ticket_type", domain::ParseTicketType, domain::TicketTypeNames());
  f.key = in.String("key");
  f.type = in.Enum("type", domain::ParseCustomFieldType, domain::CustomFieldTypeNames());
  f.label = in.String("label");
  f.options = in.Strings("options");
  f.required = in.Bool("required");
  f.active = in.Bool("active");
  if (auto p = in.Int("position")) f.position = static_cast<int>(std::clamp<int64_t>(*p, -1000000, 1000000));
  return f;
}

// Registers GET (one), PATCH for `/prefix/{id}` over a DirectoryService getter and updater.
template <typename In, typename Get, typename Update, typename ReadIn, typename Encode>
void AddGetPatch(Router& r, const std::string& path, Get get, Update update, ReadIn read, Encode encode) {
  r.Add("GET", path, Access::kSignedIn, BodyKind::kNone, [get, encode](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    return Respond(200, (c.app.directory().*get)(c.actor(), *id), encode);
  });
  r.Add("PATCH", path, Access::kSignedIn, BodyKind::kJson, [update, read, encode](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto version = IfMatchVersion(c.request);
    if (!version.ok()) return ProblemResponse(version.status());
    return WithBody<In>(c, read, [&](In in) {
      return Respond(200, (c.app.directory().*update)(c.actor(), *id, std::move(in), *version), encode);
    });
  });
}

}  // namespace

void AddDirectoryRoutes(Router& r) {
  using DS = app::DirectoryService;

  // ---- users
  r.Add("GET", "/api/v1/users", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    QueryReader q(c.request);
    auto opts = ReadListOptions(q);
    auto roles = q.Enums("role", domain::ParseRole, domain::RoleNames());
    if (roles.size() > 1) q.Error("role", "give one role");
    if (Status s = q.Finish(); !s.ok()) return ProblemResponse(s);
    std::optional<domain::Role> role;
    if (!roles.empty()) role = roles[0];
    return RespondPage(c.app.directory().ListUsers(c.actor(), *opts, role), EncodeUser, opts->limit);
  });
  r.Add("POST", "/api/v1/users", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    return WithBody<app::UserInput>(c, ReadUser, [&](app::UserInput in) {
      auto created = c.app.directory().CreateUser(c.actor(), std::move(in));
      if (!created.ok()) return ProblemResponse(created.status());
      bj::object body = EncodeUser(created->first);
      if (created->second) body["password"] = *created->second;
      HttpResponse res = JsonResponse(201, body);
      res.Set("Location", "/api/v1/users/" + std::to_string(created->first.id));
      res.Set("ETag", ETagFor(created->first.version));
      return res;
    });
  });
  AddGetPatch<app::UserInput>(r, "/api/v1/users/{id}", &DS::GetUser, &DS::UpdateUser, ReadUser, EncodeUser);
  r.Add("POST", "/api/v1/users/{id}/password", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    std::string password;
    bool must_change = true;
    if (!c.request.body.empty()) {
      auto in = Reader::Parse(c.request.body);
      if (!in.ok()) return ProblemResponse(in.status());
      password = in->String("password").value_or("");
      must_change = in->Bool("must_change_password").value_or(true);
      if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    }
    const bool generated = password.empty();
    auto pw = c.app.directory().ResetUserPassword(c.actor(), *id, password, must_change);
    if (!pw.ok()) return ProblemResponse(pw.status());
    bj::object body{{"must_change_password", must_change}};
    if (generated) body["password"] = *pw;
    return JsonResponse(200, body);
  });

  // ---- teams
  r.Add("GET", "/api/v1/teams", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    if (Status s = NoParameters(c.request); !s.ok()) return ProblemResponse(s);
    return RespondList(c.app.directory().ListTeams(c.actor()), EncodeTeam);
  });
  r.Add("POST", "/api/v1/teams", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    return WithBody<app::TeamInput>(c, ReadTeam, [&](app::TeamInput in) {
      return Respond(201, c.app.directory().CreateTeam(c.actor(), std::move(in)), EncodeTeam);
    });
  });
  AddGetPatch<app::TeamInput>(r, "/api/v1/teams/{id}", &DS::GetTeam, &DS::UpdateTeam, ReadTeam, EncodeTeam);
  r.Add("DELETE", "/api/v1/teams/{id}", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    Status s = c.app.directory().DeleteTeam(c.actor(), *id);
    return s.ok() ? NoContent() : ProblemResponse(s);
  });
  for (const bool member : {true, false}) {
    r.Add(member ? "PUT" : "DELETE", "/api/v1/teams/{id}/members/{user_id}", Access::kSignedIn, BodyKind::kNone,
          [member](RequestContext& c) {
            auto id = c.Id();
            if (!id.ok()) return ProblemResponse(id.status());
            auto user = c.Id("user_id");
            if (!user.ok()) return ProblemResponse(user.status());
            return Respond(200, c.app.directory().SetMembership(c.actor(), *id, *user, member), EncodeTeam);
          });
  }

  // ---- organisations, sites, network areas
  r.Add("GET", "/api/v1/organisations", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    QueryReader q(c.request);
    auto opts = ReadListOptions(q);
    if (Status s = q.Finish(); !s.ok()) return ProblemResponse(s);
    return RespondPage(c.app.directory().ListOrganisations(c.actor(), *opts), EncodeOrganisation, opts->limit);
  });
  r.Add("POST", "/api/v1/organisations", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    return WithBody<app::OrganisationInput>(c, ReadOrganisation, [&](app::OrganisationInput in) {
      return Respond(201, c.app.directory().CreateOrganisation(c.actor(), std::move(in)), EncodeOrganisation);
    });
  });
  AddGetPatch<app::OrganisationInput>(r, "/api/v1/organisations/{id}", &DS::GetOrganisation,
                                      &DS::UpdateOrganisation, ReadOrganisation, EncodeOrganisation);

  r.Add("GET", "/api/v1/organisations/{id}/sites", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    if (Status s = NoParameters(c.request); !s.ok()) return ProblemResponse(s);
    return RespondList(c.app.directory().ListSites(c.actor(), *id), EncodeSite);
  });
  r.Add("POST", "/api/v1/organisations/{id}/sites", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    return WithBody<app::SiteInput>(c, ReadSite, [&](app::SiteInput in) {
      return Respond(201, c.app.directory().CreateSite(c.actor(), *id, std::move(in)), EncodeSite);
    });
  });
  AddGetPatch<app::SiteInput>(r, "/api/v1/sites/{id}", &DS::GetSite, &DS::UpdateSite, ReadSite, EncodeSite);

  r.Add("GET", "/api/v1/organisations/{id}/network-areas", Access::kSignedIn, BodyKind::kNone,
        [](RequestContext& c) {
          auto id = c.Id();
          if (!id.ok()) return ProblemResponse(id.status());
          if (Status s = NoParameters(c.request); !s.ok()) return ProblemResponse(s);
          return RespondList(c.app.directory().ListNetworkAreas(c.actor(), *id), EncodeNetworkArea);
        });
  r.Add("POST", "/api/v1/organisations/{id}/network-areas", Access::kSignedIn, BodyKind::kJson,
        [](RequestContext& c) {
          auto id = c.Id();
          if (!id.ok()) return ProblemResponse(id.status());
          return WithBody<app::NetworkAreaInput>(c, ReadArea, [&](app::NetworkAreaInput in) {
            return Respond(201, c.app.directory().CreateNetworkArea(c.actor(), *id, std::move(in)), EncodeNetworkArea);
          });
        });
  AddGetPatch<app::NetworkAreaInput>(r, "/api/v1/network-areas/{id}", &DS::GetNetworkArea, &DS::UpdateNetworkArea,
                                     ReadArea, EncodeNetworkArea);

  // ---- contacts
  r.Add("GET", "/api/v1/contacts", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    QueryReader q(c.request);
    auto opts = ReadListOptions(q);
    auto orgs = q.Ids("organisation_id");
    if (orgs.size() > 1) q.Error("organisation_id", "give one organisation");
    if (Status s = q.Finish(); !s.ok()) return ProblemResponse(s);
    return RespondPage(c.app.directory().ListContacts(c.actor(), orgs.empty() ? 0 : orgs[0], *opts), EncodeContact,
                       opts->limit);
  });
  r.Add("POST", "/api/v1/contacts", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    return WithBody<app::ContactInput>(c, ReadContact, [&](app::ContactInput in) {
      return Respond(201, c.app.directory().CreateContact(c.actor(), std::move(in)), EncodeContact);
    });
  });
  AddGetPatch<app::ContactInput>(r, "/api/v1/contacts/{id}", &DS::GetContact, &DS::UpdateContact, ReadContact,
                                 EncodeContact);

  // ---- categories and custom fields
  r.Add("GET", "/api/v1/categories", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    if (Status s = NoParameters(c.request); !s.ok()) return ProblemResponse(s);
    return RespondList(c.app.directory().ListCategories(c.actor()), EncodeCategory);
  });
  r.Add("POST", "/api/v1/categories", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    return WithBody<app::CategoryInput>(c, ReadCategory, [&](app::CategoryInput in) {
      return Respond(201, c.app.directory().CreateCategory(c.actor(), std::move(in)), EncodeCategory);
    });
  });
  r.Add("PATCH", "/api/v1/categories/{id}", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto version = IfMatchVersion(c.request);
    if (!version.ok()) return ProblemResponse(version.status());
    return WithBody<app::CategoryInput>(c, ReadCategory, [&](app::CategoryInput in) {
      return Respond(200, c.app.directory().UpdateCategory(c.actor(), *id, std::move(in), *version), EncodeCategory);
    });
  });
  r.Add("GET", "/api/v1/custom-fields", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    QueryReader q(c.request);
    auto types = q.Enums("ticket_type", domain::ParseTicketType, domain::TicketTypeNames());
    if (types.size() > 1) q.Error("ticket_type", "give one ticket type");
    if (Status s = q.Finish(); !s.ok()) return ProblemResponse(s);
    std::optional<domain::TicketType> type;
    if (!types.empty()) type = types[0];
    return RespondList(c.app.directory().ListCustomFields(c.actor(), type), EncodeCustomField);
  });
  r.Add("POST", "/api/v1/custom-fields", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    return WithBody<app::CustomFieldInput>(c, ReadCustomField, [&](app::CustomFieldInput in) {
      return Respond(201, c.app.directory().CreateCustomField(c.actor(), std::move(in)), EncodeCustomField);
    });
  });
  r.Add("PATCH", "/api/v1/custom-fields/{id}", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto version = IfMatchVersion(c.request);
    if (!version.ok()) return ProblemResponse(version.status());
    return WithBody<app::CustomFieldInput>(c, ReadCustomField, [&](app::CustomFieldInput in) {
      return Respond(200, c.app.directory().UpdateCustomField(c.actor(), *id, std::move(in), *version),
                     EncodeCustomField);
    });
  });

  // ---- saved queues
  r.Add("GET", "/api/v1/saved-filters", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    if (Status s = NoParameters(c.request); !s.ok()) return ProblemResponse(s);
    return RespondList(c.app.directory().ListSavedFilters(c.actor()), EncodeSavedFilter);
  });
  r.Add("POST", "/api/v1/saved-filters", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    auto name = in->String("name");
    auto query = in->String("query");
    if (!name) in->Error("name", "is required");
    if (!query) in->Error("query", "is required");
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto f = c.app.directory().CreateSavedFilter(c.actor(), *name, *query);
    if (!f.ok()) return ProblemResponse(f.status());
    return JsonResponse(201, EncodeSavedFilter(*f));
  });
  r.Add("DELETE", "/api/v1/saved-filters/{id}", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    Status s = c.app.directory().DeleteSavedFilter(c.actor(), *id);
    return s.ok() ? NoContent() : ProblemResponse(s);
  });

  // ---- priority matrix
  r.Add("GET", "/api/v1/settings/priority-matrix", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    return Respond(200, c.app.directory().GetPriorityMatrix(c.actor()), EncodePriorityMatrix);
  });
  r.Add("PUT", "/api/v1/settings/priority-matrix", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    domain::PriorityMatrix m;
    const bj::value* grid = in->Raw("impact_by_urgency");
    const auto known_levels = [](const bj::object& o) {
      for (const auto& kv : o) {
        if (!domain::ParseLevel(kv.key())) return false;
      }
      return o.size() == 3;
    };
    if (!grid || !grid->is_object() || !known_levels(grid->get_object())) {
      in->Error("impact_by_urgency", "is required: {\"high\": {\"high\": \"P1\", ...}, \"medium\": {...}, \"low\": {...}}");
    } else {
      for (int i = 0; i < 3; ++i) {
        const bj::value* row = grid->get_object().if_contains(domain::LevelNames()[i]);
        if (row && (!row->is_object() || !known_levels(row->get_object()))) {
          in->Error("impact_by_urgency." + std::string(domain::LevelNames()[i]),
                    "needs exactly the urgencies high, medium and low");
          continue;
        }
        for (int u = 0; u < 3; ++u) {
          const bj::value* cell =
              row && row->is_object() ? row->get_object().if_contains(domain::LevelNames()[u]) : nullptr;
          auto p = cell && cell->is_string() ? domain::ParsePriority(cell->get_string()) : std::nullopt;
          if (p) {
            m.cells[i][u] = *p;
          } else {
            in->Error("impact_by_urgency." + std::string(domain::LevelNames()[i]) + "." +
                          std::string(domain::LevelNames()[u]),
                      "must be one of P1, P2, P3, P4");
          }
        }
      }
    }
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    if (Status s = c.app.directory().SetPriorityMatrix(c.actor(), m); !s.ok()) return ProblemResponse(s);
    return JsonResponse(200, EncodePriorityMatrix(m));
  });
}

}  // namespace farol::http
