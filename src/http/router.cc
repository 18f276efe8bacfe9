#include "http/router.h"

#include <charconv>

#include "core/strings.h"

namespace farol::http {

StatusOr<int64_t> RequestContext::Id(std::string_view name) const {
  const std::string& text = Param(name);
  int64_t v = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v <= 0) {
    return NotFoundError("There is nothing at this address ('" + text.substr(0, 40) + "' is not an id).");
  }
  return v;
}

const std::string& RequestContext::Param(std::string_view name) const {
  static const std::string kEmpty;
  for (const auto& [k, v] : params) {
    if (k == name) return v;
  }
  return kEmpty;
}

void Router::Add(std::string method, std::string pattern, Access access, BodyKind body, Handler handler) {
  Route r;
  r.method = std::move(method);
  r.pattern = std::move(pattern);
  r.access = access;
  r.body = body;
  r.handler = std::move(handler);
  r.segments = Split(r.pattern, '/');
  routes_.push_back(std::move(r));
}

Match Router::Find(std::string_view method, std::string_view path) const {
  Match m;
  const std::vector<std::string> segs = Split(path, '/');
  for (const Route& r : routes_) {
    if (r.segments.size() != segs.size()) continue;
    std::vector<std::pair<std::string, std::string>> params;
    bool ok = true;
    for (size_t i = 0; i < segs.size() && ok; ++i) {
      const std::string& p = r.segments[i];
      if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
        if (segs[i].empty()) ok = false;
        params.emplace_back(p.substr(1, p.size() - 2), segs[i]);
      } else {
        ok = p == segs[i];
      }
    }
    if (!ok) continue;
    if (r.method != method) {
      m.allowed.push_back(r.method);
      continue;
    }
    m.route = &r;
    m.params = std::move(params);
    return m;
  }
  return m;
}

}  // namespace farol::http
