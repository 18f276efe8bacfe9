// SLA scenarios in JSON: what `farol sla simulate` and POST /api/v1/sla/simulate read and print.
//
// A scenario (docs/SLA.md has the full reference):
//   {"calendar":{"timezone":"America/Sao_Paulo","week":{"mon":[["08:00","12:00"],["13:00","18:00"]],…},
//                "holidays":["2026-11-20","12-25"],"always_open":false},
//    "targets":{"first_response_minutes":120,"resolution_minutes":960},
//    "pause_statuses":["pending_customer"],"warn_at_percent":80,"response_events":["public_reply"],
//    "events":[{"at":"2026-11-19T20:30:00Z","type":"created","status":"new"},…],
//    "now":"2026-11-24T12:00:00Z"}
// A JSON array of scenarios gives an array of answers. Any problem in any scenario refuses the
// whole request with every problem named by its path ("[1].events[3].at").
#pragma once

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "app/sla_service.h"
#include "domain/sla_clock.h"
#include "domain/sla_policy.h"
#include "domain/enums.h"
#include "domain/sla_report.h"

namespace farol::http {

namespace bj = boost::json;

// Reads a tree of JSON by paths, collecting every problem as a field error.
class Walker {
 public:
  explicit Walker(FieldErrors& errors) : errors_(errors) {}

  const bj::object* Object(const bj::value& v, const std::string& path) {
    if (v.is_object()) return &v.get_object();
    errors_.Add(path, "must be an object");
    return nullptr;
  }
  const bj::array* Array(const bj::value& v, const std::string& path) {
    if (v.is_array()) return &v.get_array();
    errors_.Add(path, "must be an array");
    return nullptr;
  }
  std::optional<std::string_view> String(const bj::value& v, const std::string& path) {
    if (v.is_string()) return std::string_view(v.get_string());
    errors_.Add(path, "must be a string");
    return std::nullopt;
  }
  // A target in whole minutes, 0 to 10,000,000 (19 years); 60 and 60.0 both read as 60.
  std::optional<long long> Minutes(const bj::value& v, const std::string& path) {
    constexpr long long kMax = 10'000'000;
    std::optional<long long> n;
    if (v.is_int64()) n = v.get_int64();
    if (v.is_uint64() && v.get_uint64() <= uint64_t(kMax)) n = (long long)v.get_uint64();
    if (v.is_double() && std::abs(v.get_double()) <= double(kMax) && v.get_double() == double((long long)v.get_double())) {
      n = (long long)v.get_double();
    }
    if (!n || *n < 0 || *n > kMax) {
      errors_.Add(path, "must be a whole number of minutes from 0 to 10000000");
      return std::nullopt;
    }
    return n;
  }
  std::optional<Timestamp> Time(const bj::value& v, const std::string& path) {
    auto s = String(v, path);
    if (!s) return std::nullopt;
    auto t = ParseIso8601(*s);
    if (!t.ok()) {
      errors_.Add(path, "must be a date-time like 2026-11-19T20:30:00Z");
      return std::nullopt;
    }
    if (ToUnixSeconds(*t) < 0 || ToUnixSeconds(*t) >= 13569465600LL) {
      errors_.Add(path, "must lie between 1970 and 2399");
      return std::nullopt;
    }
    return *t;
  }
  std::optional<domain::TicketStatus> Status(const bj::value& v, const std::string& path) {
    auto s = String(v, path);
    if (!s) return std::nullopt;
    auto status = domain::ParseTicketStatus(*s);
    if (!status) errors_.Add(path, domain::OneOf(domain::TicketStatusNames()));
    return status;
  }
  // Reports members of `o` not in `known`.
  void Unknown(const bj::object& o, const std::string& path, std::initializer_list<std::string_view> known) {
    for (const auto& kv : o) {
      if (std::find(known.begin(), known.end(), std::string_view(kv.key())) == known.end()) {
        errors_.Add(Join(path, kv.key()), "is not a known field");
      }
    }
  }
  static std::string Join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
  }
  void Add(std::string path, std::string message) { errors_.Add(std::move(path), std::move(message)); }
  FieldErrors& errors() { return errors_; }

 private:
  FieldErrors& errors_;
};

// A calendar object ({"timezone", "week", "holidays", "always_open"} and any `extra_keys`) into
// `spec`, every problem a field error under `path`.
void ReadCalendar(Walker& w, const bj::value& v, const std::string& path, domain::CalendarSpec& spec,
                  std::initializer_list<std::string_view> extra_keys = {});
bj::object EncodeCalendar(const domain::CalendarSpec& c);
// A share in percent: a whole number when it is one (95, not 9.5E1), else the double.
bj::value PercentValue(const std::optional<double>& percent);

// At most this many scenarios per request, and events per scenario.
inline constexpr size_t kMaxSlaScenarios = 1000;
inline constexpr size_t kMaxSlaEvents = 10000;

StatusOr<domain::SlaScenario> ParseSlaScenario(const boost::json::value& v, std::string_view path);

// {"first_response":{"state","due","elapsed_seconds","breached"},
//  "resolution":{"state","due","warn_at","elapsed_seconds","paused_seconds","breached"}}
boost::json::object EncodeSlaSimulation(const domain::SlaReading& r);

struct SlaScenarios {
  std::vector<domain::SlaScenario> items;
  bool many = false;  // the body was an array (answer with an array)
};
// One scenario or an array of them; kInvalidArgument naming every problem of every scenario.
StatusOr<SlaScenarios> ParseSlaScenarios(std::string_view body);
// The answer: an object, or an array of objects when `many`.
boost::json::value EncodeSlaSimulations(const std::vector<domain::SlaReading>& readings, bool many);

// The rules of an SLA policy in the API (docs/SLA.md):
//   {"targets":[{"type":"incident","priority":"P1","first_response_minutes":15,"resolution_minutes":240,
//                "update_minutes":60},…],
//    "pause_statuses":["pending_customer"],"warn_percents":[50,75,90],
//    "responses":{"default":["public_reply"],"phone":["public_reply","phone_call"]},
//    "calls_count_as_response":false,"olas":[{"team_id":3,"minutes":30}],
//    "escalation":{"types":["incident"],"max_priority":"P1","request_cooldown_minutes":240,
//                  "levels":[{"name":"NOC / N1 team","trigger":"created","clock":"resolution","percent":100,
//                             "deadline_minutes":120,"recipients":["team"],"email":true,"channel_ids":[]},…]}}
bj::object EncodePolicyRules(const domain::SlaPolicy& p);
// Which optional rules a body named at all: those left out of a PUT stay as they are.
struct PolicyRulesPresent {
  bool escalation = false;
  bool responses = false;  // `responses` or the older `calls_count_as_response`
};
// Reads those members of `o` into `p` (targets required).
void ReadPolicyRules(Walker& w, const bj::object& o, domain::SlaPolicy& p, PolicyRulesPresent& present);
// Keeps in `p` the rules of `current` that the body left out.
void KeepRulesLeftOut(const PolicyRulesPresent& present, const domain::SlaPolicy& current, domain::SlaPolicy& p);
// The member names ReadPolicyRules reads.
inline constexpr std::array<std::string_view, 7> kPolicyRuleKeys = {
    "targets", "pause_statuses", "warn_percents", "responses", "calls_count_as_response", "olas", "escalation"};

// The default policy as GET/PUT /api/v1/settings/sla-policy show it: the rules plus its calendar
// inline ("calendar": {…as in a scenario…}).
bj::object EncodeSlaPolicy(const domain::SlaPolicy& p);
// A whole policy (PUT): calendar and targets required; the rest default as in a new installation.
StatusOr<domain::SlaPolicy> ParseSlaPolicy(std::string_view body, PolicyRulesPresent* present = nullptr);

// {"rows":[{"key","name","tickets","first_response":{…},"resolution":{…}}],"total":{…}}, each
// clock as {"met","breached","pending","met_percent","mean_seconds","median_seconds","p90_seconds"}.
// OLA compliance per team (GET /api/v1/reports/ola).
boost::json::object EncodeOlaReport(const app::SlaService::OlaReport& r);
boost::json::object EncodeSlaReport(const domain::SlaReport& r);

// A ticket's clocks (GET /api/v1/tickets/{id}/sla).
boost::json::object EncodeTicketClocks(const app::TicketClocks& c);

}  // namespace farol::http
