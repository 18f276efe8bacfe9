// Monitoring alerts as tickets (docs/MONITORING.md): what an alert from Prometheus Alertmanager
// or any tool speaking farol's generic JSON means, and what it does to the incident it opened.
//
// Pure rules; the HTTP layer parses the two formats into MonitoringAlert and the app layer
// stores what Decide() says.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"
#include "domain/enums.h"

namespace farol::domain {

// One alert of a notification, whatever format it came in.
struct MonitoringAlert {
  std::string fingerprint;  // the same alert, every time it is sent; never empty after Normalise
  bool firing = true;       // false: resolved
  std::string title;        // one line
  std::string description;
  std::string severity;     // critical, warning, info (lower case; "" if not said)
  std::map<std::string, std::string> labels;
  std::string url;  // where to look (Alertmanager's generatorURL)
  std::optional<Timestamp> starts_at;
  std::optional<Timestamp> ends_at;
};

// Fills what a sender may leave out: the fingerprint (a digest of the sorted labels, or of the
// title without labels), the title (alertname, else "Alert"), the severity (lower case, from
// the "severity" label when not given). Titles are cut to one line of at most 180 bytes.
void Normalise(MonitoringAlert& a);

// Impact and urgency for an incident opened by an alert of `severity` (lower case): critical,
// high, error, disaster → high/high; info, information, low → low/low; anything else (warning,
// average, …) → medium/medium.
std::pair<Level, Level> SeverityLevels(std::string_view severity);

// The ticket an alert with this fingerprint opened before, as far as Decide needs it.
struct KnownAlert {
  int64_t ticket_id = 0;  // 0: never seen
  bool ticket_open = false;  // not resolved, closed or cancelled
};

enum class AlertAction {
  kOpen,             // a new incident
  kAnnotate,         // a note on the open incident (a repeat, or resolved while we keep it open)
  kAnnotateResolve,  // a note, and the incident is resolved
  kIgnore,           // resolved, and nothing is open for it: nothing to do
};

// `resolve_on_recovery`: the channel's choice that a resolved notification resolves the incident.
AlertAction Decide(const MonitoringAlert& a, const KnownAlert& known, bool resolve_on_recovery);

// The ticket text for an alert: the subject "[severity] title" and a description listing the
// description, the labels (sorted) and the link.
std::string AlertSubject(const MonitoringAlert& a);
std::string AlertDescription(const MonitoringAlert& a);
// The note on a repeat or a recovery, e.g. "Alert firing again (3rd notification)".
std::string AlertNote(const MonitoringAlert& a, int64_t notifications);

}  // namespace farol::domain
