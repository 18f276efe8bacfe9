// The customer guardian's problem log through the API on SQLite and PostgreSQL (docs/GUARDIAN.md):
// the seed's 2/3/3 is 8 of 9 and high; a record cannot reach its action plan without its cause,
// team and every solution its level requires; the ranking; switching the GUT rule rescores every
// record (and is refused while records are graded off the new scale); a ticket raised as a
// customer error; every field checked; who may do what.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "testing/test_env.h"

namespace farol::testing {
namespace guardian_test {  // named: unity builds put several tests in one unit

namespace bj = boost::json;

std::string S(int64_t v) { return std::to_string(v); }

class GuardianTest : public ::testing::TestWithParam<std::string> {
 protected:
  GuardianTest() : app(GetParam()) {}

  void SetUp() override {
    if (!app.ok()) GTEST_SKIP() << "no " << GetParam() << " server here";
    noc = app.Team("NOC");
    guardian = app.Staff("gina.guardian@farol.test", domain::Role::kGuardian, 1, {});
    agent = app.Staff("ana.agent@farol.test", domain::Role::kAgent, 1, {noc});
    csm = app.Staff("carol.csm@farol.test", domain::Role::kCsm, 1, {});
    banco = app.Organisation("Banco Horizonte", 12000);
    globex = app.Organisation("Globex", 40);
    carla = app.Contact(banco, "carla@bancohorizonte.com.br");
  }

  http::HttpResponse Call(const std::string& method, const std::string& target, const std::string& body = "") {
    return app.Call(method, target, body, &guardian);
  }
  bj::value Made(const std::string& body) {
    auto r = Call("POST", "/api/v1/problems", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? bj::parse(r.body) : bj::value(nullptr);
  }
  // The fields a PATCH refused, in the order given.
  static std::vector<std::string> Fields(const http::HttpResponse& r) {
    std::vector<std::string> out;
    auto body = bj::parse(r.body);
    if (auto* errors = body.as_object().if_contains("errors")) {
      for (const auto& e : errors->as_array()) out.emplace_back(e.at("field").as_string());
    }
    return out;
  }
  std::vector<int64_t> Ranked() {
    auto r = Call("GET", "/api/v1/problems?order=rank");
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<int64_t> ids;
    const auto body = bj::parse(r.body);
    for (const auto& p : body.at("items").as_array()) ids.push_back(p.at("id").as_int64());
    return ids;
  }

  TestApp app;
  int64_t noc = 0, banco = 0, globex = 0;
  app::Authenticated guardian, agent, csm, carla;
};

TEST_P(GuardianTest, TheSeedsExampleIsHighAndNeedsEverySolutionBeforeItsActionPlan) {
  auto settings = bj::parse(Call("GET", "/api/v1/guardian/settings").body);
  EXPECT_EQ(settings.at("gut").at("preset"), "seed");
  EXPECT_EQ(settings.at("gut").at("max_score"), 9);
  EXPECT_EQ(settings.at("error_categories").as_array().size(), 3u);

  auto p = Made(R"j({"title":"Invoice sent to the wrong branch","organisation_ids":[)j" + S(banco) +
                R"j(],"error_category":"wrong information","gravity":2,"urgency":3,"tendency":3})j");
  ASSERT_TRUE(p.is_object());
  const std::string path = "/api/v1/problems/" + S(p.at("id").as_int64());
  EXPECT_EQ(p.at("status"), "new");
  EXPECT_EQ(p.at("gut").at("score"), 8);
  EXPECT_EQ(p.at("gut").at("max"), 9);
  EXPECT_EQ(p.at("gut").at("level"), "high");
  EXPECT_EQ(p.at("gut").at("required"), bj::parse(R"(["immediate","long_term","preventive"])"));
  EXPECT_EQ(p.at("gut").at("missing"), bj::parse(R"(["immediate","long_term","preventive"])"));
  EXPECT_EQ(p.at("organisations").as_array()[0].at("segment"), "enterprise");
  EXPECT_EQ(p.at("reporter").at("name"), "gina.guardian");

  // One step at a time.
  auto r = Call("PATCH", path, R"({"version":1,"status":"closed"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("cannot move from new to closed"), std::string::npos) << r.body;
  r = Call("PATCH", path, R"({"version":1,"status":"analysing"})");
  ASSERT_EQ(r.status, 200) << r.body;
  // Nothing of the analysis written: the action plan is refused, field by field, and nothing changes.
  r = Call("PATCH", path, R"({"version":2,"status":"action_plan","impact":"Two days without invoices"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Fields(r), (std::vector<std::string>{"root_cause", "cause_category", "team_id", "solution_immediate",
                                                 "solution_long_term", "solution_preventive"}));
  EXPECT_NE(r.body.find("required at level high before moving to action_plan"), std::string::npos) << r.body;
  auto now = bj::parse(Call("GET", path).body);
  EXPECT_EQ(now.at("version"), 2);
  EXPECT_EQ(now.at("impact"), "");
  // Everything but the preventive solution: still refused, for that one alone.
  r = Call("PATCH", path,
           R"j({"version":2,"status":"action_plan","root_cause":"The branch table was out of date","cause_category":"process",)j"
           R"j("team_id":)j" + S(noc) + R"j(,"solution_immediate":"Resent the invoice","solution_long_term":"Sync the table nightly"})j");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Fields(r), std::vector<std::string>{"solution_preventive"});
  r = Call("PATCH", path,
           R"j({"version":2,"status":"action_plan","root_cause":"The branch table was out of date","cause_category":"process",)j"
           R"j("team_id":)j" + S(noc) + R"j(,"solution_immediate":"Resent the invoice","solution_long_term":"Sync the table nightly",)j"
           R"j("solution_preventive":"Check the branch before sending"})j");
  ASSERT_EQ(r.status, 200) << r.body;
  auto plan = bj::parse(r.body);
  EXPECT_EQ(plan.at("status"), "action_plan");
  EXPECT_EQ(plan.at("gut").at("missing").as_array().size(), 0u);
  EXPECT_EQ(plan.at("team_name"), "NOC");
  // A solution cannot be emptied while the status needs it.
  r = Call("PATCH", path, R"({"version":3,"solution_preventive":""})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Fields(r), std::vector<std::string>{"solution_preventive"});
  // Monitoring, closed (with its time), reopened (without).
  ASSERT_EQ(Call("PATCH", path, R"({"version":3,"status":"monitoring"})").status, 200);
  r = Call("PATCH", path, R"({"version":4,"status":"closed"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(bj::parse(r.body).at("closed_at").is_null());
  EXPECT_EQ(Call("PATCH", path, R"({"version":5,"status":"analysing"})").status, 400);
  r = Call("PATCH", path, R"({"version":5,"status":"reopened"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(bj::parse(r.body).at("closed_at").is_null());
  // A stale version changes nothing.
  EXPECT_EQ(Call("PATCH", path, R"({"version":5,"impact":"x"})").status, 412);
}

TEST_P(GuardianTest, OpenRecordsAreRankedAndARuleChangeRescoresThem) {
  auto id = [](const bj::value& v) { return v.at("id").as_int64(); };
  const std::string two_orgs = R"j("organisation_ids":[)j" + S(banco) + "," + S(globex) + "]";
  const std::string one_org = R"j("organisation_ids":[)j" + S(banco) + "]";
  // a: 3+3+1 = 7, two customers; b: 2+2+3 = 7, one; c: 2+2+2 = 6; d: 7, two customers, older; e: ungraded.
  const int64_t a = id(Made(R"j({"title":"a","gravity":3,"urgency":3,"tendency":1,"reported_at":"2026-03-02T10:00:00Z",)j" + two_orgs + "}"));
  const int64_t b = id(Made(R"j({"title":"b","gravity":2,"urgency":2,"tendency":3,"reported_at":"2026-03-02T09:00:00Z",)j" + one_org + "}"));
  const int64_t c = id(Made(R"j({"title":"c","gravity":2,"urgency":2,"tendency":2})j"));
  const int64_t d = id(Made(R"j({"title":"d","gravity":1,"urgency":3,"tendency":3,"reported_at":"2026-02-20T10:00:00Z",)j" + two_orgs + "}"));
  const int64_t e = id(Made(R"j({"title":"e"})j"));
  // Seed (sums): the 7s first — the two-customer ones, the older of them first — then b, c, e.
  EXPECT_EQ(Ranked(), (std::vector<int64_t>{d, a, b, c, e}));

  // Classic (products): b is 12, a 9, d 9 (d older), c 8.
  auto r = Call("PUT", "/api/v1/guardian/settings", R"({"gut":{"preset":"classic"}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(bj::parse(r.body).at("gut").at("max_score"), 125);
  EXPECT_EQ(Ranked(), (std::vector<int64_t>{b, d, a, c, e}));
  auto got = bj::parse(Call("GET", "/api/v1/problems/" + S(b)).body);
  EXPECT_EQ(got.at("gut").at("score"), 12);
  EXPECT_EQ(got.at("gut").at("max"), 125);
  EXPECT_EQ(got.at("gut").at("level"), "low");
  // Grades of 4 and 5 now fit; a rule back to a scale of 3 is refused while one is graded 4.
  ASSERT_EQ(Call("PATCH", "/api/v1/problems/" + S(c), R"({"version":1,"gravity":4,"urgency":4,"tendency":4})").status, 200);
  EXPECT_EQ(bj::parse(Call("GET", "/api/v1/problems/" + S(c)).body).at("gut").at("level"), "high");  // 64
  r = Call("PUT", "/api/v1/guardian/settings", R"({"gut":{"preset":"seed"}})");
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.body.find("1 record(s) are graded above 3"), std::string::npos) << r.body;
  EXPECT_EQ(bj::parse(Call("GET", "/api/v1/guardian/settings").body).at("gut").at("preset"), "classic");
  // A custom rule, checked.
  r = Call("PUT", "/api/v1/guardian/settings",
           R"({"gut":{"preset":"custom","scale_max":5,"combine":"sum","bands":[{"min":4,"level":"x","required":[]}]}})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("lowest score, 3"), std::string::npos) << r.body;
  r = Call("PUT", "/api/v1/guardian/settings",
           R"({"gut":{"preset":"custom","scale_max":5,"combine":"sum","bands":[{"min":3,"level":"routine","required":["immediate"]},)"
           R"({"min":12,"level":"critical","required":["immediate","preventive"]}]},"error_categories":["late delivery"," late delivery ","billing"]})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(bj::parse(r.body).at("error_categories"), bj::parse(R"(["late delivery","billing"])"));
  got = bj::parse(Call("GET", "/api/v1/problems/" + S(c)).body);
  EXPECT_EQ(got.at("gut").at("score"), 12);
  EXPECT_EQ(got.at("gut").at("level"), "critical");
  EXPECT_EQ(Ranked().front(), c);
  // The preview scores without recording.
  r = app.Call("POST", "/api/v1/guardian/gut-preview", R"({"gravity":5,"urgency":5,"tendency":1})", &agent);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(bj::parse(r.body), bj::parse(R"({"score":11,"max":15,"level":"routine","required":["immediate"]})"));
  EXPECT_EQ(app.Call("POST", "/api/v1/guardian/gut-preview", R"({"gravity":6,"urgency":1,"tendency":1})", &agent).status, 400);
}

TEST_P(GuardianTest, ATicketIsRaisedAsACustomerErrorByAnyStaffMember) {
  auto t = app.Call("POST", "/api/v1/tickets",
                    R"({"organisation_id":)" + S(banco) + R"(,"requester_id":)" + S(carla.actor.id) +
                        R"(,"subject":"Boleto com valor errado","team_id":)" + S(noc) + "}",
                    &agent);
  ASSERT_EQ(t.status, 201) << t.body;
  const int64_t ticket = bj::parse(t.body).at("id").as_int64();
  auto r = app.Call("POST", "/api/v1/tickets/" + S(ticket) + "/raise-problem", "", &agent);
  ASSERT_EQ(r.status, 201) << r.body;
  auto p = bj::parse(r.body);
  EXPECT_EQ(p.at("title"), "Boleto com valor errado");
  EXPECT_EQ(p.at("status"), "new");
  EXPECT_EQ(p.at("organisation_ids"), bj::parse("[" + S(banco) + "]"));
  EXPECT_EQ(p.at("ticket_ids"), bj::parse("[" + S(ticket) + "]"));
  EXPECT_EQ(p.at("reporter").at("id"), agent.actor.id);
  EXPECT_TRUE(p.at("gut").is_null());
  // The guardian sees it in the inbox (new records) with the ticket named; the agent cannot read the log.
  auto inbox = bj::parse(Call("GET", "/api/v1/problems?status=new").body).at("items").as_array();
  ASSERT_EQ(inbox.size(), 1u);
  auto one = bj::parse(Call("GET", "/api/v1/problems/" + S(p.at("id").as_int64())).body);
  EXPECT_EQ(one.at("tickets").as_array()[0].at("subject"), "Boleto com valor errado");
  EXPECT_EQ(app.Call("GET", "/api/v1/problems", "", &agent).status, 403);
  EXPECT_EQ(app.Call("GET", "/api/v1/problems", "", &csm).status, 200);
  EXPECT_EQ(app.Call("POST", "/api/v1/problems", R"({"title":"x"})", &csm).status, 403);
  // Customers never raise or read; an unknown ticket is 404.
  EXPECT_EQ(app.Call("POST", "/api/v1/tickets/" + S(ticket) + "/raise-problem", "", &carla).status, 403);
  EXPECT_EQ(app.Call("GET", "/api/v1/problems", "", &carla).status, 403);
  EXPECT_EQ(app.Call("POST", "/api/v1/tickets/999999/raise-problem", "", &agent).status, 404);
  r = app.Call("POST", "/api/v1/tickets/" + S(ticket) + "/raise-problem", R"({"title":"Wrong amount on a boleto"})", &agent);
  ASSERT_EQ(r.status, 201);
  EXPECT_EQ(bj::parse(r.body).at("title"), "Wrong amount on a boleto");
}

TEST_P(GuardianTest, EveryFieldIsCheckedAndABadRecordChangesNothing) {
  struct Bad {
    std::string body;
    const char* field;
  } bad[] = {
      {R"({"title":""})", "title"},
      {R"({"title":"x","organisation_ids":[424242]})", "organisation_ids"},
      {R"({"title":"x","error_category":"weather"})", "error_category"},
      {R"({"title":"x","cause_category":"weather"})", "cause_category"},
      {R"({"title":"x","gravity":4})", "gravity"},
      {R"({"title":"x","urgency":0})", "urgency"},
      {R"({"title":"x","team_id":424242})", "team_id"},
      {R"({"title":"x","ticket_ids":[424242]})", "ticket_ids"},
      {R"({"title":"x","problem_ids":[424242]})", "problem_ids"},
      {R"({"title":"x","reporter_user_id":)" + S(guardian.actor.id) + R"(,"reporter_contact_id":)" + S(carla.actor.id) + "}",
       "reporter_contact_id"},
      {R"({"title":"x","status":"closed"})", "status"},
      {R"({"title":"x","colour":"red"})", "colour"},
      {"{\"title\":\"\xff\"}", ""},  // not UTF-8: refused, whichever layer says so
  };
  for (const auto& b : bad) {
    auto r = Call("POST", "/api/v1/problems", b.body);
    EXPECT_EQ(r.status, 400) << b.body;
    EXPECT_NE(r.body.find(b.field), std::string::npos) << b.field << " " << r.body;
  }
  EXPECT_EQ(bj::parse(Call("GET", "/api/v1/problems?status=all").body).at("items").as_array().size(), 0u);
  // A record related to another, both ways; never to itself.
  auto first = Made(R"({"title":"first"})");
  auto second = Made(R"({"title":"second","problem_ids":[)" + S(first.at("id").as_int64()) + "]}");
  auto back = bj::parse(Call("GET", "/api/v1/problems/" + S(first.at("id").as_int64())).body);
  EXPECT_EQ(back.at("problems").as_array()[0].at("title"), "second");
  auto r = Call("PATCH", "/api/v1/problems/" + S(second.at("id").as_int64()),
                R"({"version":1,"problem_ids":[)" + S(second.at("id").as_int64()) + "]}");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Call("GET", "/api/v1/problems?status=later").status, 400);
  EXPECT_EQ(Call("GET", "/api/v1/problems/424242").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, GuardianTest, ::testing::Values("sqlite", "postgres"));

}  // namespace guardian_test
}  // namespace farol::testing
