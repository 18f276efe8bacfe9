// Method + path-pattern routing ("/api/v1/tickets/{id}/replies") to handler functions, with the
// authentication rule of each route. Used by Api; the route table is also what the OpenAPI test
// walks to check that every route is documented.
#pragma once

#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/app.h"
#include "core/metrics.h"
#include "http/types.h"

namespace farol::http {

enum class Access {
  kPublic,         // no sign-in needed (health, sign-in itself, the OpenAPI document)
  kSignedIn,       // any signed-in staff user or contact
  kSignedInStale,  // signed in, allowed even while a password change is pending
};

enum class BodyKind {
  kNone,        // no body expected (GET, DELETE)
  kJson,        // up to 1 MiB of JSON
  kAttachment,  // raw file bytes up to the attachment limit
};

// What a handler gets: the request, the path parameters, the verified caller and the app.
struct RequestContext {
  HttpRequest& request;
  std::vector<std::pair<std::string, std::string>> params;
  const app::Authenticated* auth = nullptr;  // null on public routes
  app::App& app;

  const domain::Actor& actor() const { return auth->actor; }
  // A path parameter as a positive id; kNotFound otherwise (as for any unknown object).
  StatusOr<int64_t> Id(std::string_view name = "id") const;
  const std::string& Param(std::string_view name) const;
};

using Handler = std::function<HttpResponse(RequestContext&)>;

struct Route {
  std::string method;
  std::string pattern;  // e.g. /api/v1/tickets/{id}
  Access access = Access::kSignedIn;
  BodyKind body = BodyKind::kNone;
  Handler handler;
  std::vector<std::string> segments;  // pattern split on '/'
  metrics::Histogram* latency = nullptr;
  // Request counters by status code (index status - 100), looked up once and then cached, so a
  // request touches no lock for its metrics.
  std::shared_ptr<std::array<std::atomic<metrics::Counter*>, 500>> by_status;
};

struct Match {
  const Route* route = nullptr;
  std::vector<std::pair<std::string, std::string>> params;
  std::vector<std::string> allowed;  // methods of other routes with this path (for 405 + Allow)
};

class Router {
 public:
  void Add(std::string method, std::string pattern, Access access, BodyKind body, Handler handler);
  Match Find(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }
  std::vector<Route>& mutable_routes() { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace farol::http
