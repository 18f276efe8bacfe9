#include "store/codec.h"

#include <boost/json.hpp>

namespace farol::store {
namespace json = boost::json;

std::string EncodeEventData(const domain::TicketEvent& e) {
  json::object o;
  if (!e.body.empty()) o["body"] = e.body;
  if (!e.field.empty()) o["field"] = e.field;
  if (!e.from.empty()) o["from"] = e.from;
  if (!e.to.empty()) o["to"] = e.to;
  if (!e.reason.empty()) o["reason"] = e.reason;
  if (e.ref != 0) o["ref"] = e.ref;
  if (!e.attachment_ids.empty()) {
    json::array a;
    for (int64_t id : e.attachment_ids) a.push_back(id);
    o["attachments"] = std::move(a);
  }
  if (!e.fields.empty()) {
    json::object f;
    for (const auto& [k, v] : e.fields) f[k] = v;
    o["fields"] = std::move(f);
  }
  return json::serialize(o);
}

namespace {

std::string Str(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_string()) return {};
  return std::string(it->value().get_string());
}

}  // namespace

Status DecodeEventData(std::string_view text, domain::TicketEvent& e) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return InternalError("stored event data is not a JSON object");
  const json::object& o = v.get_object();
  e.body = Str(o, "body");
  e.field = Str(o, "field");
  e.from = Str(o, "from");
  e.to = Str(o, "to");
  e.reason = Str(o, "reason");
  if (auto it = o.find("ref"); it != o.end() && it->value().is_int64()) e.ref = it->value().get_int64();
  if (auto it = o.find("attachments"); it != o.end() && it->value().is_array()) {
    for (const json::value& id : it->value().get_array()) {
      if (id.is_int64()) e.attachment_ids.push_back(id.get_int64());
    }
  }
  if (auto it = o.find("fields"); it != o.end() && it->value().is_object()) {
    for (const auto& kv : it->value().get_object()) {
      if (kv.value().is_string()) e.fields[std::string(kv.key())] = std::string(kv.value().get_string());
    }
  }
  return OkStatus();
}

std::string EncodeStringMap(const std::map<std::string, std::string>& m) {
  json::object o;
  for (const auto& [k, v] : m) o[k] = v;
  return json::serialize(o);
}

StatusOr<std::map<std::string, std::string>> DecodeStringMap(std::string_view text) {
  std::map<std::string, std::string> out;
  if (text.empty()) return out;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return InternalError("stored map is not a JSON object");
  for (const auto& kv : v.get_object()) {
    if (kv.value().is_string()) out[std::string(kv.key())] = std::string(kv.value().get_string());
  }
  return out;
}

std::string EncodeStringList(const std::vector<std::string>& list) {
  json::array a;
  for (const std::string& s : list) a.push_back(json::string(s));
  return json::serialize(a);
}

StatusOr<std::vector<std::string>> DecodeStringList(std::string_view text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return InternalError("stored list is not a JSON array");
  for (const json::value& s : v.get_array()) {
    if (s.is_string()) out.emplace_back(s.get_string());
  }
  return out;
}

std::string EncodeIdList(const std::vector<int64_t>& list) {
  json::array a;
  for (int64_t id : list) a.emplace_back(id);
  return json::serialize(a);
}

StatusOr<std::vector<int64_t>> DecodeIdList(std::string_view text) {
  std::vector<int64_t> out;
  if (text.empty()) return out;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return InternalError("stored id list is not a JSON array");
  for (const json::value& id : v.get_array()) {
    if (id.is_int64()) out.push_back(id.get_int64());
  }
  return out;
}

std::string EncodeQuestions(const std::vector<domain::SurveyQuestion>& questions, int next_id) {
  if (questions.empty() && next_id <= 1) return "";
  auto strings = [](const std::vector<std::string>& v) {
    json::array a;
    for (const std::string& s : v) a.push_back(json::string(s));
    return a;
  };
  json::array items;
  for (const auto& q : questions) {
    items.push_back(json::object{{"id", q.id},
                                 {"kind", domain::ToString(q.kind)},
                                 {"text_en", q.text_en},
                                 {"text_pt", q.text_pt},
                                 {"options_en", strings(q.options_en)},
                                 {"options_pt", strings(q.options_pt)},
                                 {"ask", domain::AskName(q.ask)}});
  }
  return json::serialize(json::object{{"next", next_id}, {"items", std::move(items)}});
}

Status DecodeQuestions(std::string_view text, std::vector<domain::SurveyQuestion>& questions, int& next_id) {
  questions.clear();
  next_id = 1;
  if (text.empty()) return OkStatus();
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return InternalError("stored survey questions are not a JSON object");
  const json::object& o = v.get_object();
  if (const auto* n = o.if_contains("next"); n && n->is_int64()) next_id = static_cast<int>(n->get_int64());
  const auto* items = o.if_contains("items");
  if (!items || !items->is_array()) return OkStatus();
  auto str = [](const json::object& x, std::string_view key) {
    const auto* s = x.if_contains(key);
    return s && s->is_string() ? std::string(s->get_string()) : std::string();
  };
  auto strs = [](const json::object& x, std::string_view key) {
    std::vector<std::string> out;
    if (const auto* a = x.if_contains(key); a && a->is_array()) {
      for (const auto& s : a->get_array()) {
        if (s.is_string()) out.emplace_back(s.get_string());
      }
    }
    return out;
  };
  for (const json::value& item : items->get_array()) {
    if (!item.is_object()) continue;
    const json::object& x = item.get_object();
    domain::SurveyQuestion q;
    if (const auto* id = x.if_contains("id"); id && id->is_int64()) q.id = static_cast<int>(id->get_int64());
    q.kind = domain::ParseQuestionKind(str(x, "kind")).value_or(domain::QuestionKind::kText);
    q.text_en = str(x, "text_en");
    q.text_pt = str(x, "text_pt");
    q.options_en = strs(x, "options_en");
    q.options_pt = strs(x, "options_pt");
    bool ok = false;
    q.ask = domain::ParseAsk(str(x, "ask"), ok);
    questions.push_back(std::move(q));
  }
  return OkStatus();
}

std::string EncodeGutRule(const domain::GutRule& rule) {
  json::array bands;
  for (const auto& b : rule.bands) {
    json::array required;
    for (auto k : b.required) required.push_back(json::string(domain::Name(k)));
    bands.push_back(json::object{{"min", b.min}, {"level", b.level}, {"required", std::move(required)}});
  }
  return json::serialize(json::object{{"preset", rule.preset},
                                      {"scale_max", rule.scale_max},
                                      {"combine", rule.combine == domain::GutCombine::kSum ? "sum" : "product"},
                                      {"bands", std::move(bands)}});
}

StatusOr<domain::GutRule> DecodeGutRule(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return InternalError("the stored GUT rule is not a JSON object");
  const json::object& o = v.get_object();
  domain::GutRule r;
  if (const auto* p = o.if_contains("preset"); p && p->is_string()) r.preset = std::string(p->get_string());
  if (const auto* n = o.if_contains("scale_max"); n && n->is_int64()) r.scale_max = static_cast<int>(n->get_int64());
  if (const auto* c = o.if_contains("combine"); c && c->is_string()) {
    r.combine = c->get_string() == "product" ? domain::GutCombine::kProduct : domain::GutCombine::kSum;
  }
  if (const auto* bands = o.if_contains("bands"); bands && bands->is_array()) {
    for (const auto& b : bands->get_array()) {
      if (!b.is_object()) continue;
      domain::GutBand band;
      const json::object& x = b.get_object();
      if (const auto* m = x.if_contains("min"); m && m->is_int64()) band.min = static_cast<int>(m->get_int64());
      if (const auto* l = x.if_contains("level"); l && l->is_string()) band.level = std::string(l->get_string());
      if (const auto* req = x.if_contains("required"); req && req->is_array()) {
        for (const auto& k : req->get_array()) {
          if (!k.is_string()) continue;
          if (auto kind = domain::ParseSolutionKind(k.get_string())) band.required.push_back(*kind);
        }
      }
      r.bands.push_back(std::move(band));
    }
  }
  FAROL_RETURN_IF_ERROR(domain::Validate(r));
  return r;
}

}  // namespace farol::store
