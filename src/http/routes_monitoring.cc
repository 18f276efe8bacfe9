// Monitoring endpoints (docs/MONITORING.md): what a monitoring tool posts (Prometheus
// Alertmanager's webhook, or farol's generic JSON), authenticated by its channel's key alone, and
// the channels admins make and revoke.
#include <algorithm>

#include "http/api.h"
#include "http/json.h"
#include "http/query.h"
#include "http/router.h"

namespace farol::http {

namespace {

using domain::MonitoringAlert;

// Reads the members of one alert object; every problem goes to `errors` under `where`.
class AlertReader {
 public:
  AlertReader(const bj::object& o, std::string where, FieldErrors& errors) : o_(o), where_(std::move(where)), errors_(errors) {}

  std::string String(std::string_view key) {
    const bj::value* v = o_.if_contains(key);
    if (v == nullptr || v->is_null()) return "";
    if (!v->is_string()) {
      errors_.Add(where_ + std::string(key), "must be a string");
      return "";
    }
    return std::string(v->get_string());
  }
  std::map<std::string, std::string> Map(std::string_view key) {
    std::map<std::string, std::string> out;
    const bj::value* v = o_.if_contains(key);
    if (v == nullptr || v->is_null()) return out;
    if (!v->is_object()) {
      errors_.Add(where_ + std::string(key), "must be an object of strings");
      return out;
    }
    for (const auto& kv : v->get_object()) {
      if (!kv.value().is_string()) {
        errors_.Add(where_ + std::string(key) + "." + std::string(kv.key()), "must be a string");
        continue;
      }
      out.emplace(std::string(kv.key()), std::string(kv.value().get_string()));
    }
    return out;
  }
  // A time, or nullopt when absent, null, or Go's zero time (Alertmanager's "not set").
  std::optional<Timestamp> Time(std::string_view key) {
    const std::string s = String(key);
    if (s.empty() || s.starts_with("0001-01-01")) return std::nullopt;
    auto t = ParseIso8601(s);
    if (!t.ok()) {
      errors_.Add(where_ + std::string(key), "must be a date-time like 2026-11-22T10:00:00Z");
      return std::nullopt;
    }
    return *t;
  }
  // "firing" or "resolved" (true for firing); absent means firing.
  bool Firing(std::string_view key) {
    const std::string s = String(key);
    if (s.empty() || s == "firing") return true;
    if (s == "resolved") return false;
    errors_.Add(where_ + std::string(key), "must be firing or resolved");
    return true;
  }
  void OnlyKnown(std::initializer_list<std::string_view> known) {
    for (const auto& kv : o_) {
      if (std::find(known.begin(), known.end(), std::string_view(kv.key())) == known.end()) {
        errors_.Add(where_ + std::string(kv.key()), "is not a member of an alert");
      }
    }
  }

 private:
  const bj::object& o_;
  std::string where_;
  FieldErrors& errors_;
};

std::string First(const std::map<std::string, std::string>& m, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    if (auto it = m.find(k); it != m.end() && !it->second.empty()) return it->second;
  }
  return "";
}

// Prometheus Alertmanager's webhook (version 4): alerts[] with status, labels, annotations,
// startsAt, endsAt, generatorURL and fingerprint. Members Alertmanager may add later are ignored.
MonitoringAlert FromAlertmanager(const bj::object& o, std::string where, FieldErrors& errors) {
  AlertReader r(o, std::move(where), errors);
  MonitoringAlert a;
  a.firing = r.Firing("status");
  a.labels = r.Map("labels");
  const auto annotations = r.Map("annotations");
  a.title = First(annotations, {"summary", "title"});
  a.description = First(annotations, {"description", "message"});
  a.url = r.String("generatorURL");
  a.fingerprint = r.String("fingerprint");
  a.starts_at = r.Time("startsAt");
  a.ends_at = r.Time("endsAt");
  return a;
}

// farol's generic format (docs/MONITORING.md): strict, so a typo is an error and not a silent gap.
MonitoringAlert FromGeneric(const bj::object& o, std::string where, FieldErrors& errors) {
  AlertReader r(o, std::move(where), errors);
  r.OnlyKnown({"fingerprint", "status", "title", "description", "severity", "labels", "url", "starts_at", "ends_at"});
  MonitoringAlert a;
  a.fingerprint = r.String("fingerprint");
  a.firing = r.Firing("status");
  a.title = r.String("title");
  a.description = r.String("description");
  a.severity = r.String("severity");
  a.labels = r.Map("labels");
  a.url = r.String("url");
  a.starts_at = r.Time("starts_at");
  a.ends_at = r.Time("ends_at");
  if (a.title.empty() && a.labels.empty()) errors.Add(where + "title", "give a title or labels");
  return a;
}

}  // namespace

StatusOr<std::vector<MonitoringAlert>> ParseMonitoringAlerts(std::string_view body) {
  FAROL_ASSIGN_OR_RETURN(bj::value v, ParseJson(body));
  if (!v.is_object()) return InvalidArgumentError("Send one JSON object: an Alertmanager notification or farol's generic alert format.");
  const bj::object& top = v.get_object();
  FieldErrors errors;
  std::vector<MonitoringAlert> out;
  const bool alertmanager = top.contains("groupKey") || top.contains("receiver");
  const bj::value* list = top.if_contains("alerts");
  if (list == nullptr) {
    if (alertmanager) return FieldInvalidError("alerts", "is required");
    out.push_back(FromGeneric(top, "", errors));  // one alert on its own
  } else if (!list->is_array()) {
    return FieldInvalidError("alerts", "must be an array of alerts");
  } else {
    if (!alertmanager) {
      for (const auto& kv : top) {
        if (kv.key() != "alerts") errors.Add(std::string(kv.key()), "is not a member of the generic format (only alerts)");
      }
    }
    const bj::array& items = list->get_array();
    if (items.size() > app::MonitoringService::kMaxAlerts) {
      static_assert(app::MonitoringService::kMaxAlerts == 1000, "the message below names the limit");
      return FieldInvalidError("alerts", "holds at most 1000 alerts");
    }
    for (size_t i = 0; i < items.size(); ++i) {
      const std::string where = "alerts[" + std::to_string(i) + "].";
      if (!items[i].is_object()) {
        errors.Add("alerts[" + std::to_string(i) + "]", "must be an object");
        continue;
      }
      out.push_back(alertmanager ? FromAlertmanager(items[i].get_object(), where, errors)
                                 : FromGeneric(items[i].get_object(), where, errors));
    }
  }
  FAROL_RETURN_IF_ERROR(errors.ToStatus("The notification has invalid fields"));
  return out;
}

namespace {

bj::object EncodeChannel(const store::MonitoringChannel& ch) {
  return {{"id", ch.id},
          {"name", ch.name},
          {"organisation_id", ch.organisation_id},
          {"organisation_name", ch.organisation_name},
          {"team_id", IdOrNull(ch.team_id)},
          {"team_name", ch.team_name},
          {"key_hint", ch.key_hint + "…"},
          {"resolve_on_recovery", ch.resolve_on_recovery},
          {"rate_per_minute", ch.rate_per_minute},
          {"created_at", FormatIso8601(ch.created_at)},
          {"revoked_at", TimeOrNull(ch.revoked_at)}};
}

// The members POST and PATCH share (POST also takes organisation_id).
app::MonitoringService::ChannelFields ReadChannel(Reader& in) {
  app::MonitoringService::ChannelFields f;
  f.name = in.String("name");
  f.team_id = in.Id("team_id");
  f.resolve_on_recovery = in.Bool("resolve_on_recovery");
  if (auto rate = in.Int("rate_per_minute")) {
    f.rate_per_minute = static_cast<int>(std::clamp<int64_t>(*rate, -1, 1'000'000));
  }
  return f;
}

bj::object EncodeAlertRow(const store::MonitoringAlertRow& a) {
  return {{"id", a.id},
          {"channel_id", a.channel_id},
          {"fingerprint", a.fingerprint},
          {"ticket_id", a.ticket_id},
          {"state", a.state},
          {"title", a.title},
          {"notifications", a.notifications},
          {"first_at", FormatIso8601(a.first_at)},
          {"last_at", FormatIso8601(a.last_at)}};
}

}  // namespace

void AddMonitoringRoutes(Router& r) {
  // What a monitoring tool posts to. The key in the path is the only credential: tools such as
  // Alertmanager cannot always send headers. It never reaches the logs (routes are logged by
  // pattern).
  r.Add("POST", "/api/v1/channels/{key}/alerts", Access::kPublic, BodyKind::kJson, [](RequestContext& c) {
    auto alerts = ParseMonitoringAlerts(c.request.body);
    if (!alerts.ok()) return ProblemResponse(alerts.status());
    auto results = c.app.monitoring().Take(c.Param("key"), std::move(*alerts));
    if (!results.ok()) return ProblemResponse(results.status());
    bj::array items;
    for (const auto& x : *results) {
      items.push_back(bj::object{{"fingerprint", x.fingerprint}, {"action", x.action}, {"ticket_id", IdOrNull(x.ticket_id)}});
    }
    return JsonResponse(200, bj::object{{"results", std::move(items)}});
  });
  r.Add("GET", "/api/v1/monitoring/channels", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto list = c.app.monitoring().Channels(c.actor());
    if (!list.ok()) return ProblemResponse(list.status());
    bj::array items;
    for (const auto& ch : *list) items.push_back(EncodeChannel(ch));
    return JsonResponse(200, bj::object{{"items", std::move(items)}});
  });
  r.Add("POST", "/api/v1/monitoring/channels", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kCatalogWrite); !s.ok()) return ProblemResponse(s);
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    const int64_t org = in->Id("organisation_id").value_or(0);
    auto f = ReadChannel(*in);
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto made = c.app.monitoring().CreateChannel(c.actor(), org, f);
    if (!made.ok()) return ProblemResponse(made.status());
    bj::object out = EncodeChannel(made->channel);
    out["key"] = made->key;
    out["alerts_path"] = "/api/v1/channels/" + made->key + "/alerts";
    return JsonResponse(201, out);
  });
  r.Add("PATCH", "/api/v1/monitoring/channels/{id}", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kCatalogWrite); !s.ok()) return ProblemResponse(s);
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    auto f = ReadChannel(*in);
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto ch = c.app.monitoring().UpdateChannel(c.actor(), *id, f);
    if (!ch.ok()) return ProblemResponse(ch.status());
    return JsonResponse(200, EncodeChannel(*ch));
  });
  r.Add("POST", "/api/v1/monitoring/channels/{id}/revoke", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    if (Status s = c.app.monitoring().RevokeChannel(c.actor(), *id); !s.ok()) return ProblemResponse(s);
    return NoContent();
  });
  r.Add("GET", "/api/v1/monitoring/alerts", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    QueryReader q(c.request);
    int64_t channel = 0;
    if (auto ids = q.Ids("channel_id"); !ids.empty()) channel = ids.front();
    const int limit = q.Int("limit", 1, 500).value_or(100);
    if (Status s = q.Finish(); !s.ok()) return ProblemResponse(s);
    auto list = c.app.monitoring().Alerts(c.actor(), channel, limit);
    if (!list.ok()) return ProblemResponse(list.status());
    bj::array items;
    for (const auto& a : *list) items.push_back(EncodeAlertRow(a));
    return JsonResponse(200, bj::object{{"items", std::move(items)}});
  });
}

}  // namespace farol::http
