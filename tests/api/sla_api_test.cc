// POST /api/v1/sla/simulate: the issue's worked example over the API, arrays of scenarios, and
// bad scenarios refused with every problem named.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "testing/test_env.h"

namespace farol::testing {
namespace {

namespace bj = boost::json;

constexpr const char* kWeek =
    R"({"mon":[["08:00","12:00"],["13:00","18:00"]],"tue":[["08:00","12:00"],["13:00","18:00"]],)"
    R"("wed":[["08:00","12:00"],["13:00","18:00"]],"thu":[["08:00","12:00"],["13:00","18:00"]],)"
    R"("fri":[["08:00","12:00"],["13:00","18:00"]],"sat":[],"sun":[]})";

std::string IssueExample(const std::string& now = "2026-11-24T12:00:00Z") {
  return std::string(R"({"calendar":{"timezone":"America/Sao_Paulo","week":)") + kWeek +
         R"(,"holidays":["2026-11-20"]},)"
         R"("targets":{"first_response_minutes":120,"resolution_minutes":960},"pause_statuses":["pending_customer"],)"
         R"("warn_at_percent":80,"events":[{"at":"2026-11-19T20:30:00Z","type":"created","status":"new"},)"
         R"({"at":"2026-11-23T12:00:00Z","type":"public_reply"},)"
         R"({"at":"2026-11-23T12:00:00Z","type":"status","status":"pending_customer"},)"
         R"({"at":"2026-11-23T17:00:00Z","type":"status","status":"open"}],"now":")" +
         now + R"("})";
}

class SlaApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    org = app.Organisation("Banco Horizonte", 12000);
    agent = app.Staff("ana@farol.test", domain::Role::kAgent, 1, {});
    customer = app.Contact(org, "carla@horizonte.test");
  }
  http::HttpResponse Simulate(const std::string& body, const app::Authenticated* as) {
    return app.Call("POST", "/api/v1/sla/simulate", body, as);
  }
  TestApp app;
  int64_t org = 0;
  app::Authenticated agent, customer;
};

TEST_F(SlaApiTest, AnswersTheIssuesWorkedExampleExactly) {
  auto r = Simulate(IssueExample(), &agent);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(bj::parse(r.body),
            bj::parse(R"({"first_response":{"state":"met","due":null,"elapsed_seconds":5400,"breached":false},)"
                      R"("resolution":{"state":"running","due":"2026-11-25T12:30:00Z","warn_at":"2026-11-24T19:18:00Z",)"
                      R"("elapsed_seconds":23400,"paused_seconds":14400,"breached":false}})"));
}

TEST_F(SlaApiTest, AnArrayOfScenariosGivesAnArrayOfAnswers) {
  // The same ticket read later: by Thursday noon UTC it has run past its due time.
  auto r = Simulate("[" + IssueExample() + "," + IssueExample("2026-11-26T12:00:00Z") + "]", &agent);
  ASSERT_EQ(r.status, 200) << r.body;
  const bj::array answers = bj::parse(r.body).as_array();
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_EQ(answers[0].at("resolution").at("state"), "running");
  EXPECT_EQ(answers[1].at("resolution").at("state"), "breached");
  EXPECT_EQ(answers[1].at("resolution").at("breached"), true);
  EXPECT_EQ(answers[1].at("resolution").at("due"), "2026-11-25T12:30:00Z");  // in the past now
  // Tuesday 09:00–18:00 less lunch (8 h), all Wednesday (9 h), Thursday 08:00–09:00 local (1 h).
  EXPECT_EQ(answers[1].at("resolution").at("elapsed_seconds"), 23400 + 18 * 3600);
}

TEST_F(SlaApiTest, UsesTheCurrentTimeWhenNowIsLeftOut) {
  app.clock().Set(*ParseIso8601("2026-11-24T12:00:00Z"));
  std::string body = IssueExample();
  body.replace(body.find(R"(,"now":"2026-11-24T12:00:00Z")"), std::string(R"(,"now":"2026-11-24T12:00:00Z")").size(), "");
  auto r = Simulate(body, &agent);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(bj::parse(r.body).at("resolution").at("elapsed_seconds"), 23400);
}

TEST_F(SlaApiTest, RefusesBadScenariosNamingEveryProblem) {
  auto r = Simulate(R"([{"calendar":{"timezone":"Mars/Base","week":{"mon":[["09:00","08:00"]],"someday":[]}},)"
                    R"("targets":{"first_response_minutes":"soon","resolution_minutes":60},"warn_at_percent":120,)"
                    R"("events":[{"at":"2026-11-19T20:30:00Z","type":"created"},{"at":"2026-11-19T20:00:00Z","type":"teleport"}]},)" +
                        IssueExample() + "]",
                    &agent);
  ASSERT_EQ(r.status, 400) << r.body;
  std::set<std::string> fields;
  const bj::value problem = bj::parse(r.body);
  for (const auto& e : problem.at("errors").as_array()) fields.insert(std::string(e.at("field").as_string()));
  EXPECT_EQ(fields, (std::set<std::string>{"[0].calendar.timezone", "[0].calendar.week.mon", "[0].calendar.week.someday",
                                           "[0].targets.first_response_minutes", "[0].warn_at_percent",
                                           "[0].events[1].type"}));
  // An out-of-order history is named too, with the scenario's index.
  std::string backwards = IssueExample();
  backwards.replace(backwards.find("2026-11-23T17:00:00Z"), 20, "2026-11-23T11:00:00Z");
  r = Simulate("[" + IssueExample() + "," + backwards + "]", &agent);
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(bj::parse(r.body).at("errors").at(0).at("field"), "[1].events[3]");
  for (const char* junk : {"", "nonsense", "42", R"({"calendar":)", "[1,2]"}) {
    EXPECT_EQ(Simulate(junk, &agent).status, 400) << junk;
  }
}

TEST_F(SlaApiTest, IsAStaffTool) {
  EXPECT_EQ(Simulate(IssueExample(), &customer).status, 403);
  EXPECT_EQ(Simulate(IssueExample(), nullptr).status, 401);
}

}  // namespace
}  // namespace farol::testing
