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
  p.targets[{TicketType::kIncident, 2}] = {60 * 60, 8 * 3600, 2 * 3600};
  p.pause_statuses = {TicketStatus::kPendingCustomer, TicketStatus::kPendingVendor};
  p.warn_percents = {50, 80};
  p.responses.fallback |= ResponseRules::Bit(ResponseKind::kPhoneCall);
  p.responses.by_channel[Channel::kEmail] = ResponseRules::Bit(ResponseKind::kPublicReply);
  p.escalation = SeedEscalationMatrix();
  p.escalation.levels[1].name = "NOC manager = 100% on it, really";  // spaces, '=' and '%' survive
  p.escalation.levels[3].channel_ids = {4, 9};
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
    EXPECT_EQ(back->responses, p.responses);
    EXPECT_EQ(back->escalation, p.escalation);
    EXPECT_EQ(back->targets, p.targets);
  }
  // A policy on a named calendar stores only the calendar's id.
  SlaPolicy named = Office();
  named.calendar_id = 7;
  auto back = SlaPolicy::Parse(named.Serialize());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->calendar_id, 7);
  EXPECT_EQ(named.Serialize().find("timezone"), std::string::npos);
  // Text written before responses were configurable per channel still reads.
  auto legacy = SlaPolicy::Parse("timezone UTC\nalways_open true\npause pending_customer\nwarn 50\n"
                                 "calls_count_as_response true\ntarget incident P1 15 240\n");
  ASSERT_TRUE(legacy.ok()) << legacy.status().ToString();
  EXPECT_TRUE(legacy->responses.Counts(Channel::kPortal, ResponseKind::kPhoneCall));
  EXPECT_TRUE(legacy->responses.Counts(Channel::kPortal, ResponseKind::kPublicReply));
  EXPECT_EQ(legacy->targets.at({TicketType::kIncident, 1}).update_seconds, 0);
  EXPECT_EQ(DefaultSlaPolicy().TargetsFor(TicketType::kChange, 1)->first_response_seconds, 15 * 60);
  EXPECT_FALSE(Office().TargetsFor(TicketType::kChange, 1));
}

TEST(SlaPolicy, RefusesWhatItCannotUse) {
  EXPECT_FALSE(SlaPolicy::Parse("timezone Nowhere/Land\n").ok());
  EXPECT_FALSE(SlaPolicy::Parse("week funday 08:00-12:00\n").ok());
  EXPECT_FALSE(SlaPolicy::Parse("target incident P9 1 2\n").ok());
  EXPECT_FALSE(SlaPolicy::Parse("gibberish\n").ok());
  EXPECT_FALSE(SlaPolicy::Parse("calendar 3\ntimezone UTC\n").ok());  // a name or an inline calendar, not both
  EXPECT_FALSE(SlaPolicy::Parse("responses default telepathy\n").ok());
  EXPECT_FALSE(SlaPolicy::Parse("level name=x trigger=sometimes\n").ok());
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
  p = Office();
  p.responses.by_channel[Channel::kPhone] = 0;
  FieldErrors no_response;
  p.Validate(no_response);
  ASSERT_FALSE(no_response.empty());
  const farol::Status no_response_status = no_response.ToStatus();
  EXPECT_EQ(no_response_status.field_errors().at(0).field, "responses.phone");
  // The first level cannot wait for a level before it; an unacknowledged trigger needs a deadline
  // before it; a level must tell someone.
  p = Office();
  p.escalation.levels[0].trigger = EscalationTrigger::kUnacknowledged;
  p.escalation.levels[1].recipients.clear();
  p.escalation.levels[2].deadline_seconds = 0;
  FieldErrors matrix;
  p.Validate(matrix);
  std::vector<std::string> fields;
  const farol::Status refused = matrix.ToStatus();
  for (const FieldError& e : refused.field_errors()) fields.push_back(e.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"escalation.levels[0].trigger", "escalation.levels[1].recipients",
                                              "escalation.levels[3].trigger"}));
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
  created.fields = {{"type", "incident"}, {"priority", "P2"}, {"status", "new"}, {"channel", "phone"}};
  timeline.push_back(created);
  timeline.push_back(Ev(EventType::kPublicReply, "2026-11-23T11:10:00Z", ActorKind::kContact));  // the customer
  timeline.push_back(Ev(EventType::kInternalNote, "2026-11-23T11:15:00Z"));
  timeline.push_back(Ev(EventType::kCallLogged, "2026-11-23T11:20:00Z"));  // counts: calls count on this channel
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
  replies_only.responses.fallback = ResponseRules::Bit(ResponseKind::kPublicReply);
  h = SlaEventsFromTimeline(timeline, replies_only);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->events[1].kind, SlaEvent::Kind::kStatus);  // the call no longer counts

  // Per channel: calls count for tickets that came by phone only.
  SlaPolicy phone_calls = replies_only;
  phone_calls.responses.by_channel[Channel::kPhone] =
      ResponseRules::Bit(ResponseKind::kPublicReply) | ResponseRules::Bit(ResponseKind::kPhoneCall);
  h = SlaEventsFromTimeline(timeline, phone_calls);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->events[1].kind, SlaEvent::Kind::kResponse);
  timeline[0].fields["channel"] = "portal";
  h = SlaEventsFromTimeline(timeline, phone_calls);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->events[1].kind, SlaEvent::Kind::kStatus);
  EXPECT_EQ(h->priority, 1);
  EXPECT_EQ(h->type, TicketType::kChange);
  EXPECT_FALSE(h->stopped);

  timeline[0].fields["type"] = "commercial";  // no SLA for it in this policy
  EXPECT_FALSE(SlaEventsFromTimeline(timeline, p));
}

}  // namespace
}  // namespace farol::domain
