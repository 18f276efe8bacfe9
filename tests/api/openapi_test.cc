// Keeps the OpenAPI document (src/http/openapi.json) true:
// - every route the router has is documented, and nothing else is;
// - the document is served and is the embedded one;
// - a realistic scenario through every documented operation, as admin, agent, portal contact and
//   anonymous caller (real cookie and Bearer authentication), answers only with documented
//   statuses, headers and content types, and every body matches the schema the document declares
//   for that (path, method, status). Requests the server accepted must match the documented
//   request schema too.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "http/api.h"
#include "testing/json_schema.h"
#include "testing/test_env.h"

namespace farol {
namespace {

namespace bj = boost::json;
using farol::testing::JsonSchemaValidator;
using farol::testing::TestApp;
using Headers = std::vector<std::pair<std::string, std::string>>;

const bj::value& Doc() {
  static const bj::value doc = bj::parse(http::OpenApiDocument());
  return doc;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += "\n  " + l;
  return out;
}

// Follows a {"$ref": "#/components/..."} object (responses, parameters, headers) to its target.
const bj::object& Deref(const bj::value& v) {
  static const JsonSchemaValidator resolver(Doc());
  const bj::value* at = &v;
  for (int i = 0; i < 8 && at->is_object() && at->get_object().contains("$ref"); ++i) {
    const bj::value* next = resolver.Resolve(at->get_object().at("$ref").as_string());
    if (!next) throw std::runtime_error("unresolvable $ref " + bj::serialize(*at));
    at = next;
  }
  return at->as_object();
}

const bj::object* Operation(const std::string& method, const std::string& pattern) {
  const bj::value* item = Doc().at("paths").as_object().if_contains(pattern);
  if (!item) return nullptr;
  const bj::value* op = item->as_object().if_contains(Lower(method));
  return op ? &op->as_object() : nullptr;
}

std::string MediaType(std::string_view content_type) {
  const size_t semi = content_type.find(';');
  std::string_view base = content_type.substr(0, semi);
  while (!base.empty() && base.back() == ' ') base.remove_suffix(1);
  return Lower(std::string(base));
}

bool IsJsonMedia(std::string_view media) { return media == "application/json" || media.ends_with("+json"); }

// Every $ref in `v`, with where it is.
void CollectRefs(const bj::value& v, const std::string& where, std::vector<std::pair<std::string, std::string>>& out) {
  if (v.is_object()) {
    for (const auto& kv : v.get_object()) {
      if (kv.key() == "$ref" && kv.value().is_string()) out.emplace_back(where, std::string(kv.value().get_string()));
      CollectRefs(kv.value(), where + "/" + std::string(kv.key()), out);
    }
  } else if (v.is_array()) {
    for (size_t i = 0; i < v.get_array().size(); ++i) CollectRefs(v.get_array()[i], where + "/" + std::to_string(i), out);
  }
}

// ---- the validator itself ------------------------------------------------------------------

TEST(OpenApiSchemaValidator, ChecksWhatTheDocumentUses) {
  const bj::value root = bj::parse(R"({
    "components": {"schemas": {
      "Thing": {"type": "object", "additionalProperties": false, "required": ["id", "at"],
                "properties": {"id": {"type": "integer", "minimum": 1},
                               "at": {"type": "string", "format": "date-time"},
                               "parent": {"type": ["integer", "null"]},
                               "tags": {"type": "array", "items": {"enum": ["a", "b"]}},
                               "kind": {"oneOf": [{"const": "x"}, {"type": "integer"}]}}}}}})");
  JsonSchemaValidator v(root);
  const bj::value schema = bj::parse(R"({"$ref": "#/components/schemas/Thing"})");
  EXPECT_TRUE(v.Validate(schema, bj::parse(R"({"id": 1, "at": "2026-03-02T12:00:00Z", "parent": null,
                                             "tags": ["a"], "kind": "x"})")).empty());
  EXPECT_TRUE(v.Validate(schema, bj::parse(R"({"id": 2.0, "at": "2026-03-02T09:00:00.25-03:00", "parent": 3,
                                             "kind": 4})")).empty());
  const auto errors = v.Validate(schema, bj::parse(R"({"id": 0, "at": "2026-02-30T12:00:00Z", "parent": "p",
                                                       "tags": ["c"], "kind": "y", "extra": 1})"));
  EXPECT_EQ(errors.size(), 6u) << Join(errors);
  const auto missing = v.Validate(schema, bj::parse(R"({"id": 1})"));
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0], "$: missing required member 'at'");
  EXPECT_FALSE(v.Validate(bj::parse(R"({"$ref": "#/components/schemas/Nope"})"), bj::value(1)).empty());
  EXPECT_FALSE(testing::IsRfc3339DateTime("2026-03-02 12:00:00Z"));
  EXPECT_FALSE(testing::IsRfc3339DateTime("2026-03-02T24:00:00Z"));
  EXPECT_TRUE(testing::IsRfc3339DateTime("2024-02-29T23:59:60Z"));
  EXPECT_EQ(JsonSchemaValidator::UnknownKeywords(bj::parse(R"({"type": "object", "patternProperties": {}})")).size(), 1u);
}

// ---- a: routes and document agree ----------------------------------------------------------

TEST(OpenApiDocument, DocumentsEveryRouteAndNothingElse) {
  TestApp app;
  const bj::object& paths = Doc().at("paths").as_object();
  std::set<std::pair<std::string, std::string>> routes;
  for (const http::Route& r : app.api().router().routes()) {
    routes.emplace(r.method, r.pattern);
    const bj::object* op = Operation(r.method, r.pattern);
    EXPECT_NE(op, nullptr) << r.method << " " << r.pattern << " is a route but is not documented";
    if (!op) continue;
    const std::string name = r.method + " " + r.pattern;

    // Authentication: public routes say so; the others take the cookie (with the CSRF header on
    // writes) or a Bearer token.
    const bj::array* security = op->contains("security") ? &op->at("security").as_array()
                                                          : &Doc().at("security").as_array();
    if (r.access == http::Access::kPublic) {
      EXPECT_TRUE(security->empty()) << name << " is public: it needs \"security\": []";
    } else {
      EXPECT_FALSE(security->empty()) << name << " needs sign-in";
      bool cookie = false, bearer = false;
      for (const bj::value& alt : *security) {
        const bj::object& a = alt.as_object();
        if (a.contains("cookieSession")) {
          cookie = true;
          EXPECT_EQ(a.contains("csrfToken"), r.method != "GET") << name << ": X-CSRF-Token goes with the cookie on writes";
        }
        bearer = bearer || a.contains("bearerToken");
      }
      EXPECT_TRUE(cookie && bearer) << name;
      EXPECT_TRUE(op->at("responses").as_object().contains("401")) << name << " can answer 401";
    }

    // Path parameters: exactly those of the pattern.
    std::set<std::string> in_pattern, documented;
    for (const std::string& seg : r.segments) {
      if (seg.size() > 2 && seg.front() == '{') in_pattern.insert(seg.substr(1, seg.size() - 2));
    }
    if (const bj::value* params = op->if_contains("parameters")) {
      for (const bj::value& p : params->as_array()) {
        const bj::object& param = Deref(p);
        if (param.at("in").as_string() == "path") {
          documented.insert(std::string(param.at("name").as_string()));
          EXPECT_TRUE(param.at("required").as_bool()) << name;
        }
      }
    }
    EXPECT_EQ(in_pattern, documented) << name << ": path parameters";

    // Request bodies: JSON routes take application/json, uploads take raw bytes, others none.
    const bj::value* body = op->if_contains("requestBody");
    const bool writes = r.method == "POST" || r.method == "PUT" || r.method == "PATCH";
    if (r.body == http::BodyKind::kJson && writes) {
      ASSERT_NE(body, nullptr) << name << " takes a JSON body";
      const bj::value* schema = body->as_object().at("content").as_object().at("application/json").as_object().if_contains("schema");
      ASSERT_NE(schema, nullptr) << name;
      // One object, or (POST /api/v1/sla/simulate) one of an object or an array of them.
      std::vector<const bj::object*> objects;
      const bj::object& target = Deref(*schema);
      if (const bj::value* alternatives = target.if_contains("oneOf")) {
        for (const bj::value& alt : alternatives->as_array()) {
          const bj::object& a = Deref(alt);
          objects.push_back(a.contains("items") ? &Deref(a.at("items")) : &a);
        }
      } else {
        objects.push_back(&target);
      }
      for (const bj::object* o : objects) {
        // The one exception: Alertmanager's own webhook format, whose later members are ignored
        // on purpose (an Alertmanager upgrade must not stop incidents); it says so explicitly.
        const bool foreign = name == "POST /api/v1/channels/{key}/alerts" && o->contains("properties") &&
                             o->at("properties").as_object().contains("groupKey");
        EXPECT_EQ(o->at("additionalProperties"), bj::value(foreign)) << name << ": unknown members are rejected";
      }
      EXPECT_TRUE(op->at("responses").as_object().contains("415")) << name << " can answer 415";
      EXPECT_TRUE(op->at("responses").as_object().contains("400")) << name << " can answer 400";
    } else if (r.body == http::BodyKind::kAttachment) {
      ASSERT_NE(body, nullptr) << name << " takes the file's bytes";
      EXPECT_TRUE(body->as_object().at("content").as_object().contains("application/octet-stream")) << name;
    } else {
      EXPECT_EQ(body, nullptr) << name << " takes no body";
    }

    // Plain words, tags, ids.
    for (const char* member : {"operationId", "summary", "description"}) {
      EXPECT_TRUE(op->contains(member) && !op->at(member).as_string().empty()) << name << " needs " << member;
    }
    EXPECT_FALSE(op->at("tags").as_array().empty()) << name;

    // Every error is a problem (the readiness probe's 503 is plain JSON for load balancers).
    for (const auto& [code, response] : op->at("responses").as_object()) {
      if (code.size() != 3 || code[0] < '4' || (r.pattern == "/readyz" && code == "503")) continue;
      const bj::object& resp = Deref(response);
      const bj::value* problem = resp.at("content").as_object().if_contains("application/problem+json");
      ASSERT_NE(problem, nullptr) << name << " " << code << " must be application/problem+json";
      EXPECT_EQ(problem->at("schema"), bj::parse(R"({"$ref": "#/components/schemas/Problem"})")) << name << " " << code;
    }
  }

  // No stale documentation: every documented operation is a route.
  std::set<std::string> operation_ids;
  std::set<std::string> tags;
  for (const bj::value& t : Doc().at("tags").as_array()) tags.insert(std::string(t.at("name").as_string()));
  for (const auto& [pattern, item] : paths) {
    for (const auto& [method, op] : item.as_object()) {
      EXPECT_TRUE(routes.contains({Upper(std::string(method)), std::string(pattern)}))
          << Upper(std::string(method)) << " " << std::string(pattern) << " is documented but is not a route";
      const std::string id(op.at("operationId").as_string());
      EXPECT_TRUE(operation_ids.insert(id).second) << "operationId " << id << " is used twice";
      for (const bj::value& t : op.at("tags").as_array()) {
        EXPECT_TRUE(tags.contains(std::string(t.as_string()))) << id << " uses an undeclared tag " << t;
      }
    }
  }
  EXPECT_EQ(routes.size(), operation_ids.size());
}

TEST(OpenApiDocument, IsWellFormed) {
  EXPECT_EQ(std::string(Doc().at("openapi").as_string()).substr(0, 4), "3.1.");
  // Every $ref resolves.
  std::vector<std::pair<std::string, std::string>> refs;
  CollectRefs(Doc(), "#", refs);
  EXPECT_GT(refs.size(), 100u);
  JsonSchemaValidator v(Doc());
  for (const auto& [where, ref] : refs) EXPECT_NE(v.Resolve(ref), nullptr) << where << ": " << ref;

  // Every schema uses only keywords the validator implements, so none is silently skipped.
  std::vector<std::string> unknown;
  auto check = [&](const bj::value& schema, const std::string& where) {
    for (std::string& u : JsonSchemaValidator::UnknownKeywords(schema, where)) unknown.push_back(std::move(u));
  };
  for (const auto& [name, schema] : Doc().at("components").at("schemas").as_object()) {
    check(schema, "#/components/schemas/" + std::string(name));
  }
  for (const auto& [pattern, item] : Doc().at("paths").as_object()) {
    for (const auto& [method, op] : item.as_object()) {
      const std::string at = std::string(method) + " " + std::string(pattern);
      for (const auto& [code, resp] : op.at("responses").as_object()) {
        if (const bj::value* content = Deref(resp).if_contains("content")) {
          for (const auto& [media, m] : content->as_object()) check(m.at("schema"), at + " " + std::string(code));
        }
      }
      if (const bj::value* params = op.as_object().if_contains("parameters")) {
        for (const bj::value& p : params->as_array()) check(Deref(p).at("schema"), at + " parameter");
      }
      if (const bj::value* body = op.as_object().if_contains("requestBody")) {
        for (const auto& [media, m] : body->at("content").as_object()) check(m.at("schema"), at + " body");
      }
    }
  }
  EXPECT_TRUE(unknown.empty()) << Join(unknown);
}

// ---- b: the document is served -------------------------------------------------------------

TEST(OpenApiDocument, IsServedAtApiV1) {
  TestApp app;
  const http::HttpResponse res = app.Call("GET", "/api/v1/openapi.json");
  ASSERT_EQ(res.status, 200);
  ASSERT_NE(res.Header("Content-Type"), nullptr);
  EXPECT_EQ(MediaType(*res.Header("Content-Type")), "application/json");
  boost::system::error_code ec;
  const bj::value served = bj::parse(res.body, ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(served, Doc());
  EXPECT_GT(served.at("paths").as_object().size(), 40u);
}

// ---- c: a scenario through every operation, checked against the document -------------------

// Calls farol and checks each answer against the document.
class Contract {
 public:
  explicit Contract(TestApp& app) : app_(app), validator_(Doc()) {}

  // Through TestApp::Call: as `as`, or anonymously through the real authentication path.
  http::HttpResponse Call(const std::string& method, const std::string& target, const std::string& body = "",
                          const app::Authenticated* as = nullptr, const Headers& headers = {}) {
    http::HttpResponse res = app_.Call(method, target, body, as, headers);
    Check(method, target, body, res);
    return res;
  }

  // With exactly the headers given (TestApp::Call always sends Content-Type: application/json).
  http::HttpResponse Raw(const std::string& method, const std::string& target, const std::string& body,
                         const app::Authenticated* as, const Headers& headers,
                         const std::vector<std::string>& known_violations = {}) {
    http::HttpRequest r;
    r.method = method;
    r.target = target;
    r.body = body;
    r.remote = "127.0.0.1";
    r.headers = headers;
    http::HttpResponse res = as ? app_.api().HandleAs(r, *as) : app_.api().Handle(r);
    Check(method, target, "", res, known_violations);
    return res;
  }

  // Every documented operation that the scenario never reached.
  std::vector<std::string> Uncovered() const {
    std::vector<std::string> out;
    for (const auto& [pattern, item] : Doc().at("paths").as_object()) {
      for (const auto& [method, op] : item.as_object()) {
        if (!seen_.contains({Upper(std::string(method)), std::string(pattern)})) {
          out.push_back(Upper(std::string(method)) + " " + std::string(pattern));
        }
      }
    }
    return out;
  }

  std::string Summary() const {
    std::string s;
    for (const auto& [op, codes] : seen_) {
      s += "\n  " + op.first + " " + op.second + ":";
      for (int c : codes) s += " " + std::to_string(c);
    }
    return s;
  }

  size_t calls() const { return calls_; }

 private:
  void Check(const std::string& method, const std::string& target, const std::string& request_body,
             const http::HttpResponse& res, const std::vector<std::string>& known_violations = {}) {
    ++calls_;
    const std::string path = target.substr(0, target.find('?'));
    const std::string what = method + " " + target + " -> " + std::to_string(res.status);
    const http::Match m = app_.api().router().Find(method, path);
    if (!m.route) {
      ADD_FAILURE() << what << ": no route";
      return;
    }
    const bj::object* op = Operation(method, m.route->pattern);
    if (!op) {
      ADD_FAILURE() << what << ": the operation " << method << " " << m.route->pattern << " is not documented";
      return;
    }
    seen_[{method, m.route->pattern}].insert(res.status);
    const bj::value* documented = op->at("responses").as_object().if_contains(std::to_string(res.status));
    if (!documented) {
      ADD_FAILURE() << what << ": status " << res.status << " is not documented for " << method << " "
                    << m.route->pattern << "\n  body: " << res.body.substr(0, 400);
      return;
    }
    const bj::object& response = Deref(*documented);

    // Headers the document promises.
    if (const bj::value* hs = response.if_contains("headers")) {
      for (const auto& [name, h] : hs->as_object()) {
        const bj::object& header = Deref(h);
        if (header.contains("required") && header.at("required").as_bool()) {
          EXPECT_NE(res.Header(name), nullptr) << what << ": the documented header " << std::string(name) << " is missing";
        }
      }
    }

    const bj::value* content = response.if_contains("content");
    if (!content) {
      EXPECT_TRUE(res.body.empty() && res.file_path.empty()) << what << ": documented without a body, but sent "
                                                             << res.body.substr(0, 200);
      return;
    }
    const std::string* ct = res.Header("Content-Type");
    if (!ct) {
      ADD_FAILURE() << what << ": no Content-Type";
      return;
    }
    const bj::value* media = content->as_object().if_contains(*ct);
    if (!media) media = content->as_object().if_contains(MediaType(*ct));
    if (!media) {
      ADD_FAILURE() << what << ": Content-Type " << *ct << " is not documented (documented: "
                    << bj::serialize(*content).substr(0, 200) << ")";
      return;
    }
    if (!res.file_path.empty() || !IsJsonMedia(MediaType(*ct))) return;  // bytes or text: the type is the contract

    boost::system::error_code ec;
    const bj::value body = bj::parse(res.body, ec);
    if (ec) {
      ADD_FAILURE() << what << ": the body is not JSON: " << res.body.substr(0, 200);
      return;
    }
    std::vector<std::string> violations = validator_.Validate(media->at("schema"), body);
    std::erase_if(violations, [&](const std::string& v) {
      return std::find(known_violations.begin(), known_violations.end(), v) != known_violations.end();
    });
    EXPECT_TRUE(violations.empty()) << what << " does not match the documented schema:" << Join(violations)
                                    << "\n  body: " << res.body.substr(0, 600);
    if (MediaType(*ct) == "application/problem+json") {
      EXPECT_EQ(body.at("status"), bj::value(res.status)) << what << ": the problem's status";
    }

    // What the server accepted, the document must accept too.
    if (res.status < 300 && !request_body.empty()) {
      if (const bj::value* rb = op->if_contains("requestBody")) {
        if (const bj::value* json = rb->at("content").as_object().if_contains("application/json")) {
          const std::vector<std::string> request_violations =
              validator_.Validate(json->at("schema"), bj::parse(request_body));
          EXPECT_TRUE(request_violations.empty()) << what << ": the server accepted a request the documented "
                                                  << "request schema rejects:" << Join(request_violations);
        }
      }
    }
  }

  TestApp& app_;
  JsonSchemaValidator validator_;
  std::map<std::pair<std::string, std::string>, std::set<int>> seen_;
  size_t calls_ = 0;
};

bj::value Body(const http::HttpResponse& res) {
  boost::system::error_code ec;
  bj::value v = bj::parse(res.body, ec);
  return ec ? bj::value() : v;
}

int64_t IdOf(const http::HttpResponse& res) {
  const bj::value v = Body(res);
  const bj::value* id = v.is_object() ? v.get_object().if_contains("id") : nullptr;
  return id && id->is_int64() ? id->get_int64() : 0;
}

std::string S(int64_t id) { return std::to_string(id); }

std::string ETag(const http::HttpResponse& res) {
  const std::string* e = res.Header("ETag");
  return e ? *e : "";
}

// The fields of a problem's errors list, for checking that every field at fault is named.
std::set<std::string> ErrorFields(const http::HttpResponse& res) {
  std::set<std::string> out;
  const bj::value v = Body(res);
  if (const bj::value* errors = v.is_object() ? v.get_object().if_contains("errors") : nullptr) {
    for (const bj::value& e : errors->as_array()) out.insert(std::string(e.at("field").as_string()));
  }
  return out;
}

// A caller acting as `actor` without signing in.
app::Authenticated As(const domain::Actor& actor) {
  app::Authenticated a;
  a.actor = actor;
  return a;
}

// The session token from a login's Set-Cookie.
std::string SessionCookie(const http::HttpResponse& res) {
  const std::string* c = res.Header("Set-Cookie");
  if (!c) return "";
  return c->substr(0, c->find(';'));
}

TEST(OpenApiScenario, EveryOperationAnswersAsDocumented) {
  app::AppConfig config;
  config.auth.email_links = true;  // customers' sign-in links (they need a mail server)
  TestApp t("sqlite", config);
  Contract c(t);
  const std::string pw = testing::kTestPassword;
  const app::Authenticated admin = t.Staff("admin@farol.test", domain::Role::kAdmin, 3);
  const app::Authenticated guardian = t.Staff("guardian@farol.test", domain::Role::kGuardian);
  const app::Authenticated* anonymous = nullptr;

  // ---- anonymous: operations and refusals
  EXPECT_EQ(c.Call("GET", "/healthz").status, 200);
  EXPECT_EQ(c.Call("GET", "/readyz").status, 200);
  EXPECT_EQ(c.Call("GET", "/metrics").status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/openapi.json").status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/auth/session").status, 401);
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets", "", anonymous, {{"authorization", "Bearer farol_nope"}}).status, 401);

  // ---- organisations, sites, network areas
  auto res = c.Call("POST", "/api/v1/organisations",
                    R"({"name": "Acme Telecom", "employee_count": 250, "time_zone": "America/Sao_Paulo",
                        "email_domains": ["acme.com.br"]})", &admin);
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t org = IdOf(res);
  res = c.Call("POST", "/api/v1/organisations", R"({"name": "Other Co", "csm_id": null})", &admin);
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t org2 = IdOf(res);
  res = c.Call("POST", "/api/v1/organisations", R"({"name": 5, "colour": "red"})", &admin);
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(ErrorFields(res), (std::set<std::string>{"name", "colour"}));
  EXPECT_EQ(c.Call("POST", "/api/v1/organisations", R"({"name": "acme telecom"})", &admin).status, 409);
  EXPECT_EQ(c.Call("POST", "/api/v1/organisations", R"({"name": "Guarded"})", &guardian).status, 403);
  res = c.Call("GET", "/api/v1/organisations?limit=1", "", &admin);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(Body(res).at("next_after"), bj::value(org));
  res = c.Call("GET", "/api/v1/organisations?limit=1&after=" + S(org), "", &admin);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(Body(res).at("items").at(0).at("id"), bj::value(org2));
  EXPECT_EQ(c.Call("GET", "/api/v1/organisations?q=acme&active=true", "", &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/organisations?limit=0", "", &admin).status, 400);
  res = c.Call("GET", "/api/v1/organisations/" + S(org), "", &admin);
  EXPECT_EQ(res.status, 200);
  const std::string org_etag = ETag(res);
  res = c.Call("PATCH", "/api/v1/organisations/" + S(org), R"({"employee_count": 1500})", &admin,
               {{"if-match", org_etag}});
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(Body(res).at("segment"), bj::value("enterprise"));
  EXPECT_EQ(c.Call("PATCH", "/api/v1/organisations/" + S(org), R"({"active": true})", &admin,
                   {{"if-match", org_etag}}).status, 412);
  EXPECT_EQ(c.Call("GET", "/api/v1/organisations/999999", "", &admin).status, 404);
  EXPECT_EQ(c.Call("GET", "/api/v1/organisations/abc", "", &admin).status, 404);

  res = c.Call("POST", "/api/v1/organisations/" + S(org) + "/sites",
               R"({"name": "HQ", "address": "Av. Paulista 1000", "city": "São Paulo", "country": "BR"})", &admin);
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t site = IdOf(res);
  EXPECT_EQ(c.Call("POST", "/api/v1/organisations/" + S(org) + "/sites", R"({"name": "hq"})", &admin).status, 409);
  EXPECT_EQ(c.Call("POST", "/api/v1/organisations/999999/sites", R"({"name": "X"})", &admin).status, 404);
  res = c.Call("POST", "/api/v1/organisations/" + S(org) + "/sites", R"({"country": "Brazil"})", &admin);
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(ErrorFields(res), (std::set<std::string>{"name", "country"}));
  EXPECT_EQ(c.Call("GET", "/api/v1/organisations/" + S(org) + "/sites", "", &admin).status, 200);
  res = c.Call("GET", "/api/v1/sites/" + S(site), "", &admin);
  EXPECT_EQ(res.status, 200);
  const std::string site_etag = ETag(res);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/sites/" + S(site), R"({"city": "Sao Paulo"})", &admin,
                   {{"if-match", site_etag}}).status, 200);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/sites/" + S(site), R"({"city": "SP"})", &admin, {{"if-match", site_etag}}).status,
            412);
  EXPECT_EQ(c.Call("GET", "/api/v1/sites/999999", "", &admin).status, 404);

  res = c.Call("POST", "/api/v1/organisations/" + S(org) + "/network-areas",
               R"({"name": "Backbone", "description": "MPLS core"})", &admin);
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t area = IdOf(res);
  EXPECT_EQ(c.Call("GET", "/api/v1/organisations/" + S(org) + "/network-areas", "", &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/network-areas/" + S(area), "", &admin).status, 200);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/network-areas/" + S(area), R"({"description": "MPLS core, São Paulo"})", &admin,
                   {{"if-match", "W/\"1\""}}).status, 200);
  res = c.Call("PATCH", "/api/v1/network-areas/" + S(area), R"({"active": false})", &admin, {{"if-match", "latest"}});
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(ErrorFields(res), (std::set<std::string>{"If-Match"}));

  // ---- teams and users
  res = c.Call("POST", "/api/v1/teams", R"({"name": "Service Desk", "description": "First line"})", &admin);
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t team1 = IdOf(res);
  res = c.Call("POST", "/api/v1/teams", R"({"name": "Network Ops", "manager_id": null, "member_ids": []})", &admin);
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t team2 = IdOf(res);
  res = c.Call("POST", "/api/v1/teams", R"({"name": "Short-lived"})", &admin);
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t team3 = IdOf(res);
  EXPECT_EQ(c.Call("POST", "/api/v1/teams", R"({"name": "service desk"})", &admin).status, 409);
  EXPECT_EQ(c.Call("GET", "/api/v1/teams", "", &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/teams?page=2", "", &admin).status, 400);
  EXPECT_EQ(c.Call("GET", "/api/v1/teams/" + S(team1), "", &admin).status, 200);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/teams/" + S(team1), R"({"description": "N1 queue"})", &admin).status, 200);

  res = c.Call("POST", "/api/v1/users",
               R"({"email": "ana@farol.test", "name": "Ana Agent", "role": "agent", "tier": "N1", "team_ids": [)" +
                   S(team1) + R"(], "locale": "pt-BR", "time_zone": "America/Sao_Paulo", "password": ")" + pw + "\"}",
               &admin);
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t agent_id = IdOf(res);
  EXPECT_FALSE(Body(res).as_object().contains("password"));
  EXPECT_EQ(c.Call("POST", "/api/v1/users", R"({"email": "ANA@farol.test", "name": "Ana Again", "role": "agent"})",
                   &admin).status, 409);
  res = c.Call("POST", "/api/v1/users", R"({"email": "not-an-email", "role": "boss"})", &admin);
  EXPECT_EQ(res.status, 400);
  EXPECT_TRUE(ErrorFields(res).contains("role")) << res.body;
  res = c.Call("POST", "/api/v1/users", R"({"email": "nico@farol.test", "name": "Nico NOC", "role": "manager",
                                           "tier": "N2"})", &admin);
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t noc_id = IdOf(res);
  EXPECT_TRUE(Body(res).as_object().contains("password"));
  const app::Authenticated agent = As(*t.app().auth().StaffActor(agent_id));
  EXPECT_EQ(c.Call("POST", "/api/v1/users", R"({"email": "x@farol.test", "name": "X", "role": "admin"})", &agent).status,
            403);
  res = c.Call("GET", "/api/v1/users?role=agent&limit=1", "", &admin);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/users?limit=1&after=" + S(Body(res).at("next_after").as_int64()) + "&q=farol", "",
                   &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/users?role=agent,admin", "", &admin).status, 400);
  res = c.Call("GET", "/api/v1/users/" + S(agent_id), "", &admin);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/users/" + S(agent_id), R"({"name": "Ana A. Agent"})", &admin,
                   {{"if-match", ETag(res)}}).status, 200);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/users/" + S(admin.actor.id), R"({"active": false})", &admin).status, 409);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/users/" + S(agent_id), R"({"password": "another long one"})", &admin).status, 400);
  EXPECT_EQ(c.Call("GET", "/api/v1/users/999999", "", &admin).status, 404);
  res = c.Call("POST", "/api/v1/users/" + S(noc_id) + "/password", "", &admin);
  EXPECT_EQ(res.status, 200);
  EXPECT_TRUE(Body(res).as_object().contains("password"));
  res = c.Call("POST", "/api/v1/users/" + S(noc_id) + "/password", R"({"password": "temporary pass 1"})", &admin);
  EXPECT_EQ(res.status, 200);
  EXPECT_FALSE(Body(res).as_object().contains("password"));
  EXPECT_EQ(c.Call("POST", "/api/v1/users/999999/password", R"({"password": "temporary pass 1"})", &admin).status, 404);
  EXPECT_EQ(c.Call("POST", "/api/v1/users/" + S(noc_id) + "/password", R"({"password": "short"})", &admin).status, 400);

  EXPECT_EQ(c.Call("PUT", "/api/v1/teams/" + S(team2) + "/members/" + S(agent_id), "", &admin).status, 200);
  EXPECT_EQ(c.Call("DELETE", "/api/v1/teams/" + S(team2) + "/members/" + S(agent_id), "", &admin).status, 200);
  EXPECT_EQ(c.Call("PUT", "/api/v1/teams/" + S(team2) + "/members/999999", "", &admin).status, 404);
  EXPECT_EQ(c.Call("DELETE", "/api/v1/teams/" + S(team3), "", &agent).status, 403);
  EXPECT_EQ(c.Call("DELETE", "/api/v1/teams/" + S(team3), "", &admin).status, 204);
  EXPECT_EQ(c.Call("GET", "/api/v1/teams/" + S(team3), "", &admin).status, 404);
  EXPECT_EQ(c.Call("DELETE", "/api/v1/teams/" + S(team3), "", &admin).status, 404);

  // ---- contacts
  res = c.Call("POST", "/api/v1/contacts",
               R"({"organisation_id": )" + S(org) + R"(, "name": "Carla Cliente", "email": "carla@acme.com.br",
                   "phone": "+55 11 5555-0100", "portal_user": true, "password": ")" + pw + "\"}",
               &admin);
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t carla = IdOf(res);
  res = c.Call("POST", "/api/v1/contacts",
               R"({"organisation_id": )" + S(org2) + R"(, "name": "Olga Outra", "email": "olga@other.example",
                   "portal_user": false})", &admin);
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t olga = IdOf(res);
  EXPECT_EQ(c.Call("POST", "/api/v1/contacts",
                   R"({"organisation_id": )" + S(org) + R"(, "name": "Dup", "email": "CARLA@acme.com.br"})", &admin)
                .status, 409);
  res = c.Call("POST", "/api/v1/contacts", R"({"name": "No Org"})", &admin);
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(ErrorFields(res), (std::set<std::string>{"organisation_id", "email"}));
  EXPECT_EQ(c.Call("GET", "/api/v1/contacts?organisation_id=" + S(org) + "&limit=10", "", &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/contacts?organisation_id=1,2", "", &admin).status, 400);
  res = c.Call("GET", "/api/v1/contacts/" + S(carla), "", &admin);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/contacts/" + S(carla), R"({"locale": "pt-BR", "time_zone": null})", &admin,
                   {{"if-match", ETag(res)}}).status, 200);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/contacts/" + S(olga), R"({"password": "a fine password"})", &admin).status, 400);
  EXPECT_EQ(c.Call("GET", "/api/v1/contacts/999999", "", &admin).status, 404);
  const app::Authenticated contact = As(*t.app().auth().ActorByEmail("carla@acme.com.br"));
  EXPECT_EQ(c.Call("GET", "/api/v1/contacts", "", &contact).status, 403);
  EXPECT_EQ(c.Call("GET", "/api/v1/contacts/" + S(carla), "", &contact).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/contacts/" + S(olga), "", &contact).status, 404);
  EXPECT_EQ(c.Call("GET", "/api/v1/organisations", "", &contact).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/organisations/" + S(org2), "", &contact).status, 404);
  EXPECT_EQ(c.Call("GET", "/api/v1/organisations/" + S(org) + "/sites", "", &contact).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/users", "", &contact).status, 403);

  // ---- catalogue
  res = c.Call("POST", "/api/v1/categories", R"({"name": "Network"})", &admin);
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t cat = IdOf(res);
  res = c.Call("POST", "/api/v1/categories", R"({"name": "Link down", "parent_id": )" + S(cat) + "}", &admin);
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t subcat = IdOf(res);
  EXPECT_EQ(c.Call("POST", "/api/v1/categories", R"({"name": "network"})", &admin).status, 409);
  EXPECT_EQ(c.Call("POST", "/api/v1/categories", R"({"name": "Deep", "parent_id": )" + S(subcat) + "}", &admin).status,
            400);
  EXPECT_EQ(c.Call("GET", "/api/v1/categories", "", &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/categories", "", &contact).status, 200);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/categories/" + S(subcat), R"({"name": "Link down, total"})", &admin,
                   {{"if-match", "\"1\""}}).status, 200);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/categories/" + S(subcat), R"({"active": false})", &admin,
                   {{"if-match", "\"1\""}}).status, 412);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/categories/999999", R"({"name": "x"})", &admin).status, 404);
  EXPECT_EQ(c.Call("POST", "/api/v1/categories", R"({"name": "Nope"})", &agent).status, 403);

  res = c.Call("POST", "/api/v1/custom-fields",
               R"({"ticket_type": "incident", "key": "circuit", "type": "text", "label": "Circuit id", "position": 1})",
               &admin);
  ASSERT_EQ(res.status, 201) << res.body;
  res = c.Call("POST", "/api/v1/custom-fields",
               R"({"ticket_type": "incident", "key": "severity_hint", "type": "select", "label": "Hint",
                   "options": ["low", "high"], "required": false})", &admin);
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t cf = IdOf(res);
  EXPECT_EQ(c.Call("POST", "/api/v1/custom-fields",
                   R"({"ticket_type": "incident", "key": "circuit", "type": "text", "label": "Again"})", &admin)
                .status, 409);
  EXPECT_EQ(c.Call("POST", "/api/v1/custom-fields", R"({"ticket_type": "incident", "key": "Bad Key", "type": "text",
                                                      "label": "x"})", &admin).status, 400);
  EXPECT_EQ(c.Call("GET", "/api/v1/custom-fields?ticket_type=incident", "", &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/custom-fields?ticket_type=bogus", "", &admin).status, 400);
  EXPECT_EQ(c.Call("GET", "/api/v1/custom-fields", "", &contact).status, 200);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/custom-fields/" + S(cf), R"({"label": "Severity hint"})", &admin,
                   {{"if-match", "1"}}).status, 200);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/custom-fields/" + S(cf), R"({"label": "Late"})", &admin, {{"if-match", "1"}}).status,
            412);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/custom-fields/" + S(cf), R"({"key": "renamed"})", &admin).status, 400);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/custom-fields/999999", R"({"label": "x"})", &admin).status, 404);

  res = c.Call("GET", "/api/v1/settings/priority-matrix", "", &agent);
  EXPECT_EQ(res.status, 200);
  const std::string matrix = res.body;
  EXPECT_EQ(c.Call("PUT", "/api/v1/settings/priority-matrix", matrix, &admin).status, 200);
  res = c.Call("PUT", "/api/v1/settings/priority-matrix", R"({"impact_by_urgency": {"high": {"high": "P0"}}})", &admin);
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(c.Call("PUT", "/api/v1/settings/priority-matrix", matrix, &agent).status, 403);
  EXPECT_EQ(c.Call("GET", "/api/v1/settings/priority-matrix", "", &contact).status, 403);

  // ---- tickets
  const std::string new_ticket =
      R"({"type": "incident", "subject": "Link down at HQ", "description": "No traffic since 09:00",
          "organisation_id": )" + S(org) + R"(, "requester_id": )" + S(carla) + R"(, "channel": "phone",
          "impact": "high", "urgency": "high", "team_id": )" + S(team1) + R"(, "assignee_id": )" + S(agent_id) +
      R"(, "site_id": )" + S(site) + R"(, "network_area_id": )" + S(area) + R"(, "category_id": )" + S(cat) +
      R"(, "subcategory_id": )" + S(subcat) + R"(, "tags": ["link", "hq"],
          "custom_fields": {"circuit": "CIRC-0042", "severity_hint": "high"}})";
  res = c.Call("POST", "/api/v1/tickets", new_ticket, &agent, {{"idempotency-key", "import-0042"}});
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t t1 = IdOf(res);
  res = c.Call("POST", "/api/v1/tickets", new_ticket, &agent, {{"idempotency-key", "import-0042"}});
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(IdOf(res), t1);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets", R"({"subject": "Something else", "organisation_id": )" + S(org) + "}",
                   &agent, {{"idempotency-key", "import-0042"}}).status, 400);
  res = c.Call("POST", "/api/v1/tickets", R"({"subject": "Printer jam", "description": "Floor 2", "urgency": "low"})",
               &contact);
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t t2 = IdOf(res);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets", R"({"subject": "Mine first", "team_id": )" + S(team1) + "}", &contact)
                .status, 403);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets", R"({"subject": "Observed", "organisation_id": )" + S(org) + "}", &guardian)
                .status, 403);
  res = c.Call("POST", "/api/v1/tickets", R"({"subject": "", "priority": "P9", "bogus": true})", &agent);
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(ErrorFields(res), (std::set<std::string>{"priority", "bogus"}));
  res = c.Call("POST", "/api/v1/tickets",
               R"({"subject": "Slow VPN", "organisation_id": )" + S(org) + R"(, "requester_id": )" + S(carla) +
                   R"(, "priority": "P2", "priority_reason": "VIP customer", "status": "open"})", &agent);
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t t3 = IdOf(res);
  res = c.Call("POST", "/api/v1/tickets", R"({"subject": "Link down again", "organisation_id": )" + S(org) + "}", &agent);
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t t4 = IdOf(res);
  res = c.Call("POST", "/api/v1/tickets",
               R"({"subject": "Other org", "organisation_id": )" + S(org2) + R"(, "requester_id": )" + S(olga) + "}",
               &admin);
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t t5 = IdOf(res);

  res = c.Call("GET", "/api/v1/tickets?limit=2", "", &agent);
  EXPECT_EQ(res.status, 200);
  const bj::value cursor = Body(res).at("next_cursor");
  ASSERT_TRUE(cursor.is_string()) << res.body;
  res = c.Call("GET", "/api/v1/tickets?limit=2&cursor=" + std::string(cursor.as_string()), "", &agent);
  EXPECT_EQ(res.status, 200);
  res = c.Call("GET",
               "/api/v1/tickets?status=new,open&priority=P1,P2&assignee_id=me,none&total=true&sort=priority&order=asc",
               "", &agent);
  EXPECT_EQ(res.status, 200);
  EXPECT_TRUE(Body(res).as_object().contains("total"));
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets?organisation_id=" + S(org) +
                              "&tag=link&q=link&type=incident&channel=phone&tier=N1&team_id=" + S(team1) +
                              "&created_from=2026-03-01&created_to=2026-03-03T00:00:00Z",
                   "", &agent).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets?priority=P9", "", &agent).status, 400);
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets?sort=colour&order=up", "", &agent).status, 400);
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets", "", &contact).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets/counts", "", &agent).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets/counts?assignee_id=me&status=new", "", &agent).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets/counts?status=bogus", "", &agent).status, 400);
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets/counts", "", &contact).status, 200);

  res = c.Call("GET", "/api/v1/tickets/" + S(t1), "", &agent);
  EXPECT_EQ(res.status, 200);
  std::string t1_etag = ETag(res);
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets/" + S(t1), "", &agent, {{"if-none-match", t1_etag}}).status, 304);
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets/" + S(t2), "", &contact).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets/" + S(t5), "", &contact).status, 404);
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets/999999", "", &agent).status, 404);

  res = c.Call("PATCH", "/api/v1/tickets/" + S(t1),
               R"({"status": "open", "urgency": "medium", "tags": ["link", "hq", "vip"],
                   "custom_fields": {"severity_hint": null}})", &agent, {{"if-match", t1_etag}});
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/tickets/" + S(t1), R"({"urgency": "low"})", &agent, {{"if-match", t1_etag}}).status,
            412);
  t1_etag = ETag(res);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/tickets/" + S(t1), R"({"status": "new"})", &agent).status, 409);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/tickets/" + S(t1), R"({"subject": "Mine"})", &contact).status, 403);
  res = c.Call("PATCH", "/api/v1/tickets/" + S(t1), R"({"priority": "P1"})", &agent);
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(ErrorFields(res), (std::set<std::string>{"priority_reason"}));
  EXPECT_EQ(c.Call("PATCH", "/api/v1/tickets/999999", R"({"subject": "Ghost"})", &agent).status, 404);

  // ---- attachments
  res = c.Call("POST", "/api/v1/tickets/" + S(t1) + "/attachments?filename=trace.txt",
               "traceroute to 10.0.0.1, 30 hops max\n 1  * * *\n", &agent);
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t att1 = IdOf(res);
  res = c.Call("POST", "/api/v1/tickets/" + S(t1) + "/attachments?filename=carrier.log&internal=true",
               "carrier says: fibre cut at km 12\n", &agent);
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t att2 = IdOf(res);
  res = c.Call("POST", "/api/v1/tickets/" + S(t1) + "/attachments", "bytes", &agent);
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(ErrorFields(res), (std::set<std::string>{"filename"}));
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(t1) + "/attachments?filename=x.txt", "bytes", &guardian).status, 403);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/999999/attachments?filename=x.txt", "bytes", &agent).status, 404);
  res = c.Call("GET", "/api/v1/tickets/" + S(t1) + "/attachments", "", &agent);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(Body(res).at("items").as_array().size(), 2u);
  res = c.Call("GET", "/api/v1/tickets/" + S(t1) + "/attachments", "", &contact);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(Body(res).at("items").as_array().size(), 1u);
  res = c.Call("GET", "/api/v1/attachments/" + S(att1), "", &contact);
  EXPECT_EQ(res.status, 200);
  EXPECT_FALSE(res.file_path.empty());
  EXPECT_EQ(c.Call("GET", "/api/v1/attachments/" + S(att2), "", &contact).status, 404);
  EXPECT_EQ(c.Call("GET", "/api/v1/attachments/" + S(att2), "", &agent).status, 200);

  // ---- replies, notes (uploads changed the ticket: load its current version first)
  res = c.Call("GET", "/api/v1/tickets/" + S(t1), "", &agent);
  t1_etag = ETag(res);
  res = c.Call("POST", "/api/v1/tickets/" + S(t1) + "/replies",
               R"({"body": "We are on it; trace attached.", "attachment_ids": [)" + S(att1) +
                   R"(], "status": "pending_customer"})", &agent, {{"if-match", t1_etag}});
  EXPECT_EQ(res.status, 201);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(t1) + "/replies", R"({"body": "Late"})", &agent,
                   {{"if-match", t1_etag}}).status, 412);
  res = c.Call("POST", "/api/v1/tickets/" + S(t1) + "/replies", R"({"body": "Still down here."})", &contact);
  EXPECT_EQ(res.status, 201);
  EXPECT_EQ(Body(res).at("status"), bj::value("open"));
  res = c.Call("POST", "/api/v1/tickets/" + S(t1) + "/replies", R"({"body": " ", "attachment_ids": [0]})", &agent);
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(t1) + "/replies", R"({"body": "x", "status": "resolved"})", &contact)
                .status, 403);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(t5) + "/replies", R"({"body": "Hello?"})", &contact).status, 404);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(t1) + "/notes",
                   R"({"body": "Carrier ticket 123", "attachment_ids": [)" + S(att2) + "]}", &agent).status, 201);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(t1) + "/notes", R"({"body": "psst"})", &contact).status, 403);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(t1) + "/notes", R"({})", &agent).status, 400);

  // ---- escalation
  res = c.Call("POST", "/api/v1/tickets/" + S(t1) + "/escalate", R"({"reason": "Needs N2", "team_id": )" + S(team2) + "}",
               &agent);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(Body(res).at("tier"), bj::value("N2"));
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(t1) + "/escalate", "", &agent).status, 200);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(t1) + "/escalate", "", &agent).status, 409);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(t2) + "/escalate", "", &contact).status, 403);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(t3) + "/escalate", R"({"team_id": "two"})", &agent).status, 400);

  // ---- links
  res = c.Call("POST", "/api/v1/tickets/" + S(t1) + "/links", R"({"ticket_id": )" + S(t3) + R"(, "kind": "related"})",
               &agent);
  EXPECT_EQ(res.status, 201);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(t1) + "/links", R"({"ticket_id": )" + S(t3) + R"(, "kind": "related"})",
                   &agent).status, 409);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(t1) + "/links", R"({"ticket_id": )" + S(t1) + R"(, "kind": "causes"})",
                   &agent).status, 409);
  res = c.Call("POST", "/api/v1/tickets/" + S(t1) + "/links", R"({"kind": "sibling_of"})", &agent);
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(ErrorFields(res), (std::set<std::string>{"ticket_id", "kind"}));
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(t1) + "/links", R"({"ticket_id": )" + S(t3) + R"(, "kind": "related"})",
                   &contact).status, 403);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/999999/links", R"({"ticket_id": )" + S(t3) + R"(, "kind": "related"})",
                   &agent).status, 404);
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets/" + S(t1) + "/links", "", &agent).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets/" + S(t3) + "/links", "", &contact).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets/" + S(t5) + "/links", "", &contact).status, 404);
  EXPECT_EQ(c.Call("DELETE", "/api/v1/tickets/" + S(t1) + "/links/related/" + S(t3), "", &agent).status, 204);
  EXPECT_EQ(c.Call("DELETE", "/api/v1/tickets/" + S(t1) + "/links/related/" + S(t3), "", &agent).status, 404);
  EXPECT_EQ(c.Call("DELETE", "/api/v1/tickets/" + S(t1) + "/links/sibling_of/" + S(t3), "", &agent).status, 404);
  EXPECT_EQ(c.Call("DELETE", "/api/v1/tickets/" + S(t1) + "/links/related/" + S(t3), "", &contact).status, 403);
  // The other ticket is named in the address: a missing one is a 404, not a field error.
  EXPECT_EQ(c.Call("DELETE", "/api/v1/tickets/" + S(t1) + "/links/related/999999", "", &agent).status, 404);

  // ---- merge
  res = c.Call("POST", "/api/v1/tickets/" + S(t4) + "/merge", R"({"into_id": )" + S(t1) + "}", &agent);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(IdOf(res), t1);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(t4) + "/merge", R"({"into_id": )" + S(t1) + "}", &agent).status, 409);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(t5) + "/merge", R"({"into_id": )" + S(t1) + "}", &agent).status, 409);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(t3) + "/merge", R"({})", &agent).status, 400);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(t3) + "/merge", R"({"into_id": )" + S(t1) + "}", &contact).status, 403);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/999999/merge", R"({"into_id": )" + S(t1) + "}", &agent).status, 404);

  // ---- calls, live view, saved queues
  res = c.Call("POST", "/api/v1/tickets/" + S(t1) + "/calls",
               R"({"direction": "outbound", "caller": "+55 11 5555-0101", "duration_seconds": 240, "notes": "Walked the customer through a reboot"})",
               &agent);
  EXPECT_EQ(res.status, 201);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(t1) + "/calls", R"({"caller": "x", "outcome": "maybe"})", &agent).status, 400);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(t1) + "/calls", R"({"caller": "x"})", &contact).status, 403);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/999999/calls", R"({"caller": "x"})", &agent).status, 404);
  res = c.Call("POST", "/api/v1/calls",
               R"({"organisation_id": )" + S(org) + R"(, "subject": "Printer offline", "caller": "Carla", "outcome": "resolved", "duration_seconds": 240})",
               &agent);
  EXPECT_EQ(res.status, 201);
  EXPECT_EQ(c.Call("POST", "/api/v1/calls", R"({"subject": "x", "caller": "y", "channel": "chat"})", &agent).status, 400);
  EXPECT_EQ(c.Call("POST", "/api/v1/calls", R"({"subject": "x", "caller": "y"})", &contact).status, 403);
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets/" + S(t1) + "/events", "", &agent).status, 200);  // shows call_logged
  res = c.Call("GET", "/api/v1/tickets/" + S(t1) + "/live", "", &agent);
  EXPECT_EQ(res.status, 200);
  EXPECT_TRUE(res.stream != nullptr);
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets/999999/live", "", &agent).status, 404);
  res = c.Call("POST", "/api/v1/saved-filters", R"({"name": "My open P1", "query": "status=open&priority=P1&assignee_id=me"})", &agent);
  EXPECT_EQ(res.status, 201);
  const int64_t saved = IdOf(res);
  EXPECT_EQ(c.Call("POST", "/api/v1/saved-filters", R"({"name": "my open p1", "query": "status=open"})", &agent).status, 409);
  EXPECT_EQ(c.Call("POST", "/api/v1/saved-filters", R"({"name": "x"})", &agent).status, 400);
  EXPECT_EQ(c.Call("GET", "/api/v1/saved-filters", "", &agent).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/saved-filters", "", &contact).status, 403);
  EXPECT_EQ(c.Call("DELETE", "/api/v1/saved-filters/" + std::to_string(saved), "", &agent).status, 204);
  EXPECT_EQ(c.Call("DELETE", "/api/v1/saved-filters/" + std::to_string(saved), "", &agent).status, 404);

  // ---- SLA simulation
  const std::string scenario =
      R"({"calendar": {"timezone": "America/Sao_Paulo", "week": {"mon": [["08:00", "12:00"], ["13:00", "18:00"]]},
                       "holidays": ["2026-11-20", "12-25"]},
          "targets": {"first_response_minutes": 60, "resolution_minutes": 480}, "warn_at_percent": 75,
          "pause_statuses": ["pending_customer", "pending_vendor"], "response_events": ["public_reply", "phone_call"],
          "events": [{"at": "2026-11-23T11:00:00Z", "type": "created", "status": "new"},
                     {"at": "2026-11-23T11:30:00Z", "type": "phone_call"},
                     {"at": "2026-11-23T12:00:00Z", "type": "retarget",
                      "targets": {"first_response_minutes": 30, "resolution_minutes": 240}}],
          "now": "2026-11-23T13:00:00Z"})";
  res = c.Call("POST", "/api/v1/sla/simulate", scenario, &agent);
  EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res).at("resolution").at("due"), bj::value("2026-11-23T15:00:00Z"));
  EXPECT_EQ(c.Call("POST", "/api/v1/sla/simulate", "[" + scenario + "]", &agent).status, 200);
  EXPECT_EQ(c.Call("POST", "/api/v1/sla/simulate", R"({"calendar": {}})", &agent).status, 400);
  EXPECT_EQ(c.Call("POST", "/api/v1/sla/simulate", scenario, &contact).status, 403);
  EXPECT_EQ(c.Call("POST", "/api/v1/sla/simulate", scenario, anonymous).status, 401);

  // ---- SLA policy and a ticket's clocks
  res = c.Call("GET", "/api/v1/settings/sla-policy", "", &agent);
  EXPECT_EQ(res.status, 200);
  res = c.Call("PUT", "/api/v1/settings/sla-policy",
               R"({"calendar": {"timezone": "America/Sao_Paulo", "week": {"mon": [["08:00", "18:00"]]}, "holidays": ["12-25"]},
                   "targets": [{"type": "incident", "priority": "P2", "first_response_minutes": 60, "resolution_minutes": 480}],
                   "pause_statuses": ["pending_customer"], "warn_percents": [50, 90], "calls_count_as_response": true,
                   "olas": [{"team_id": )" + S(team1) + R"(, "minutes": 30}]})",
               &admin);
  EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(c.Call("PUT", "/api/v1/settings/sla-policy", R"({"targets": []})", &admin).status, 400);
  EXPECT_EQ(c.Call("GET", "/api/v1/settings/sla-policy", "", &contact).status, 403);
  res = c.Call("GET", "/api/v1/tickets/" + S(t1) + "/sla", "", &agent);
  EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets/" + S(t1) + "/sla", "", &contact).status, 403);
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets/999999/sla", "", &agent).status, 404);
  res = c.Call("GET", "/api/v1/sla/clocks?ids=" + S(t1) + ",999999", "", &agent);
  EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res).at("items").as_array().size(), 1u);
  EXPECT_EQ(c.Call("GET", "/api/v1/sla/clocks?ids=abc", "", &agent).status, 400);
  for (const char* by : {"organisation", "type", "priority", "team"}) {
    res = c.Call("GET", std::string("/api/v1/reports/sla?from=2020-01-01&to=2030-01-01&by=") + by, "", &agent);
    EXPECT_EQ(res.status, 200) << res.body;
  }
  EXPECT_EQ(c.Call("GET", "/api/v1/reports/sla?from=2026-01-01", "", &agent).status, 400);
  res = c.Call("GET", "/api/v1/reports/ola?from=2020-01-01&to=2030-01-01", "", &agent);
  EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(c.Call("GET", "/api/v1/reports/ola?to=2030-01-01", "", &agent).status, 400);
  EXPECT_EQ(c.Call("GET", "/api/v1/reports/ola?from=2020-01-01&to=2030-01-01", "", &contact).status, 403);
  EXPECT_EQ(c.Call("GET", "/api/v1/reports/sla?from=2020-01-01&to=2030-01-01", "", &contact).status, 403);
  EXPECT_EQ(c.Call("GET", "/api/v1/sla/clocks", "", &agent).status, 400);
  EXPECT_EQ(c.Call("GET", "/api/v1/sla/clocks?ids=" + S(t1), "", &contact).status, 403);
  EXPECT_EQ(c.Call("PUT", "/api/v1/settings/sla-policy",
                   R"({"calendar": {"timezone": "UTC", "always_open": true},
                       "targets": [{"type": "incident", "priority": "P1", "first_response_minutes": 15, "resolution_minutes": 240}]})",
                   &agent).status, 403);

  // ---- SLA alerts: channels, a fired alert on the timeline, the outbox and the at-risk queue
  res = c.Call("POST", "/api/v1/alerts/channels",
               R"({"name": "NOC hook", "kind": "webhook", "url": "http://127.0.0.1:9/hook", "secret": "0123456789abcdef0123",
                   "language": "pt-BR", "time_zone": "America/Sao_Paulo", "max_priority": "P2"})", &admin);
  EXPECT_EQ(res.status, 201) << res.body;
  const int64_t hook = IdOf(res);
  EXPECT_EQ(c.Call("POST", "/api/v1/alerts/channels",
                   R"({"name": "Ops mail", "kind": "email", "emails": ["ops@farol.test"], "on_warning": false})", &admin).status, 201);
  EXPECT_EQ(c.Call("POST", "/api/v1/alerts/channels", R"({"name": "Chat", "kind": "slack", "url": "https://hooks.example.test/x"})", &admin).status, 201);
  EXPECT_EQ(c.Call("POST", "/api/v1/alerts/channels",
                   R"({"name": "Bot", "kind": "telegram", "secret": "123:abc", "chat_id": "-42"})", &admin).status, 201);
  EXPECT_EQ(c.Call("POST", "/api/v1/alerts/channels", R"({"name": "", "kind": "webhook"})", &admin).status, 400);
  EXPECT_EQ(c.Call("POST", "/api/v1/alerts/channels", R"({"name": "x", "kind": "webhook"})", &agent).status, 403);
  EXPECT_EQ(c.Call("GET", "/api/v1/alerts/channels", "", &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/alerts/channels", "", &contact).status, 403);
  EXPECT_EQ(c.Call("PUT", "/api/v1/alerts/channels/" + S(hook),
                   R"({"name": "NOC hook", "kind": "webhook", "url": "http://127.0.0.1:9/hook2", "version": 1})", &admin).status, 200);
  EXPECT_EQ(c.Call("PUT", "/api/v1/alerts/channels/" + S(hook),
                   R"({"name": "NOC hook", "kind": "webhook", "url": "http://127.0.0.1:9/hook2", "version": 1})", &admin).status, 412);
  EXPECT_EQ(c.Call("PUT", "/api/v1/alerts/channels/999999",
                   R"({"name": "NOC hook", "kind": "webhook", "url": "http://127.0.0.1:9/hook2", "version": 1})", &admin).status, 404);
  EXPECT_EQ(c.Call("POST", "/api/v1/alerts/channels/" + S(hook) + "/test", "", &admin).status, 202);
  EXPECT_EQ(c.Call("POST", "/api/v1/alerts/channels/999999/test", "", &admin).status, 404);
  res = c.Call("POST", "/api/v1/tickets",
               R"({"organisation_id": )" + S(org) + R"(, "subject": "Core down", "type": "incident", "priority": "P2", "priority_reason": "all sites"})",
               &agent);
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t urgent = IdOf(res);
  t.clock().Advance(std::chrono::minutes(61));  // past its 60-minute first response (the policy set above)
  ASSERT_TRUE(t.app().alerts().FireDue().ok());
  res = c.Call("GET", "/api/v1/tickets/" + S(urgent) + "/events", "", &agent);
  EXPECT_NE(res.body.find("\"sla_alert\""), std::string::npos) << res.body;
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets?sla=breached&sort=sla_due&order=asc", "", &agent).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets?sla=at_risk", "", &agent).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets?sla=late", "", &agent).status, 400);
  res = c.Call("GET", "/api/v1/alerts/deliveries?state=pending&limit=2", "", &admin);
  EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(c.Call("GET", "/api/v1/alerts/deliveries?before=" + std::to_string(Body(res).at("next_before").as_int64()), "", &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/alerts/deliveries?state=lost", "", &admin).status, 400);
  EXPECT_EQ(c.Call("GET", "/api/v1/alerts/deliveries", "", &agent).status, 403);
  EXPECT_EQ(c.Call("POST", "/api/v1/alerts/deliveries/999999/retry", "", &admin).status, 404);
  EXPECT_EQ(c.Call("POST", "/api/v1/alerts/deliveries/999999/retry", "", &agent).status, 403);

  // ---- calendars, SLA policies, contracts, the audit log
  res = c.Call("GET", "/api/v1/calendars", "", &agent);
  EXPECT_EQ(res.status, 200) << res.body;
  res = c.Call("POST", "/api/v1/calendars",
               R"({"name": "São Paulo office", "timezone": "America/Sao_Paulo",
                   "week": {"mon": [["08:00", "12:00"], ["13:00", "18:00"]], "tue": [["08:00", "18:00"]]}, "holidays": ["12-25"]})",
               &admin);
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t office = IdOf(res);
  EXPECT_EQ(c.Call("POST", "/api/v1/calendars", R"({"name": "São Paulo office", "timezone": "UTC", "always_open": true})", &admin).status, 409);
  EXPECT_EQ(c.Call("POST", "/api/v1/calendars", R"({"name": "Nowhere", "timezone": "Mars/Olympus"})", &admin).status, 400);
  EXPECT_EQ(c.Call("POST", "/api/v1/calendars", R"({"name": "x", "timezone": "UTC"})", &agent).status, 403);
  EXPECT_EQ(c.Call("GET", "/api/v1/calendars/" + S(office), "", &agent).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/calendars/999999", "", &agent).status, 404);
  EXPECT_EQ(c.Call("PUT", "/api/v1/calendars/" + S(office),
                   R"({"name": "SP office", "timezone": "America/Sao_Paulo", "week": {"mon": [["08:00", "18:00"]]}, "version": 1})", &admin).status, 200);
  EXPECT_EQ(c.Call("PUT", "/api/v1/calendars/" + S(office),
                   R"({"name": "SP office", "timezone": "America/Sao_Paulo", "always_open": true, "version": 1})", &admin).status, 412);
  EXPECT_EQ(c.Call("PUT", "/api/v1/calendars/999999", R"({"name": "x", "timezone": "UTC", "always_open": true, "version": 1})", &admin).status, 404);
  EXPECT_EQ(c.Call("GET", "/api/v1/calendars/" + S(office) + "/versions", "", &agent).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/calendars/999999/versions", "", &agent).status, 404);
  res = c.Call("POST", "/api/v1/calendars/" + S(office) + "/holidays", R"({"text": "2026-11-20 Consciência Negra\n# comment\n01-01"})", &admin);
  EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res).at("added"), bj::value(2));
  EXPECT_EQ(c.Call("POST", "/api/v1/calendars/" + S(office) + "/holidays", R"({"text": "not a date"})", &admin).status, 400);
  EXPECT_EQ(c.Call("POST", "/api/v1/calendars/999999/holidays", R"({"text": "12-25"})", &admin).status, 404);
  res = c.Call("POST", "/api/v1/calendars/" + S(office) + "/reapply", R"({"reason": "Black Consciousness Day was missing"})", &admin);
  EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(c.Call("POST", "/api/v1/calendars/" + S(office) + "/reapply", R"({"reason": ""})", &admin).status, 400);
  EXPECT_EQ(c.Call("POST", "/api/v1/calendars/999999/reapply", R"({"reason": "x"})", &admin).status, 404);
  res = c.Call("GET", "/api/v1/sla/policies", "", &agent);
  EXPECT_EQ(res.status, 200) << res.body;
  res = c.Call("POST", "/api/v1/sla/policies",
               R"({"name": "Gold", "calendar_id": )" + S(office) + R"(,
                   "targets": [{"type": "incident", "priority": "P1", "first_response_minutes": 15, "resolution_minutes": 120, "update_minutes": 60},
                               {"type": "incident", "priority": "P2", "first_response_minutes": 30, "resolution_minutes": 240, "update_minutes": null}],
                   "responses": {"default": ["public_reply"], "phone": ["public_reply", "phone_call"]},
                   "escalation": {"types": ["incident"], "max_priority": "P2", "request_cooldown_minutes": 60,
                                  "levels": [{"name": "Team", "trigger": "percent", "clock": "resolution", "percent": 50,
                                              "deadline_minutes": 30, "recipients": ["team", "assignee"], "email": true},
                                             {"name": "Manager", "trigger": "unacknowledged", "recipients": ["team_manager", "role:director"],
                                              "channel_ids": [)" + S(hook) + R"(]}]}})",
               &admin);
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t gold = IdOf(res);
  EXPECT_EQ(c.Call("POST", "/api/v1/sla/policies",
                   R"({"name": "Broken", "calendar_id": 1, "targets": [],
                       "escalation": {"levels": [{"name": "x", "trigger": "unacknowledged", "recipients": ["nobody"]}]}})", &admin).status, 400);
  EXPECT_EQ(c.Call("POST", "/api/v1/sla/policies", R"({"name": "Gold", "calendar_id": 1, "targets": []})", &admin).status, 409);
  EXPECT_EQ(c.Call("POST", "/api/v1/sla/policies", R"({"name": "x", "calendar_id": 1, "targets": []})", &agent).status, 403);
  EXPECT_EQ(c.Call("GET", "/api/v1/sla/policies/" + S(gold), "", &agent).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/sla/policies/999999", "", &agent).status, 404);
  EXPECT_EQ(c.Call("PUT", "/api/v1/sla/policies/" + S(gold),
                   R"({"name": "Gold", "calendar_id": )" + S(office) + R"(, "version": 1,
                       "targets": [{"type": "incident", "priority": "P1", "first_response_minutes": 10, "resolution_minutes": 120}]})", &admin).status, 200);
  EXPECT_EQ(c.Call("PUT", "/api/v1/sla/policies/" + S(gold),
                   R"({"name": "Gold", "calendar_id": 1, "version": 1, "targets": []})", &admin).status, 412);
  EXPECT_EQ(c.Call("PUT", "/api/v1/sla/policies/999999", R"({"name": "x", "calendar_id": 1, "version": 1, "targets": []})", &admin).status, 404);
  const std::string contract_body = R"({"organisation_id": )" + S(org) + R"(, "name": "Managed NOC", "starts_on": "2026-01-01",
      "ends_on": "2026-12-31", "renewal_on": "2026-11-01", "monthly_value_minor": 1250000, "currency": "BRL",
      "policy_id": )" + S(gold) + R"(, "calendar_id": null,
      "compliance_targets": [{"type": "incident", "clock": "resolution", "percent": 95.5}, {"type": "change", "percent": 90}])";
  res = c.Call("POST", "/api/v1/contracts", contract_body + "}", &admin);
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t contract = IdOf(res);
  EXPECT_EQ(c.Call("POST", "/api/v1/contracts", contract_body + "}", &admin).status, 400);  // overlaps the first
  EXPECT_EQ(c.Call("POST", "/api/v1/contracts", R"({"name": "x"})", &admin).status, 400);
  EXPECT_EQ(c.Call("POST", "/api/v1/contracts", contract_body + "}", &agent).status, 403);
  EXPECT_EQ(c.Call("GET", "/api/v1/contracts?organisation_id=" + S(org), "", &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/contracts?organisation_id=x", "", &admin).status, 400);
  EXPECT_EQ(c.Call("GET", "/api/v1/contracts", "", &agent).status, 403);
  EXPECT_EQ(c.Call("GET", "/api/v1/contracts/" + S(contract), "", &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/contracts/999999", "", &admin).status, 404);
  EXPECT_EQ(c.Call("PUT", "/api/v1/contracts/" + S(contract), contract_body + R"(, "notes": "renegotiate", "version": 1})", &admin).status, 200);
  EXPECT_EQ(c.Call("PUT", "/api/v1/contracts/" + S(contract), contract_body + R"(, "version": 1})", &admin).status, 412);
  EXPECT_EQ(c.Call("PUT", "/api/v1/contracts/999999", contract_body + R"(, "version": 1})", &admin).status, 404);
  res = c.Call("GET", "/api/v1/contracts/" + S(contract) + "/compliance?from=2026-01-01&to=2027-01-01", "", &admin);
  EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(c.Call("GET", "/api/v1/contracts/" + S(contract) + "/compliance?from=2026-01-01", "", &admin).status, 400);
  EXPECT_EQ(c.Call("GET", "/api/v1/contracts/999999/compliance?from=2026-01-01&to=2026-02-01", "", &admin).status, 404);
  EXPECT_EQ(c.Call("GET", "/api/v1/contracts/" + S(contract) + "/compliance?from=2026-01-01&to=2026-02-01", "", &agent).status, 403);
  res = c.Call("GET", "/api/v1/audit?limit=2", "", &admin);
  EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(c.Call("GET", "/api/v1/audit?object_kind=contract&object_id=" + S(contract) + "&before=" +
                       std::to_string(Body(res).at("next_before").as_int64()), "", &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/audit?object_kind=tickets", "", &admin).status, 400);
  EXPECT_EQ(c.Call("GET", "/api/v1/audit", "", &agent).status, 403);

  // ---- the escalation matrix: a P1 incident under the contract's Gold policy
  res = c.Call("POST", "/api/v1/tickets",
               R"({"organisation_id": )" + S(org) + R"(, "requester_id": )" + S(carla) +
                   R"(, "subject": "Core switch down", "type": "incident", "priority": "P1", "priority_reason": "HQ offline"})",
               &agent);
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t p1 = IdOf(res);
  res = c.Call("GET", "/api/v1/tickets/" + S(p1) + "/sla", "", &agent);
  EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res).at("terms").at("contract_id"), bj::value(contract));
  EXPECT_TRUE(Body(res).at("next_escalation").is_object()) << res.body;
  res = c.Call("GET", "/api/v1/tickets/" + S(p1) + "/escalations", "", &contact);
  EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res).at("can_request"), bj::value(true));
  res = c.Call("POST", "/api/v1/tickets/" + S(p1) + "/escalation-request", R"({"reason": "The whole office is offline"})", &contact);
  EXPECT_EQ(res.status, 202) << res.body;
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(p1) + "/escalation-request", R"({"reason": "Still nothing"})", &contact).status, 429);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(p1) + "/escalation-request", R"({"reason": ""})", &contact).status, 400);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(p1) + "/escalation-request", R"({"reason": "x"})", &agent).status, 403);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/999999/escalation-request", R"({"reason": "x"})", &contact).status, 404);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(t1) + "/escalation-request", R"({"reason": "x"})", &contact).status, 409);
  res = c.Call("GET", "/api/v1/tickets/" + S(p1) + "/escalations", "", &agent);
  EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets/999999/escalations", "", &agent).status, 404);
  res = c.Call("POST", "/api/v1/tickets/" + S(p1) + "/escalations/1/acknowledge", "", &agent);
  EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(p1) + "/escalations/2/acknowledge", "", &agent).status, 404);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(p1) + "/escalations/1/acknowledge", "", &contact).status, 403);
  res = c.Call("GET", "/api/v1/escalations?state=all&limit=1", "", &agent);
  EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(c.Call("GET", "/api/v1/escalations?state=acknowledged", "", &agent).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/escalations?state=lost", "", &agent).status, 400);
  EXPECT_EQ(c.Call("GET", "/api/v1/escalations", "", &contact).status, 403);
  std::string token;
  ASSERT_TRUE(t.store().Write([&](store::Tx& tx) -> Status {
                   FAROL_ASSIGN_OR_RETURN(auto row, tx.escalations().Find(p1, 1));
                   if (!row) return NotFoundError("no level 1");
                   FAROL_ASSIGN_OR_RETURN(token, t.app().escalations().SignToken(tx, row->id, agent.actor.id,
                                                                                 t.clock().SystemNow() + std::chrono::hours(1)));
                   return OkStatus();
                 }).ok());
  EXPECT_EQ(c.Call("GET", "/api/v1/escalations/ack/" + token, "", anonymous).status, 200);
  EXPECT_EQ(c.Call("POST", "/api/v1/escalations/ack/" + token, "", anonymous).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/escalations/ack/1_2_3_tampered", "", anonymous).status, 404);
  EXPECT_EQ(c.Call("POST", "/api/v1/escalations/ack/" + token + "0", "", anonymous).status, 404);

  // ---- e-mail: a message from a file, a stranger's (triage), an unreadable one (quarantine)
  const std::string eml =
      "From: Paula <paula@acme.com.br>\r\nTo: suporte@farol.test\r\nSubject: VPN caiu\r\n"
      "Message-ID: <openapi-1@acme.com.br>\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
      "<p onclick=\"x()\">A <b>VPN</b> caiu.</p><script>alert(1)</script>\r\n";
  res = c.Call("POST", "/api/v1/mail/messages", eml, &admin);
  ASSERT_EQ(res.status, 201) << res.body;
  EXPECT_EQ(Body(res).at("outcome"), "ticket");
  const int64_t mail_ticket = Body(res).at("ticket_id").as_int64();
  const int64_t mail1 = Body(res).at("message_id").as_int64();
  EXPECT_EQ(Body(c.Call("POST", "/api/v1/mail/messages", eml, &admin)).at("outcome"), "duplicate");
  EXPECT_EQ(c.Call("POST", "/api/v1/mail/messages", eml, &agent).status, 403);
  EXPECT_EQ(c.Call("POST", "/api/v1/mail/messages", "", &admin).status, 400);
  res = c.Call("POST", "/api/v1/mail/messages",
               "From: ze@gmail.com\r\nSubject: Oi\r\nMessage-ID: <openapi-2@gmail.com>\r\n\r\nPreciso de ajuda.\r\n", &admin);
  ASSERT_EQ(res.status, 201) << res.body;
  EXPECT_EQ(Body(res).at("outcome"), "triage");
  const int64_t triaged = Body(res).at("message_id").as_int64();
  res = c.Call("POST", "/api/v1/mail/messages", "no headers at all", &admin);
  ASSERT_EQ(res.status, 201) << res.body;
  EXPECT_EQ(Body(res).at("outcome"), "quarantined");
  const int64_t unreadable = Body(res).at("message_id").as_int64();
  res = c.Call("GET", "/api/v1/mail/messages?state=triage", "", &agent);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(Body(res).at("items").as_array().size(), 1u);
  EXPECT_EQ(c.Call("GET", "/api/v1/mail/messages?state=quarantined", "", &agent).status, 403);
  EXPECT_EQ(c.Call("GET", "/api/v1/mail/messages?state=bogus", "", &admin).status, 400);
  EXPECT_EQ(c.Call("GET", "/api/v1/mail/messages?limit=2", "", &admin).status, 200);
  res = c.Call("GET", "/api/v1/mail/messages/" + S(mail1), "", &agent);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(Body(res).at("html"), "<p>A <b>VPN</b> caiu.</p>\n");  // no handler, no script
  EXPECT_EQ(c.Call("GET", "/api/v1/mail/messages/" + S(mail1), "", &contact).status, 404);
  res = c.Call("GET", "/api/v1/mail/messages/" + S(mail1) + "/raw", "", &admin);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, eml);
  EXPECT_EQ(c.Call("GET", "/api/v1/mail/messages/999999/raw", "", &admin).status, 404);
  res = c.Call("POST", "/api/v1/mail/messages/" + S(unreadable) + "/retry", "", &admin);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(Body(res).at("outcome"), "quarantined");
  EXPECT_EQ(c.Call("POST", "/api/v1/mail/messages/" + S(mail1) + "/retry", "", &admin).status, 409);
  EXPECT_EQ(c.Call("POST", "/api/v1/mail/messages/" + S(unreadable) + "/retry", "", &agent).status, 403);
  EXPECT_EQ(c.Call("POST", "/api/v1/mail/messages/" + S(triaged) + "/accept", R"({"organisation_id": "x"})", &agent).status, 400);
  EXPECT_EQ(c.Call("POST", "/api/v1/mail/messages/" + S(triaged) + "/accept", R"({"organisation_id": 1})", &guardian).status, 403);
  res = c.Call("POST", "/api/v1/mail/messages/" + S(triaged) + "/accept", R"({"organisation_id": )" + S(org2) + "}", &agent);
  EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res).at("outcome"), "ticket");
  EXPECT_EQ(c.Call("POST", "/api/v1/mail/messages/" + S(triaged) + "/accept", R"({"organisation_id": )" + S(org2) + "}", &agent).status, 409);
  EXPECT_EQ(c.Call("POST", "/api/v1/mail/messages/999999/accept", R"({"organisation_id": 1})", &agent).status, 404);
  res = c.Call("GET", "/api/v1/tickets/" + S(mail_ticket) + "/emails", "", &agent);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(Body(res).at("items").as_array().size(), 1u);
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets/" + S(mail_ticket) + "/emails", "", &contact).status, 404);

  // ---- sign-in links: asked for (the same answer for any address); a bad link is 401
  EXPECT_EQ(c.Call("POST", "/api/v1/auth/magic-link", R"({"email": "paula@acme.com.br", "locale": "pt-BR"})", anonymous).status, 202);
  EXPECT_EQ(c.Call("POST", "/api/v1/auth/magic-link", R"({"email": "not an address"})", anonymous).status, 400);
  EXPECT_EQ(c.Call("POST", "/api/v1/auth/magic-link/redeem", R"({"token": "not-a-link"})", anonymous).status, 401);
  EXPECT_EQ(c.Call("POST", "/api/v1/auth/magic-link/redeem", R"({"token": 1})", anonymous).status, 400);

  // ---- monitoring: a channel, the two formats, repeats, recovery, a revoked key
  res = c.Call("POST", "/api/v1/monitoring/channels", R"({"name": "Prometheus", "organisation_id": )" + S(org) +
                                                          R"(, "resolve_on_recovery": true, "rate_per_minute": 600})", &admin);
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t probe = IdOf(res);
  const std::string probe_path(Body(res).at("alerts_path").as_string());
  EXPECT_EQ(c.Call("POST", "/api/v1/monitoring/channels", R"({"name": ""})", &admin).status, 400);
  EXPECT_EQ(c.Call("POST", "/api/v1/monitoring/channels", R"({"name": "x", "organisation_id": 1})", &agent).status, 403);
  const std::string alertmanager =
      R"({"version": "4", "groupKey": "{}:{alertname=\"LinkDown\"}", "status": "firing", "receiver": "farol",)"
      R"( "groupLabels": {}, "commonLabels": {}, "commonAnnotations": {}, "externalURL": "http://am.example",)"
      R"( "alerts": [{"status": "firing", "labels": {"alertname": "LinkDown", "site": "hq", "severity": "critical"},)"
      R"( "annotations": {"summary": "Link down at HQ"}, "startsAt": "2026-11-22T10:00:00Z",)"
      R"( "endsAt": "0001-01-01T00:00:00Z", "generatorURL": "http://prometheus.example/graph", "fingerprint": "a1b2c3"}]})";
  res = c.Call("POST", probe_path, alertmanager, anonymous);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res).at("results").at(0).at("action"), "opened");
  EXPECT_EQ(Body(c.Call("POST", probe_path, alertmanager, anonymous)).at("results").at(0).at("action"), "annotated");
  res = c.Call("POST", probe_path, R"({"alerts": [{"title": "Disk full", "severity": "warning", "status": "resolved"}]})", anonymous);
  EXPECT_EQ(Body(res).at("results").at(0).at("action"), "ignored");
  EXPECT_EQ(c.Call("POST", probe_path, R"({"title": "Disk full", "colour": "red"})", anonymous).status, 400);
  EXPECT_EQ(c.Call("POST", "/api/v1/channels/fmon_wrong/alerts", R"({"title": "x"})", anonymous).status, 401);
  EXPECT_EQ(c.Call("GET", "/api/v1/monitoring/channels", "", &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/monitoring/channels", "", &agent).status, 403);
  res = c.Call("GET", "/api/v1/monitoring/alerts?channel_id=" + S(probe) + "&limit=10", "", &admin);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(Body(res).at("items").as_array().size(), 1u);
  EXPECT_EQ(c.Call("GET", "/api/v1/monitoring/alerts?limit=0", "", &admin).status, 400);
  res = c.Call("PATCH", "/api/v1/monitoring/channels/" + S(probe),
               R"j({"name": "Prometheus (NOC)", "team_id": null, "resolve_on_recovery": true, "rate_per_minute": 60})j", &admin);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(Body(res).at("rate_per_minute"), 60);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/monitoring/channels/" + S(probe), R"({"rate_per_minute": 0})", &admin).status, 400);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/monitoring/channels/999999", R"({"name": "x"})", &admin).status, 404);
  // Surveys (docs/SURVEYS.md): designed by an admin, read, changed, reported; the public link.
  res = c.Call("POST", "/api/v1/surveys", R"({"name": "NPS", "kind": "nps", "comment_en": "Why?", "comment_pt": "Por quê?"})", &admin);
  EXPECT_EQ(res.status, 201);
  const int64_t nps = IdOf(res);
  EXPECT_EQ(c.Call("POST", "/api/v1/surveys", R"({"name": "", "kind": "stars"})", &admin).status, 400);
  EXPECT_EQ(c.Call("POST", "/api/v1/surveys", R"({"name": "x", "kind": "nps"})", &agent).status, 403);
  EXPECT_EQ(c.Call("GET", "/api/v1/surveys", "", &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/surveys/" + S(nps), "", &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/surveys/999999", "", &admin).status, 404);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/surveys/" + S(nps), R"({"version": 1, "send_on": "closed"})", &admin).status, 200);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/surveys/" + S(nps), R"({"version": 1, "active": false})", &admin).status, 412);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/surveys/" + S(nps), R"({"version": 2, "kind": "csat"})", &admin).status, 400);
  EXPECT_EQ(c.Call("GET", "/api/v1/surveys/" + S(nps) + "/results?from=2026-01-01&to=2027-01-01", "", &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/surveys/" + S(nps) + "/results?from=January", "", &admin).status, 400);
  EXPECT_EQ(c.Call("GET", "/api/v1/surveys/" + S(nps) + "/results", "", &agent).status, 403);
  EXPECT_EQ(c.Call("GET", "/api/v1/surveys/" + S(nps) + "/responses?limit=10", "", &admin).status, 200);
  res = c.Call("POST", "/api/v1/surveys",
               R"j({"name": "CSAT with reasons", "kind": "csat", "questions": [{"kind": "choice", "text_en": "Why?", )j"
               R"j("text_pt": "Por quê?", "options_en": ["Speed", "Care"], "options_pt": ["Rapidez", "Cuidado"], "ask": "negative"}]})j",
               &admin);
  EXPECT_EQ(res.status, 201) << res.body;
  const int64_t csat = IdOf(res);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/surveys/" + S(csat),
                   R"j({"version": 1, "questions": [{"id": 1, "kind": "choice", "text_en": "Why?", "text_pt": "Por quê?", )j"
                   R"j("options_en": ["Speed", "Care"], "options_pt": ["Rapidez", "Cuidado"]}, )j"
                   R"j({"id": null, "kind": "text", "text_en": "More?", "text_pt": "Mais?", "ask": "always"}]})j",
                   &admin).status,
            200);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/surveys/" + S(csat), R"j({"version": 2, "questions": [{"kind": "poll"}]})j", &admin).status, 400);
  EXPECT_EQ(c.Call("GET", "/api/v1/surveys/" + S(csat) + "/results", "", &admin).status, 200);
  // The guardian's problem log (docs/GUARDIAN.md).
  EXPECT_EQ(c.Call("GET", "/api/v1/guardian/settings", "", &admin).status, 200);
  EXPECT_EQ(c.Call("PUT", "/api/v1/guardian/settings", R"j({"gut": {"preset": "seed"}, "error_categories": ["delivery delay"]})j", &admin).status, 200);
  EXPECT_EQ(c.Call("PUT", "/api/v1/guardian/settings", R"j({"gut": {"preset": "custom", "bands": []}})j", &admin).status, 400);
  EXPECT_EQ(c.Call("POST", "/api/v1/guardian/gut-preview", R"j({"gravity": 2, "urgency": 3, "tendency": 3})j", &agent).status, 200);
  EXPECT_EQ(c.Call("POST", "/api/v1/guardian/gut-preview", R"j({"gravity": 9, "urgency": 3, "tendency": 3})j", &agent).status, 400);
  res = c.Call("POST", "/api/v1/problems",
               R"j({"title": "Invoice to the wrong branch", "error_category": "delivery delay", "gravity": 2, "urgency": 3, )j"
               R"j("tendency": 3, "cause_category": "process", "reporter_user_id": null, "team_id": null})j",
               &admin);
  EXPECT_EQ(res.status, 201) << res.body;
  const int64_t problem = IdOf(res);
  EXPECT_EQ(c.Call("POST", "/api/v1/problems", R"j({"title": ""})j", &admin).status, 400);
  EXPECT_EQ(c.Call("POST", "/api/v1/problems", R"j({"title": "x"})j", &agent).status, 403);
  EXPECT_EQ(c.Call("GET", "/api/v1/problems?order=rank", "", &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/problems?status=all&segment=enterprise&level=high&reporter_user_id=1&reported_from=2026-01-01T00:00:00Z&reported_to=2027-01-01T00:00:00Z", "", &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/problems?status=sometimes", "", &admin).status, 400);
  EXPECT_EQ(c.Call("GET", "/api/v1/problems/" + S(problem), "", &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/problems/999999", "", &admin).status, 404);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/problems/" + S(problem), R"j({"version": 1, "status": "analysing", "gravity": null})j", &admin).status, 200);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/problems/" + S(problem), R"j({"version": 1, "impact": "x"})j", &admin).status, 412);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/problems/" + S(problem), R"j({"version": 2, "status": "action_plan"})j", &admin).status, 400);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(t1) + "/raise-problem", R"j({"title": "Late answer"})j", &agent).status, 201);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/999999/raise-problem", "", &agent).status, 404);
  // Action plans, the timeline, files and recurrence.
  EXPECT_EQ(c.Call("PUT", "/api/v1/guardian/settings", R"j({"alert_channel_ids": []})j", &admin).status, 200);
  res = c.Call("POST", "/api/v1/problems/" + S(problem) + "/actions",
               R"j({"kind": "preventive", "title": "Check the branch", "owner_user_id": )j" + S(agent.actor.id) +
                   R"j(, "team_id": null, "due_at": "2026-03-09T12:00:00Z"})j",
               &admin);
  EXPECT_EQ(res.status, 201) << res.body;
  const int64_t action = IdOf(res);
  EXPECT_EQ(c.Call("POST", "/api/v1/problems/" + S(problem) + "/actions", R"j({"kind": "soon"})j", &admin).status, 400);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/problem-actions/" + S(action), R"j({"version": 1, "status": "done", "evidence": "Checked"})j", &agent).status, 200);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/problem-actions/" + S(action), R"j({"version": 1, "status": "open"})j", &admin).status, 412);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/problem-actions/999999", R"j({"version": 1, "status": "open"})j", &admin).status, 404);
  EXPECT_EQ(c.Call("GET", "/api/v1/problem-actions?status=all&overdue=false", "", &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/problem-actions?status=late", "", &admin).status, 400);
  EXPECT_EQ(c.Call("POST", "/api/v1/problems/" + S(problem) + "/comments", R"j({"body": "Seen twice this week"})j", &admin).status, 201);
  EXPECT_EQ(c.Call("POST", "/api/v1/problems/" + S(problem) + "/comments", R"j({"body": ""})j", &admin).status, 400);
  res = c.Call("POST", "/api/v1/problems/" + S(problem) + "/attachments?filename=notes.txt", "call notes", &admin);
  EXPECT_EQ(res.status, 201) << res.body;
  EXPECT_EQ(c.Call("GET", "/api/v1/problem-files/" + S(IdOf(res)), "", &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/problem-files/999999", "", &admin).status, 404);
  EXPECT_EQ(c.Call("GET", "/api/v1/problems/" + S(problem) + "/events", "", &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/problems/" + S(problem) + "/suggestions", "", &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets/" + S(t1) + "/problem-suggestions", "", &admin).status, 200);
  EXPECT_EQ(c.Call("POST", "/api/v1/guardian/suggest", R"j({"text": "Invoice to the wrong branch", "error_category": "delivery delay"})j", &admin).status, 200);
  EXPECT_EQ(c.Call("POST", "/api/v1/guardian/suggest", R"j({})j", &admin).status, 400);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/problems/" + S(problem), R"j({"version": 2, "group_with": 999999})j", &admin).status, 400);
  // An apology e-mail uploaded; the same again gives its record back.
  const std::string apology = "From: Admin <admin@farol.test>\r\nTo: someone@example.com\r\nSubject: Re: Sorry\r\n"
                              "Message-ID: <sorry-1@farol.test>\r\n\r\nWe are sorry for the delay.\r\n";
  EXPECT_EQ(c.Call("POST", "/api/v1/problems/from-email", apology, &admin).status, 201);
  EXPECT_EQ(c.Call("POST", "/api/v1/problems/from-email", apology, &admin).status, 200);
  EXPECT_EQ(c.Call("POST", "/api/v1/problems/from-email", "", &admin).status, 400);
  // The monthly report: JSON and PDF; sending needs outgoing mail (off here).
  EXPECT_EQ(c.Call("GET", "/api/v1/guardian/reports/monthly?month=2026-03", "", &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/guardian/reports/monthly?month=2026-03&format=pdf", "", &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/guardian/reports/monthly?month=March", "", &admin).status, 400);
  EXPECT_EQ(c.Call("GET", "/api/v1/guardian/reports/monthly?team_id=999999", "", &admin).status, 404);
  EXPECT_EQ(c.Call("POST", "/api/v1/guardian/reports/monthly/send", R"j({"month": "2026-03"})j", &admin).status, 409);
  EXPECT_EQ(c.Call("POST", "/api/v1/guardian/reports/monthly/send", R"j({"month": 3})j", &admin).status, 400);
  // The closed loop: follow-ups and alert routes.
  EXPECT_EQ(c.Call("GET", "/api/v1/survey-followups?state=all&owner=any", "", &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/survey-followups?state=later", "", &admin).status, 400);
  EXPECT_EQ(c.Call("GET", "/api/v1/survey-followups/999999", "", &admin).status, 404);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/survey-followups/999999", R"({"version": 1, "state": "contacted"})", &admin).status, 404);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/survey-followups/999999", R"({"state": "contacted"})", &admin).status, 400);
  // Relational campaigns.
  res = c.Call("POST", "/api/v1/survey-campaigns",
               R"({"survey_id": )" + S(nps) + R"(, "name": "Semestral NPS", "organisation_ids": [], "every_months": 6, )"
               R"("next_run_at": "2027-01-04T12:00:00Z", "window_start": "09:00", "window_end": "17:00", )"
               R"("weekdays_only": true, "active": true})",
               &admin);
  EXPECT_EQ(res.status, 201) << res.body;
  const int64_t campaign = IdOf(res);
  EXPECT_EQ(c.Call("POST", "/api/v1/survey-campaigns", R"({"survey_id": 999999, "name": "x", "next_run_at": "2027-01-04T12:00:00Z"})", &admin).status, 400);
  EXPECT_EQ(c.Call("GET", "/api/v1/survey-campaigns?survey_id=" + S(nps), "", &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/survey-campaigns/" + S(campaign), "", &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/survey-campaigns/999999", "", &admin).status, 404);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/survey-campaigns/" + S(campaign), R"({"version": 1, "window_end": "18:30"})", &admin).status, 200);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/survey-campaigns/" + S(campaign), R"({"version": 1, "active": false})", &admin).status, 412);
  EXPECT_EQ(c.Call("GET", "/api/v1/survey-alert-routes", "", &admin).status, 200);
  EXPECT_EQ(c.Call("PUT", "/api/v1/survey-alert-routes", R"({"items": []})", &admin).status, 200);
  EXPECT_EQ(c.Call("PUT", "/api/v1/survey-alert-routes", R"({"items": [{"channel_id": "x"}]})", &admin).status, 400);
  EXPECT_EQ(c.Call("GET", "/api/v1/survey-links/not-a-real-token", "", anonymous).status, 404);
  EXPECT_EQ(c.Call("POST", "/api/v1/survey-links/not-a-real-token/answer", R"({"score": 9})", anonymous).status, 404);
  EXPECT_EQ(c.Call("POST", "/api/v1/survey-links/not-a-real-token/answer",
                   R"j({"score": 2, "answers": [{"question": 1, "choice": 0}, {"question": 2, "text": "Slow"}]})j", anonymous)
                .status,
            404);
  EXPECT_EQ(c.Call("POST", "/api/v1/survey-links/not-a-real-token/answer", R"({"score": "nine"})", anonymous).status, 400);
  EXPECT_EQ(c.Call("POST", "/api/v1/monitoring/channels/" + S(probe) + "/revoke", "", &agent).status, 403);
  EXPECT_EQ(c.Call("POST", "/api/v1/monitoring/channels/" + S(probe) + "/revoke", "", &admin).status, 204);
  EXPECT_EQ(c.Call("POST", "/api/v1/monitoring/channels/999999/revoke", "", &admin).status, 404);
  EXPECT_EQ(c.Call("POST", probe_path, alertmanager, anonymous).status, 401);

  // ---- rating
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(t1) + "/rating", R"({"stars": 5})", &contact).status, 409);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/tickets/" + S(t1), R"({"status": "resolved"})", &agent).status, 200);
  res = c.Call("POST", "/api/v1/tickets/" + S(t1) + "/rating", R"({"stars": 5, "comment": "Fast fix"})", &contact);
  EXPECT_EQ(res.status, 200);
  EXPECT_TRUE(Body(res).at("rating").is_object());
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(t1) + "/rating", R"({"stars": 9})", &contact).status, 400);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(t1) + "/rating", R"({"stars": 5})", &agent).status, 403);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(t5) + "/rating", R"({"stars": 5})", &contact).status, 404);

  // ---- timelines
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets/" + S(t1) + "/events", "", &agent).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets/" + S(t1) + "/events", "", &contact).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets/" + S(t4) + "/events", "", &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets/" + S(t3) + "/events", "", &agent).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets/999999/events", "", &agent).status, 404);

  // ---- closed tickets and busy teams
  EXPECT_EQ(c.Call("PATCH", "/api/v1/tickets/" + S(t1), R"({"status": "closed"})", &agent).status, 200);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(t1) + "/attachments?filename=late.txt", "late", &agent).status, 409);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(t1) + "/replies", R"({"body": "Thanks!"})", &contact).status, 409);
  EXPECT_EQ(c.Call("DELETE", "/api/v1/teams/" + S(team2), "", &admin).status, 409);

  // ---- the real sign-in path: cookies, CSRF, Bearer tokens
  res = c.Call("POST", "/api/v1/auth/login", R"({"email": "ana@farol.test", "password": ")" + pw + "\"}", anonymous);
  ASSERT_EQ(res.status, 200) << res.body;
  const std::string cookie = SessionCookie(res);
  const std::string csrf(Body(res).at("csrf_token").as_string());
  const Headers session = {{"cookie", cookie}};
  const Headers session_write = {{"cookie", cookie}, {"x-csrf-token", csrf}};
  res = c.Call("GET", "/api/v1/auth/session", "", anonymous, session);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(Body(res).at("csrf_token"), bj::value(csrf));
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets?limit=1", "", anonymous, session).status, 200);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/auth/profile", R"({"locale": "en"})", anonymous, session).status, 403);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/auth/profile", R"({"name": "Ana Agent", "locale": "en",
                                                      "time_zone": "America/Recife"})", anonymous, session_write)
                .status, 200);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/auth/profile", R"({"locale": "fr"})", anonymous, session_write).status, 400);
  res = c.Call("POST", "/api/v1/auth/tokens", R"({"name": "ci script", "expires_at": "2027-01-01T00:00:00Z"})",
               anonymous, session_write);
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t token_id = IdOf(res);
  const Headers bearer = {{"authorization", "Bearer " + std::string(Body(res).at("token").as_string())}};
  EXPECT_EQ(c.Call("POST", "/api/v1/auth/tokens", R"({"name": "past", "expires_at": "2020-01-01T00:00:00Z"})", anonymous,
                   session_write).status, 400);
  EXPECT_EQ(c.Call("GET", "/api/v1/auth/tokens", "", anonymous, bearer).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/auth/session", "", anonymous, bearer).status, 200);
  EXPECT_EQ(c.Call("POST", "/api/v1/tickets/" + S(t3) + "/notes", R"({"body": "via the API token"})", anonymous, bearer)
                .status, 201);
  EXPECT_EQ(c.Call("DELETE", "/api/v1/auth/tokens/" + S(token_id), "", anonymous, session_write).status, 204);
  EXPECT_EQ(c.Call("GET", "/api/v1/auth/tokens", "", anonymous, bearer).status, 401);
  EXPECT_EQ(c.Call("DELETE", "/api/v1/auth/tokens/" + S(token_id), "", &agent).status, 404);
  EXPECT_EQ(c.Call("GET", "/api/v1/auth/tokens", "", &contact).status, 403);
  EXPECT_EQ(c.Call("POST", "/api/v1/auth/tokens", R"({"name": "portal script"})", &contact).status, 403);
  EXPECT_EQ(c.Call("DELETE", "/api/v1/auth/tokens/" + S(token_id), "", &contact).status, 403);
  res = c.Call("POST", "/api/v1/auth/password",
               R"({"current_password": "not my password", "new_password": "another long pass"})", anonymous,
               session_write);
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(ErrorFields(res), (std::set<std::string>{"current_password"}));
  EXPECT_EQ(c.Call("POST", "/api/v1/auth/logout", "", anonymous, session).status, 403);
  EXPECT_EQ(c.Call("POST", "/api/v1/auth/logout", "", anonymous, session_write).status, 204);
  EXPECT_EQ(c.Call("GET", "/api/v1/auth/session", "", anonymous, session).status, 401);
  EXPECT_EQ(c.Call("POST", "/api/v1/auth/logout", "", anonymous, session_write).status, 401);

  // A portal contact signs in.
  res = c.Call("POST", "/api/v1/auth/login", R"({"email": "carla@acme.com.br", "password": ")" + pw + "\"}", anonymous);
  ASSERT_EQ(res.status, 200) << res.body;
  const Headers contact_session = {{"cookie", SessionCookie(res)}};
  const Headers contact_write = {{"cookie", SessionCookie(res)},
                                 {"x-csrf-token", std::string(Body(res).at("csrf_token").as_string())}};
  EXPECT_EQ(c.Call("GET", "/api/v1/auth/session", "", anonymous, contact_session).status, 200);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/auth/profile", R"({"time_zone": ""})", anonymous, contact_write).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets/" + S(t1), "", anonymous, contact_session).status, 200);

  // A user with a password to change can do nothing else until they change it.
  res = c.Call("POST", "/api/v1/auth/login", R"({"email": "nico@farol.test", "password": "temporary pass 1"})", anonymous);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Body(res).at("must_change_password"), bj::value(true));
  const Headers noc = {{"cookie", SessionCookie(res)}};
  const Headers noc_write = {{"cookie", SessionCookie(res)},
                             {"x-csrf-token", std::string(Body(res).at("csrf_token").as_string())}};
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets", "", anonymous, noc).status, 403);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/auth/profile", R"({"locale": "en"})", anonymous, noc_write).status, 403);
  EXPECT_EQ(c.Call("GET", "/api/v1/auth/session", "", anonymous, noc).status, 200);
  EXPECT_EQ(c.Call("POST", "/api/v1/auth/password",
                   R"({"current_password": "temporary pass 1", "new_password": "a brand new pass 1"})", anonymous,
                   noc).status, 403);
  EXPECT_EQ(c.Call("POST", "/api/v1/auth/password",
                   R"({"current_password": "temporary pass 1", "new_password": "a brand new pass 1"})", anonymous,
                   noc_write).status, 204);
  EXPECT_EQ(c.Call("GET", "/api/v1/tickets/counts", "", anonymous, noc).status, 200);

  // ---- live chat: a widget, a visitor, the portal, presence, pick-up, the end
  res = c.Call("POST", "/api/v1/chat/widgets", R"({"name": "Site", "organisation_id": )" + S(org) + R"(, "rate_per_minute": 100})", &admin);
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t widget = IdOf(res);
  const std::string widget_key(Body(res).at("key").as_string());
  EXPECT_EQ(c.Call("GET", "/api/v1/chat/widgets", "", &admin).status, 200);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/chat/widgets/" + S(widget), R"({"name": "Site público", "team_id": null})", &admin).status, 200);
  EXPECT_EQ(c.Call("PATCH", "/api/v1/chat/widgets/" + S(widget), R"({"rate_per_minute": 0})", &admin).status, 400);
  EXPECT_EQ(c.Call("PUT", "/api/v1/me/presence", R"({"status": "available"})", &admin).status, 200);
  EXPECT_EQ(c.Call("PUT", "/api/v1/me/presence", R"({"status": "lunch"})", &admin).status, 400);
  EXPECT_EQ(c.Call("GET", "/api/v1/chat/presence", "", &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/chat-widgets/" + widget_key, "", anonymous).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/chat-widgets/fwid_unknown", "", anonymous).status, 401);
  res = c.Call("POST", "/api/v1/chat-widgets/" + widget_key + "/chats",
               R"({"name": "Vera", "email": "vera@acme.com.br", "message": "Olá", "locale": "pt-BR"})", anonymous);
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t visitor_chat = Body(res).at("chat").at("ticket_id").as_int64();
  const Headers visitor = {{"x-chat-token", std::string(Body(res).at("token").as_string())}};
  EXPECT_EQ(c.Call("POST", "/api/v1/chat-widgets/" + widget_key + "/chats", R"({"name": "Vera"})", anonymous).status, 400);
  EXPECT_EQ(c.Call("GET", "/api/v1/visitor/chats/" + S(visitor_chat), "", anonymous, visitor).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/visitor/chats/" + S(visitor_chat), "", anonymous).status, 401);
  EXPECT_EQ(c.Call("GET", "/api/v1/visitor/chats/" + S(visitor_chat) + "/live", "", anonymous, visitor).status, 200);
  EXPECT_EQ(c.Call("POST", "/api/v1/visitor/chats/" + S(visitor_chat) + "/messages", R"({"body": "Alguém?"})", anonymous, visitor).status, 201);
  EXPECT_EQ(c.Call("POST", "/api/v1/visitor/chats/" + S(visitor_chat) + "/messages", R"({"text": "x"})", anonymous, visitor).status, 400);
  EXPECT_EQ(c.Call("POST", "/api/v1/chats/" + S(visitor_chat) + "/pickup", "", &admin).status, 200);
  EXPECT_EQ(c.Call("POST", "/api/v1/visitor/chats/" + S(visitor_chat) + "/end", "", anonymous, visitor).status, 200);
  EXPECT_EQ(c.Call("POST", "/api/v1/chats/" + S(visitor_chat) + "/pickup", "", &admin).status, 409);
  res = c.Call("POST", "/api/v1/chats", R"({"message": "My VPN is down"})", &contact);
  ASSERT_EQ(res.status, 201) << res.body;
  const int64_t portal_chat = Body(res).at("chat").at("ticket_id").as_int64();
  EXPECT_EQ(c.Call("POST", "/api/v1/chats", R"({"message": ""})", &contact).status, 400);
  EXPECT_EQ(c.Call("POST", "/api/v1/chats", R"({"message": "hi"})", &admin).status, 403);
  EXPECT_EQ(c.Call("GET", "/api/v1/chats?state=waiting,active", "", &admin).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/chats?state=gone", "", &admin).status, 400);
  EXPECT_EQ(c.Call("GET", "/api/v1/chats", "", &contact).status, 403);
  EXPECT_EQ(c.Call("GET", "/api/v1/chats/" + S(portal_chat), "", &contact).status, 200);
  EXPECT_EQ(c.Call("GET", "/api/v1/chats/999999", "", &admin).status, 404);
  EXPECT_EQ(c.Call("POST", "/api/v1/chats/" + S(portal_chat) + "/messages", R"({"body": "Which office?"})", &admin).status, 201);
  EXPECT_EQ(c.Call("POST", "/api/v1/chats/" + S(portal_chat) + "/messages", R"({"body": ""})", &contact).status, 400);
  EXPECT_EQ(c.Call("POST", "/api/v1/chats/" + S(portal_chat) + "/pickup", "", &guardian).status, 403);
  EXPECT_EQ(c.Call("POST", "/api/v1/chats/" + S(portal_chat) + "/end", "", &contact).status, 200);
  EXPECT_EQ(c.Call("POST", "/api/v1/chats/999999/end", "", &admin).status, 404);
  EXPECT_EQ(c.Call("POST", "/api/v1/chat/widgets/" + S(widget) + "/revoke", "", &admin).status, 204);
  EXPECT_EQ(c.Call("POST", "/api/v1/chat/widgets/999999/revoke", "", &admin).status, 404);

  // Sign-in refusals: missing fields, wrong credentials, then throttling.
  res = c.Call("POST", "/api/v1/auth/login", R"({"email": "ana@farol.test"})", anonymous);
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(ErrorFields(res), (std::set<std::string>{"password"}));
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(c.Call("POST", "/api/v1/auth/login", R"({"email": "nobody@farol.test", "password": "guess number x"})",
                     anonymous).status, 401);
  }
  res = c.Call("POST", "/api/v1/auth/login", R"({"email": "nobody@farol.test", "password": "guess number y"})", anonymous);
  EXPECT_EQ(res.status, 429);

  // A JSON route refuses other media types.
  res = c.Raw("POST", "/api/v1/teams", "name=Form", &admin, {{"content-type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(res.status, 415);

  // Every documented operation was exercised.
  const std::vector<std::string> uncovered = c.Uncovered();
  EXPECT_TRUE(uncovered.empty()) << "never called:" << Join(uncovered);
  std::cout << "[ contract ] " << c.calls() << " calls checked against the document; statuses seen per operation:"
            << c.Summary() << "\n";
}

}  // namespace
}  // namespace farol
