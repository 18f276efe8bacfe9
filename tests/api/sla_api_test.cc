// POST /api/v1/sla/simulate: the issue's worked example over the API, arrays of scenarios, and
// bad scenarios refused with every problem named.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <set>

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
    admin = app.Staff("root@farol.test", domain::Role::kAdmin, 3, {});
    customer = app.Contact(org, "carla@horizonte.test");
  }
  http::HttpResponse Simulate(const std::string& body, const app::Authenticated* as) {
    return app.Call("POST", "/api/v1/sla/simulate", body, as);
  }
  TestApp app;
  int64_t org = 0;
  app::Authenticated agent, admin, customer;
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

// A São Paulo office (UTC−3): Monday to Friday 08–12 and 13–18; incidents P2 1 h / 8 h, P1 15 min / 4 h.
constexpr const char* kOfficePolicy =
    R"({"calendar":{"timezone":"America/Sao_Paulo","week":{"mon":[["08:00","12:00"],["13:00","18:00"]],)"
    R"("tue":[["08:00","12:00"],["13:00","18:00"]],"wed":[["08:00","12:00"],["13:00","18:00"]],)"
    R"("thu":[["08:00","12:00"],["13:00","18:00"]],"fri":[["08:00","12:00"],["13:00","18:00"]]},"holidays":["12-25"]},)"
    R"("targets":[{"type":"incident","priority":"P1","first_response_minutes":15,"resolution_minutes":240},)"
    R"({"type":"incident","priority":"P2","first_response_minutes":60,"resolution_minutes":480}],)"
    R"("pause_statuses":["pending_customer"],"warn_percents":[50,75]})";

TEST_F(SlaApiTest, ThePolicyStartsAsTheDefaultAndOnlyAdminsReplaceIt) {
  auto r = app.Call("GET", "/api/v1/settings/sla-policy", "", &agent);
  ASSERT_EQ(r.status, 200) << r.body;
  bj::value policy = bj::parse(r.body);
  EXPECT_EQ(policy.at("calendar").at("always_open"), true);
  EXPECT_EQ(policy.at("targets").as_array().size(), 20u);  // 5 types × 4 priorities
  EXPECT_EQ(app.Call("PUT", "/api/v1/settings/sla-policy", kOfficePolicy, &agent).status, 403);
  EXPECT_EQ(app.Call("GET", "/api/v1/settings/sla-policy", "", &customer).status, 403);
  r = app.Call("PUT", "/api/v1/settings/sla-policy", kOfficePolicy, &admin);
  ASSERT_EQ(r.status, 200) << r.body;
  r = app.Call("GET", "/api/v1/settings/sla-policy", "", &agent);
  policy = bj::parse(r.body);
  EXPECT_EQ(policy.at("calendar").at("timezone"), "America/Sao_Paulo");
  EXPECT_EQ(policy.at("calendar").at("holidays"), bj::parse(R"(["12-25"])"));
  EXPECT_EQ(policy.at("targets").as_array().size(), 2u);
  EXPECT_EQ(policy.at("warn_percents"), bj::parse("[50,75]"));
  // A bad policy changes nothing.
  r = app.Call("PUT", "/api/v1/settings/sla-policy",
               R"({"calendar":{"timezone":"UTC","always_open":true},"targets":[{"type":"incident","priority":"P7",)"
               R"("first_response_minutes":1,"resolution_minutes":2}],"warn_percents":[90,10]})",
               &admin);
  ASSERT_EQ(r.status, 400) << r.body;
  const bj::value problem = bj::parse(r.body);
  std::set<std::string> fields;
  for (const auto& e : problem.at("errors").as_array()) fields.insert(std::string(e.at("field").as_string()));
  EXPECT_TRUE(fields.contains("targets[0].priority")) << r.body;
  EXPECT_EQ(bj::parse(app.Call("GET", "/api/v1/settings/sla-policy", "", &agent).body), policy);
}

TEST_F(SlaApiTest, ATicketsClocksFollowItsTimeline) {
  ASSERT_EQ(app.Call("PUT", "/api/v1/settings/sla-policy", kOfficePolicy, &admin).status, 200);
  // Monday 2 March 2026, 12:00 UTC = 09:00 in São Paulo.
  auto r = app.Call("POST", "/api/v1/tickets",
                    R"({"organisation_id":)" + std::to_string(org) +
                        R"(,"subject":"Link down","type":"incident","priority":"P2","priority_reason":"one site"})",
                    &agent);
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string id = std::to_string(bj::parse(r.body).at("id").as_int64());
  auto clocks = [&] {
    auto res = app.Call("GET", "/api/v1/tickets/" + id + "/sla", "", &agent);
    EXPECT_EQ(res.status, 200) << res.body;
    return bj::parse(res.body);
  };
  app.clock().Advance(std::chrono::minutes(30));
  bj::value c = clocks();
  EXPECT_EQ(c.at("at"), "2026-03-02T12:30:00Z");
  EXPECT_EQ(c.at("sla").at("first_response").at("state"), "running");
  EXPECT_EQ(c.at("sla").at("first_response").at("elapsed_seconds"), 1800);
  EXPECT_EQ(c.at("sla").at("first_response").at("due"), "2026-03-02T13:00:00Z");
  EXPECT_EQ(c.at("sla").at("resolution").at("due"), "2026-03-02T21:00:00Z");  // 8 h of office: 18:00 local
  // 50 % (4 h) falls at 14:00 local after lunch, 75 % at 16:00; the next warning is the 50 % one.
  EXPECT_EQ(c.at("sla").at("resolution").at("warnings"),
            bj::parse(R"([{"percent":50,"at":"2026-03-02T17:00:00Z"},{"percent":75,"at":"2026-03-02T19:00:00Z"}])"));
  EXPECT_EQ(c.at("sla").at("resolution").at("warn_at"), "2026-03-02T17:00:00Z");

  // An internal note is not a response; a public reply is. Then the customer is asked for logs.
  ASSERT_EQ(app.Call("POST", "/api/v1/tickets/" + id + "/notes", R"({"body":"checking the router"})", &agent).status, 201);
  EXPECT_EQ(clocks().at("sla").at("first_response").at("state"), "running");
  ASSERT_EQ(app.Call("POST", "/api/v1/tickets/" + id + "/replies", R"({"body":"Looking into it"})", &agent).status, 201);
  ASSERT_EQ(app.Call("PATCH", "/api/v1/tickets/" + id, R"({"status":"pending_customer"})", &agent).status, 200);
  app.clock().Advance(std::chrono::hours(3));  // 12:30 local: 2 h 30 of office time waiting
  c = clocks();
  EXPECT_EQ(c.at("sla").at("first_response").at("state"), "met");
  EXPECT_EQ(c.at("sla").at("first_response").at("stopped_at"), "2026-03-02T12:30:00Z");
  EXPECT_EQ(c.at("sla").at("resolution").at("state"), "paused");
  EXPECT_EQ(c.at("sla").at("resolution").at("paused_seconds"), 9000);
  EXPECT_EQ(c.at("sla").at("resolution").at("due"), nullptr);

  // The customer answers and the ticket is raised to P1: 4 h target, 30 min used, 3 h 30 left
  // from 12:30 local (lunch first): 16:30 local.
  ASSERT_EQ(app.Call("PATCH", "/api/v1/tickets/" + id, R"({"status":"open"})", &agent).status, 200);
  ASSERT_EQ(app.Call("PATCH", "/api/v1/tickets/" + id, R"({"priority":"P1","priority_reason":"all sites"})", &agent).status,
            200);
  c = clocks();
  EXPECT_EQ(c.at("sla").at("resolution").at("state"), "running");
  EXPECT_EQ(c.at("sla").at("resolution").at("target_seconds"), 4 * 3600);
  EXPECT_EQ(c.at("sla").at("resolution").at("elapsed_seconds"), 1800);
  EXPECT_EQ(c.at("sla").at("resolution").at("remaining_seconds"), 4 * 3600 - 1800);
  EXPECT_EQ(c.at("sla").at("resolution").at("due"), "2026-03-02T19:30:00Z");
  // The answer was on time against the target it had then.
  EXPECT_EQ(c.at("sla").at("first_response").at("target_seconds"), 3600);
  EXPECT_EQ(c.at("sla").at("first_response").at("state"), "met");

  // The same clocks come with a page of tickets.
  auto page = app.Call("GET", "/api/v1/sla/clocks?ids=" + id + ",424242," + id, "", &agent);
  ASSERT_EQ(page.status, 200) << page.body;
  const bj::value items = bj::parse(page.body).at("items");
  ASSERT_EQ(items.as_array().size(), 2u);  // the unknown one is left out; order and repeats kept
  EXPECT_EQ(items.at(0), c);
  EXPECT_EQ(items.at(1), c);

  // Contacts do not see clocks; unknown tickets are not found.
  EXPECT_EQ(app.Call("GET", "/api/v1/tickets/" + id + "/sla", "", &customer).status, 403);
  EXPECT_EQ(app.Call("GET", "/api/v1/tickets/999999/sla", "", &agent).status, 404);
}

TEST_F(SlaApiTest, APolicyChangeAppliesToTicketsOpenedFromThenOn) {
  auto open_ticket = [&] {
    auto r = app.Call("POST", "/api/v1/tickets",
                      R"({"organisation_id":)" + std::to_string(org) +
                          R"(,"subject":"x","type":"incident","priority":"P2","priority_reason":"test"})",
                      &agent);
    EXPECT_EQ(r.status, 201) << r.body;
    return std::to_string(bj::parse(r.body).at("id").as_int64());
  };
  auto fr_target = [&](const std::string& id) {
    return bj::parse(app.Call("GET", "/api/v1/tickets/" + id + "/sla", "", &agent).body)
        .at("sla").at("first_response").at("target_seconds").as_int64();
  };
  const std::string before_any = open_ticket();  // the default policy: P2 answered within 30 min
  app.clock().Advance(std::chrono::minutes(1));
  ASSERT_EQ(app.Call("PUT", "/api/v1/settings/sla-policy", kOfficePolicy, &admin).status, 200);  // P2: 60 min
  const std::string under_office = open_ticket();
  app.clock().Advance(std::chrono::minutes(1));
  std::string stricter = kOfficePolicy;
  stricter.replace(stricter.find(R"("P2","first_response_minutes":60)"), 32, R"("P2","first_response_minutes":10)");
  ASSERT_EQ(app.Call("PUT", "/api/v1/settings/sla-policy", stricter, &admin).status, 200);
  const std::string under_stricter = open_ticket();
  EXPECT_EQ(fr_target(before_any), 30 * 60);
  EXPECT_EQ(fr_target(under_office), 60 * 60);
  EXPECT_EQ(fr_target(under_stricter), 10 * 60);
  // The policy shown for editing is the newest.
  EXPECT_EQ(bj::parse(app.Call("GET", "/api/v1/settings/sla-policy", "", &agent).body)
                .at("targets").at(1).at("first_response_minutes"), 10);
}

TEST_F(SlaApiTest, ATicketWithoutTargetsHasNoClocks) {
  ASSERT_EQ(app.Call("PUT", "/api/v1/settings/sla-policy", kOfficePolicy, &admin).status, 200);
  auto r = app.Call("POST", "/api/v1/tickets",
                    R"({"organisation_id":)" + std::to_string(org) + R"(,"subject":"Quote","type":"commercial"})", &agent);
  ASSERT_EQ(r.status, 201) << r.body;
  r = app.Call("GET", "/api/v1/tickets/" + std::to_string(bj::parse(r.body).at("id").as_int64()) + "/sla", "", &agent);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(bj::parse(r.body).at("sla"), nullptr);
}

// An independent tally of one clock over tickets' /sla answers, for checking the report.
struct Tally {
  int64_t met = 0, breached = 0, pending = 0;
  std::vector<int64_t> took;
  void Add(const bj::value& clock) {
    const bool stopped = !clock.at("stopped_at").is_null();
    if (clock.at("breached").as_bool()) ++breached;
    else if (stopped) ++met;
    else ++pending;
    if (stopped) took.push_back(clock.at("elapsed_seconds").as_int64());
  }
};

TEST_F(SlaApiTest, ComplianceByOrganisationAndPriorityWorkedByHand) {
  ASSERT_EQ(app.Call("PUT", "/api/v1/settings/sla-policy", kOfficePolicy, &admin).status, 200);
  const int64_t padaria = app.Organisation("Padaria", 20);
  auto open_ticket = [&](int64_t organisation, const char* priority) {
    auto r = app.Call("POST", "/api/v1/tickets",
                      R"({"organisation_id":)" + std::to_string(organisation) + R"(,"subject":"x","type":"incident","priority":")" +
                          priority + R"(","priority_reason":"test"})",
                      &agent);
    EXPECT_EQ(r.status, 201) << r.body;
    return std::to_string(bj::parse(r.body).at("id").as_int64());
  };
  // Monday 2 March 2026, 09:00 in São Paulo (12:00 UTC).
  const std::string t1 = open_ticket(org, "P2"), t2 = open_ticket(org, "P2"), t3 = open_ticket(padaria, "P1");
  app.clock().Advance(std::chrono::minutes(20));
  ASSERT_EQ(app.Call("POST", "/api/v1/tickets/" + t1 + "/replies", R"({"body":"on it"})", &agent).status, 201);
  app.clock().Advance(std::chrono::minutes(70));  // 10:30 local: t2 answered 90 minutes in, against 60
  ASSERT_EQ(app.Call("POST", "/api/v1/tickets/" + t2 + "/replies", R"({"body":"sorry for the wait"})", &agent).status, 201);
  app.clock().Advance(std::chrono::minutes(30));  // 11:00 local: t1 resolved after 2 business hours
  ASSERT_EQ(app.Call("PATCH", "/api/v1/tickets/" + t1, R"({"status":"resolved"})", &agent).status, 200);

  auto report = [&](const std::string& query) {
    auto r = app.Call("GET", "/api/v1/reports/sla?" + query, "", &agent);
    EXPECT_EQ(r.status, 200) << r.body;
    return bj::parse(r.body);
  };
  bj::value r = report("from=2026-03-01&to=2026-03-03&by=organisation");
  EXPECT_EQ(r.at("tickets"), 3);
  EXPECT_EQ(r.at("without_sla"), 0);
  const bj::array& rows = r.at("rows").as_array();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].at("name"), "Banco Horizonte");
  EXPECT_EQ(rows[0].at("tickets"), 2);
  EXPECT_EQ(rows[0].at("first_response"),
            bj::parse(R"({"met":1,"breached":1,"pending":0,"met_percent":50,"mean_seconds":3300,"median_seconds":3300,"p90_seconds":5400})"));
  EXPECT_EQ(rows[0].at("resolution"),
            bj::parse(R"({"met":1,"breached":0,"pending":1,"met_percent":100,"mean_seconds":7200,"median_seconds":7200,"p90_seconds":7200})"));
  EXPECT_EQ(rows[1].at("name"), "Padaria");
  // Never answered: two business hours against 15 minutes, still counting and already breached.
  EXPECT_EQ(rows[1].at("first_response"),
            bj::parse(R"({"met":0,"breached":1,"pending":0,"met_percent":0,"mean_seconds":null,"median_seconds":null,"p90_seconds":null})"));
  EXPECT_EQ(rows[1].at("resolution").at("pending"), 1);
  EXPECT_EQ(rows[1].at("resolution").at("met_percent"), nullptr);
  EXPECT_EQ(r.at("total").at("tickets"), 3);
  EXPECT_EQ(r.at("total").at("first_response").at("breached"), 2);

  r = report("from=2026-03-01&to=2026-03-03&by=priority");
  ASSERT_EQ(r.at("rows").as_array().size(), 2u);
  EXPECT_EQ(r.at("rows").at(0).at("name"), "P1");
  EXPECT_EQ(r.at("rows").at(1).at("name"), "P2");
  EXPECT_EQ(r.at("rows").at(1).at("tickets"), 2);

  // The total agrees with an independent tally of each ticket's own clocks.
  Tally fr, res;
  for (const std::string& id : {t1, t2, t3}) {
    const bj::value c = bj::parse(app.Call("GET", "/api/v1/tickets/" + id + "/sla", "", &agent).body);
    fr.Add(c.at("sla").at("first_response"));
    res.Add(c.at("sla").at("resolution"));
  }
  const bj::value& total = r.at("total");
  EXPECT_EQ(total.at("first_response").at("met").as_int64(), fr.met);
  EXPECT_EQ(total.at("first_response").at("breached").as_int64(), fr.breached);
  EXPECT_EQ(total.at("first_response").at("pending").as_int64(), fr.pending);
  EXPECT_EQ(total.at("resolution").at("met").as_int64(), res.met);
  EXPECT_EQ(total.at("resolution").at("pending").as_int64(), res.pending);
  int64_t sum = 0;
  for (int64_t x : fr.took) sum += x;
  EXPECT_EQ(total.at("first_response").at("mean_seconds").as_int64(), sum / int64_t(fr.took.size()));

  // Another period holds none of them; bad parameters are named.
  EXPECT_EQ(report("from=2026-03-03&to=2026-03-04").at("tickets"), 0);
  auto bad = app.Call("GET", "/api/v1/reports/sla?from=yesterday&by=colour", "", &agent);
  ASSERT_EQ(bad.status, 400);
  const bj::value problem = bj::parse(bad.body);
  std::set<std::string> fields;
  for (const auto& e : problem.at("errors").as_array()) fields.insert(std::string(e.at("field").as_string()));
  EXPECT_EQ(fields, (std::set<std::string>{"from", "to", "by"}));
  EXPECT_EQ(app.Call("GET", "/api/v1/reports/sla?from=2026-03-01&to=2026-03-03", "", &customer).status, 403);
}

TEST_F(SlaApiTest, OlaReportJudgesEveryStayInATeamAgainstThatTeamsTarget) {
  const int64_t n1 = app.Team("N1"), n2 = app.Team("N2");
  auto r = app.Call("PUT", "/api/v1/settings/sla-policy",
                    R"({"calendar":{"timezone":"UTC","always_open":true},)"
                    R"("targets":[{"type":"incident","priority":"P2","first_response_minutes":60,"resolution_minutes":480}],)"
                    R"("olas":[{"team_id":)" + std::to_string(n1) + R"(,"minutes":30},{"team_id":)" + std::to_string(n2) +
                        R"(,"minutes":120}]})",
                    &admin);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(bj::parse(r.body).at("olas").as_array().size(), 2u);
  // A policy naming a team that does not exist changes nothing.
  EXPECT_EQ(app.Call("PUT", "/api/v1/settings/sla-policy",
                     R"({"calendar":{"timezone":"UTC","always_open":true},"targets":[],"olas":[{"team_id":999,"minutes":5}]})", &admin)
                .status,
            400);
  const Timestamp t0 = app.clock().SystemNow();
  auto open = [&](int64_t team) {
    auto res = app.Call("POST", "/api/v1/tickets",
                        R"({"organisation_id":)" + std::to_string(org) + R"(,"subject":"x","type":"incident","priority":"P2",)"
                        R"("priority_reason":"test","team_id":)" + std::to_string(team) + "}",
                        &admin);
    EXPECT_EQ(res.status, 201) << res.body;
    return std::to_string(bj::parse(res.body).at("id").as_int64());
  };
  auto patch = [&](const std::string& id, const std::string& body) {
    auto res = app.Call("PATCH", "/api/v1/tickets/" + id, body, &admin);
    EXPECT_EQ(res.status, 200) << res.body;
  };
  const std::string a = open(n1), b = open(n1);
  app.clock().Set(t0 + std::chrono::minutes(10));
  patch(a, R"({"team_id":)" + std::to_string(n2) + "}");  // A: N1 10 min, met
  app.clock().Set(t0 + std::chrono::minutes(45));
  patch(b, R"({"team_id":)" + std::to_string(n2) + "}");  // B: N1 45 min, breached
  app.clock().Set(t0 + std::chrono::minutes(190));
  patch(a, R"({"status":"resolved"})");  // A: N2 180 min of 120, breached
  // B has been in N2 for 160 min at 205 min: over its 120, still there (a running clock can
  // already be breached); the report counts it breached, not pending.
  app.clock().Set(t0 + std::chrono::minutes(205));
  r = app.Call("GET", "/api/v1/reports/ola?from=2026-03-01&to=2026-03-03", "", &agent);
  ASSERT_EQ(r.status, 200) << r.body;
  const bj::value report = bj::parse(r.body);
  EXPECT_EQ(report.at("tickets"), 2);
  const auto& rows = report.at("rows").as_array();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].at("name"), "N1");
  EXPECT_EQ(rows[0].at("stints"), 2);
  EXPECT_EQ(rows[0].at("ola").at("met"), 1);
  EXPECT_EQ(rows[0].at("ola").at("breached"), 1);
  EXPECT_EQ(rows[0].at("ola").at("met_percent"), 50);
  EXPECT_EQ(rows[1].at("name"), "N2");
  EXPECT_EQ(rows[1].at("ola").at("breached"), 2);
  EXPECT_EQ(rows[1].at("ola").at("met"), 0);
  EXPECT_EQ(report.at("total").at("stints"), 4);
  // The ticket's own clocks list its stays.
  r = app.Call("GET", "/api/v1/tickets/" + a + "/sla", "", &agent);
  const auto olas = bj::parse(r.body).at("olas").as_array();
  ASSERT_EQ(olas.size(), 2u);
  EXPECT_EQ(olas[0].at("team_id"), n1);
  EXPECT_EQ(olas[0].at("elapsed_seconds"), 600);
  EXPECT_EQ(olas[0].at("state"), "met");
  EXPECT_EQ(olas[1].at("elapsed_seconds"), 180 * 60);
  EXPECT_EQ(olas[1].at("state"), "breached");
  EXPECT_EQ(app.Call("GET", "/api/v1/reports/ola?from=2026-03-01&to=2026-03-03", "", &customer).status, 403);
}

}  // namespace
}  // namespace farol::testing
