// The escalation matrix and the alarms the SLA planner arms for it (and for the update clock),
// worked by hand on a 24×7 calendar and on office hours.
#include "domain/escalation.h"

#include <gtest/gtest.h>

#include "domain/sla_policy.h"

namespace farol::domain::escalation_test {
namespace {

Timestamp T(const char* iso) { return *ParseIso8601(iso); }

TicketEvent Ev(EventType type, const char* at, ActorKind who = ActorKind::kStaff) {
  TicketEvent e;
  e.type = type;
  e.at = T(at);
  e.author = {who, 1};
  return e;
}

TicketEvent Created(const char* at, const char* priority = "P1", const char* type = "incident") {
  TicketEvent e = Ev(EventType::kCreated, at);
  e.fields = {{"type", type}, {"priority", priority}, {"status", "new"}, {"channel", "portal"}};
  return e;
}

TicketEvent Status(const char* at, const char* to) {
  TicketEvent e = Ev(EventType::kStatusChanged, at);
  e.to = to;
  return e;
}

TicketEvent Fired(const char* at, int level, const char* why = "created") {
  TicketEvent e = Ev(EventType::kEscalationFired, at, ActorKind::kSystem);
  e.field = std::to_string(level);
  e.from = why;
  return e;
}

TicketEvent Acked(const char* at, int level) {
  TicketEvent e = Ev(EventType::kEscalationAcknowledged, at);
  e.field = std::to_string(level);
  return e;
}

SlaPolicy Policy() {
  SlaPolicy p;
  p.calendar.timezone = "UTC";
  p.calendar.always_open = true;
  p.targets[{TicketType::kIncident, 1}] = {15 * 60, 4 * 3600, 60 * 60};
  p.targets[{TicketType::kIncident, 2}] = {30 * 60, 8 * 3600};
  p.warn_percents = {50, 75};
  p.escalation = SeedEscalationMatrix();
  return p;
}

struct Planned {
  std::optional<SlaAlarm> escalation;
  std::vector<SlaAlarm> all;
};

Planned Plan(const SlaPolicy& p, const std::vector<TicketEvent>& timeline, const char* now) {
  auto cal = BusinessCalendar::Create(p.calendar);
  EXPECT_TRUE(cal.ok());
  auto h = SlaEventsFromTimeline(timeline, p);
  EXPECT_TRUE(h);
  Planned out;
  out.all = PlanSla(**cal, *h, p, T(now)).alarms;
  for (const SlaAlarm& a : out.all) {
    if (a.clock == kEscalationClock) out.escalation = a;
  }
  return out;
}

TEST(EscalationMatrix, TheSeedClimbsLevelByLevelWhileNobodyAcknowledges) {
  const SlaPolicy p = Policy();
  std::vector<TicketEvent> t = {Created("2026-03-02T10:00:00Z")};
  // A new P1 incident: level 1 (the team) is told at once.
  auto plan = Plan(p, t, "2026-03-02T10:00:00Z");
  ASSERT_TRUE(plan.escalation);
  EXPECT_EQ(plan.escalation->threshold, 1);
  EXPECT_EQ(plan.escalation->due, T("2026-03-02T10:00:00Z"));
  // Fired at 10:00:05; its deadline of 2 hours is level 2's trigger.
  t.push_back(Fired("2026-03-02T10:00:05Z", 1));
  plan = Plan(p, t, "2026-03-02T10:01:00Z");
  ASSERT_TRUE(plan.escalation);
  EXPECT_EQ(plan.escalation->threshold, 2);
  EXPECT_EQ(plan.escalation->due, T("2026-03-02T12:00:05Z"));
  t.push_back(Fired("2026-03-02T12:00:05Z", 2, "unacknowledged"));
  plan = Plan(p, t, "2026-03-02T12:00:05Z");
  EXPECT_EQ(plan.escalation->threshold, 3);
  EXPECT_EQ(plan.escalation->due, T("2026-03-02T12:30:05Z"));  // the manager had 30 minutes
  t.push_back(Fired("2026-03-02T12:30:05Z", 3, "unacknowledged"));
  plan = Plan(p, t, "2026-03-02T12:30:05Z");
  EXPECT_EQ(plan.escalation->threshold, 4);
  EXPECT_EQ(plan.escalation->due, T("2026-03-02T13:30:05Z"));  // the CSM had an hour
  t.push_back(Fired("2026-03-02T13:30:05Z", 4, "unacknowledged"));
  EXPECT_FALSE(Plan(p, t, "2026-03-02T13:30:05Z").escalation);  // nothing above the directors
}

TEST(EscalationMatrix, AnAcknowledgementStopsTheLevelsThatWaitedForIt) {
  const SlaPolicy p = Policy();
  std::vector<TicketEvent> t = {Created("2026-03-02T10:00:00Z"), Fired("2026-03-02T10:00:00Z", 1),
                                Acked("2026-03-02T10:20:00Z", 1)};
  EXPECT_FALSE(Plan(p, t, "2026-03-02T10:20:00Z").escalation);
  // Acknowledging level 2 after it fired stops levels 3 and 4.
  t = {Created("2026-03-02T10:00:00Z"), Fired("2026-03-02T10:00:00Z", 1), Fired("2026-03-02T12:00:00Z", 2),
       Acked("2026-03-02T12:10:00Z", 2)};
  EXPECT_FALSE(Plan(p, t, "2026-03-02T12:10:00Z").escalation);
}

TEST(EscalationMatrix, NothingFiresWhileTheTicketIsResolvedAndOutsideTheScope) {
  const SlaPolicy p = Policy();
  std::vector<TicketEvent> t = {Created("2026-03-02T10:00:00Z"), Fired("2026-03-02T10:00:00Z", 1),
                                Status("2026-03-02T11:00:00Z", "resolved")};
  EXPECT_FALSE(Plan(p, t, "2026-03-02T11:00:00Z").escalation);
  // A reopen resumes: the deadline of level 1 still falls two hours after it fired.
  t.push_back(Status("2026-03-02T11:30:00Z", "open"));
  auto plan = Plan(p, t, "2026-03-02T11:30:00Z");
  ASSERT_TRUE(plan.escalation);
  EXPECT_EQ(plan.escalation->due, T("2026-03-02T12:00:00Z"));
  // The seed matrix is for P1 incidents only.
  EXPECT_FALSE(Plan(p, {Created("2026-03-02T10:00:00Z", "P2")}, "2026-03-02T10:00:00Z").escalation);
}

TEST(EscalationMatrix, ClockTriggersWaitForTheClockAndPassedSharesFireAtOnce) {
  SlaPolicy p = Policy();
  p.escalation.levels[0].trigger = EscalationTrigger::kPercent;  // half the resolution target: 2 h
  p.escalation.levels[0].percent = 50;
  p.escalation.levels[1].trigger = EscalationTrigger::kPercent;  // the breach
  p.escalation.levels[1].percent = 100;
  std::vector<TicketEvent> t = {Created("2026-03-02T10:00:00Z"), Status("2026-03-02T11:00:00Z", "pending_customer")};
  // Paused after an hour (25%): nothing is due until the clock runs again …
  EXPECT_FALSE(Plan(p, t, "2026-03-02T11:15:00Z").escalation);
  // … and when it does, half the target falls 30 minutes later than it would have.
  t.push_back(Status("2026-03-02T11:30:00Z", "open"));
  auto plan = Plan(p, t, "2026-03-02T11:30:00Z");
  ASSERT_TRUE(plan.escalation);
  EXPECT_EQ(plan.escalation->threshold, 1);
  EXPECT_EQ(plan.escalation->due, T("2026-03-02T12:30:00Z"));
  t.push_back(Fired("2026-03-02T12:30:00Z", 1, "percent:50:resolution"));
  plan = Plan(p, t, "2026-03-02T12:30:00Z");
  EXPECT_EQ(plan.escalation->threshold, 2);
  EXPECT_EQ(plan.escalation->due, T("2026-03-02T14:30:00Z"));
  // An acknowledgement does not hold back a level the clock triggers.
  t.push_back(Acked("2026-03-02T12:40:00Z", 1));
  EXPECT_EQ(Plan(p, t, "2026-03-02T12:40:00Z").escalation->due, T("2026-03-02T14:30:00Z"));

  // A threshold passed while paused fires as soon as the level before it has.
  std::vector<TicketEvent> late = {Created("2026-03-02T10:00:00Z"), Status("2026-03-02T13:00:00Z", "pending_customer")};
  plan = Plan(p, late, "2026-03-02T15:00:00Z");
  ASSERT_TRUE(plan.escalation);
  EXPECT_EQ(plan.escalation->threshold, 1);
  EXPECT_EQ(plan.escalation->due, T("2026-03-02T15:00:00Z"));
}

TEST(EscalationMatrix, DeadlinesCountBusinessTime) {
  SlaPolicy p = Policy();
  p.calendar.always_open = false;
  p.calendar.timezone = "America/Sao_Paulo";
  for (int d = 0; d < 5; ++d) p.calendar.week[size_t(d)] = {{480, 720}, {780, 1080}};
  // Level 1 fired on Friday 6 March 2026 at 17:30 local (20:30 UTC): its two hours end on
  // Monday 9 March at 09:30 local.
  std::vector<TicketEvent> t = {Created("2026-03-06T20:30:00Z"), Fired("2026-03-06T20:30:00Z", 1)};
  auto plan = Plan(p, t, "2026-03-06T20:30:00Z");
  ASSERT_TRUE(plan.escalation);
  EXPECT_EQ(plan.escalation->due, T("2026-03-09T12:30:00Z"));
  EXPECT_EQ(EscalationDeadline(p.escalation.levels[0], *BusinessCalendar::Create(p.calendar).value(),
                               T("2026-03-06T20:30:00Z")),
            T("2026-03-09T12:30:00Z"));
}

TEST(EscalationMatrix, ACustomersRequestMovesToTheLevelAfterTheHighestFired) {
  const EscalationMatrix m = SeedEscalationMatrix();
  EXPECT_EQ(NextRequestedLevel(m, {}), 1);
  EXPECT_EQ(NextRequestedLevel(m, {{1, T("2026-03-02T10:00:00Z"), T("2026-03-02T10:05:00Z"), false}}), 2);
  std::vector<EscalationRecord> all;
  for (int l = 1; l <= 4; ++l) all.push_back({l, T("2026-03-02T10:00:00Z"), std::nullopt, false});
  EXPECT_EQ(NextRequestedLevel(m, all), 0);
}

TEST(EscalationMatrix, RecipientsAndTriggersHaveTextNames) {
  for (const char* s : {"assignee", "team", "team_manager", "csm", "manager_contacts", "role:director", "team:3", "user:12"}) {
    auto r = ParseEscalationRecipient(s);
    ASSERT_TRUE(r) << s;
    EXPECT_EQ(Format(*r), s);
  }
  for (const char* s : {"", "role:king", "team:x", "user:0", "everyone"}) EXPECT_FALSE(ParseEscalationRecipient(s)) << s;
  EXPECT_EQ(ParseEscalationTrigger("unacknowledged"), EscalationTrigger::kUnacknowledged);
  EXPECT_FALSE(ParseEscalationTrigger("whenever"));
}

TEST(SlaPlan, TheUpdateClockWarnsOncePerCycle) {
  const SlaPolicy p = Policy();  // P1: an update every 60 minutes; warnings at 50 and 75%
  std::vector<TicketEvent> t = {Created("2026-03-02T10:00:00Z"), Ev(EventType::kPublicReply, "2026-03-02T10:05:00Z")};
  auto plan = Plan(p, t, "2026-03-02T10:10:00Z");
  std::vector<std::pair<std::string, int>> update;
  for (const SlaAlarm& a : plan.all) {
    if (a.clock.starts_with("update.")) update.push_back({a.clock, a.threshold});
  }
  EXPECT_EQ(update, (std::vector<std::pair<std::string, int>>{{"update.1", 50}, {"update.1", 75}, {"update.1", 100}}));
  for (const SlaAlarm& a : plan.all) {
    if (a.clock == "update.1" && a.threshold == 100) {
      EXPECT_EQ(a.due, T("2026-03-02T11:05:00Z"));
    }
    if (a.clock == "update.1" && a.threshold == 50) {
      EXPECT_EQ(a.due, T("2026-03-02T10:35:00Z"));
    }
  }
  // The next reply opens cycle 2, with thresholds of its own.
  t.push_back(Ev(EventType::kPublicReply, "2026-03-02T10:50:00Z"));
  plan = Plan(p, t, "2026-03-02T10:50:00Z");
  bool second = false;
  for (const SlaAlarm& a : plan.all) {
    EXPECT_NE(a.clock, "update.1");
    if (a.clock == "update.2" && a.threshold == 100) second = a.due == T("2026-03-02T11:50:00Z");
  }
  EXPECT_TRUE(second);
}

}  // namespace
}  // namespace farol::domain::escalation_test
