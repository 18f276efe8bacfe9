#include "domain/monitoring.h"

#include "core/crypto.h"
#include "core/strings.h"
#include "domain/ticket.h"

namespace farol::domain {

namespace {

std::string OneLine(std::string_view s, size_t max_bytes) {
  std::string out;
  for (char c : s) {
    if (c == '\r' || c == '\n' || c == '\t') c = ' ';
    out += c;
  }
  out = std::string(Trim(out));
  return CutUtf8(out, max_bytes);
}

}  // namespace

void Normalise(MonitoringAlert& a) {
  if (a.title.empty()) {
    auto it = a.labels.find("alertname");
    a.title = it != a.labels.end() ? it->second : "Alert";
  }
  a.title = OneLine(a.title, 180);
  if (a.title.empty()) a.title = "Alert";
  if (a.severity.empty()) {
    if (auto it = a.labels.find("severity"); it != a.labels.end()) a.severity = it->second;
  }
  a.severity = AsciiLower(OneLine(a.severity, 32));
  if (a.fingerprint.empty()) {
    // Labels identify an alert in Prometheus; a std::map keeps them sorted, so the same labels
    // always give the same digest. Separators that cannot occur in label text keep "a=b,c" and
    // "a=b" + "c" apart.
    std::string basis;
    if (a.labels.empty()) {
      basis = "title\x1f" + a.title;
    } else {
      for (const auto& [k, v] : a.labels) basis += k + '\x1f' + v + '\x1e';
    }
    a.fingerprint = crypto::Sha256Hex(basis).substr(0, 32);
  }
  a.fingerprint = OneLine(a.fingerprint, 128);
}

std::pair<Level, Level> SeverityLevels(std::string_view severity) {
  // Prometheus' usual critical/warning/info, Zabbix's disaster/high/…/information, Grafana's.
  for (std::string_view s : {"critical", "high", "error", "disaster"}) {
    if (severity == s) return {Level::kHigh, Level::kHigh};
  }
  for (std::string_view s : {"info", "information", "low"}) {
    if (severity == s) return {Level::kLow, Level::kLow};
  }
  return {Level::kMedium, Level::kMedium};
}

AlertAction Decide(const MonitoringAlert& a, const KnownAlert& known, bool resolve_on_recovery) {
  const bool open = known.ticket_id != 0 && known.ticket_open;
  if (a.firing) return open ? AlertAction::kAnnotate : AlertAction::kOpen;
  if (!open) return AlertAction::kIgnore;
  return resolve_on_recovery ? AlertAction::kAnnotateResolve : AlertAction::kAnnotate;
}

std::string AlertSubject(const MonitoringAlert& a) {
  std::string s = a.severity.empty() ? a.title : "[" + a.severity + "] " + a.title;
  return CutUtf8(s, kMaxSubjectChars);  // bytes: never more characters than that
}

std::string AlertDescription(const MonitoringAlert& a) {
  std::string d = a.description.empty() ? a.title : a.description;
  d += "\n";
  if (!a.labels.empty()) {
    d += "\nLabels:\n";
    for (const auto& [k, v] : a.labels) d += "  " + k + " = " + v + "\n";
  }
  if (a.starts_at) d += "\nFiring since " + FormatIso8601(*a.starts_at) + "\n";
  if (!a.url.empty()) d += "\n" + a.url + "\n";
  d += "\nFingerprint " + a.fingerprint;
  return d;
}

std::string AlertNote(const MonitoringAlert& a, int64_t notifications) {
  std::string n = a.firing ? "Alert still firing" : "Alert resolved";
  if (!a.firing && a.ends_at) n += " at " + FormatIso8601(*a.ends_at);
  n += " (notification " + std::to_string(notifications) + " for fingerprint " + a.fingerprint + ")";
  if (!a.description.empty()) n += ": " + OneLine(a.description, 500);
  return n;
}

}  // namespace farol::domain
