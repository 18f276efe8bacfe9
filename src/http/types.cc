#include "http/types.h"

#include "core/strings.h"

namespace farol::http {

const std::string* HttpRequest::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return &v;
  }
  return nullptr;
}

const std::string* HttpRequest::Query(std::string_view name) const {
  for (const auto& [k, v] : query) {
    if (k == name) return &v;
  }
  return nullptr;
}

std::vector<std::string> HttpRequest::QueryList(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : query) {
    if (k != name) continue;
    for (std::string& part : Split(v, ',')) {
      std::string t = Trim(part);
      if (!t.empty()) out.push_back(std::move(t));
    }
  }
  return out;
}

std::optional<std::string> HttpRequest::Cookie(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k != "cookie") continue;
    for (const std::string& part : Split(v, ';')) {
      std::string_view p = TrimView(part);
      const size_t eq = p.find('=');
      if (eq != p.npos && p.substr(0, eq) == name) return std::string(p.substr(eq + 1));
    }
  }
  return std::nullopt;
}

HttpResponse& HttpResponse::Set(std::string name, std::string value) {
  for (auto& [k, v] : headers) {
    if (k == name) {
      v = std::move(value);
      return *this;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

const std::string* HttpResponse::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (AsciiLower(k) == AsciiLower(name)) return &v;
  }
  return nullptr;
}

namespace {

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool Decode(std::string_view in, bool plus_is_space, std::string& out) {
  out.clear();
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      const int hi = Hex(in[i + 1]);
      const int lo = Hex(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return IsValidUtf8(out) && out.find('\0') == std::string::npos;
}

}  // namespace

bool ParseTarget(std::string_view target, std::string& path,
                 std::vector<std::pair<std::string, std::string>>& query) {
  const size_t q = target.find('?');
  if (!Decode(target.substr(0, q), false, path)) return false;
  if (path.empty() || path[0] != '/') return false;
  query.clear();
  if (q == std::string_view::npos) return true;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    std::string k, v;
    if (!Decode(pair.substr(0, eq), true, k)) return false;
    if (eq != std::string_view::npos && !Decode(pair.substr(eq + 1), true, v)) return false;
    query.emplace_back(std::move(k), std::move(v));
  }
  return true;
}

}  // namespace farol::http
