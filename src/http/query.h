// Strict reading of query parameters: typed getters that collect errors, and a final check
// that rejects parameters nobody asked for.
#pragma once

#include <algorithm>
#include <charconv>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "domain/enums.h"
#include "http/types.h"

namespace farol::http {

class QueryReader {
 public:
  explicit QueryReader(const HttpRequest& r) : r_(r) {}

  std::vector<std::string> List(std::string_view name) {
    seen_.emplace_back(name);
    return r_.QueryList(name);
  }
  std::optional<std::string> One(std::string_view name) {
    seen_.emplace_back(name);
    const std::string* v = r_.Query(name);
    return v ? std::optional<std::string>(*v) : std::nullopt;
  }
  std::vector<int64_t> Ids(std::string_view name) {
    std::vector<int64_t> out;
    for (const std::string& s : List(name)) {
      int64_t v = 0;
      const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (ec != std::errc() || p != s.data() + s.size() || v <= 0) {
        errors_.Add(std::string(name), "must be ids separated by commas");
        return {};
      }
      out.push_back(v);
    }
    return out;
  }
  template <typename E>
  std::vector<E> Enums(std::string_view name, std::optional<E> (*parse)(std::string_view),
                       std::span<const std::string_view> names) {
    std::vector<E> out;
    for (const std::string& s : List(name)) {
      auto v = parse(s);
      if (!v) {
        errors_.Add(std::string(name), domain::OneOf(names));
        return {};
      }
      out.push_back(*v);
    }
    return out;
  }
  std::optional<Timestamp> Time(std::string_view name) {
    auto s = One(name);
    if (!s) return std::nullopt;
    auto t = ParseIso8601(*s);
    if (!t.ok()) {
      errors_.Add(std::string(name), "must be a date or date-time like 2026-11-22 or 2026-11-22T10:00:00Z");
      return std::nullopt;
    }
    return *t;
  }
  std::optional<int> Int(std::string_view name, int lo, int hi) {
    auto s = One(name);
    if (!s) return std::nullopt;
    int v = 0;
    const auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
    if (ec != std::errc() || p != s->data() + s->size() || v < lo || v > hi) {
      errors_.Add(std::string(name), "must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
      return std::nullopt;
    }
    return v;
  }
  std::optional<bool> Bool(std::string_view name) {
    auto s = One(name);
    if (!s) return std::nullopt;
    if (*s == "true" || *s == "1") return true;
    if (*s == "false" || *s == "0") return false;
    errors_.Add(std::string(name), "must be true or false");
    return std::nullopt;
  }
  void Error(std::string field, std::string message) { errors_.Add(std::move(field), std::move(message)); }
  Status Finish() {
    for (const auto& [k, v] : r_.query) {
      if (std::find(seen_.begin(), seen_.end(), k) == seen_.end()) errors_.Add(k, "is not a known parameter");
    }
    return errors_.ToStatus("The query has invalid parameters");
  }

 private:
  const HttpRequest& r_;
  std::vector<std::string> seen_;
  FieldErrors errors_;
};

}  // namespace farol::http
