#include "testing/json_schema.h"

#include <algorithm>
#include <cmath>
#include <regex>
#include <set>

namespace farol::testing {

namespace bj = boost::json;

namespace {

constexpr int kMaxDepth = 64;

const std::set<std::string, std::less<>>& KnownKeywords() {
  static const std::set<std::string, std::less<>> kKnown = {
      // validation
      "$ref", "type", "properties", "required", "additionalProperties", "items", "enum", "const", "oneOf",
      "anyOf", "allOf", "minimum", "maximum", "minLength", "maxLength", "pattern", "minItems", "maxItems",
      "format",
      // annotations: no effect on validation
      "description", "title", "examples", "default", "deprecated", "readOnly", "writeOnly", "$comment",
      "contentMediaType", "contentEncoding"};
  return kKnown;
}

bool IsInteger(const bj::value& v) {
  if (v.is_int64() || v.is_uint64()) return true;
  if (v.is_double()) {
    const double d = v.get_double();
    return std::isfinite(d) && d == std::floor(d);
  }
  return false;
}

double AsDouble(const bj::value& v) {
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  return v.get_double();
}

bool HasType(const bj::value& v, std::string_view type) {
  if (type == "null") return v.is_null();
  if (type == "boolean") return v.is_bool();
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "string") return v.is_string();
  if (type == "integer") return IsInteger(v);
  if (type == "number") return v.is_number();
  return false;
}

std::string KindOf(const bj::value& v) {
  switch (v.kind()) {
    case bj::kind::null: return "null";
    case bj::kind::bool_: return "boolean";
    case bj::kind::int64:
    case bj::kind::uint64: return "integer";
    case bj::kind::double_: return "number";
    case bj::kind::string: return "string";
    case bj::kind::array: return "array";
    case bj::kind::object: return "object";
  }
  return "?";
}

// Numbers compare by value whatever their representation (1 == 1u == 1.0).
bool JsonEqual(const bj::value& a, const bj::value& b) {
  if (a.is_number() && b.is_number()) return AsDouble(a) == AsDouble(b);
  if (a.kind() != b.kind()) return false;
  if (a.is_array()) {
    const bj::array& x = a.get_array();
    const bj::array& y = b.get_array();
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i) {
      if (!JsonEqual(x[i], y[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    const bj::object& x = a.get_object();
    const bj::object& y = b.get_object();
    if (x.size() != y.size()) return false;
    for (const auto& kv : x) {
      const bj::value* other = y.if_contains(kv.key());
      if (!other || !JsonEqual(kv.value(), *other)) return false;
    }
    return true;
  }
  return a == b;
}

size_t Utf8Length(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string Short(const bj::value& v) {
  std::string s = bj::serialize(v);
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

std::string MemberPath(const std::string& path, std::string_view key) {
  const bool plain = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
  if (plain) return path + "." + std::string(key);
  return path + "[" + bj::serialize(bj::value(bj::string(key))) + "]";
}

bool Digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

bool ValidDate(int y, int m, int d) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

// Parses "YYYY-MM-DD" at the start of `s`.
bool ParseDate(std::string_view s) {
  int y = 0, m = 0, d = 0;
  return s.size() >= 10 && Digits(s, 0, 4, y) && s[4] == '-' && Digits(s, 5, 2, m) && s[7] == '-' &&
         Digits(s, 8, 2, d) && ValidDate(y, m, d);
}

}  // namespace

bool IsRfc3339Date(std::string_view s) { return s.size() == 10 && ParseDate(s); }

bool IsRfc3339DateTime(std::string_view s) {
  if (s.size() < 20 || !ParseDate(s) || (s[10] != 'T' && s[10] != 't')) return false;
  int h = 0, mi = 0, se = 0;
  if (!Digits(s, 11, 2, h) || s[13] != ':' || !Digits(s, 14, 2, mi) || s[16] != ':' || !Digits(s, 17, 2, se)) {
    return false;
  }
  if (h > 23 || mi > 59 || se > 60) return false;
  size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    const size_t start = ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start) return false;
  }
  if (i >= s.size()) return false;
  if (s[i] == 'Z' || s[i] == 'z') return i + 1 == s.size();
  if (s[i] != '+' && s[i] != '-') return false;
  int oh = 0, om = 0;
  return i + 6 == s.size() && Digits(s, i + 1, 2, oh) && s[i + 3] == ':' && Digits(s, i + 4, 2, om) && oh <= 23 &&
         om <= 59;
}

const bj::value* JsonSchemaValidator::Resolve(std::string_view ref) const {
  if (ref == "#") return &root_;
  if (!ref.starts_with("#/")) return nullptr;
  const bj::value* at = &root_;
  std::string_view rest = ref.substr(2);
  while (true) {
    const size_t slash = rest.find('/');
    std::string token(rest.substr(0, slash));
    std::string key;
    for (size_t i = 0; i < token.size(); ++i) {
      if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
        key += token[i + 1] == '0' ? '~' : '/';
        ++i;
      } else {
        key += token[i];
      }
    }
    if (at->is_object()) {
      at = at->get_object().if_contains(key);
    } else if (at->is_array()) {
      size_t n = 0;
      try {
        n = std::stoul(key);
      } catch (...) {
        return nullptr;
      }
      at = n < at->get_array().size() ? &at->get_array()[n] : nullptr;
    } else {
      return nullptr;
    }
    if (!at || slash == std::string_view::npos) return at;
    rest = rest.substr(slash + 1);
  }
}

std::vector<std::string> JsonSchemaValidator::Validate(const bj::value& schema, const bj::value& instance) const {
  std::vector<std::string> out;
  Check(schema, instance, "$", out, 0);
  return out;
}

void JsonSchemaValidator::Check(const bj::value& schema, const bj::value& v, const std::string& path,
                                std::vector<std::string>& out, int depth) const {
  if (depth > kMaxDepth) {
    out.push_back(path + ": schema nesting too deep (a $ref loop?)");
    return;
  }
  if (schema.is_bool()) {
    if (!schema.get_bool()) out.push_back(path + ": no value is allowed here");
    return;
  }
  if (!schema.is_object()) {
    out.push_back(path + ": the schema is not an object");
    return;
  }
  const bj::object& s = schema.get_object();

  if (const bj::value* r = s.if_contains("$ref")) {
    const bj::value* target = r->is_string() ? Resolve(r->get_string()) : nullptr;
    if (!target) {
      out.push_back(path + ": unresolvable $ref " + Short(*r));
    } else {
      Check(*target, v, path, out, depth + 1);
    }
  }

  if (const bj::value* t = s.if_contains("type")) {
    bool ok = false;
    if (t->is_string()) {
      ok = HasType(v, t->get_string());
    } else if (t->is_array()) {
      for (const bj::value& one : t->get_array()) ok = ok || (one.is_string() && HasType(v, one.get_string()));
    }
    if (!ok) {
      out.push_back(path + ": expected type " + Short(*t) + ", got " + KindOf(v) + " " + Short(v));
      return;  // the other keywords would only repeat the mismatch
    }
  }

  if (const bj::value* e = s.if_contains("enum"); e && e->is_array()) {
    const bj::array& options = e->get_array();
    if (std::none_of(options.begin(), options.end(), [&](const bj::value& o) { return JsonEqual(o, v); })) {
      out.push_back(path + ": " + Short(v) + " is not one of " + Short(*e));
    }
  }
  if (const bj::value* c = s.if_contains("const"); c && !JsonEqual(*c, v)) {
    out.push_back(path + ": expected " + Short(*c) + ", got " + Short(v));
  }

  if (v.is_number()) {
    if (const bj::value* m = s.if_contains("minimum"); m && m->is_number() && AsDouble(v) < AsDouble(*m)) {
      out.push_back(path + ": " + Short(v) + " is below the minimum " + Short(*m));
    }
    if (const bj::value* m = s.if_contains("maximum"); m && m->is_number() && AsDouble(v) > AsDouble(*m)) {
      out.push_back(path + ": " + Short(v) + " is above the maximum " + Short(*m));
    }
  }

  if (v.is_string()) {
    const std::string_view text = v.get_string();
    const size_t length = Utf8Length(text);
    if (const bj::value* m = s.if_contains("minLength"); m && IsInteger(*m) && length < AsDouble(*m)) {
      out.push_back(path + ": " + Short(v) + " is shorter than " + Short(*m) + " characters");
    }
    if (const bj::value* m = s.if_contains("maxLength"); m && IsInteger(*m) && length > AsDouble(*m)) {
      out.push_back(path + ": " + Short(v) + " is longer than " + Short(*m) + " characters");
    }
    if (const bj::value* p = s.if_contains("pattern"); p && p->is_string()) {
      try {
        if (!std::regex_search(std::string(text), std::regex(std::string(p->get_string()), std::regex::ECMAScript))) {
          out.push_back(path + ": " + Short(v) + " does not match " + Short(*p));
        }
      } catch (const std::regex_error&) {
        out.push_back(path + ": the schema's pattern " + Short(*p) + " is not a valid regular expression");
      }
    }
    if (const bj::value* f = s.if_contains("format"); f && f->is_string()) {
      if (f->get_string() == "date-time" && !IsRfc3339DateTime(text)) {
        out.push_back(path + ": " + Short(v) + " is not an RFC 3339 date-time");
      } else if (f->get_string() == "date" && !IsRfc3339Date(text)) {
        out.push_back(path + ": " + Short(v) + " is not an RFC 3339 date");
      }
    }
  }

  if (v.is_array()) {
    const bj::array& a = v.get_array();
    if (const bj::value* m = s.if_contains("minItems"); m && IsInteger(*m) && a.size() < AsDouble(*m)) {
      out.push_back(path + ": fewer than " + Short(*m) + " items");
    }
    if (const bj::value* m = s.if_contains("maxItems"); m && IsInteger(*m) && a.size() > AsDouble(*m)) {
      out.push_back(path + ": more than " + Short(*m) + " items");
    }
    if (const bj::value* items = s.if_contains("items")) {
      for (size_t i = 0; i < a.size(); ++i) {
        Check(*items, a[i], path + "[" + std::to_string(i) + "]", out, depth + 1);
      }
    }
  }

  if (v.is_object()) {
    const bj::object& o = v.get_object();
    const bj::object* props = nullptr;
    if (const bj::value* p = s.if_contains("properties"); p && p->is_object()) props = &p->get_object();
    if (const bj::value* req = s.if_contains("required"); req && req->is_array()) {
      for (const bj::value& name : req->get_array()) {
        if (name.is_string() && !o.contains(name.get_string())) {
          out.push_back(path + ": missing required member '" + std::string(name.get_string()) + "'");
        }
      }
    }
    const bj::value* additional = s.if_contains("additionalProperties");
    for (const auto& kv : o) {
      const std::string member = MemberPath(path, kv.key());
      if (const bj::value* sub = props ? props->if_contains(kv.key()) : nullptr) {
        Check(*sub, kv.value(), member, out, depth + 1);
      } else if (additional) {
        if (additional->is_bool() && !additional->get_bool()) {
          out.push_back(path + ": undocumented member '" + std::string(kv.key()) + "'");
        } else {
          Check(*additional, kv.value(), member, out, depth + 1);
        }
      }
    }
  }

  if (const bj::value* all = s.if_contains("allOf"); all && all->is_array()) {
    for (const bj::value& branch : all->get_array()) Check(branch, v, path, out, depth + 1);
  }
  for (const char* keyword : {"oneOf", "anyOf"}) {
    const bj::value* list = s.if_contains(keyword);
    if (!list || !list->is_array()) continue;
    int matches = 0;
    std::vector<std::string> closest;
    bool have_closest = false;
    for (const bj::value& branch : list->get_array()) {
      std::vector<std::string> errors;
      Check(branch, v, path, errors, depth + 1);
      if (errors.empty()) {
        ++matches;
      } else if (!have_closest || errors.size() < closest.size()) {
        closest = std::move(errors);
        have_closest = true;
      }
    }
    const bool one = std::string_view(keyword) == "oneOf";
    if (matches == 0) {
      std::string msg = path + ": matches none of the " + keyword + " schemas";
      if (have_closest) {
        msg += "; the closest fails with:";
        for (const std::string& e : closest) msg += " [" + e + "]";
      }
      out.push_back(msg);
    } else if (one && matches > 1) {
      out.push_back(path + ": matches " + std::to_string(matches) + " of the oneOf schemas (exactly one expected)");
    }
  }
}

std::vector<std::string> JsonSchemaValidator::UnknownKeywords(const bj::value& schema, const std::string& where) {
  std::vector<std::string> out;
  if (schema.is_bool()) return out;
  if (!schema.is_object()) {
    out.push_back(where + ": not a schema");
    return out;
  }
  auto append = [&](const std::vector<std::string>& more) { out.insert(out.end(), more.begin(), more.end()); };
  for (const auto& kv : schema.get_object()) {
    const std::string_view key = kv.key();
    const std::string at = where + "/" + std::string(key);
    if (!KnownKeywords().contains(key)) {
      out.push_back(where + ": " + std::string(key));
      continue;
    }
    if (key == "properties" && kv.value().is_object()) {
      for (const auto& p : kv.value().get_object()) append(UnknownKeywords(p.value(), at + "/" + std::string(p.key())));
    } else if ((key == "additionalProperties" || key == "items") && !kv.value().is_bool()) {
      append(UnknownKeywords(kv.value(), at));
    } else if ((key == "oneOf" || key == "anyOf" || key == "allOf") && kv.value().is_array()) {
      const bj::array& a = kv.value().get_array();
      for (size_t i = 0; i < a.size(); ++i) append(UnknownKeywords(a[i], at + "/" + std::to_string(i)));
    }
  }
  return out;
}

}  // namespace farol::testing
