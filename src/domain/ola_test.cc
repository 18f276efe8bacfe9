// OLAs worked by hand on an office calendar (São Paulo, Mon–Fri 08:00–12:00 and 13:00–18:00).
#include "domain/ola.h"

#include <gtest/gtest.h>

namespace farol::domain {
namespace ola_test {  // named: unity builds put several tests in one unit

Timestamp At(const char* iso) { return *ParseIso8601(iso); }

TicketEvent Ev(EventType type, const char* at, std::string to = "") {
  TicketEvent e;
  e.type = type;
  e.at = At(at);
  e.to = std::move(to);
  return e;
}

TEST(Ola, EachStayInATeamIsJudgedAgainstThatTeamsTarget) {
  SlaPolicy p;
  p.calendar.timezone = "America/Sao_Paulo";
  for (int d = 0; d < 5; ++d) p.calendar.week[d] = {{480, 720}, {780, 1080}};
  p.ola_seconds = {{7, 30 * 60}, {9, 240 * 60}};  // N1 (7) 30 min, N2 (9) 4 h; team 5 has none
  auto cal = BusinessCalendar::Create(p.calendar);
  ASSERT_TRUE(cal.ok());
  TicketEvent created = Ev(EventType::kCreated, "2026-11-23T11:00:00Z");  // Monday 08:00 local
  created.fields = {{"status", "new"}, {"team_id", "7"}};
  const std::vector<TicketEvent> timeline = {
      created,
      Ev(EventType::kTeamChanged, "2026-11-23T11:20:00Z", "9"),          // N1 hands on after 20 min
      Ev(EventType::kStatusChanged, "2026-11-23T12:00:00Z", "pending_customer"),
      Ev(EventType::kInternalNote, "2026-11-23T12:30:00Z"),              // moves no clock
      Ev(EventType::kStatusChanged, "2026-11-23T13:00:00Z", "open"),
      Ev(EventType::kTeamChanged, "2026-11-23T16:00:00Z", "7"),          // 13:00 local: back to N1
      Ev(EventType::kStatusChanged, "2026-11-23T17:00:00Z", "resolved"), // an hour later
      Ev(EventType::kStatusChanged, "2026-11-24T11:00:00Z", "open"),     // reopened Tuesday 08:00
      Ev(EventType::kTeamChanged, "2026-11-24T11:05:00Z", "5"),          // to a team without OLA…
      Ev(EventType::kTeamChanged, "2026-11-24T11:06:00Z", "7"),          // …and back
  };
  const auto stints = OlaStints(**cal, timeline, p, At("2026-11-24T11:16:00Z"));
  ASSERT_EQ(stints.size(), 5u);
  // N1: 20 min of 30: met.
  EXPECT_EQ(stints[0].team_id, 7);
  EXPECT_EQ(stints[0].clock.state, ClockState::kMet);
  EXPECT_EQ(stints[0].clock.elapsed_seconds, 20 * 60);
  EXPECT_EQ(stints[0].left, At("2026-11-23T11:20:00Z"));
  // N2: 08:20–09:00 running (40), 09:00–10:00 waiting on the customer (paused 60), 10:00–12:00
  // running (120), then lunch: 160 of 240 min, met.
  EXPECT_EQ(stints[1].team_id, 9);
  EXPECT_EQ(stints[1].clock.state, ClockState::kMet);
  EXPECT_EQ(stints[1].clock.elapsed_seconds, 160 * 60);
  EXPECT_EQ(stints[1].clock.paused_seconds, 60 * 60);
  // N1 again from 13:00 local until resolved at 14:00: 60 of 30 min, breached.
  EXPECT_EQ(stints[2].clock.state, ClockState::kBreached);
  EXPECT_EQ(stints[2].clock.elapsed_seconds, 60 * 60);
  EXPECT_EQ(stints[2].left, At("2026-11-23T17:00:00Z"));
  // Reopened in N1: 5 min, then handed to team 5 (no OLA, no stint).
  EXPECT_EQ(stints[3].clock.elapsed_seconds, 5 * 60);
  EXPECT_EQ(stints[3].clock.state, ClockState::kMet);
  // Back in N1 at 08:06 local, read at 08:16: running, 10 min used, due at 08:36 local.
  EXPECT_EQ(stints[4].clock.state, ClockState::kRunning);
  EXPECT_FALSE(stints[4].left);
  EXPECT_EQ(stints[4].clock.elapsed_seconds, 10 * 60);
  EXPECT_EQ(stints[4].clock.due, At("2026-11-24T11:36:00Z"));
}

TEST(Ola, NoTargetsNoStints) {
  SlaPolicy p;
  p.calendar.always_open = true;
  auto cal = BusinessCalendar::Create(p.calendar);
  ASSERT_TRUE(cal.ok());
  TicketEvent created = Ev(EventType::kCreated, "2026-11-23T11:00:00Z");
  created.fields = {{"status", "new"}, {"team_id", "7"}};
  EXPECT_TRUE(OlaStints(**cal, {created}, p, At("2026-11-23T12:00:00Z")).empty());
  p.ola_seconds = {{7, 600}};
  EXPECT_EQ(OlaStints(**cal, {created}, p, At("2026-11-23T12:00:00Z")).size(), 1u);
  // The OLA survives the policy's stored text form.
  auto back = SlaPolicy::Parse(p.Serialize());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->ola_seconds, p.ola_seconds);
}

}  // namespace ola_test
}  // namespace farol::domain
