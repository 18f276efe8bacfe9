// SLA clocks and business calendars: hand-worked examples, then thousands of random histories
// checked against an independent minute-by-minute simulator that reads local time through the
// tz library's zoned_time one minute at a time (no precomputed intervals, no offset periods).
#include "domain/sla_clock.h"

#include <date/tz.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <set>

#include "domain/calendar.h"

namespace farol::domain {
namespace sla_clock_test {  // named: unity builds put several tests in one unit

Timestamp T(const char* iso) { return *ParseIso8601(iso); }

std::vector<WorkWindow> Windows(std::initializer_list<std::pair<const char*, const char*>> list) {
  std::vector<WorkWindow> out;
  for (auto [a, b] : list) out.push_back({*ParseClockMinute(a), *ParseClockMinute(b)});
  return out;
}

CalendarSpec SaoPauloOffice() {
  CalendarSpec spec;
  spec.timezone = "America/Sao_Paulo";
  for (int d = 0; d < 5; ++d) spec.week[d] = Windows({{"08:00", "12:00"}, {"13:00", "18:00"}});
  spec.holidays = {*ParseCivilDate("2026-11-20")};
  return spec;
}

std::shared_ptr<const BusinessCalendar> Make(const CalendarSpec& spec) {
  auto cal = BusinessCalendar::Create(spec);
  EXPECT_TRUE(cal.ok()) << cal.status().ToString();
  return *cal;
}

SlaEvent Created(const char* at, TicketStatus s = TicketStatus::kNew) {
  return {T(at), SlaEvent::Kind::kCreated, s, {}};
}
SlaEvent Status(const char* at, TicketStatus s) { return {T(at), SlaEvent::Kind::kStatus, s, {}}; }
SlaEvent Reply(const char* at) { return {T(at), SlaEvent::Kind::kResponse, TicketStatus::kNew, {}}; }

// ---- parsing and validation ---------------------------------------------------------------------

TEST(CalendarText, ClockMinutesAndDates) {
  EXPECT_EQ(ParseClockMinute("08:00"), 480);
  EXPECT_EQ(ParseClockMinute("24:00"), 1440);
  EXPECT_EQ(ParseClockMinute("00:00"), 0);
  EXPECT_FALSE(ParseClockMinute("24:01"));
  EXPECT_FALSE(ParseClockMinute("8:00"));
  EXPECT_FALSE(ParseClockMinute("12:60"));
  EXPECT_FALSE(ParseClockMinute("ab:cd"));
  EXPECT_EQ(FormatClockMinute(1440), "24:00");
  EXPECT_EQ(ParseCivilDate("2026-11-20"), (CivilDate{2026, 11, 20}));
  EXPECT_FALSE(ParseCivilDate("2026-02-29"));
  EXPECT_TRUE(ParseCivilDate("2028-02-29"));
  EXPECT_FALSE(ParseCivilDate("2026-13-01"));
  EXPECT_EQ(ParseYearlyDate("12-25"), (YearlyDate{12, 25}));
  EXPECT_TRUE(ParseYearlyDate("02-29"));
  EXPECT_FALSE(ParseYearlyDate("04-31"));
}

TEST(CalendarText, HolidayFilesWithNamesCommentsAndBadLines) {
  auto set = ParseHolidayFile("\xEF\xBB\xBF# Brasil, feriados nacionais\r\n2026-11-20 Consciência Negra\r\n\n12-25,Natal\n  01-01\tConfraternização\n");
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(set->dates, (std::vector<CivilDate>{{2026, 11, 20}}));
  EXPECT_EQ(set->yearly, (std::vector<YearlyDate>{{12, 25}, {1, 1}}));
  auto bad = ParseHolidayFile("2026-11-20\n20/11/2026 Consciência Negra\n2026-02-30\n");
  ASSERT_FALSE(bad.ok());
  ASSERT_EQ(bad.status().field_errors().size(), 2u);
  EXPECT_EQ(bad.status().field_errors()[0].field, "line 2");
  EXPECT_EQ(bad.status().field_errors()[1].field, "line 3");
}

TEST(CalendarSpecCheck, RejectsWhatCannotBeACalendar) {
  CalendarSpec spec;
  spec.timezone = "Mars/Olympus_Mons";
  spec.week[0] = {{600, 540}};               // ends before it starts
  spec.week[1] = {{480, 720}, {700, 1000}};  // overlap
  auto cal = BusinessCalendar::Create(spec);
  ASSERT_FALSE(cal.ok());
  std::set<std::string> fields;
  for (const auto& f : cal.status().field_errors()) fields.insert(f.field);
  EXPECT_EQ(fields, (std::set<std::string>{"timezone", "week.mon", "week.tue"}));
}

// ---- business time --------------------------------------------------------------------------

TEST(BusinessCalendar, CountsOnlyWindowsOnWorkingDays) {
  auto cal = Make(SaoPauloOffice());
  // Thursday 17:30 local (UTC-3) to Monday 09:00: 30 min Thursday, Friday is a holiday, 1 h Monday.
  EXPECT_EQ(cal->BusinessSeconds(T("2026-11-19T20:30:00Z"), T("2026-11-23T12:00:00Z")), 5400);
  // Lunch does not count.
  EXPECT_EQ(cal->BusinessSeconds(T("2026-11-23T14:30:00Z"), T("2026-11-23T16:30:00Z")), 3600);
  EXPECT_EQ(cal->BusinessSeconds(T("2026-11-23T16:30:00Z"), T("2026-11-23T14:30:00Z")), 0);
  // To the second.
  EXPECT_EQ(cal->BusinessSeconds(T("2026-11-23T14:59:59Z"), T("2026-11-23T15:00:01Z")), 1);
  EXPECT_TRUE(cal->IsBusinessTime(T("2026-11-23T11:00:00Z")));
  EXPECT_FALSE(cal->IsBusinessTime(T("2026-11-23T10:59:59Z")));
  EXPECT_FALSE(cal->IsBusinessTime(T("2026-11-20T14:00:00Z")));  // the holiday
}

TEST(BusinessCalendar, TheTargetIsReachedAtTheEarliestInstant) {
  auto cal = Make(SaoPauloOffice());
  // Four hours from Monday 08:00 local end exactly at 12:00, not at 13:00 after lunch.
  EXPECT_EQ(cal->AddBusinessSeconds(T("2026-11-23T11:00:00Z"), 4 * 3600), T("2026-11-23T15:00:00Z"));
  EXPECT_EQ(cal->AddBusinessSeconds(T("2026-11-23T11:00:00Z"), 4 * 3600 + 1), T("2026-11-23T16:00:01Z"));
  // From outside the windows, the clock starts at the next window.
  EXPECT_EQ(cal->AddBusinessSeconds(T("2026-11-21T12:00:00Z"), 60), T("2026-11-23T11:01:00Z"));
  EXPECT_EQ(cal->AddBusinessSeconds(T("2026-11-21T12:00:00Z"), 0), T("2026-11-21T12:00:00Z"));
  // Across a year end (2026-12-31 is a Thursday, 2027-01-01 a Friday).
  EXPECT_EQ(cal->AddBusinessSeconds(T("2026-12-31T20:00:00Z"), 2 * 3600), T("2027-01-01T12:00:00Z"));
  EXPECT_EQ(cal->BusinessSeconds(T("2026-12-31T20:00:00Z"), T("2027-01-01T12:00:00Z")), 2 * 3600);
}

TEST(BusinessCalendar, ACalendarWithoutWorkingTimeNeverReachesATarget) {
  CalendarSpec spec;
  auto cal = Make(spec);
  EXPECT_EQ(cal->BusinessSeconds(T("2026-01-01T00:00:00Z"), T("2027-01-01T00:00:00Z")), 0);
  EXPECT_FALSE(cal->AddBusinessSeconds(T("2026-01-01T00:00:00Z"), 1));
}

TEST(BusinessCalendar, DaylightSavingChangesLengthenAndShortenWindows) {
  CalendarSpec spec;
  spec.timezone = "America/New_York";
  for (auto& d : spec.week) d = Windows({{"00:00", "04:00"}});
  auto cal = Make(spec);
  // 2026-03-08: 02:00 becomes 03:00, so 00:00–04:00 holds three hours.
  EXPECT_EQ(cal->BusinessSeconds(T("2026-03-08T00:00:00Z"), T("2026-03-09T00:00:00Z")), 3 * 3600);
  // 2026-11-01: 02:00 becomes 01:00 again, so 00:00–04:00 holds five hours.
  EXPECT_EQ(cal->BusinessSeconds(T("2026-11-01T00:00:00Z"), T("2026-11-02T00:00:00Z")), 5 * 3600);
  // A window ending inside the repeated hour holds both passes through it.
  spec.week.fill(Windows({{"00:00", "01:30"}}));
  auto cal2 = Make(spec);
  EXPECT_EQ(cal2->BusinessSeconds(T("2026-11-01T00:00:00Z"), T("2026-11-02T00:00:00Z")), 2 * 3600);
}

TEST(BusinessCalendar, NightShiftsAndAlwaysOpen) {
  CalendarSpec spec;
  spec.timezone = "Europe/Berlin";
  for (auto& d : spec.week) d = Windows({{"00:00", "06:00"}, {"22:00", "24:00"}});
  spec.yearly_holidays = {{12, 25}};
  auto cal = Make(spec);
  // Noon to noon: 22:00–24:00 on the 24th, nothing on the 25th, 00:00–06:00 on the 26th.
  EXPECT_EQ(cal->BusinessSeconds(T("2030-12-24T12:00:00Z"), T("2030-12-26T12:00:00Z")), 8 * 3600);
  EXPECT_EQ(cal->AddBusinessSeconds(T("2030-12-24T21:00:00Z"), 3 * 3600), T("2030-12-26T00:00:00Z"));

  CalendarSpec open;
  open.always_open = true;
  auto always = Make(open);
  EXPECT_EQ(always->BusinessSeconds(T("2024-02-28T10:00:00Z"), T("2024-03-01T10:00:00Z")), 2 * 86400);
  EXPECT_EQ(always->AddBusinessSeconds(T("2024-12-31T23:00:00Z"), 7200), T("2025-01-01T01:00:00Z"));
}

// ---- clocks: the issue's worked example and its variations -------------------------------------

TEST(SlaClock, TheIssuesWorkedExample) {
  auto cal = Make(SaoPauloOffice());
  const SlaTargets targets{120 * 60, 960 * 60};
  const std::vector<SlaEvent> events = {
      Created("2026-11-19T20:30:00Z"), Reply("2026-11-23T12:00:00Z"),
      Status("2026-11-23T12:00:00Z", TicketStatus::kPendingCustomer), Status("2026-11-23T17:00:00Z", TicketStatus::kOpen)};
  auto r = EvaluateSla(*cal, targets, events, T("2026-11-24T12:00:00Z"), {DefaultPauseStatuses(), 8000});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->first_response.state, ClockState::kMet);
  EXPECT_EQ(r->first_response.elapsed_seconds, 5400);
  EXPECT_FALSE(r->first_response.due);
  EXPECT_FALSE(r->first_response.breached());
  EXPECT_EQ(r->resolution.state, ClockState::kRunning);
  EXPECT_EQ(r->resolution.due, T("2026-11-25T12:30:00Z"));
  EXPECT_EQ(r->resolution.warn_at, T("2026-11-24T19:18:00Z"));
  EXPECT_EQ(r->resolution.elapsed_seconds, 23400);
  EXPECT_EQ(r->resolution.paused_seconds, 14400);
  EXPECT_EQ(r->resolution.remaining_seconds(), 57600 - 23400);
}

TEST(SlaClock, AnInternalNoteIsNotAResponseAndResolvingStopsBothClocks) {
  auto cal = Make(SaoPauloOffice());
  std::vector<SlaEvent> events = {Created("2026-11-23T11:00:00Z"),
                                  {T("2026-11-23T11:30:00Z"), SlaEvent::Kind::kNoClock, TicketStatus::kNew, {}},
                                  Status("2026-11-23T14:00:00Z", TicketStatus::kResolved)};
  auto r = EvaluateSla(*cal, {3600, 8 * 3600}, events, T("2026-11-24T12:00:00Z"));
  ASSERT_TRUE(r.ok());
  // Three business hours passed before the resolution: the response target of one hour was missed.
  EXPECT_EQ(r->first_response.state, ClockState::kBreached);
  EXPECT_EQ(r->first_response.elapsed_seconds, 3 * 3600);
  EXPECT_FALSE(r->first_response.due);
  EXPECT_EQ(r->resolution.state, ClockState::kMet);
  EXPECT_EQ(r->resolution.elapsed_seconds, 3 * 3600);
  EXPECT_EQ(r->resolution.stopped_at, T("2026-11-23T14:00:00Z"));

  // A reopen resumes resolution but never restarts first_response.
  events.push_back(Status("2026-11-24T11:00:00Z", TicketStatus::kOpen));
  r = EvaluateSla(*cal, {3600, 8 * 3600}, events, T("2026-11-24T12:00:00Z"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->first_response.state, ClockState::kBreached);
  EXPECT_EQ(r->first_response.elapsed_seconds, 3 * 3600);
  EXPECT_EQ(r->resolution.state, ClockState::kRunning);
  EXPECT_EQ(r->resolution.elapsed_seconds, 4 * 3600);
  EXPECT_FALSE(r->resolution.stopped_at);
  // 4 h left from Tuesday 09:00 local: 09–12 and 13–14.
  EXPECT_EQ(r->resolution.due, T("2026-11-24T17:00:00Z"));
}

TEST(SlaClock, ABreachedRunningClockIsDueInThePast) {
  auto cal = Make(SaoPauloOffice());
  std::vector<SlaEvent> events = {Created("2026-11-23T11:00:00Z")};
  auto r = EvaluateSla(*cal, {3600, 2 * 3600}, events, T("2026-11-24T12:00:00Z"), {DefaultPauseStatuses(), 5000});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->first_response.state, ClockState::kBreached);
  EXPECT_EQ(r->first_response.due, T("2026-11-23T12:00:00Z"));
  EXPECT_EQ(r->resolution.state, ClockState::kBreached);
  EXPECT_EQ(r->resolution.due, T("2026-11-23T13:00:00Z"));
  EXPECT_EQ(r->resolution.warn_at, T("2026-11-23T12:00:00Z"));
  EXPECT_EQ(r->resolution.remaining_seconds(), 2 * 3600 - r->resolution.elapsed_seconds);
  EXPECT_LT(r->resolution.remaining_seconds(), 0);
}

TEST(SlaClock, PausedClocksHaveNoDueAndBreachStillShows) {
  auto cal = Make(SaoPauloOffice());
  std::vector<SlaEvent> events = {Created("2026-11-23T11:00:00Z"), Status("2026-11-23T13:00:00Z", TicketStatus::kPendingVendor)};
  // pending_vendor does not pause by default …
  auto r = EvaluateSla(*cal, {3600, 3 * 3600}, events, T("2026-11-23T20:00:00Z"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->resolution.state, ClockState::kBreached);
  EXPECT_EQ(r->resolution.paused_seconds, 0);
  // … but may be configured to.
  SlaClockOptions options{{TicketStatus::kPendingCustomer, TicketStatus::kPendingVendor}, 0};
  r = EvaluateSla(*cal, {3600, 3 * 3600}, events, T("2026-11-23T20:00:00Z"), options);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->resolution.state, ClockState::kPaused);
  EXPECT_EQ(r->resolution.elapsed_seconds, 2 * 3600);
  EXPECT_EQ(r->resolution.paused_seconds, 6 * 3600);  // 10:00–12:00 and 13:00–17:00 local
  EXPECT_FALSE(r->resolution.due);
  EXPECT_FALSE(r->resolution.warn_at);
}

TEST(SlaClock, ARetargetKeepsElapsedTime) {
  auto cal = Make(SaoPauloOffice());
  std::vector<SlaEvent> events = {Created("2026-11-23T11:00:00Z")};
  events.push_back({T("2026-11-23T12:00:00Z"), SlaEvent::Kind::kRetarget, TicketStatus::kNew, {1800, 7200}});
  auto r = EvaluateSla(*cal, {4 * 3600, 16 * 3600}, events, T("2026-11-23T12:00:00Z"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->first_response.target_seconds, 1800);
  EXPECT_EQ(r->first_response.state, ClockState::kBreached);
  EXPECT_EQ(r->resolution.elapsed_seconds, 3600);
  EXPECT_EQ(r->resolution.due, T("2026-11-23T13:00:00Z"));  // the remaining hour: 09:00–10:00 local
}

TEST(SlaClock, AStoppedClockKeepsTheTargetItWasJudgedAgainst) {
  auto cal = Make(SaoPauloOffice());
  // Answered after 30 minutes against a 1-hour target; then raised to a priority whose response
  // target is 15 minutes: the response was still on time.
  std::vector<SlaEvent> events = {Created("2026-11-23T11:00:00Z"), Reply("2026-11-23T11:30:00Z")};
  events.push_back({T("2026-11-23T12:00:00Z"), SlaEvent::Kind::kRetarget, TicketStatus::kNew, {900, 4 * 3600}});
  auto r = EvaluateSla(*cal, {3600, 8 * 3600}, events, T("2026-11-23T12:00:00Z"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->first_response.state, ClockState::kMet);
  EXPECT_EQ(r->first_response.target_seconds, 3600);
  EXPECT_EQ(r->resolution.target_seconds, 4 * 3600);
  EXPECT_EQ(r->resolution.due, T("2026-11-23T15:00:00Z"));  // 08:00 + 4 h local
}

TEST(SlaClock, SameInstantEventsApplyInOrder) {
  auto cal = Make(SaoPauloOffice());
  // Resolved and reopened at the same instant: the reopen wins, first_response stopped for good.
  std::vector<SlaEvent> events = {Created("2026-11-23T11:00:00Z"), Status("2026-11-23T12:00:00Z", TicketStatus::kResolved),
                                  Status("2026-11-23T12:00:00Z", TicketStatus::kOpen)};
  auto r = EvaluateSla(*cal, {7200, 7200 * 4}, events, T("2026-11-23T13:00:00Z"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->first_response.state, ClockState::kMet);
  EXPECT_EQ(r->resolution.state, ClockState::kRunning);
  EXPECT_EQ(r->resolution.elapsed_seconds, 7200);
  // And the other order: open then resolved leaves it stopped.
  std::swap(events[1], events[2]);
  r = EvaluateSla(*cal, {7200, 7200 * 4}, events, T("2026-11-23T13:00:00Z"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->resolution.state, ClockState::kMet);
  EXPECT_EQ(r->resolution.elapsed_seconds, 3600);
}

TEST(SlaClock, TheUpdatePromiseRunsAfterEachResponse) {
  // São Paulo office hours; the customer must hear from us every 60 business minutes.
  auto cal = Make(SaoPauloOffice());
  const SlaTargets targets{3600, 16 * 3600, 3600};
  // Monday 23 Nov (UTC-3): created 08:00 local, answered 08:10, waiting on the customer 08:50–09:30.
  std::vector<SlaEvent> events = {Created("2026-11-23T11:00:00Z"), Reply("2026-11-23T11:10:00Z"),
                                  Status("2026-11-23T11:50:00Z", TicketStatus::kPendingCustomer),
                                  Status("2026-11-23T12:30:00Z", TicketStatus::kOpen)};
  // Before any response there is no update cycle yet.
  auto r = EvaluateSla(*cal, targets, std::span(events).first(1), T("2026-11-23T11:05:00Z"), {DefaultPauseStatuses(), 5000});
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->update);
  EXPECT_EQ(r->update->cycles, 0);
  EXPECT_EQ(r->update->state, ClockState::kMet);
  EXPECT_FALSE(r->update->due);

  // At 09:40 local: 40 running minutes (08:10–08:50) + 10 (09:30–09:40); 40 paused.
  r = EvaluateSla(*cal, targets, events, T("2026-11-23T12:40:00Z"), {DefaultPauseStatuses(), 5000});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->update->cycles, 1);
  EXPECT_EQ(r->update->state, ClockState::kRunning);
  EXPECT_EQ(r->update->elapsed_seconds, 50 * 60);
  EXPECT_EQ(r->update->paused_seconds, 40 * 60);
  EXPECT_EQ(r->update->due, T("2026-11-23T12:50:00Z"));      // 10 minutes on
  EXPECT_EQ(r->update->warn_at, T("2026-11-23T11:40:00Z"));  // 30 minutes were used at 08:40
  EXPECT_EQ(r->update->breached_cycles, 0);

  // At 10:00 local the hour has run out: breached, due in the past.
  r = EvaluateSla(*cal, targets, events, T("2026-11-23T13:00:00Z"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->update->state, ClockState::kBreached);
  EXPECT_EQ(r->update->due, T("2026-11-23T12:50:00Z"));
  EXPECT_EQ(r->update->breached_cycles, 1);

  // A reply at 11:30 local opens the next cycle; lunch (12–13 local) is not business time: at
  // 13:10 local it has used 40 minutes, and runs out at 13:30 local.
  events.push_back(Reply("2026-11-23T14:30:00Z"));
  r = EvaluateSla(*cal, targets, events, T("2026-11-23T16:10:00Z"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->update->cycles, 2);
  EXPECT_EQ(r->update->state, ClockState::kRunning);
  EXPECT_EQ(r->update->elapsed_seconds, 40 * 60);
  EXPECT_EQ(r->update->due, T("2026-11-23T16:30:00Z"));
  EXPECT_EQ(r->update->breached_cycles, 1);  // the first cycle stays broken
  EXPECT_TRUE(r->update->ever_breached());

  // Resolving closes the cycle; a reopen opens one at once (the customer waits for news again).
  events.push_back(Status("2026-11-23T16:20:00Z", TicketStatus::kResolved));
  r = EvaluateSla(*cal, targets, events, T("2026-11-23T18:00:00Z"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->update->state, ClockState::kBreached);  // no cycle open; one was broken
  EXPECT_FALSE(r->update->due);
  events.push_back(Status("2026-11-24T11:00:00Z", TicketStatus::kOpen));
  r = EvaluateSla(*cal, targets, events, T("2026-11-24T11:20:00Z"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->update->cycles, 3);
  EXPECT_EQ(r->update->elapsed_seconds, 20 * 60);
  EXPECT_EQ(r->update->due, T("2026-11-24T12:00:00Z"));

  // Without an update target there is no update clock.
  r = EvaluateSla(*cal, {3600, 16 * 3600}, events, T("2026-11-24T11:20:00Z"));
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->update);
}

TEST(SlaClock, RefusesHistoriesThatAreNotHistories) {
  auto cal = Make(SaoPauloOffice());
  std::vector<SlaEvent> no_creation = {Reply("2026-11-23T11:00:00Z")};
  EXPECT_FALSE(EvaluateSla(*cal, {60, 60}, no_creation, T("2026-11-24T00:00:00Z")).ok());
  std::vector<SlaEvent> backwards = {Created("2026-11-23T11:00:00Z"), Reply("2026-11-23T10:00:00Z")};
  auto r = EvaluateSla(*cal, {60, 60}, backwards, T("2026-11-24T00:00:00Z"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field_errors().at(0).field, "events[1]");
  std::vector<SlaEvent> fine = {Created("2026-11-23T11:00:00Z")};
  EXPECT_FALSE(EvaluateSla(*cal, {60, 60}, fine, T("2026-11-23T10:00:00Z")).ok());
}

// ---- the independent simulator ------------------------------------------------------------------

// Is the minute starting at `t` (a whole UTC minute) business time? Read straight off the local
// clock of that instant. Every zone offset in use since 1970 is a whole number of minutes and
// every window bound is a whole minute, so business-ness is constant within a UTC minute.
struct MinuteOracle {
  const CalendarSpec& spec;
  const date::time_zone* zone = date::locate_zone(spec.timezone);
  bool operator()(long long t) const {
    const auto local = date::make_zoned(zone, date::sys_seconds(std::chrono::seconds(t))).get_local_time();
    const auto day = date::floor<date::days>(local);
    const date::year_month_day ymd{day};
    for (const CivilDate& h : spec.holidays) {
      if (ymd == date::year(h.year) / date::month(h.month) / date::day(h.day)) return false;
    }
    for (const YearlyDate& h : spec.yearly_holidays) {
      if (ymd.month() == date::month(h.month) && ymd.day() == date::day(h.day)) return false;
    }
    if (spec.always_open) return true;
    const int minute = int(std::chrono::duration_cast<std::chrono::minutes>(local - day).count());
    const unsigned iso = date::weekday(day).iso_encoding();
    for (const WorkWindow& w : spec.week[iso - 1]) {
      if (minute >= w.start_minute && minute < w.end_minute) return true;
    }
    return false;
  }
};

struct SlowClock {
  ClockState state;
  long long elapsed = 0, paused = 0, target = 0;
  std::optional<long long> due, warn_at;
};

// Steps through time piece by piece (never longer than to the next minute boundary or event),
// applying events as it meets them, exactly as the semantics read.
std::pair<SlowClock, SlowClock> Simulate(const CalendarSpec& spec, SlaTargets targets, const std::vector<SlaEvent>& events,
                                         long long now, const StatusSet& pause, int warn_bp) {
  MinuteOracle business{spec};
  auto floor_minute = [](long long t) { return t - (((t % 60) + 60) % 60); };
  bool fr_on = true;
  TicketStatus status = events[0].status;
  long long fr_elapsed = 0, res_elapsed = 0, res_paused = 0;
  long long fr_target = targets.first_response_seconds, res_target = targets.resolution_seconds;
  // Every instant where a clock's running time crossed some amount is recomputed below.
  long long t = ToUnixSeconds(events[0].at);
  size_t next = 0;
  auto res_mode = [&] { return StopsClocks(status) ? 2 : pause.Has(status) ? 1 : 0; };
  std::vector<std::pair<long long, long long>> fr_run, res_run;  // running pieces of business time
  while (true) {
    while (next < events.size() && ToUnixSeconds(events[next].at) == t) {
      const SlaEvent& e = events[next++];
      if (e.kind == SlaEvent::Kind::kCreated || e.kind == SlaEvent::Kind::kStatus) {
        status = e.status;
        if (StopsClocks(status)) fr_on = false;
      } else if (e.kind == SlaEvent::Kind::kResponse) {
        fr_on = false;
      } else if (e.kind == SlaEvent::Kind::kRetarget) {
        if (fr_on) fr_target = e.targets.first_response_seconds;
        if (!StopsClocks(status)) res_target = e.targets.resolution_seconds;
      }
    }
    if (t >= now) break;
    long long end = std::min(floor_minute(t) + 60, now);
    if (next < events.size()) end = std::min(end, ToUnixSeconds(events[next].at));
    if (business(floor_minute(t))) {
      if (fr_on) fr_elapsed += end - t, fr_run.push_back({t, end});
      if (res_mode() == 0) res_elapsed += end - t, res_run.push_back({t, end});
      if (res_mode() == 1) res_paused += end - t;
    }
    t = end;
  }
  // The earliest instant the running time reached `goal`: inside the pieces so far, else by
  // stepping on minute by minute from now.
  auto reached = [&](const std::vector<std::pair<long long, long long>>& run, long long elapsed,
                     long long goal) -> std::optional<long long> {
    if (goal <= 0) return ToUnixSeconds(events[0].at);
    long long acc = 0;
    for (auto [a, b] : run) {
      if (acc + (b - a) >= goal) return a + (goal - acc);
      acc += b - a;
    }
    acc = elapsed;
    for (long long m = floor_minute(now), steps = 0; steps < 200 * 24 * 60; m += 60, ++steps) {
      if (!business(m)) continue;
      const long long a = std::max(m, now);
      if (acc + (m + 60 - a) >= goal) return a + (goal - acc);
      acc += m + 60 - a;
    }
    return std::nullopt;  // beyond what the test looks at
  };
  auto share = [](long long target, int bp) { return (target * bp + 9999) / 10000; };
  SlowClock fr{}, res{};
  fr.elapsed = fr_elapsed;
  fr.target = fr_target;
  if (fr_on) {
    fr.state = fr_elapsed > fr_target ? ClockState::kBreached : ClockState::kRunning;
    fr.due = reached(fr_run, fr_elapsed, fr_target);
    if (warn_bp) fr.warn_at = reached(fr_run, fr_elapsed, share(fr_target, warn_bp));
  } else {
    fr.state = fr_elapsed > fr_target ? ClockState::kBreached : ClockState::kMet;
  }
  res.elapsed = res_elapsed;
  res.paused = res_paused;
  res.target = res_target;
  const int mode = res_mode();
  if (res_elapsed > res_target) {
    res.state = ClockState::kBreached;
  } else {
    res.state = mode == 0 ? ClockState::kRunning : mode == 1 ? ClockState::kPaused : ClockState::kMet;
  }
  if (mode == 0) {
    res.due = reached(res_run, res_elapsed, res_target);
    if (warn_bp) res.warn_at = reached(res_run, res_elapsed, share(res_target, warn_bp));
  }
  return {fr, res};
}

// The update clock, stepped through the same way, straight from its definition: a cycle opens at
// each response while the ticket is not stopped and at each reopen, and closes at the next
// response or when the ticket stops; its running time counts like resolution's.
struct SlowUpdate {
  ClockState state;
  long long elapsed = 0, paused = 0, target = 0;
  int cycles = 0, breached_cycles = 0;
  std::optional<long long> due, warn_at;
};
SlowUpdate SimulateUpdate(const CalendarSpec& spec, SlaTargets targets, const std::vector<SlaEvent>& events,
                          long long now, const StatusSet& pause, int warn_bp) {
  MinuteOracle business{spec};
  auto floor_minute = [](long long t) { return t - (((t % 60) + 60) % 60); };
  SlowUpdate u{};
  long long target = targets.update_seconds;
  TicketStatus status = events[0].status;
  bool open = false;
  std::vector<std::pair<long long, long long>> run;
  auto stopped = [&] { return StopsClocks(status); };
  auto finish = [&] {
    if (open && target > 0 && u.elapsed > target) ++u.breached_cycles;
    open = false;
  };
  auto start = [&] {
    finish();
    open = true;
    ++u.cycles;
    u.elapsed = u.paused = 0;
    run.clear();
  };
  long long t = ToUnixSeconds(events[0].at);
  size_t next = 0;
  while (true) {
    while (next < events.size() && ToUnixSeconds(events[next].at) == t) {
      const size_t index = next;
      const SlaEvent& e = events[next++];
      if (e.kind == SlaEvent::Kind::kCreated || e.kind == SlaEvent::Kind::kStatus) {
        const bool was_stopped = index == 0 || stopped();
        status = e.status;
        if (stopped()) finish();
        else if (was_stopped && index > 0) start();
      } else if (e.kind == SlaEvent::Kind::kResponse) {
        if (!stopped()) start();
      } else if (e.kind == SlaEvent::Kind::kRetarget) {
        if (!stopped()) target = e.targets.update_seconds;
      }
    }
    if (t >= now) break;
    long long end = std::min(floor_minute(t) + 60, now);
    if (next < events.size()) end = std::min(end, ToUnixSeconds(events[next].at));
    if (open && business(floor_minute(t))) {
      if (!stopped() && !pause.Has(status)) u.elapsed += end - t, run.push_back({t, end});
      if (!stopped() && pause.Has(status)) u.paused += end - t;
    }
    t = end;
  }
  u.target = target;
  const bool over = target > 0 && u.elapsed > target;
  if (open && over) ++u.breached_cycles;
  auto reached = [&](long long goal) -> std::optional<long long> {
    long long acc = 0;
    for (auto [a, b] : run) {
      if (acc + (b - a) >= goal) return a + (goal - acc);
      acc += b - a;
    }
    for (long long m = floor_minute(now), steps = 0; steps < 200 * 24 * 60; m += 60, ++steps) {
      if (!business(m)) continue;
      const long long a = std::max(m, now);
      if (acc + (m + 60 - a) >= goal) return a + (goal - acc);
      acc += m + 60 - a;
    }
    return std::nullopt;
  };
  if (!open || stopped()) {
    u.state = u.breached_cycles > 0 ? ClockState::kBreached : ClockState::kMet;
  } else if (pause.Has(status)) {
    u.state = over ? ClockState::kBreached : ClockState::kPaused;
  } else {
    u.state = over ? ClockState::kBreached : ClockState::kRunning;
    if (target > 0) {
      u.due = reached(target);
      if (warn_bp) u.warn_at = reached((target * warn_bp + 9999) / 10000);
    }
  }
  return u;
}

CalendarSpec RandomCalendar(std::mt19937_64& rng, long long from_day, int days) {
  static const char* kZones[] = {"America/Sao_Paulo", "America/New_York", "Europe/London",  "Europe/Berlin",
                                 "Australia/Lord_Howe", "Asia/Kolkata",   "Asia/Kathmandu", "UTC",
                                 "Pacific/Chatham",  "America/St_Johns", "America/Santiago", "Africa/Casablanca"};
  auto pick = [&](int n) { return int(rng() % unsigned(n)); };
  CalendarSpec spec;
  spec.timezone = kZones[pick(std::size(kZones))];
  spec.always_open = pick(12) == 0;
  const int style = pick(4);
  for (int d = 0; d < 7; ++d) {
    std::vector<WorkWindow>& w = spec.week[d];
    if (style == 0) {  // office hours with lunch, weekends off
      if (d < 5) w = {{480, 720}, {780, 1080}};
    } else if (style == 1) {  // night shift: evening to midnight, midnight to morning
      w = {{0, 360}, {1320, 1440}};
    } else {  // random windows on a random grid
      const int step = pick(2) ? 1 : 15;
      int at = 0;
      const int count = pick(4);
      for (int k = 0; k < count && at < 1440; ++k) {
        const int start = at + step * pick(std::max(1, (1440 - at) / step / 2));
        if (start >= 1440) break;
        int end = start + step * (1 + pick(std::max(1, (1440 - start) / step)));
        if (pick(4) == 0) end = 1440;
        end = std::min(end, 1440);
        w.push_back({start, end});
        at = end;
      }
    }
  }
  for (int k = pick(4); k > 0; --k) {
    const date::year_month_day ymd{date::sys_days(date::days(from_day + pick(days)))};
    spec.holidays.push_back({int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day())});
  }
  if (pick(3) == 0) {
    const date::year_month_day ymd{date::sys_days(date::days(from_day + pick(days)))};
    spec.yearly_holidays.push_back({unsigned(ymd.month()), unsigned(ymd.day())});
  }
  return spec;
}

TEST(SlaClockAgainstSimulator, RandomHistoriesAgreeToTheSecond) {
  const char* env = std::getenv("FAROL_SLA_SCENARIOS");
  const int scenarios = env ? std::atoi(env) : 3000;
  const char* seed_env = std::getenv("FAROL_SLA_SEED");
  const uint64_t seed = seed_env ? std::strtoull(seed_env, nullptr, 10) : 20261122;
  std::mt19937_64 rng(seed);
  auto pick = [&](long long n) { return (long long)(rng() % (unsigned long long)n); };
  // Start days near daylight-saving changes of several hemispheres, 2015–2035.
  static const int kMonths[] = {3, 4, 9, 10, 11, 1, 6};
  const TicketStatus kStatuses[] = {TicketStatus::kNew,       TicketStatus::kOpen,     TicketStatus::kPendingCustomer,
                                    TicketStatus::kPendingVendor, TicketStatus::kResolved, TicketStatus::kClosed,
                                    TicketStatus::kCancelled};
  for (int n = 0; n < scenarios; ++n) {
    const int year = 2015 + int(pick(21));
    const unsigned month = unsigned(kMonths[pick(std::size(kMonths))]);
    const long long day0 =
        date::sys_days(date::year(year) / date::month(month) / date::day(1)).time_since_epoch().count() + pick(28);
    const int span_days = 1 + int(pick(12));
    const CalendarSpec spec = RandomCalendar(rng, day0 - 1, span_days + 3);
    auto cal = BusinessCalendar::Create(spec);
    ASSERT_TRUE(cal.ok()) << cal.status().ToString();

    std::vector<SlaEvent> events;
    long long t = day0 * 86400 + pick(86400);
    events.push_back({FromUnixSeconds(t), SlaEvent::Kind::kCreated, kStatuses[pick(2)], {}});
    // Now and then a long history (more stretches than the engine keeps at hand).
    const int count = int(pick(20) == 0 ? 30 + pick(60) : pick(12));
    for (int k = 0; k < count; ++k) {
      if (pick(4)) t += pick(pick(2) ? 3 * 3600 : span_days * 86400 / 3 + 1);  // same instant a quarter of the time
      SlaEvent e{FromUnixSeconds(t), SlaEvent::Kind::kStatus, kStatuses[pick(7)], {}};
      switch (pick(6)) {
        case 0: e.kind = SlaEvent::Kind::kResponse; break;
        case 1: e.kind = SlaEvent::Kind::kNoClock; break;
        case 2:
          e.kind = SlaEvent::Kind::kRetarget;
          e.targets = {60 * pick(600), 60 * pick(3000), pick(3) ? 60 * pick(900) : 0};
          break;
        default: break;
      }
      events.push_back(e);
    }
    const long long now = t + pick(span_days * 86400 / 2 + 1);
    const SlaTargets targets{pick(4) ? 60 * pick(600) : pick(100000), 60 * pick(3000),
                             pick(2) ? 60 * (1 + pick(900)) : 0};
    StatusSet pause = DefaultPauseStatuses();
    if (pick(2)) pause.Add(TicketStatus::kPendingVendor);
    const int warn_bp = pick(3) ? int(pick(10001)) : 0;

    auto fast = EvaluateSla(**cal, targets, events, FromUnixSeconds(now), {pause, warn_bp});
    ASSERT_TRUE(fast.ok()) << fast.status().ToString();
    const auto [fr, res] = Simulate(spec, targets, events, now, pause, warn_bp);
    auto secs = [](const std::optional<Timestamp>& x) -> std::optional<long long> {
      if (!x) return std::nullopt;
      return ToUnixSeconds(*x);
    };
    // Instants further ahead than the simulator walks (200 days) are not compared.
    auto comparable = [&](const std::optional<long long>& slow, const std::optional<Timestamp>& quick) {
      return slow.has_value() || !quick.has_value() || ToUnixSeconds(*quick) - now > 199LL * 86400;
    };
    SCOPED_TRACE("scenario " + std::to_string(n) + " seed " + std::to_string(seed) + " zone " + spec.timezone +
                 " created " + FormatIso8601(events[0].at) + " now " + FormatIso8601(FromUnixSeconds(now)));
    EXPECT_EQ(fast->first_response.elapsed_seconds, fr.elapsed);
    EXPECT_EQ(fast->first_response.state, fr.state);
    EXPECT_EQ(fast->first_response.target_seconds, fr.target);
    if (comparable(fr.due, fast->first_response.due)) {
      EXPECT_EQ(secs(fast->first_response.due), fr.due);
    }
    if (comparable(fr.warn_at, fast->first_response.warn_at)) {
      EXPECT_EQ(secs(fast->first_response.warn_at), fr.warn_at);
    }
    EXPECT_EQ(fast->resolution.elapsed_seconds, res.elapsed);
    EXPECT_EQ(fast->resolution.paused_seconds, res.paused);
    EXPECT_EQ(fast->resolution.state, res.state);
    if (comparable(res.due, fast->resolution.due)) {
      EXPECT_EQ(secs(fast->resolution.due), res.due);
    }
    if (comparable(res.warn_at, fast->resolution.warn_at)) {
      EXPECT_EQ(secs(fast->resolution.warn_at), res.warn_at);
    }
    const SlowUpdate up = SimulateUpdate(spec, targets, events, now, pause, warn_bp);
    const bool promised = up.target > 0 || up.breached_cycles > 0;
    EXPECT_EQ(fast->update.has_value(), promised);
    if (fast->update && promised) {
      EXPECT_EQ(fast->update->elapsed_seconds, up.elapsed);
      EXPECT_EQ(fast->update->paused_seconds, up.paused);
      EXPECT_EQ(fast->update->target_seconds, up.target);
      EXPECT_EQ(fast->update->cycles, up.cycles);
      EXPECT_EQ(fast->update->breached_cycles, up.breached_cycles);
      EXPECT_EQ(fast->update->state, up.state);
      if (comparable(up.due, fast->update->due)) {
        EXPECT_EQ(secs(fast->update->due), up.due);
      }
      if (comparable(up.warn_at, fast->update->warn_at)) {
        EXPECT_EQ(secs(fast->update->warn_at), up.warn_at);
      }
    }
    if (HasFailure()) break;
  }
}

}  // namespace sla_clock_test
}  // namespace farol::domain
