#include "domain/monitoring.h"

#include <gtest/gtest.h>

#include "core/strings.h"

namespace farol::domain {
namespace monitoring_test {
namespace {

MonitoringAlert Labelled(std::map<std::string, std::string> labels) {
  MonitoringAlert a;
  a.labels = std::move(labels);
  Normalise(a);
  return a;
}

TEST(MonitoringAlert, TheFingerprintIsADigestOfTheSortedLabels) {
  // Worked out apart: sha256("alertname\x1fLinkDown\x1esite\x1fhq\x1e")[:32] with Python's hashlib.
  const MonitoringAlert a = Labelled({{"site", "hq"}, {"alertname", "LinkDown"}});
  EXPECT_EQ(a.fingerprint, "ee9ac1c9b6027a2a8f033c86214118bf");
  EXPECT_EQ(a.title, "LinkDown");
  // Other labels, another alert; one label moved across the separator, another alert too.
  EXPECT_NE(Labelled({{"site", "branch"}, {"alertname", "LinkDown"}}).fingerprint, a.fingerprint);
  EXPECT_NE(Labelled({{"a", "b"}, {"c", ""}}).fingerprint, Labelled({{"a", "bc"}}).fingerprint);
}

TEST(MonitoringAlert, WithoutLabelsTheTitleIsTheIdentity) {
  MonitoringAlert a;
  a.title = "Disk full";
  Normalise(a);
  EXPECT_EQ(a.fingerprint, "1517a974d35aaa4afc4e3a12febd7fd1");  // sha256("title\x1fDisk full")[:32]
  MonitoringAlert given;
  given.title = "Disk full";
  given.fingerprint = "zabbix-event-42";
  Normalise(given);
  EXPECT_EQ(given.fingerprint, "zabbix-event-42");  // a sender's own fingerprint is kept
}

TEST(MonitoringAlert, TitlesAreOneShortLineAndSeverityComesFromTheLabel) {
  MonitoringAlert a;
  a.title = "  Link\r\ndown\tat HQ  ";
  a.labels = {{"severity", "CRITICAL"}};
  Normalise(a);
  EXPECT_EQ(a.title, "Link  down at HQ");
  EXPECT_EQ(a.severity, "critical");
  MonitoringAlert nameless;
  nameless.labels = {{"job", "node"}};
  Normalise(nameless);
  EXPECT_EQ(nameless.title, "Alert");
  MonitoringAlert long_one;
  for (int i = 0; i < 100; ++i) long_one.title += "ção";  // 4 bytes each
  Normalise(long_one);
  EXPECT_LE(long_one.title.size(), 180u);
  EXPECT_GE(long_one.title.size(), 177u);
  EXPECT_TRUE(IsValidUtf8(long_one.title));
}

TEST(MonitoringAlert, SeverityGivesImpactAndUrgency) {
  for (const char* s : {"critical", "high", "error", "disaster"}) {
    EXPECT_EQ(SeverityLevels(s), std::make_pair(Level::kHigh, Level::kHigh)) << s;
  }
  for (const char* s : {"info", "information", "low"}) {
    EXPECT_EQ(SeverityLevels(s), std::make_pair(Level::kLow, Level::kLow)) << s;
  }
  for (const char* s : {"warning", "average", "", "whatever"}) {
    EXPECT_EQ(SeverityLevels(s), std::make_pair(Level::kMedium, Level::kMedium)) << s;
  }
}

TEST(MonitoringAlert, WhatEachNotificationDoes) {
  MonitoringAlert firing;
  MonitoringAlert resolved;
  resolved.firing = false;
  const KnownAlert never{};
  const KnownAlert open{42, true};
  const KnownAlert closed{42, false};
  EXPECT_EQ(Decide(firing, never, false), AlertAction::kOpen);
  EXPECT_EQ(Decide(firing, open, false), AlertAction::kAnnotate);
  EXPECT_EQ(Decide(firing, closed, false), AlertAction::kOpen);  // it came back after we closed it: a new incident
  EXPECT_EQ(Decide(resolved, never, true), AlertAction::kIgnore);
  EXPECT_EQ(Decide(resolved, closed, true), AlertAction::kIgnore);
  EXPECT_EQ(Decide(resolved, open, false), AlertAction::kAnnotate);
  EXPECT_EQ(Decide(resolved, open, true), AlertAction::kAnnotateResolve);
}

TEST(MonitoringAlert, TheTicketsText) {
  MonitoringAlert a;
  a.labels = {{"alertname", "LinkDown"}, {"site", "hq"}, {"severity", "critical"}};
  a.description = "No packets for 5 minutes";
  a.url = "http://prometheus.example/graph";
  a.starts_at = *ParseIso8601("2026-11-22T10:00:00Z");
  Normalise(a);
  EXPECT_EQ(AlertSubject(a), "[critical] LinkDown");
  EXPECT_EQ(AlertDescription(a),
            "No packets for 5 minutes\n\nLabels:\n  alertname = LinkDown\n  severity = critical\n  site = hq\n"
            "\nFiring since 2026-11-22T10:00:00Z\n\nhttp://prometheus.example/graph\n\nFingerprint " + a.fingerprint);
  EXPECT_EQ(AlertNote(a, 3), "Alert still firing (notification 3 for fingerprint " + a.fingerprint +
                                 "): No packets for 5 minutes");
  a.firing = false;
  a.description.clear();
  a.ends_at = *ParseIso8601("2026-11-22T10:20:00Z");
  EXPECT_EQ(AlertNote(a, 4), "Alert resolved at 2026-11-22T10:20:00Z (notification 4 for fingerprint " + a.fingerprint + ")");
}

}  // namespace
}  // namespace monitoring_test
}  // namespace farol::domain
