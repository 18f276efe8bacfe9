#include "http/api.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "core/crypto.h"
#include "core/strings.h"
#include "http/json.h"

namespace farol::http {

namespace {

constexpr std::string_view kSessionCookie = "farol_session";

// Problems found before any use case runs (bad address, unknown route, wrong media type).
HttpResponse Plain(int status, std::string_view code, std::string_view title, std::string_view detail) {
  bj::object o{{"type", "https://farol.dev/problems/" + std::string(code)},
               {"title", title},
               {"status", status},
               {"detail", detail},
               {"code", code}};
  HttpResponse r = JsonResponse(status, o);
  r.Set("Content-Type", "application/problem+json");
  return r;
}

bool HasBody(std::string_view method) { return method == "POST" || method == "PUT" || method == "PATCH"; }

}  // namespace

StatusOr<std::optional<int64_t>> IfMatchVersion(const HttpRequest& r) {
  const std::string* h = r.Header("if-match");
  if (!h) return std::optional<int64_t>();
  std::string_view v = TrimView(*h);
  if (v == "*") return std::optional<int64_t>();
  if (v.starts_with("W/")) v.remove_prefix(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  try {
    size_t used = 0;
    const long long n = std::stoll(std::string(v), &used);
    if (used != v.size() || n < 0) throw std::invalid_argument("x");
    return std::optional<int64_t>(n);
  } catch (...) {
    return FieldInvalidError("If-Match", "must be the ETag of the version you loaded, e.g. \"3\"");
  }
}

std::string ETagFor(int64_t version) { return "\"" + std::to_string(version) + "\""; }

bool ETagMatches(std::string_view header, int64_t version) {
  const std::string wanted = ETagFor(version);
  for (const std::string& part : Split(header, ',')) {
    std::string_view tag = TrimView(part);
    if (tag == "*") return true;
    if (tag.starts_with("W/")) tag.remove_prefix(2);  // weak comparison (RFC 9110 13.1.2)
    if (tag == wanted) return true;
  }
  return false;
}

Api::Api(app::App& app, ApiOptions options)
    : app_(app), options_(options), metrics_(app.metrics()), static_files_(options_.web_root) {
  AddOpsRoutes(router_);
  AddAuthRoutes(router_, options_);
  AddTicketRoutes(router_);
  AddDirectoryRoutes(router_);
  AddLiveRoutes(router_, options_);
  AddSlaRoutes(router_);
  AddAlertRoutes(router_);
  AddMailRoutes(router_);
  AddMonitoringRoutes(router_);
  AddSurveyRoutes(router_);
  AddGuardianRoutes(router_);
  AddChatRoutes(router_, options_);
  AddSlaAdminRoutes(router_);
  AddEscalationRoutes(router_);
  for (Route& r : router_.mutable_routes()) {
    r.latency = &metrics_.GetHistogram("farol_http_request_duration_seconds",
                                       "Time to produce a response, by route.",
                                       metrics::Label("route", r.pattern) + "," + metrics::Label("method", r.method),
                                       metrics::LatencyBuckets());
    r.by_status = std::make_shared<std::array<std::atomic<metrics::Counter*>, 500>>();
  }
}

size_t Api::BodyLimit(std::string_view method, std::string_view path) const {
  const Match m = router_.Find(method, path);
  if (m.route && m.route->body == BodyKind::kAttachment) {
    return static_cast<size_t>(app_.config().tickets.max_attachment_bytes);
  }
  if (HasBody(method)) return options_.max_json_bytes;
  return 64 * 1024;
}

bool Api::Blocking(std::string_view method, std::string_view) const { return method != "GET"; }

HttpResponse Api::Handle(HttpRequest& request) { return Dispatch(request, nullptr); }

HttpResponse Api::HandleAs(HttpRequest& request, const app::Authenticated& caller) {
  return Dispatch(request, &caller);
}

HttpResponse Api::Dispatch(HttpRequest& req, const app::Authenticated* preset) {
  const auto start = std::chrono::steady_clock::now();
  HttpResponse res;
  const Route* route = nullptr;
  [&] {
    if (!ParseTarget(req.target, req.path, req.query)) {
      res = Plain(400, "invalid_argument", "The request is not valid",
                  "The address is not valid (bad percent-encoding or UTF-8).");
      return;
    }
    Match m = router_.Find(req.method, req.path);
    if (!m.route && req.method == "GET" && !req.path.starts_with("/api/")) {
      if (auto page = static_files_.Serve(req.path)) {
        res = std::move(*page);
        return;
      }
    }
    if (!m.route) {
      if (!m.allowed.empty()) {
        res = Plain(405, "method_not_allowed", "Method not allowed", "This address does not accept " + req.method + ".");
        res.Set("Allow", Join(m.allowed, ", "));
      } else {
        res = Plain(404, "not_found", "Not found", "There is nothing at this address.");
      }
      return;
    }
    route = m.route;
    app::Authenticated auth;
    const app::Authenticated* caller = preset;
    if (route->access != Access::kPublic && !caller) {
      StatusOr<app::Authenticated> a = UnauthenticatedError("Please sign in (session cookie or Bearer API token).");
      const std::string* authz = req.Header("authorization");
      if (authz && authz->size() > 7 && AsciiLower(authz->substr(0, 7)) == "bearer ") {
        a = app_.auth().FromApiToken(TrimView(std::string_view(*authz).substr(7)));
      } else if (auto cookie = req.Cookie(kSessionCookie)) {
        a = app_.auth().FromSessionToken(*cookie);
      }
      if (!a.ok()) {
        res = ProblemResponse(a.status());
        return;
      }
      auth = std::move(*a);
      caller = &auth;
      if (auth.via_session && req.method != "GET" && req.method != "HEAD") {
        const std::string* csrf = req.Header("x-csrf-token");
        if (!csrf || !crypto::ConstantTimeEquals(*csrf, auth.csrf_token)) {
          res = ProblemResponse(PermissionDeniedError(
              "The X-CSRF-Token header is missing or wrong; reload the page and try again."));
          return;
        }
      }
    }
    if (caller && caller->must_change_password && route->access == Access::kSignedIn) {
      res = ProblemResponse(PermissionDeniedError(
          "Please change your password first (POST /api/v1/auth/password)."));
      return;
    }
    if (route->body == BodyKind::kJson && HasBody(req.method) && !req.body.empty()) {
      const std::string* ct = req.Header("content-type");
      if (ct && AsciiLower(TrimView(*ct)).rfind("application/json", 0) != 0) {
        res = Plain(415, "unsupported_media_type", "Unsupported media type",
                    "Send the body as JSON with Content-Type: application/json.");
        return;
      }
    }
    RequestContext ctx{req, std::move(m.params), caller, app_};
    try {
      res = route->handler(ctx);
    } catch (const std::exception& e) {
      spdlog::error("{} {} failed: {}", req.method, route->pattern, e.what());
      res = ProblemResponse(InternalError(e.what()));
    }
  }();
  // The route's pattern, not the path: a path may hold a secret (a monitoring channel's key).
  if (res.status >= 500) {
    spdlog::error("{} {} -> {}: {}", req.method, route ? route->pattern : std::string("(no route)"), res.status,
                  res.body.substr(0, 300));
  }
  if (!res.Header("Cache-Control")) res.Set("Cache-Control", "no-store");
  const std::string label = route ? route->pattern : (res.file_path.empty() ? "unmatched" : "static");
  res.Set("X-Content-Type-Options", "nosniff");
  res.Set("Referrer-Policy", "same-origin");
  const auto counter = [&] {
    return &metrics_.GetCounter("farol_http_requests_total", "HTTP requests answered, by route, method and status.",
                                metrics::Label("route", label) + "," + metrics::Label("method", req.method) + "," +
                                    metrics::Label("code", std::to_string(res.status)));
  };
  if (route && res.status >= 100 && res.status < 600) {
    auto& slot = (*route->by_status)[static_cast<size_t>(res.status - 100)];
    metrics::Counter* c = slot.load(std::memory_order_acquire);
    if (!c) {
      c = counter();
      slot.store(c, std::memory_order_release);
    }
    c->Inc();
  } else {
    counter()->Inc();
  }
  if (route && route->latency) {
    route->latency->Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return res;
}

// ---- operations -------------------------------------------------------------------------

void AddOpsRoutes(Router& r) {
  r.Add("GET", "/healthz", Access::kPublic, BodyKind::kNone, [](RequestContext&) {
    return JsonResponse(200, bj::object{{"status", "ok"}});
  });
  r.Add("GET", "/readyz", Access::kPublic, BodyKind::kNone, [](RequestContext& c) {
    const Status s = c.app.store().Ping();
    if (!s.ok()) {
      return JsonResponse(503, bj::object{{"status", "unavailable"}, {"detail", "the database does not answer"}});
    }
    return JsonResponse(200, bj::object{{"status", "ready"}, {"database", c.app.store().backend_name()}});
  });
  r.Add("GET", "/metrics", Access::kPublic, BodyKind::kNone, [](RequestContext& c) {
    HttpResponse res;
    res.body = c.app.metrics().RenderPrometheus();
    res.Set("Content-Type", "text/plain; version=0.0.4");
    return res;
  });
  r.Add("GET", "/api/v1/openapi.json", Access::kPublic, BodyKind::kNone, [](RequestContext&) {
    HttpResponse res;
    res.body = std::string(OpenApiDocument());
    res.Set("Content-Type", "application/json");
    res.Set("Cache-Control", "public, max-age=300");
    return res;
  });
}

// ---- authentication ---------------------------------------------------------------------

namespace {

// Secure when configured, or when a TLS-terminating proxy says the client used HTTPS (trusting
// the header can only make the cookie stricter).
bool SecureCookie(bool configured, const HttpRequest& r) {
  const std::string* proto = r.Header("x-forwarded-proto");
  return configured || (proto && AsciiLower(TrimView(*proto)) == "https");
}

std::string SessionCookie(const std::string& token, long long max_age, bool secure) {
  return std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" +
         std::to_string(max_age) + (secure ? "; Secure" : "");
}

// A new session (a password or a sign-in link): who signed in, and the session cookie.
HttpResponse SignedIn(RequestContext& c, const app::LoginResult& login, bool secure) {
  bj::object body = EncodeActor(login.auth);
  body["expires_at"] = FormatIso8601(login.expires_at);
  HttpResponse res = JsonResponse(200, body);
  const long long max_age = ToUnixSeconds(login.expires_at) - ToUnixSeconds(c.app.clock().SystemNow());
  res.Set("Set-Cookie", SessionCookie(login.session_token, max_age, SecureCookie(secure, c.request)));
  return res;
}

}  // namespace

void AddAuthRoutes(Router& r, const ApiOptions& options) {
  const bool secure = options.secure_cookies;
  r.Add("POST", "/api/v1/auth/login", Access::kPublic, BodyKind::kJson, [secure](RequestContext& c) {
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    auto email = in->String("email");
    auto password = in->String("password");
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto login = c.app.auth().Login(email.value_or(""), password.value_or(""), c.request.remote);
    if (!login.ok()) return ProblemResponse(login.status());
    return SignedIn(c, *login, secure);
  });
  // Customers' sign-in links (AuthService::RequestMagicLink). The answer is the same whether or
  // not the address has an account.
  r.Add("POST", "/api/v1/auth/magic-link", Access::kPublic, BodyKind::kJson, [](RequestContext& c) {
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    auto email = in->String("email");
    // Accepted for the app's sake; the e-mail is in the contact's own language.
    if (auto locale = in->String("locale"); locale && *locale != "en" && *locale != "pt-BR") {
      in->Error("locale", "must be en or pt-BR");
    }
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    if (Status s = c.app.auth().RequestMagicLink(email.value_or("")); !s.ok()) return ProblemResponse(s);
    return JsonResponse(202, bj::object{{"sent", true}});
  });
  r.Add("POST", "/api/v1/auth/magic-link/redeem", Access::kPublic, BodyKind::kJson, [secure](RequestContext& c) {
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    auto token = in->String("token");
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto login = c.app.auth().RedeemMagicLink(token.value_or(""));
    if (!login.ok()) return ProblemResponse(login.status());
    return SignedIn(c, *login, secure);
  });
  r.Add("POST", "/api/v1/auth/logout", Access::kSignedInStale, BodyKind::kNone, [secure](RequestContext& c) {
    if (Status s = c.app.auth().Logout(*c.auth); !s.ok()) return ProblemResponse(s);
    HttpResponse res = NoContent();
    res.Set("Set-Cookie", SessionCookie("", 0, SecureCookie(secure, c.request)));
    return res;
  });
  r.Add("GET", "/api/v1/auth/session", Access::kSignedInStale, BodyKind::kNone, [](RequestContext& c) {
    return JsonResponse(200, EncodeActor(*c.auth));
  });
  r.Add("PATCH", "/api/v1/auth/profile", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    app::ProfileChanges p{in->String("name"), in->String("locale"), in->String("time_zone")};
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    if (Status s = c.app.auth().UpdateProfile(c.actor(), p); !s.ok()) return ProblemResponse(s);
    app::Authenticated fresh = *c.auth;
    auto actor = c.actor().IsStaff() ? c.app.auth().StaffActor(c.actor().id) : StatusOr<domain::Actor>(c.actor());
    if (actor.ok()) fresh.actor = *actor;
    if (p.locale) fresh.actor.locale = *p.locale;
    if (p.name) fresh.actor.name = Trim(*p.name);
    if (p.time_zone && !p.time_zone->empty()) fresh.actor.time_zone = *p.time_zone;
    return JsonResponse(200, EncodeActor(fresh));
  });
  r.Add("POST", "/api/v1/auth/password", Access::kSignedInStale, BodyKind::kJson, [](RequestContext& c) {
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    auto current = in->String("current_password");
    auto next = in->String("new_password");
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    Status s = c.app.auth().ChangePassword(*c.auth, current.value_or(""), next.value_or(""));
    return s.ok() ? NoContent() : ProblemResponse(s);
  });
  r.Add("GET", "/api/v1/auth/tokens", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto tokens = c.app.auth().ListApiTokens(c.actor());
    if (!tokens.ok()) return ProblemResponse(tokens.status());
    return JsonResponse(200, bj::object{{"items", EncodeAll(*tokens, EncodeApiToken)}});
  });
  r.Add("POST", "/api/v1/auth/tokens", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    auto name = in->String("name");
    auto expires = in->Time("expires_at");
    if (!name) in->Error("name", "is required");
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto t = c.app.auth().CreateApiToken(c.actor(), *name, expires);
    if (!t.ok()) return ProblemResponse(t.status());
    bj::object body = EncodeApiToken(t->record);
    body["token"] = t->token;
    return JsonResponse(201, body);
  });
  r.Add("DELETE", "/api/v1/auth/tokens/{id}", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    Status s = c.app.auth().RevokeApiToken(c.actor(), *id);
    return s.ok() ? NoContent() : ProblemResponse(s);
  });
}

}  // namespace farol::http
