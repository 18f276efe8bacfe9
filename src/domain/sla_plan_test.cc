// PlanSla: which alert timers a ticket's clocks arm, and when, worked by hand on an office
// calendar (São Paulo, Mon–Fri 08:00–12:00 and 13:00–18:00, 2026-11-20 a holiday).
#include <gtest/gtest.h>

#include "domain/alerts.h"
#include "domain/sla_policy.h"

namespace farol::domain {
namespace sla_plan_test {  // named: unity builds put several tests in one unit

Timestamp Iso(const char* iso) { return *ParseIso8601(iso); }

SlaPolicy Office() {
  SlaPolicy p;
  p.calendar.timezone = "America/Sao_Paulo";
  for (int d = 0; d < 5; ++d) p.calendar.week[d] = {{480, 720}, {780, 1080}};
  p.calendar.holidays = {{2026, 11, 20}};
  p.targets[{TicketType::kIncident, 2}] = {120 * 60, 960 * 60};  // 2 h / 16 h
  p.warn_percents = {50, 80};
  return p;
}

SlaHistory History(std::vector<SlaEvent> events) {
  SlaHistory h;
  h.initial = {120 * 60, 960 * 60};
  h.events = std::move(events);
  return h;
}

SlaEvent Ev(const char* at, SlaEvent::Kind kind, TicketStatus s = TicketStatus::kOpen) {
  return SlaEvent{Iso(at), kind, s, {}};
}

std::string Alarms(const SlaPlan& p) {
  std::string out;
  for (const SlaAlarm& a : p.alarms) out += std::string(a.clock) + " " + std::to_string(a.threshold) + " " + FormatIso8601(a.due) + "\n";
  return out;
}

TEST(PlanSla, ARunningTicketArmsEveryThresholdOfBothClocksAtItsBusinessInstant) {
  const SlaPolicy policy = Office();
  auto cal = BusinessCalendar::Create(policy.calendar);
  ASSERT_TRUE(cal.ok());
  // Opened Thursday 2026-11-19 at 17:30 local (20:30Z); Friday is a holiday.
  const auto h = History({Ev("2026-11-19T20:30:00Z", SlaEvent::Kind::kCreated, TicketStatus::kNew)});
  const SlaPlan plan = PlanSla(**cal, h, policy, Iso("2026-11-19T20:30:00Z"));
  // First response (120 min): 30 min on Thursday, then Monday from 08:00 local (11:00Z):
  // 50% = 60 min -> Mon 08:30 local; 80% = 96 min -> 09:06; 100% -> 09:30.
  // Resolution (960 min): 30 min Thursday; Monday gives 540 (to 18:00 local = 21:00Z), so
  // 50% = 480 min -> Mon 17:30 local less lunch: 08:00 + 450 min of work = 16:30 local (19:30Z);
  // 80% = 768 min -> 738 after Thursday: Monday's 540 then 198 on Tuesday -> 11:18 local (14:18Z);
  // 100% -> 930 after Thursday: 390 on Tuesday -> 08:00+240 to 12:00, +150 after 13:00 -> 15:30 (18:30Z).
  EXPECT_EQ(Alarms(plan),
            "first_response 50 2026-11-23T11:30:00Z\n"
            "first_response 80 2026-11-23T12:06:00Z\n"
            "first_response 100 2026-11-23T12:30:00Z\n"
            "resolution 50 2026-11-23T19:30:00Z\n"
            "resolution 80 2026-11-24T14:18:00Z\n"
            "resolution 100 2026-11-24T18:30:00Z\n");
  EXPECT_EQ(plan.due, Iso("2026-11-23T12:30:00Z"));   // the sooner of the two dues
  EXPECT_EQ(plan.warn, Iso("2026-11-23T11:30:00Z"));  // the sooner first warning
  EXPECT_FALSE(plan.breached);
}

TEST(PlanSla, AnsweredAndPausedClocksArmOnlyWhatTheyHavePassed) {
  const SlaPolicy policy = Office();
  auto cal = BusinessCalendar::Create(policy.calendar);
  ASSERT_TRUE(cal.ok());
  // Opened Monday 08:00 local, answered 08:40, waiting on the customer from 17:00 (600 - 60 lunch
  // = 480 business minutes used: exactly 50% of resolution).
  const auto h = History({Ev("2026-11-23T11:00:00Z", SlaEvent::Kind::kCreated, TicketStatus::kNew),
                          Ev("2026-11-23T11:40:00Z", SlaEvent::Kind::kResponse),
                          Ev("2026-11-23T20:00:00Z", SlaEvent::Kind::kStatus, TicketStatus::kPendingCustomer)});
  const Timestamp now = Iso("2026-11-25T12:00:00Z");
  const SlaPlan plan = PlanSla(**cal, h, policy, now);
  // First response met at 40 min: nothing armed. Resolution paused at 480 of 960 min: the 50%
  // threshold it reached is armed now (a pause never hides a threshold already passed); 80% and
  // the breach wait for the clock to run again.
  EXPECT_EQ(Alarms(plan), "resolution 50 " + FormatIso8601(now) + "\n");
  EXPECT_FALSE(plan.due);
  EXPECT_FALSE(plan.breached);
}

TEST(PlanSla, AClockThatEndedBreachedArmsItsBreachOnly) {
  const SlaPolicy policy = Office();
  auto cal = BusinessCalendar::Create(policy.calendar);
  ASSERT_TRUE(cal.ok());
  // Answered after 3 business hours (target 2 h), resolved at once.
  const auto h = History({Ev("2026-11-23T11:00:00Z", SlaEvent::Kind::kCreated, TicketStatus::kNew),
                          Ev("2026-11-23T14:00:00Z", SlaEvent::Kind::kResponse),
                          Ev("2026-11-23T14:00:00Z", SlaEvent::Kind::kStatus, TicketStatus::kResolved)});
  const Timestamp now = Iso("2026-11-23T15:00:00Z");
  const SlaPlan plan = PlanSla(**cal, h, policy, now);
  EXPECT_EQ(Alarms(plan), "first_response 100 " + FormatIso8601(now) + "\n");
  EXPECT_TRUE(plan.breached);
  EXPECT_FALSE(plan.due);
}

TEST(Alerts, RenderEachChannelInItsLanguageAndZone) {
  SlaAlert a;
  a.ticket_id = 1042;
  a.subject = "Link \"down\"\nat HQ";
  a.organisation = "Banco Horizonte";
  a.priority = 2;
  a.team = "N1";
  a.clock = "resolution";
  a.threshold = 80;
  a.target_seconds = 960 * 60;
  a.elapsed_seconds = 768 * 60;
  a.due = Iso("2026-11-24T18:30:00Z");
  a.fired_at = Iso("2026-11-24T14:18:00Z");
  a.link = "https://desk.example/tickets/1042";
  AlertChannel mail;
  mail.kind = AlertKind::kEmail;
  mail.language = "pt-BR";
  mail.time_zone = "America/Sao_Paulo";
  const RenderedAlert m = RenderAlert(mail, a);
  EXPECT_EQ(m.subject, "[farol] Alerta de SLA: #1042 — resolução em 80% do prazo — Link \"down\"\nat HQ");
  EXPECT_NE(m.body.find("Vence em: 2026-11-24 15:30 (America/Sao_Paulo)"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("Prazo: 16 h 00 min úteis"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("Responsável: ninguém"), std::string::npos) << m.body;
  AlertChannel hook;
  hook.kind = AlertKind::kWebhook;
  const RenderedAlert w = RenderAlert(hook, a);
  EXPECT_EQ(w.body,
            R"({"event":"sla.warning","ticket":{"id":1042,"subject":"Link \"down\"\nat HQ","organisation":"Banco Horizonte",)"
            R"("type":"incident","priority":2,"team":"N1","assignee":"","url":"https://desk.example/tickets/1042"},)"
            R"("clock":"resolution","threshold_percent":80,"target_seconds":57600,"elapsed_seconds":46080,)"
            R"("due":"2026-11-24T18:30:00Z","fired_at":"2026-11-24T14:18:00Z",)"
            R"("text":"SLA warning: #1042 has used 80% of its resolution target"})");
  a.threshold = 100;
  AlertChannel slack;
  slack.kind = AlertKind::kSlack;
  slack.max_priority = 1;
  EXPECT_FALSE(Wants(slack, a));  // a P2 ticket on a P1-only channel
  slack.max_priority = 2;
  slack.on_breach = false;
  EXPECT_FALSE(Wants(slack, a));
  slack.on_breach = true;
  EXPECT_TRUE(Wants(slack, a));
  EXPECT_EQ(AlertEvent(a), "sla.breach");
}

}  // namespace sla_plan_test
}  // namespace farol::domain
