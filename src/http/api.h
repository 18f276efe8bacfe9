// The farol REST API (/api/v1) and the operational endpoints (/healthz, /readyz, /metrics):
// authentication, CSRF and password-change gates, routing, problem+json errors and request
// metrics around thin handlers that each call one use case.
#pragma once

#include <cstddef>
#include <memory>

#include "app/app.h"
#include "http/router.h"
#include "http/server.h"
#include "http/static_files.h"

namespace farol::http {

struct ApiOptions {
  bool secure_cookies = false;          // mark the session cookie Secure (farol behind TLS)
  size_t max_json_bytes = 1024 * 1024;  // request bodies other than uploads
  std::string web_root;                 // the web app's build to serve (empty: none)
  std::chrono::seconds live_tick{5};    // how often live views look for changes made elsewhere
};

class Api final : public RequestHandler {
 public:
  Api(app::App& app, ApiOptions options);

  size_t BodyLimit(std::string_view method, std::string_view path) const override;
  bool Blocking(std::string_view method, std::string_view path) const override;
  HttpResponse Handle(HttpRequest& request) override;
  // Handles `request` on behalf of an already-verified caller (the CLI acting as a user):
  // authentication and CSRF checks are skipped; authorisation is not.
  HttpResponse HandleAs(HttpRequest& request, const app::Authenticated& caller);

  const Router& router() const { return router_; }

 private:
  HttpResponse Dispatch(HttpRequest& request, const app::Authenticated* preset);

  app::App& app_;
  const ApiOptions options_;
  Router router_;
  metrics::Registry& metrics_;
  StaticFiles static_files_;
};

// Route registration, one function per area (routes_*.cc).
void AddOpsRoutes(Router& r);
void AddAuthRoutes(Router& r, const ApiOptions& options);
void AddTicketRoutes(Router& r);
void AddDirectoryRoutes(Router& r);
void AddLiveRoutes(Router& r, const ApiOptions& options);
void AddSlaRoutes(Router& r);
void AddAlertRoutes(Router& r);
void AddSlaAdminRoutes(Router& r);
void AddEscalationRoutes(Router& r);
void AddMailRoutes(Router& r);
void AddMonitoringRoutes(Router& r);
void AddSurveyRoutes(Router& r);
void AddGuardianRoutes(Router& r);
void AddChatRoutes(Router& r, const ApiOptions& options);
// The live stream of ticket `id` as `actor` sees it (routes_live.cc).
HttpResponse LiveStream(RequestContext& c, const domain::Actor& actor, int64_t id, std::chrono::seconds tick);
// A monitoring notification (Alertmanager's webhook or farol's generic JSON) as alerts; every
// problem is a field error (docs/MONITORING.md).
StatusOr<std::vector<domain::MonitoringAlert>> ParseMonitoringAlerts(std::string_view body);

// The embedded OpenAPI 3.1 document.
std::string_view OpenApiDocument();

// Shared handler helpers.
// The version in an If-Match header ("3", "\"3\"" or W/"3"); nullopt if absent or "*".
StatusOr<std::optional<int64_t>> IfMatchVersion(const HttpRequest& r);
std::string ETagFor(int64_t version);
// A stored file sent as a download: its (safe) type, name, sandboxed, cached by its digest.
HttpResponse FileDownload(std::string path, const std::string& content_type, const std::string& filename,
                          const std::string& sha256);
// Whether an If-None-Match value ("*", a list of tags, weak or strong) names `version`.
bool ETagMatches(std::string_view if_none_match, int64_t version);

}  // namespace farol::http
