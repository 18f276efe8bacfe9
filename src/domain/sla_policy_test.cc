// The SLA policy: its stored text form, and which timeline events move a ticket's clocks.
#include "domain/sla_policy.h"

#include <gtest/gtest.h>

namespace farol::domain {
namespace {

Timestamp Iso(const char* iso) { return *ParseIso8601(iso); }

SlaPolicy Office() {
  SlaPolicy p;
  p.calendar.timezone = "America/Sao_Paulo";
  for (int d = 0; d < 5; ++d) p.calendar.week[d] = {{480, 720}, {780, 1080}};
  p.calendar.holidays = {{2026, 11, 20}};
  p.calendar.yearly_holidays = {{12, 25}};
  p.targets[{TicketType::kIncident, 1}] = {15 * 60, 4 * 3600};
  p.targets[{TicketType::kIncident, 2}] = {60 * 60, 8 * 3600};
  p.pause_statuses = {TicketStatus::kPendingCustomer, TicketStatus::kPendingVendor};
  p.warn_percents = {50, 80};
  p.calls_count_as_response = true;
  return p;
}

TEST(SlaPolicy, SurvivesItsStoredTextForm) {
  for (const SlaPolicy& p : {DefaultSlaPolicy(), Office()}) {
    auto back = SlaPolicy::Parse(p.Serialize());
    ASSERT_TRUE(back.ok()) << back.status().ToString() << "\n" << p.Serialize();
    EXPECT_EQ(*back, p);
    EXPECT_EQ(back->calendar.week[0], p.calendar.week[0]);
    EXPECT_EQ(back->calendar.holidays, p.calendar.holidays);
    EXPECT_EQ(back->pause_statuses.List(), p.pause_statuses.List());
    EXPECT_EQ(back->warn_percents, p.warn_percents);
  }
  EXPECT_EQ(DefaultSlaPolicy().TargetsFor(TicketType::kChange, 1)->first_response_seconds, 15 * 60);
  EXPECT_FALSE(Office().TargetsFor(TicketType::kChange, 1));
}

TEST(SlaPolicy, RefusesWhatItCannotUse) {
  EXPECT_FALSE(SlaPolicy::Parse("timezone Nowhere/Land\n").ok());
  EXPECT_FALSE(SlaPolicy::Parse("week funday 08:00-12:00\n").ok());
  EXPECT_FALSE(SlaPolicy::Parse("target incident P9 1 2\n").ok());
  EXPECT_FALSE(SlaPolicy::Parse("gibberish\n").ok());
  SlaPolicy p = Office();
  p.warn_percents = {80, 50};
  FieldErrors errors;
  p.Validate(errors);
  EXPECT_FALSE(errors.empty());
  p = Office();
  for (int i = 0; i < 5001; ++i) p.calendar.holidays.push_back({2030 + i / 365, 1, 1});
  FieldErrors too_many;
  p.Validate(too_many);
  EXPECT_FALSE(too_many.empty());
  p = Office();
  p.pause_statuses.Add(TicketStatus::kResolved);
  FieldErrors more;
  p.Validate(more);
  EXPECT_FALSE(more.empty());
}

TicketEvent Ev(EventType type, const char* at, ActorKind who = ActorKind::kStaff) {
  TicketEvent e;
  e.type = type;
  e.at = Iso(at);
  e.author = {who, 1};
  return e;
}

TEST(SlaPolicy, OnlyStaffResponsesStatusesAndPriorityOrTypeChangesMoveClocks) {
  const SlaPolicy p = Office();
  std::vector<TicketEvent> timeline;
  TicketEvent created = Ev(EventType::kCreated, "2026-11-23T11:00:00Z");
  created.fields = {{"type", "incident"}, {"priority", "P2"}, {"status", "new"}};
  timeline.push_back(created);
  timeline.push_back(Ev(EventType::kPublicReply, "2026-11-23T11:10:00Z", ActorKind::kContact));  // the customer
  timeline.push_back(Ev(EventType::kInternalNote, "2026-11-23T11:15:00Z"));
  timeline.push_back(Ev(EventType::kCallLogged, "2026-11-23T11:20:00Z"));  // counts: calls_count_as_response
  TicketEvent st = Ev(EventType::kStatusChanged, "2026-11-23T11:30:00Z");
  st.from = "new";
  st.to = "pending_customer";
  timeline.push_back(st);
  TicketEvent pr = Ev(EventType::kPriorityChanged, "2026-11-23T12:00:00Z");
  pr.from = "P2";
  pr.to = "P1";
  timeline.push_back(pr);
  TicketEvent ty = Ev(EventType::kFieldChanged, "2026-11-23T12:10:00Z");
  ty.field = "type";
  ty.from = "incident";
  ty.to = "change";  // no targets for change P1: the targets in force stay
  timeline.push_back(ty);

  auto h = SlaEventsFromTimeline(timeline, p);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->initial.resolution_seconds, 8 * 3600);
  ASSERT_EQ(h->events.size(), 4u);
  EXPECT_EQ(h->events[0].kind, SlaEvent::Kind::kCreated);
  EXPECT_EQ(h->events[1].kind, SlaEvent::Kind::kResponse);
  EXPECT_EQ(h->events[1].at, Iso("2026-11-23T11:20:00Z"));
  EXPECT_EQ(h->events[2].kind, SlaEvent::Kind::kStatus);
  EXPECT_EQ(h->events[2].status, TicketStatus::kPendingCustomer);
  EXPECT_EQ(h->events[3].kind, SlaEvent::Kind::kRetarget);
  EXPECT_EQ(h->events[3].targets.resolution_seconds, 4 * 3600);

  SlaPolicy replies_only = p;
  replies_only.calls_count_as_response = false;
  h = SlaEventsFromTimeline(timeline, replies_only);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->events[1].kind, SlaEvent::Kind::kStatus);  // the call no longer counts

  timeline[0].fields["type"] = "commercial";  // no SLA for it in this policy
  EXPECT_FALSE(SlaEventsFromTimeline(timeline, p));
}

}  // namespace
}  // namespace farol::domain
