#include "domain/escalation.h"

#include <algorithm>
#include <array>
#include <cstdio>

#include "core/strings.h"

namespace farol::domain {
namespace {

constexpr std::array<std::string_view, 3> kTriggers = {"created", "percent", "unacknowledged"};

struct RecipientName {
  EscalationRecipient::Kind kind;
  std::string_view name;
};
constexpr RecipientName kRecipientNames[] = {
    {EscalationRecipient::Kind::kAssignee, "assignee"},
    {EscalationRecipient::Kind::kTeam, "team"},
    {EscalationRecipient::Kind::kTeamManager, "team_manager"},
    {EscalationRecipient::Kind::kCsm, "csm"},
    {EscalationRecipient::Kind::kManagerContacts, "manager_contacts"},
};

std::optional<long long> ParseNumber(std::string_view s) {
  if (s.empty() || s.size() > 12) return std::nullopt;
  long long n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

// Values in the text form are percent-encoded so that names may hold spaces and '='.
std::string Escape(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c <= ' ' || c == '%' || c == '=' || c == ',' || c == 0x7f) {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    } else {
      out += char(c);
    }
  }
  return out;
}

std::optional<std::string> Unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    auto hex = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      return -1;
    };
    const int hi = hex(s[i + 1]), lo = hex(s[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += char(hi * 16 + lo);
    i += 2;
  }
  return out;
}

}  // namespace

std::string_view Name(EscalationTrigger t) { return kTriggers[static_cast<size_t>(t)]; }

std::optional<EscalationTrigger> ParseEscalationTrigger(std::string_view s) {
  for (size_t i = 0; i < kTriggers.size(); ++i) {
    if (kTriggers[i] == s) return static_cast<EscalationTrigger>(i);
  }
  return std::nullopt;
}

std::string Format(const EscalationRecipient& r) {
  for (const RecipientName& n : kRecipientNames) {
    if (n.kind == r.kind) return std::string(n.name);
  }
  switch (r.kind) {
    case EscalationRecipient::Kind::kRole: return "role:" + std::string(Name(r.role));
    case EscalationRecipient::Kind::kTeamId: return "team:" + std::to_string(r.id);
    case EscalationRecipient::Kind::kUser: return "user:" + std::to_string(r.id);
    default: return "";
  }
}

std::optional<EscalationRecipient> ParseEscalationRecipient(std::string_view s) {
  for (const RecipientName& n : kRecipientNames) {
    if (n.name == s) return EscalationRecipient{n.kind, Role::kAgent, 0};
  }
  const size_t colon = s.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const std::string_view kind = s.substr(0, colon), value = s.substr(colon + 1);
  if (kind == "role") {
    auto role = ParseRole(value);
    if (!role) return std::nullopt;
    return EscalationRecipient{EscalationRecipient::Kind::kRole, *role, 0};
  }
  auto id = ParseNumber(value);
  if (!id || *id <= 0) return std::nullopt;
  if (kind == "team") return EscalationRecipient{EscalationRecipient::Kind::kTeamId, Role::kAgent, *id};
  if (kind == "user") return EscalationRecipient{EscalationRecipient::Kind::kUser, Role::kAgent, *id};
  return std::nullopt;
}

bool EscalationMatrix::AppliesTo(TicketType type, int priority) const {
  if (levels.empty() || priority > max_priority) return false;
  return types.empty() || std::find(types.begin(), types.end(), type) != types.end();
}

void EscalationMatrix::Validate(std::string_view prefix_view, FieldErrors& errors) const {
  const std::string prefix(prefix_view);
  if (max_priority < 1 || max_priority > 4) errors.Add(prefix + ".max_priority", "must be one of P1, P2, P3, P4");
  if (request_cooldown_seconds < 60 || request_cooldown_seconds > 30LL * 24 * 3600 || request_cooldown_seconds % 60) {
    errors.Add(prefix + ".request_cooldown_minutes", "must be whole minutes from 1 to 43200 (30 days)");
  }
  if (levels.size() > kMaxLevels) errors.Add(prefix + ".levels", "holds at most 9 levels");
  for (size_t i = 0; i < levels.size(); ++i) {
    const EscalationLevel& l = levels[i];
    const std::string p = prefix + ".levels[" + std::to_string(i) + "]";
    if (!IsValidUtf8(l.name) || TrimView(l.name).empty() || Utf8Length(l.name) > 100 || HasControlChars(l.name)) {
      errors.Add(p + ".name", "must be 1 to 100 characters of text");
    }
    switch (l.trigger) {
      case EscalationTrigger::kCreated:
        break;
      case EscalationTrigger::kPercent:
        if (l.clock != "first_response" && l.clock != "resolution") {
          errors.Add(p + ".clock", "must be first_response or resolution");
        }
        if (l.percent < 1 || l.percent > 100) errors.Add(p + ".percent", "must be a whole percentage from 1 to 100");
        break;
      case EscalationTrigger::kUnacknowledged:
        if (i == 0) {
          errors.Add(p + ".trigger", "the first level has no level before it to go unacknowledged");
        } else if (levels[i - 1].deadline_seconds <= 0) {
          errors.Add(p + ".trigger", "the level before it needs a deadline to go unacknowledged");
        }
        break;
    }
    if (l.deadline_seconds < 0 || l.deadline_seconds % 60 || l.deadline_seconds > 525600LL * 60) {
      errors.Add(p + ".deadline_minutes", "must be whole minutes from 0 to 525600");
    }
    if (l.recipients.empty() && l.channel_ids.empty()) {
      errors.Add(p + ".recipients", "name at least one recipient or alert channel");
    }
    if (l.recipients.size() > 20) errors.Add(p + ".recipients", "at most 20");
    if (l.channel_ids.size() > 20) errors.Add(p + ".channel_ids", "at most 20");
    if (!l.email && l.channel_ids.empty()) {
      errors.Add(p + ".email", "a level with neither e-mail nor alert channels tells nobody");
    }
  }
}

EscalationMatrix SeedEscalationMatrix() {
  using K = EscalationRecipient::Kind;
  EscalationMatrix m;
  m.types = {TicketType::kIncident};
  m.max_priority = 1;
  EscalationLevel l1{"NOC / N1 team", EscalationTrigger::kCreated, "resolution", 100, 120 * 60, {{K::kTeam, Role::kAgent, 0}}, true, {}};
  EscalationLevel l2{"NOC manager", EscalationTrigger::kUnacknowledged, "resolution", 100, 30 * 60,
                     {{K::kTeamManager, Role::kAgent, 0}}, true, {}};
  EscalationLevel l3{"Customer-success manager", EscalationTrigger::kUnacknowledged, "resolution", 100, 60 * 60,
                     {{K::kCsm, Role::kAgent, 0}}, true, {}};
  EscalationLevel l4{"Directors", EscalationTrigger::kUnacknowledged, "resolution", 100, 0,
                     {{K::kRole, Role::kDirector, 0}}, true, {}};
  m.levels = {l1, l2, l3, l4};
  return m;
}

std::string SerializeEscalation(const EscalationMatrix& m) {
  if (m.levels.empty()) return "";
  std::string out = "escalation_scope ";
  if (m.types.empty()) {
    out += "all";
  } else {
    for (size_t i = 0; i < m.types.size(); ++i) out += (i ? "," : "") + std::string(Name(m.types[i]));
  }
  out += " P" + std::to_string(m.max_priority) + "\n";
  out += "escalation_cooldown " + std::to_string(m.request_cooldown_seconds / 60) + "\n";
  for (const EscalationLevel& l : m.levels) {
    out += "level name=" + Escape(l.name) + " trigger=" + std::string(Name(l.trigger));
    if (l.trigger == EscalationTrigger::kPercent) out += " clock=" + l.clock + " percent=" + std::to_string(l.percent);
    out += " deadline=" + std::to_string(l.deadline_seconds / 60);
    out += " notify=";
    for (size_t i = 0; i < l.recipients.size(); ++i) out += (i ? "," : "") + Format(l.recipients[i]);
    out += std::string(" email=") + (l.email ? "true" : "false") + " channels=";
    for (size_t i = 0; i < l.channel_ids.size(); ++i) out += (i ? "," : "") + std::to_string(l.channel_ids[i]);
    out += "\n";
  }
  return out;
}

bool ParseEscalationLine(std::string_view key, std::string_view rest, EscalationMatrix& m, std::string& error) {
  std::vector<std::string> words;
  for (const std::string& w : Split(rest, ' ')) {
    if (!w.empty()) words.push_back(w);
  }
  if (key == "escalation_scope") {
    if (words.size() != 2) return error = "escalation_scope is: TYPES|all P1..P4", false;
    m.types.clear();
    if (words[0] != "all") {
      for (const std::string& t : Split(words[0], ',')) {
        auto type = ParseTicketType(t);
        if (!type) return error = "unknown ticket type " + t, false;
        m.types.push_back(*type);
      }
    }
    if (words[1].size() != 2 || words[1][0] != 'P' || words[1][1] < '1' || words[1][1] > '4') {
      return error = "escalation_scope needs a priority P1..P4", false;
    }
    m.max_priority = words[1][1] - '0';
    return true;
  }
  if (key == "escalation_cooldown") {
    auto minutes = words.size() == 1 ? ParseNumber(words[0]) : std::nullopt;
    if (!minutes) return error = "escalation_cooldown is: MINUTES", false;
    m.request_cooldown_seconds = *minutes * 60;
    return true;
  }
  if (key != "level") return error = "not understood", false;
  EscalationLevel l;
  l.recipients.clear();
  for (const std::string& w : words) {
    const size_t eq = w.find('=');
    if (eq == std::string::npos) return error = "a level is a list of key=value", false;
    const std::string k = w.substr(0, eq);
    const std::string v = w.substr(eq + 1);
    if (k == "name") {
      auto name = Unescape(v);
      if (!name) return error = "a level's name is not readable", false;
      l.name = *name;
    } else if (k == "trigger") {
      auto t = ParseEscalationTrigger(v);
      if (!t) return error = "unknown trigger " + v, false;
      l.trigger = *t;
    } else if (k == "clock") {
      l.clock = v;
    } else if (k == "percent" || k == "deadline") {
      auto n = ParseNumber(v);
      if (!n) return error = k + " must be a whole number", false;
      if (k == "percent") l.percent = int(*n);
      else l.deadline_seconds = *n * 60;
    } else if (k == "notify") {
      for (const std::string& r : Split(v, ',')) {
        if (r.empty()) continue;
        auto rec = ParseEscalationRecipient(r);
        if (!rec) return error = "unknown recipient " + r, false;
        l.recipients.push_back(*rec);
      }
    } else if (k == "email") {
      l.email = v == "true";
    } else if (k == "channels") {
      for (const std::string& c : Split(v, ',')) {
        if (c.empty()) continue;
        auto id = ParseNumber(c);
        if (!id) return error = "channels are ids", false;
        l.channel_ids.push_back(*id);
      }
    } else {
      return error = "unknown level key " + k, false;
    }
  }
  m.levels.push_back(std::move(l));
  return true;
}

std::optional<Timestamp> EscalationDeadline(const EscalationLevel& level, const BusinessCalendar& calendar,
                                            Timestamp fired_at) {
  if (level.deadline_seconds <= 0) return std::nullopt;
  return calendar.AddBusinessSeconds(fired_at, level.deadline_seconds);
}

std::optional<EscalationStep> NextEscalation(const EscalationMatrix& m, const BusinessCalendar& calendar,
                                             const std::vector<EscalationRecord>& records, const ClockShare& clocks,
                                             Timestamp created, bool stopped) {
  if (stopped || m.levels.empty()) return std::nullopt;
  int highest = 0;
  for (const EscalationRecord& r : records) highest = std::max(highest, r.level);
  auto record_of = [&](int level) -> const EscalationRecord* {
    for (const EscalationRecord& r : records) {
      if (r.level == level) return &r;
    }
    return nullptr;
  };
  for (int level = highest + 1; level <= int(m.levels.size()); ++level) {
    const EscalationLevel& l = m.levels[size_t(level - 1)];
    switch (l.trigger) {
      case EscalationTrigger::kCreated:
        return EscalationStep{level, created};
      case EscalationTrigger::kPercent: {
        auto at = clocks.ReachedAt(l.clock, l.percent);
        if (!at) return std::nullopt;  // not yet reached, and waits for the clock to run
        return EscalationStep{level, *at};
      }
      case EscalationTrigger::kUnacknowledged: {
        const EscalationRecord* prev = record_of(level - 1);
        if (!prev || prev->acknowledged_at) continue;  // skipped: the level before was acknowledged (or skipped)
        auto deadline = EscalationDeadline(m.levels[size_t(level - 2)], calendar, prev->fired_at);
        if (!deadline) return std::nullopt;
        return EscalationStep{level, *deadline};
      }
    }
  }
  return std::nullopt;
}

int NextRequestedLevel(const EscalationMatrix& m, const std::vector<EscalationRecord>& records) {
  int highest = 0;
  for (const EscalationRecord& r : records) highest = std::max(highest, r.level);
  return highest < int(m.levels.size()) ? highest + 1 : 0;
}

}  // namespace farol::domain
