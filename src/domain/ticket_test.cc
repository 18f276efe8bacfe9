#include "domain/ticket.h"

#include <gtest/gtest.h>

namespace farol::domain {
namespace {

const Timestamp kT0 = FromUnixSeconds(1772452800);  // 2026-03-02T12:00:00Z
const ActorRef kAgent{ActorKind::kStaff, 7};
const ActorRef kContact{ActorKind::kContact, 3};

Timestamp At(int minutes) { return kT0 + std::chrono::minutes(minutes); }

NewTicket Basic() {
  NewTicket n;
  n.subject = "Link down at the main office";
  n.description = "No internet since 10:00";
  n.organisation_id = 1;
  n.requester_id = 3;
  n.channel = Channel::kEmail;
  return n;
}

// Creates a ticket through PlanCreate/Apply, as the app does.
Ticket Create(const NewTicket& n = Basic(), std::vector<TicketEvent>* log = nullptr) {
  auto e = PlanCreate(n, PriorityMatrix{}, {}, kContact, kT0);
  EXPECT_TRUE(e.ok()) << e.status().ToString();
  e->ticket_id = 1001;
  Ticket t;
  Apply(t, *e);
  t.version = 1;
  if (log) log->push_back(*e);
  return t;
}

void Fold(Ticket& t, const std::vector<TicketEvent>& events, std::vector<TicketEvent>* log = nullptr) {
  for (const TicketEvent& e : events) {
    Apply(t, e);
    if (log) log->push_back(e);
  }
  ++t.version;
}

TEST(PriorityMatrixTest, ItilDefaultTable) {
  const PriorityMatrix m;
  struct Case {
    Level impact, urgency;
    int priority;
  } cases[] = {
      {Level::kHigh, Level::kHigh, 1},   {Level::kHigh, Level::kMedium, 2},  {Level::kHigh, Level::kLow, 3},
      {Level::kMedium, Level::kHigh, 2}, {Level::kMedium, Level::kMedium, 3}, {Level::kMedium, Level::kLow, 4},
      {Level::kLow, Level::kHigh, 3},    {Level::kLow, Level::kMedium, 4},    {Level::kLow, Level::kLow, 4},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(m.PriorityFor(c.impact, c.urgency), c.priority) << Name(c.impact) << " x " << Name(c.urgency);
  }
}

TEST(PriorityMatrixTest, SerializeRoundTripsAndRejectsGarbage) {
  PriorityMatrix m;
  m.cells[2][2] = 1;
  auto back = PriorityMatrix::Parse(m.Serialize());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, m);
  EXPECT_FALSE(PriorityMatrix::Parse("1,2,3;2,3,4").ok());
  EXPECT_FALSE(PriorityMatrix::Parse("1,2,3;2,3,4;3,4,9").ok());
  m.cells[0][0] = 0;
  EXPECT_FALSE(m.Validate().ok());
}

TEST(TicketCreateTest, PriorityComesFromTheMatrixUnlessSetByHand) {
  NewTicket n = Basic();
  n.impact = Level::kHigh;
  n.urgency = Level::kHigh;
  Ticket t = Create(n);
  EXPECT_EQ(t.priority, 1);
  EXPECT_FALSE(t.priority_manual);
  EXPECT_EQ(t.status, TicketStatus::kNew);
  EXPECT_EQ(t.created_at, kT0);
  EXPECT_EQ(t.tier, 1);

  n.priority = 4;
  auto missing_reason = PlanCreate(n, PriorityMatrix{}, {}, kAgent, kT0);
  ASSERT_FALSE(missing_reason.ok());
  EXPECT_EQ(missing_reason.status().field_errors()[0].field, "priority_reason");
  n.priority_reason = "Customer asked for low priority";
  t = Create(n);
  EXPECT_EQ(t.priority, 4);
  EXPECT_TRUE(t.priority_manual);
}

TEST(TicketCreateTest, ReportsEveryBadFieldAtOnce) {
  NewTicket n;
  n.subject = "   ";
  n.organisation_id = 0;
  n.tier = 5;
  n.tags = {"ok", "NOT OK!"};
  auto e = PlanCreate(n, PriorityMatrix{}, {}, kAgent, kT0);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const auto& f : e.status().field_errors()) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"subject", "organisation_id", "tier", "tags"}));
}

TEST(TicketCreateTest, SubjectRules) {
  struct Case {
    std::string subject;
    bool ok;
  } cases[] = {
      {"Wi-Fi instável no 3º andar", true},
      {std::string(200, 'a'), true},
      {std::string(201, 'a'), false},
      {std::string(100, 'a') + "\xc3\xa7" + std::string(99, 'a'), true},  // 200 characters, 201 bytes
      {"two\nlines", false},
      {"bad \xff utf8", false},
      {"", false},
  };
  for (const Case& c : cases) {
    FieldErrors errors;
    ValidateSubject("subject", c.subject, errors);
    EXPECT_EQ(errors.empty(), c.ok) << c.subject.substr(0, 30);
  }
}

TEST(TicketCreateTest, CustomFieldsAreTypedAndRequiredOnesEnforced) {
  std::vector<CustomFieldDef> defs(3);
  defs[0].key = "circuit_id";
  defs[0].type = CustomFieldType::kText;
  defs[0].required = true;
  defs[1].key = "affected_users";
  defs[1].type = CustomFieldType::kNumber;
  defs[2].key = "risk";
  defs[2].type = CustomFieldType::kSelect;
  defs[2].options = {"low", "high"};
  NewTicket n = Basic();
  n.custom = {{"affected_users", "many"}, {"risk", "extreme"}, {"nope", "x"}};
  auto bad = PlanCreate(n, PriorityMatrix{}, defs, kAgent, kT0);
  ASSERT_FALSE(bad.ok());
  std::vector<std::string> fields;
  for (const auto& f : bad.status().field_errors()) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"custom_fields.affected_users", "custom_fields.nope",
                                              "custom_fields.risk", "custom_fields.circuit_id"}));
  n.custom = {{"circuit_id", "CIR-1"}, {"affected_users", "12.5"}, {"risk", "high"}};
  auto good = PlanCreate(n, PriorityMatrix{}, defs, kAgent, kT0);
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  Ticket t;
  Apply(t, *good);
  EXPECT_EQ(t.custom.at("affected_users"), "12.5");
  EXPECT_EQ(t.custom.at("risk"), "high");
}

TEST(TicketStatusTest, TransitionTable) {
  using S = TicketStatus;
  const S all[] = {S::kNew, S::kOpen, S::kPendingCustomer, S::kPendingVendor, S::kResolved, S::kClosed, S::kCancelled};
  // allowed[from][to]
  const bool allowed[7][7] = {
      /* new      */ {0, 1, 1, 1, 1, 0, 1},
      /* open     */ {0, 0, 1, 1, 1, 0, 1},
      /* pend_cus */ {0, 1, 0, 1, 1, 0, 1},
      /* pend_ven */ {0, 1, 1, 0, 1, 0, 1},
      /* resolved */ {0, 1, 0, 0, 0, 1, 0},
      /* closed   */ {0, 0, 0, 0, 0, 0, 0},
      /* cancel   */ {0, 0, 0, 0, 0, 0, 0},
  };
  for (int f = 0; f < 7; ++f) {
    for (int t = 0; t < 7; ++t) {
      EXPECT_EQ(IsAllowedTransition(all[f], all[t]), allowed[f][t]) << Name(all[f]) << " -> " << Name(all[t]);
    }
  }
}

TEST(TicketStatusTest, InvalidTransitionsExplainThemselves) {
  Ticket t = Create();
  TicketChanges c;
  c.status = TicketStatus::kClosed;
  auto r = PlanChanges(t, c, PriorityMatrix{}, {}, kAgent, At(1));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("resolve it first"), std::string::npos);

  c.status = TicketStatus::kResolved;
  Fold(t, *PlanChanges(t, c, PriorityMatrix{}, {}, kAgent, At(2)));
  c.status = TicketStatus::kClosed;
  Fold(t, *PlanChanges(t, c, PriorityMatrix{}, {}, kAgent, At(3)));
  c.status = TicketStatus::kOpen;
  r = PlanChanges(t, c, PriorityMatrix{}, {}, kAgent, At(4));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("can no longer change"), std::string::npos);
  TicketChanges subject;
  subject.subject = "edit history";
  EXPECT_EQ(PlanChanges(t, subject, PriorityMatrix{}, {}, kAgent, At(5)).status().code(),
            StatusCode::kFailedPrecondition);
}

TEST(TicketLifecycleTest, TimestampsAndCountersFollowTheEvents) {
  Ticket t = Create();
  // A contact reply does not count as a first response; a staff reply does and opens the ticket.
  Fold(t, *PlanReply(t, false, "any news?", {}, std::nullopt, kContact, At(5)));
  EXPECT_FALSE(t.first_response_at);
  EXPECT_EQ(t.status, TicketStatus::kNew);
  Fold(t, *PlanReply(t, true, "checking the router", {}, std::nullopt, kAgent, At(8)));
  EXPECT_FALSE(t.first_response_at) << "internal notes are not responses";
  Fold(t, *PlanReply(t, false, "We are on it", {}, TicketStatus::kPendingCustomer, kAgent, At(10)));
  EXPECT_EQ(t.first_response_at, At(10));
  EXPECT_EQ(t.status, TicketStatus::kPendingCustomer);
  // The customer answers: back to open.
  Fold(t, *PlanReply(t, false, "here are the logs", {}, std::nullopt, kContact, At(30)));
  EXPECT_EQ(t.status, TicketStatus::kOpen);
  TicketChanges resolve;
  resolve.status = TicketStatus::kResolved;
  Fold(t, *PlanChanges(t, resolve, PriorityMatrix{}, {}, kAgent, At(60)));
  EXPECT_EQ(t.resolved_at, At(60));
  EXPECT_EQ(FirstContactResolution(t), true);
  // The customer writes again: the ticket reopens, the resolution time is cleared.
  Fold(t, *PlanReply(t, false, "it broke again", {}, std::nullopt, kContact, At(90)));
  EXPECT_EQ(t.status, TicketStatus::kOpen);
  EXPECT_EQ(t.reopen_count, 1);
  EXPECT_FALSE(t.resolved_at);
  Fold(t, *PlanChanges(t, resolve, PriorityMatrix{}, {}, kAgent, At(120)));
  EXPECT_EQ(FirstContactResolution(t), false) << "a reopened ticket was not resolved at first contact";
  TicketChanges close;
  close.status = TicketStatus::kClosed;
  Fold(t, *PlanChanges(t, close, PriorityMatrix{}, {}, kAgent, At(200)));
  EXPECT_EQ(t.closed_at, At(200));
  EXPECT_EQ(t.resolved_at, At(120));
  auto closed_reply = PlanReply(t, false, "hello?", {}, std::nullopt, kContact, At(300));
  EXPECT_EQ(closed_reply.status().code(), StatusCode::kFailedPrecondition);
}

TEST(TicketLifecycleTest, EscalationAndReassignmentCounting) {
  Ticket t = Create();
  TicketChanges c;
  c.team_id = 10;
  c.assignee_id = 7;
  Fold(t, *PlanChanges(t, c, PriorityMatrix{}, {}, kAgent, At(1)));
  EXPECT_EQ(t.reassignment_count, 0) << "a first assignment is not a reassignment";
  c.assignee_id = 8;
  c.team_id.reset();
  Fold(t, *PlanChanges(t, c, PriorityMatrix{}, {}, kAgent, At(2)));
  EXPECT_EQ(t.reassignment_count, 1);
  Fold(t, *PlanEscalation(t, "needs N2", 20, kAgent, At(3)));
  EXPECT_EQ(t.tier, 2);
  EXPECT_EQ(t.tier_reached, 2);
  EXPECT_EQ(t.team_id, 20);
  EXPECT_EQ(t.escalation_count, 1);
  EXPECT_EQ(t.reassignment_count, 2);
  Fold(t, *PlanEscalation(t, "", std::nullopt, kAgent, At(4)));
  EXPECT_EQ(t.tier, 3);
  auto too_far = PlanEscalation(t, "", std::nullopt, kAgent, At(5));
  EXPECT_EQ(too_far.status().code(), StatusCode::kFailedPrecondition);
  // Back down to N1 by hand: tier_reached remembers N3.
  TicketChanges down;
  down.tier = 1;
  Fold(t, *PlanChanges(t, down, PriorityMatrix{}, {}, kAgent, At(6)));
  EXPECT_EQ(t.tier, 1);
  EXPECT_EQ(t.tier_reached, 3);
  TicketChanges resolve;
  resolve.status = TicketStatus::kResolved;
  Fold(t, *PlanChanges(t, resolve, PriorityMatrix{}, {}, kAgent, At(7)));
  EXPECT_EQ(FirstContactResolution(t), false);
}

TEST(TicketLifecycleTest, PriorityFollowsImpactUntilSetByHand) {
  Ticket t = Create();
  EXPECT_EQ(t.priority, 3);
  TicketChanges c;
  c.impact = Level::kHigh;
  Fold(t, *PlanChanges(t, c, PriorityMatrix{}, {}, kAgent, At(1)));
  EXPECT_EQ(t.priority, 2);
  TicketChanges manual;
  manual.priority = 1;
  manual.priority_reason = "CEO affected";
  auto ev = PlanChanges(t, manual, PriorityMatrix{}, {}, kAgent, At(2));
  ASSERT_TRUE(ev.ok());
  ASSERT_EQ(ev->size(), 1u);
  EXPECT_EQ((*ev)[0].type, EventType::kPriorityChanged);
  EXPECT_EQ((*ev)[0].reason, "CEO affected");
  Fold(t, *ev);
  EXPECT_EQ(t.priority, 1);
  c.impact = Level::kLow;
  Fold(t, *PlanChanges(t, c, PriorityMatrix{}, {}, kAgent, At(3)));
  EXPECT_EQ(t.priority, 1) << "a manual priority is not overwritten by the matrix";
  TicketChanges back;
  back.priority_from_matrix = true;
  Fold(t, *PlanChanges(t, back, PriorityMatrix{}, {}, kAgent, At(4)));
  EXPECT_EQ(t.priority, 4);  // low impact x medium urgency
  EXPECT_FALSE(t.priority_manual);
}

TEST(TicketLifecycleTest, NoEventsForValuesThatDoNotChange) {
  Ticket t = Create();
  TicketChanges c;
  c.subject = t.subject;
  c.urgency = t.urgency;
  c.tags = std::vector<std::string>{};
  auto ev = PlanChanges(t, c, PriorityMatrix{}, {}, kAgent, At(1));
  ASSERT_TRUE(ev.ok());
  EXPECT_TRUE(ev->empty());
}

TEST(TicketMergeTest, SourceIsClosedAndPointsAtTarget) {
  Ticket a = Create();
  Ticket b = Create();
  b.id = 1002;
  auto plan = PlanMerge(a, b, kAgent, At(1));
  ASSERT_TRUE(plan.ok());
  Fold(a, plan->source_events);
  Fold(b, plan->target_events);
  EXPECT_EQ(a.status, TicketStatus::kClosed);
  EXPECT_EQ(a.merged_into, 1002);
  EXPECT_EQ(FirstContactResolution(a), std::nullopt) << "merged tickets do not count for FCR";
  EXPECT_EQ(b.status, TicketStatus::kNew);
  EXPECT_EQ(PlanMerge(a, b, kAgent, At(2)).status().code(), StatusCode::kFailedPrecondition);
  Ticket other_org = Create();
  other_org.id = 1003;
  other_org.organisation_id = 2;
  EXPECT_EQ(PlanMerge(b, other_org, kAgent, At(2)).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(PlanMerge(b, b, kAgent, At(2)).status().code(), StatusCode::kFailedPrecondition);
}

TEST(TicketRatingTest, OnlyResolvedTicketsAreRated) {
  Ticket t = Create();
  EXPECT_EQ(PlanRating(t, 5, "", kContact, At(1)).status().code(), StatusCode::kFailedPrecondition);
  TicketChanges resolve;
  resolve.status = TicketStatus::kResolved;
  Fold(t, *PlanChanges(t, resolve, PriorityMatrix{}, {}, kAgent, At(2)));
  EXPECT_EQ(PlanRating(t, 6, "", kContact, At(3)).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(PlanRating(t, 0, "", kContact, At(3)).status().code(), StatusCode::kInvalidArgument);
  Fold(t, {*PlanRating(t, 4, "  quick fix  ", kContact, At(3))});
  ASSERT_TRUE(t.rating);
  EXPECT_EQ(t.rating->stars, 4);
  EXPECT_EQ(t.rating->comment, "quick fix");
  Fold(t, {*PlanRating(t, 2, "", kContact, At(4))});
  EXPECT_EQ(t.rating->stars, 2) << "a later rating replaces the earlier one";
}

// The stored projection must always equal what the timeline says (the events are the truth).
TEST(TicketReplayTest, ReplayOfTheTimelineRebuildsTheState) {
  std::vector<TicketEvent> log;
  NewTicket n = Basic();
  n.tags = {"VIP", "carrier"};
  Ticket t = Create(n, &log);
  TicketChanges c;
  c.team_id = 10;
  c.assignee_id = 7;
  c.tags = std::vector<std::string>{"carrier"};
  c.site_id = 4;
  Fold(t, *PlanChanges(t, c, PriorityMatrix{}, {}, kAgent, At(1)), &log);
  Fold(t, *PlanReply(t, false, "first answer", {}, TicketStatus::kPendingVendor, kAgent, At(2)), &log);
  Fold(t, *PlanEscalation(t, "to N2", 20, kAgent, At(3)), &log);
  TicketChanges p;
  p.priority = 1;
  p.priority_reason = "outage";
  p.status = TicketStatus::kResolved;
  Fold(t, *PlanChanges(t, p, PriorityMatrix{}, {}, kAgent, At(4)), &log);
  Fold(t, {*PlanRating(t, 5, "great", kContact, At(5))}, &log);
  Fold(t, *PlanReply(t, false, "again", {}, std::nullopt, kContact, At(6)), &log);
  Ticket replayed = Replay(log);
  replayed.version = t.version;
  EXPECT_EQ(replayed, t);
  EXPECT_EQ(t.tags, (std::vector<std::string>{"carrier"}));
  EXPECT_EQ(t.updated_at, At(6));
}

TEST(TicketFieldsTest, GetAndSetFieldRoundTrip) {
  Ticket t = Create();
  for (const char* name : {"subject", "description", "type", "priority", "impact", "urgency", "organisation_id",
                           "requester_id", "channel", "team_id", "assignee_id", "tier", "site_id",
                           "network_area_id", "category_id", "subcategory_id", "tags"}) {
    Ticket copy = t;
    ASSERT_TRUE(SetField(copy, name, GetField(t, name)).ok()) << name;
    EXPECT_EQ(copy, t) << name;
  }
  EXPECT_FALSE(SetField(t, "priority", "P9").ok());
  EXPECT_FALSE(SetField(t, "team_id", "-3").ok());
  EXPECT_FALSE(SetField(t, "nonsense", "1").ok());
}

}  // namespace
}  // namespace farol::domain
