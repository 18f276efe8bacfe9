#include "http/json.h"

#include <cmath>

#include "core/strings.h"

namespace farol::http {

// ---- Reader -------------------------------------------------------------------------------

StatusOr<bj::value> ParseJson(std::string_view body) {
  if (TrimView(body).empty()) {
    return InvalidArgumentError("The request needs a JSON body (Content-Type: application/json).");
  }
  bj::parse_options opts;
  opts.max_depth = 32;
  boost::system::error_code ec;
  bj::value v = bj::parse(body, ec, {}, opts);
  if (ec) {
    if (!IsValidUtf8(body)) return InvalidArgumentError("The request body is not valid UTF-8 text.");
    return InvalidArgumentError("The request body is not valid JSON (" + ec.message() + ").");
  }
  return v;
}

StatusOr<Reader> Reader::Parse(std::string_view body) {
  if (TrimView(body).empty()) {
    return InvalidArgumentError("The request needs a JSON object body (Content-Type: application/json).");
  }
  FAROL_ASSIGN_OR_RETURN(bj::value v, ParseJson(body));
  if (!v.is_object()) return InvalidArgumentError("The request body must be a JSON object ({...}).");
  return Reader(std::move(v.get_object()));
}

const bj::value* Reader::Get(std::string_view key) {
  seen_.insert(std::string(key));
  auto it = obj_.find(key);
  return it == obj_.end() ? nullptr : &it->value();
}

std::optional<std::string> Reader::String(std::string_view key) {
  const bj::value* v = Get(key);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    errors_.Add(std::string(key), "must be a string");
    return std::nullopt;
  }
  return std::string(v->get_string());
}

std::optional<std::string> Reader::NullableString(std::string_view key) {
  const bj::value* v = Get(key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::string();
  if (!v->is_string()) {
    errors_.Add(std::string(key), "must be a string or null");
    return std::nullopt;
  }
  return std::string(v->get_string());
}

namespace {

std::optional<int64_t> AsInt(const bj::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    return static_cast<int64_t>(v.get_uint64());
  }
  if (v.is_double()) {
    const double d = v.get_double();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15) return static_cast<int64_t>(d);
  }
  return std::nullopt;
}

}  // namespace

std::optional<int64_t> Reader::Int(std::string_view key) {
  const bj::value* v = Get(key);
  if (!v) return std::nullopt;
  auto i = AsInt(*v);
  if (!i) errors_.Add(std::string(key), "must be a whole number");
  return i;
}

std::optional<int64_t> Reader::Id(std::string_view key) {
  const bj::value* v = Get(key);
  if (!v) return std::nullopt;
  if (v->is_null()) return 0;
  auto i = AsInt(*v);
  if (!i || *i <= 0) {
    errors_.Add(std::string(key), "must be an id (a positive whole number) or null");
    return std::nullopt;
  }
  return i;
}

std::optional<bool> Reader::Bool(std::string_view key) {
  const bj::value* v = Get(key);
  if (!v) return std::nullopt;
  if (!v->is_bool()) {
    errors_.Add(std::string(key), "must be true or false");
    return std::nullopt;
  }
  return v->get_bool();
}

std::optional<std::vector<std::string>> Reader::Strings(std::string_view key) {
  const bj::value* v = Get(key);
  if (!v) return std::nullopt;
  if (!v->is_array() || v->get_array().size() > 1000) {
    errors_.Add(std::string(key), "must be an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const bj::value& item : v->get_array()) {
    if (!item.is_string()) {
      errors_.Add(std::string(key), "must be an array of strings");
      return std::nullopt;
    }
    out.emplace_back(item.get_string());
  }
  return out;
}

std::optional<std::vector<int64_t>> Reader::Ids(std::string_view key) {
  const bj::value* v = Get(key);
  if (!v) return std::nullopt;
  if (!v->is_array() || v->get_array().size() > 1000) {
    errors_.Add(std::string(key), "must be an array of ids");
    return std::nullopt;
  }
  std::vector<int64_t> out;
  for (const bj::value& item : v->get_array()) {
    auto i = AsInt(item);
    if (!i || *i <= 0) {
      errors_.Add(std::string(key), "must be an array of ids");
      return std::nullopt;
    }
    out.push_back(*i);
  }
  return out;
}

std::optional<Timestamp> Reader::Time(std::string_view key) {
  auto s = String(key);
  if (!s) return std::nullopt;
  auto t = ParseIso8601(*s);
  if (!t.ok()) {
    errors_.Add(std::string(key), "must be a date-time like 2026-11-22T10:00:00Z");
    return std::nullopt;
  }
  return *t;
}

std::optional<std::map<std::string, std::optional<std::string>>> Reader::ScalarMap(std::string_view key) {
  const bj::value* v = Get(key);
  if (!v) return std::nullopt;
  if (!v->is_object()) {
    errors_.Add(std::string(key), "must be an object of field values");
    return std::nullopt;
  }
  std::map<std::string, std::optional<std::string>> out;
  for (const auto& kv : v->get_object()) {
    const std::string name(kv.key());
    const bj::value& x = kv.value();
    if (x.is_null()) {
      out[name] = std::nullopt;
    } else if (x.is_string()) {
      out[name] = std::string(x.get_string());
    } else if (x.is_bool()) {
      out[name] = x.get_bool() ? "true" : "false";
    } else if (x.is_int64() || x.is_uint64() || x.is_double()) {
      out[name] = bj::serialize(x);
    } else {
      errors_.Add(std::string(key) + "." + name, "must be a string, number, boolean or null");
    }
  }
  return out;
}

std::optional<int> Reader::Priority(std::string_view key) {
  auto s = String(key);
  if (!s) return std::nullopt;
  auto p = domain::ParsePriority(*s);
  if (!p) errors_.Add(std::string(key), "must be one of P1, P2, P3, P4");
  return p;
}

std::optional<int> Reader::Tier(std::string_view key) {
  auto s = String(key);
  if (!s) return std::nullopt;
  auto t = domain::ParseTier(*s);
  if (!t) errors_.Add(std::string(key), "must be one of N1, N2, N3");
  return t;
}

Status Reader::Finish() {
  for (const auto& kv : obj_) {
    if (!seen_.contains(std::string_view(kv.key()))) {
      errors_.Add(std::string(kv.key()), "is not a known field");
    }
  }
  return errors_.ToStatus();
}

// ---- responses ----------------------------------------------------------------------------

HttpResponse JsonResponse(int status, const bj::value& body) {
  HttpResponse r;
  r.status = status;
  r.body = bj::serialize(body);
  r.Set("Content-Type", "application/json");
  return r;
}

HttpResponse NoContent() {
  HttpResponse r;
  r.status = 204;
  return r;
}

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kAlreadyExists: return 409;
    case StatusCode::kFailedPrecondition: return 409;
    case StatusCode::kStaleVersion: return 412;
    case StatusCode::kTooLarge: return 413;
    case StatusCode::kResourceExhausted: return 429;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

namespace {

std::string_view TitleFor(StatusCode code) {
  switch (code) {
    case StatusCode::kInvalidArgument: return "The request is not valid";
    case StatusCode::kUnauthenticated: return "Sign-in required";
    case StatusCode::kPermissionDenied: return "Not allowed";
    case StatusCode::kNotFound: return "Not found";
    case StatusCode::kAlreadyExists: return "Already exists";
    case StatusCode::kFailedPrecondition: return "Not possible now";
    case StatusCode::kStaleVersion: return "Changed by someone else";
    case StatusCode::kTooLarge: return "Too large";
    case StatusCode::kResourceExhausted: return "Too many requests";
    case StatusCode::kUnavailable: return "Temporarily unavailable";
    default: return "Internal error";
  }
}

}  // namespace

HttpResponse ProblemResponse(const Status& s) {
  bj::object o;
  o["type"] = "https://farol.dev/problems/" + std::string(StatusCodeName(s.code()));
  o["title"] = TitleFor(s.code());
  o["status"] = HttpStatusFor(s.code());
  o["detail"] = s.code() == StatusCode::kInternal ? std::string("Something went wrong on our side; it has been logged.")
                                                  : s.message();
  o["code"] = StatusCodeName(s.code());
  if (!s.field_errors().empty()) {
    bj::array errors;
    for (const FieldError& f : s.field_errors()) errors.push_back(bj::object{{"field", f.field}, {"message", f.message}});
    o["errors"] = std::move(errors);
  }
  HttpResponse r;
  r.status = HttpStatusFor(s.code());
  r.body = bj::serialize(o);
  r.Set("Content-Type", "application/problem+json");
  if (s.code() == StatusCode::kResourceExhausted && s.retry_after_seconds() > 0) {
    r.Set("Retry-After", std::to_string(s.retry_after_seconds()));
  }
  if (s.code() == StatusCode::kUnauthenticated) r.Set("WWW-Authenticate", "Bearer realm=\"farol\"");
  return r;
}

// ---- encoders -----------------------------------------------------------------------------

bj::value TimeOrNull(const std::optional<Timestamp>& t) {
  if (!t) return nullptr;
  return bj::value(FormatIso8601(*t));
}

bj::value IdOrNull(int64_t id) {
  if (id == 0) return nullptr;
  return bj::value(id);
}


void WriteTicket(JsonWriter& w, const domain::Ticket& t, std::string_view organisation_name,
                 std::string_view requester_name, std::string_view assignee_name, std::string_view team_name) {
  w.BeginObject();
  w.Member("id", t.id);
  w.Member("number", t.id);
  w.Member("type", domain::Name(t.type));
  w.Member("status", domain::Name(t.status));
  w.Member("priority", domain::PriorityName(t.priority));
  w.Member("priority_manual", t.priority_manual);
  w.Member("impact", domain::Name(t.impact));
  w.Member("urgency", domain::Name(t.urgency));
  w.Member("subject", t.subject);
  w.Member("description", t.description);
  w.Member("organisation_id", t.organisation_id);
  w.TextOrNull("organisation_name", organisation_name);
  w.IdOrNull("requester_id", t.requester_id);
  w.TextOrNull("requester_name", requester_name);
  w.Member("channel", domain::Name(t.channel));
  w.IdOrNull("team_id", t.team_id);
  w.TextOrNull("team_name", team_name);
  w.IdOrNull("assignee_id", t.assignee_id);
  w.TextOrNull("assignee_name", assignee_name);
  w.Member("tier", domain::TierName(t.tier));
  w.Member("tier_reached", domain::TierName(t.tier_reached));
  w.IdOrNull("site_id", t.site_id);
  w.IdOrNull("network_area_id", t.network_area_id);
  w.IdOrNull("category_id", t.category_id);
  w.IdOrNull("subcategory_id", t.subcategory_id);
  w.Key("tags");
  w.BeginArray();
  for (const std::string& tag : t.tags) w.String(tag);
  w.EndArray();
  w.Key("custom_fields");
  w.BeginObject();
  for (const auto& [k, v] : t.custom) w.Member(k, v);
  w.EndObject();
  w.Key("created_by");
  w.BeginObject();
  w.Member("kind", domain::Name(t.created_by.kind));
  w.Member("id", t.created_by.id);
  w.EndObject();
  w.Key("created_at");
  w.Time(t.created_at);
  w.Key("updated_at");
  w.Time(t.updated_at);
  w.TimeOrNull("first_response_at", t.first_response_at);
  w.TimeOrNull("resolved_at", t.resolved_at);
  w.TimeOrNull("closed_at", t.closed_at);
  w.Member("reopen_count", t.reopen_count);
  w.Member("reassignment_count", t.reassignment_count);
  w.Member("escalation_count", t.escalation_count);
  w.Key("first_contact_resolution");
  if (const auto fcr = domain::FirstContactResolution(t)) {
    w.Bool(*fcr);
  } else {
    w.Null();
  }
  w.IdOrNull("merged_into", t.merged_into);
  w.Key("rating");
  if (t.rating) {
    w.BeginObject();
    w.Member("stars", t.rating->stars);
    w.Member("comment", t.rating->comment);
    w.Key("rated_at");
    w.Time(t.rating->at);
    w.EndObject();
  } else {
    w.Null();
  }
  w.Member("version", t.version);
  w.EndObject();
}

void WriteTicketItem(JsonWriter& w, const store::TicketListItem& i) {
  WriteTicket(w, i.ticket, i.organisation_name, i.requester_name, i.assignee_name, i.team_name);
}

bj::object EncodeEvent(const domain::TicketEvent& e) {
  bj::object o;
  o["id"] = e.id;
  o["ticket_id"] = e.ticket_id;
  o["type"] = domain::Name(e.type);
  o["at"] = FormatIso8601(e.at);
  bj::object author{{"kind", domain::Name(e.author.kind)}, {"id", e.author.id}};
  if (!e.author_name.empty()) author["name"] = e.author_name;
  o["author"] = std::move(author);
  o["internal"] = e.internal;
  if (!e.body.empty()) o["body"] = e.body;
  if (!e.field.empty() && e.type != domain::EventType::kCallLogged) o["field"] = e.field;
  if (e.type == domain::EventType::kFieldChanged || e.type == domain::EventType::kStatusChanged ||
      e.type == domain::EventType::kAssigned || e.type == domain::EventType::kTeamChanged ||
      e.type == domain::EventType::kPriorityChanged || e.type == domain::EventType::kEscalated ||
      e.type == domain::EventType::kRated || e.type == domain::EventType::kEscalationFired ||
      e.type == domain::EventType::kEscalationAcknowledged || e.type == domain::EventType::kEscalationRequested ||
      e.type == domain::EventType::kSlaTermsChanged) {
    o["from"] = e.from;
    o["to"] = e.to;
  }
  if (!e.reason.empty()) o["reason"] = e.reason;
  if (e.ref != 0 && e.type != domain::EventType::kCallLogged) o["ref"] = e.ref;
  if (e.type == domain::EventType::kSlaAlert) {
    bj::array told;
    for (const std::string& name : Split(e.reason, ',')) {
      if (!Trim(name).empty()) told.push_back(bj::value(Trim(name)));
    }
    o["sla_alert"] = bj::object{{"clock", e.field}, {"threshold_percent", std::atoi(e.to.c_str())}, {"channels", std::move(told)}};
  }
  if (e.type == domain::EventType::kCallLogged) {
    o["call"] = bj::object{{"direction", e.field}, {"caller", e.from}, {"outcome", e.to}, {"duration_seconds", e.ref}};
  }
  if (!e.attachment_ids.empty()) {
    bj::array a;
    for (int64_t id : e.attachment_ids) a.push_back(id);
    o["attachment_ids"] = std::move(a);
  }
  if (!e.fields.empty()) {
    bj::object f;
    for (const auto& [k, v] : e.fields) f[k] = v;
    o["fields"] = std::move(f);
  }
  return o;
}

bj::object EncodeUser(const domain::User& u) {
  bj::array teams;
  for (int64_t id : u.team_ids) teams.push_back(id);
  return bj::object{{"id", u.id},
                    {"email", u.email},
                    {"name", u.name},
                    {"role", domain::Name(u.role)},
                    {"tier", domain::TierName(u.tier)},
                    {"active", u.active},
                    {"locale", u.locale},
                    {"time_zone", u.time_zone},
                    {"must_change_password", u.must_change_password},
                    {"team_ids", std::move(teams)},
                    {"created_at", FormatIso8601(u.created_at)},
                    {"updated_at", FormatIso8601(u.updated_at)},
                    {"version", u.version}};
}

bj::object EncodeTeam(const domain::Team& t) {
  bj::array members;
  for (int64_t id : t.member_ids) members.push_back(id);
  return bj::object{{"id", t.id},
                    {"name", t.name},
                    {"description", t.description},
                    {"manager_id", IdOrNull(t.manager_id)},
                    {"member_ids", std::move(members)},
                    {"created_at", FormatIso8601(t.created_at)},
                    {"updated_at", FormatIso8601(t.updated_at)},
                    {"version", t.version}};
}

bj::object EncodeOrganisation(const domain::Organisation& o) {
  bj::array domains;
  for (const std::string& d : o.email_domains) domains.push_back(bj::string(d));
  return bj::object{{"id", o.id},
                    {"name", o.name},
                    {"employee_count", o.employee_count},
                    {"segment", domain::Name(o.segment)},
                    {"time_zone", o.time_zone},
                    {"csm_id", IdOrNull(o.csm_id)},
                    {"email_domains", std::move(domains)},
                    {"active", o.active},
                    {"created_at", FormatIso8601(o.created_at)},
                    {"updated_at", FormatIso8601(o.updated_at)},
                    {"version", o.version}};
}

bj::object EncodeSite(const domain::Site& s) {
  return bj::object{{"id", s.id},           {"organisation_id", s.organisation_id},
                    {"name", s.name},       {"address", s.address},
                    {"city", s.city},       {"country", s.country},
                    {"active", s.active},   {"version", s.version}};
}

bj::object EncodeNetworkArea(const domain::NetworkArea& a) {
  return bj::object{{"id", a.id},         {"organisation_id", a.organisation_id},
                    {"name", a.name},     {"description", a.description},
                    {"active", a.active}, {"version", a.version}};
}

bj::object EncodeContact(const domain::Contact& c) {
  return bj::object{{"id", c.id},
                    {"organisation_id", c.organisation_id},
                    {"name", c.name},
                    {"email", c.email},
                    {"phone", c.phone},
                    {"portal_user", c.portal_user},
                    {"manager", c.manager},
                    {"active", c.active},
                    {"locale", c.locale},
                    {"time_zone", c.time_zone},
                    {"has_password", c.has_password},
                    {"created_at", FormatIso8601(c.created_at)},
                    {"updated_at", FormatIso8601(c.updated_at)},
                    {"version", c.version}};
}

bj::object EncodeCategory(const domain::Category& c) {
  return bj::object{{"id", c.id},
                    {"parent_id", IdOrNull(c.parent_id)},
                    {"name", c.name},
                    {"active", c.active},
                    {"version", c.version}};
}

bj::object EncodeCustomField(const domain::CustomFieldDef& d) {
  bj::array options;
  for (const std::string& s : d.options) options.push_back(bj::string(s));
  return bj::object{{"id", d.id},
                    {"ticket_type", domain::Name(d.ticket_type)},
                    {"key", d.key},
                    {"label", d.label},
                    {"type", domain::Name(d.type)},
                    {"options", std::move(options)},
                    {"required", d.required},
                    {"active", d.active},
                    {"position", d.position},
                    {"version", d.version}};
}

bj::object EncodeAttachment(const store::Attachment& a) {
  return bj::object{{"id", a.id},
                    {"ticket_id", a.ticket_id},
                    {"filename", a.filename},
                    {"size", a.size},
                    {"content_type", a.content_type},
                    {"sha256", a.sha256},
                    {"internal", a.internal},
                    {"uploaded_by", bj::object{{"kind", domain::Name(a.uploaded_by.kind)}, {"id", a.uploaded_by.id}}},
                    {"created_at", FormatIso8601(a.created_at)},
                    {"download_url", "/api/v1/attachments/" + std::to_string(a.id)}};
}

bj::object EncodeLink(const store::TicketLink& l) {
  return bj::object{{"ticket_id", l.ticket_id},
                    {"other_id", l.other_id},
                    {"kind", domain::Name(l.kind)},
                    {"other_subject", l.other_subject},
                    {"other_status", domain::Name(l.other_status)},
                    {"created_at", FormatIso8601(l.created_at)}};
}

bj::object EncodeApiToken(const store::ApiTokenRecord& t) {
  return bj::object{{"id", t.id},
                    {"name", t.name},
                    {"prefix", t.prefix},
                    {"created_at", FormatIso8601(t.created_at)},
                    {"last_used_at", TimeOrNull(t.last_used_at)},
                    {"expires_at", TimeOrNull(t.expires_at)},
                    {"revoked_at", TimeOrNull(t.revoked_at)}};
}

bj::object EncodeSavedFilter(const store::SavedFilter& f) {
  return bj::object{{"id", f.id}, {"name", f.name}, {"query", f.query}, {"created_at", FormatIso8601(f.created_at)}};
}

bj::object EncodeActor(const app::Authenticated& a) {
  const domain::Actor& x = a.actor;
  bj::object o{{"kind", domain::Name(x.kind)},
               {"id", x.id},
               {"name", x.name},
               {"email", x.email},
               {"locale", x.locale},
               {"time_zone", x.time_zone},
               {"must_change_password", a.must_change_password}};
  if (x.IsStaff()) {
    o["role"] = domain::Name(x.role);
    o["tier"] = domain::TierName(x.tier);
    bj::array teams;
    for (int64_t id : x.team_ids) teams.push_back(id);
    o["team_ids"] = std::move(teams);
    bj::array perms;
    for (int p = 0; p < static_cast<int>(domain::Permission::kCount); ++p) {
      if (domain::Has(x, static_cast<domain::Permission>(p))) {
        perms.push_back(bj::string(domain::Name(static_cast<domain::Permission>(p))));
      }
    }
    o["permissions"] = std::move(perms);
  } else if (x.IsContact()) {
    o["organisation_id"] = x.organisation_id;
    o["manager_contact"] = x.manager_contact;
  }
  if (a.via_session) o["csrf_token"] = a.csrf_token;
  return o;
}

bj::object EncodePriorityMatrix(const domain::PriorityMatrix& m) {
  bj::object cells;
  for (int i = 0; i < 3; ++i) {
    bj::object row;
    for (int u = 0; u < 3; ++u) row[domain::LevelNames()[u]] = domain::PriorityName(m.cells[i][u]);
    cells[domain::LevelNames()[i]] = std::move(row);
  }
  return bj::object{{"impact_by_urgency", std::move(cells)}};
}

}  // namespace farol::http
