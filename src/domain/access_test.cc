#include "domain/access.h"
#include "domain/custom_field.h"
#include "domain/directory.h"

#include <gtest/gtest.h>

namespace farol::domain {
namespace {

Actor Contact(int64_t id, int64_t org, bool manager = false) {
  Actor a;
  a.kind = ActorKind::kContact;
  a.id = id;
  a.organisation_id = org;
  a.manager_contact = manager;
  return a;
}

TEST(AccessTest, ContactsSeeTheirOwnTicketsAndManagersTheirOrganisations) {
  Ticket mine, colleague, other_org;
  mine.organisation_id = colleague.organisation_id = 1;
  mine.requester_id = 10;
  colleague.requester_id = 11;
  other_org.organisation_id = 2;
  other_org.requester_id = 10;  // same id number, other organisation
  EXPECT_TRUE(CanSeeTicket(Contact(10, 1), mine));
  EXPECT_FALSE(CanSeeTicket(Contact(10, 1), colleague));
  EXPECT_FALSE(CanSeeTicket(Contact(10, 1), other_org));
  EXPECT_TRUE(CanSeeTicket(Contact(12, 1, true), colleague));
  EXPECT_FALSE(CanSeeTicket(Contact(12, 1, true), other_org));
  EXPECT_TRUE(CanSeeOrganisation(Contact(10, 1), 1));
  EXPECT_FALSE(CanSeeOrganisation(Contact(10, 1), 2));
}

TEST(AccessTest, RolesAndTheirRefusals) {
  Actor agent;
  agent.kind = ActorKind::kStaff;
  agent.role = Role::kAgent;
  EXPECT_TRUE(Has(agent, Permission::kTicketUpdate));
  EXPECT_FALSE(Has(agent, Permission::kUserWrite));
  const Status s = Require(agent, Permission::kUserWrite);
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(s.message().find("agent"), std::string::npos);
  EXPECT_FALSE(Has(Contact(1, 1), Permission::kTicketRead)) << "contacts' rights are per object";
  EXPECT_TRUE(Has(Actor::System(), Permission::kUserWrite));
  for (int p = 0; p < static_cast<int>(Permission::kCount); ++p) {
    EXPECT_TRUE(RoleHas(Role::kAdmin, static_cast<Permission>(p))) << Name(static_cast<Permission>(p));
    EXPECT_TRUE(RoleHas(Role::kDirector, Permission::kTicketRead));
  }
  EXPECT_FALSE(RoleHas(Role::kGuardian, Permission::kTicketReply));
  EXPECT_TRUE(RoleHas(Role::kCsm, Permission::kOrganisationWrite));
  EXPECT_TRUE(RoleHas(Role::kManager, Permission::kTeamWrite));
  // The guardian's problem log (docs/GUARDIAN.md): every staff role raises, the guardian and
  // managers edit, CSMs and directors read.
  for (Role r : {Role::kAgent, Role::kManager, Role::kCsm, Role::kGuardian, Role::kDirector}) {
    EXPECT_TRUE(RoleHas(r, Permission::kProblemRaise)) << Name(r);
  }
  EXPECT_FALSE(RoleHas(Role::kAgent, Permission::kProblemRead));
  EXPECT_TRUE(RoleHas(Role::kGuardian, Permission::kProblemWrite));
  EXPECT_TRUE(RoleHas(Role::kManager, Permission::kProblemWrite));
  EXPECT_TRUE(RoleHas(Role::kCsm, Permission::kProblemRead));
  EXPECT_FALSE(RoleHas(Role::kCsm, Permission::kProblemWrite));
  EXPECT_FALSE(RoleHas(Role::kDirector, Permission::kProblemWrite));
  EXPECT_FALSE(Has(Contact(1, 1), Permission::kProblemRaise));
}

TEST(SegmentTest, ByEmployeeCount) {
  EXPECT_EQ(SegmentFor(0), Segment::kSmb);
  EXPECT_EQ(SegmentFor(99), Segment::kSmb);
  EXPECT_EQ(SegmentFor(100), Segment::kMidMarket);
  EXPECT_EQ(SegmentFor(999), Segment::kMidMarket);
  EXPECT_EQ(SegmentFor(1000), Segment::kEnterprise);
}

TEST(CustomFieldTest, DefinitionsAndValues) {
  CustomFieldDef d;
  d.key = "go_live";
  d.label = "Go-live date";
  d.type = CustomFieldType::kDate;
  EXPECT_TRUE(ValidateDefinition(d).ok());
  EXPECT_EQ(*CanonicalCustomValue(d, "2026-12-01"), "2026-12-01");
  EXPECT_FALSE(CanonicalCustomValue(d, "2026-13-01").ok());
  EXPECT_FALSE(CanonicalCustomValue(d, "2026-12-01T10:00:00Z").ok());
  d.type = CustomFieldType::kNumber;
  EXPECT_EQ(*CanonicalCustomValue(d, " 12.5 "), "12.5");
  for (const char* bad : {"", "abc", "nan", "inf", "1e999", "0x10"}) EXPECT_FALSE(CanonicalCustomValue(d, bad).ok()) << bad;
  d.type = CustomFieldType::kBoolean;
  EXPECT_FALSE(CanonicalCustomValue(d, "yes").ok());
  d.type = CustomFieldType::kSelect;
  EXPECT_FALSE(ValidateDefinition(d).ok()) << "a select needs options";
  d.options = {"low", "low"};
  EXPECT_FALSE(ValidateDefinition(d).ok()) << "unique options";
  d.options = {"low", "high"};
  EXPECT_TRUE(ValidateDefinition(d).ok());
  EXPECT_FALSE(CanonicalCustomValue(d, "medium").ok());
  d.key = "Bad Key";
  EXPECT_FALSE(ValidateDefinition(d).ok());
}

}  // namespace
}  // namespace farol::domain
