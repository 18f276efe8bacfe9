// The guardian's work on a record through the API on SQLite and PostgreSQL (docs/GUARDIAN.md):
// action plans worked by their owners and teams, with the time to fix and to prevention measured;
// overdue actions alerting the owner and the guardian (through a real SMTP server and a real
// webhook receiver) once per due date, on a fake clock; the discussion timeline and files; the
// recurrence suggestions on a labelled set of near-duplicate and unrelated texts, the groups of
// records with one root cause, and a group reopened when its cause comes back after prevention.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <iterator>

#include "jobs/curl_sender.h"
#include "testing/http_receiver.h"
#include "testing/mail_servers.h"
#include "testing/test_env.h"

namespace farol::testing {
namespace guardian_work_test {  // named: unity builds put several tests in one unit

namespace bj = boost::json;

std::string S(int64_t v) { return std::to_string(v); }

app::AppConfig MailOn() {
  app::AppConfig c;
  c.mail_out.enabled = true;
  c.mail_out.from = {"Farol Support", "suporte@farol.test"};
  c.guardian.mail_enabled = true;
  c.guardian.public_url = "https://desk.farol.test";
  c.guardian.max_attachment_bytes = 1024;
  return c;
}

class GuardianWorkTest : public ::testing::TestWithParam<std::string> {
 protected:
  GuardianWorkTest() : app(GetParam(), MailOn()), smtp(dir.path() + "/maildir") {}

  void SetUp() override {
    if (!app.ok()) GTEST_SKIP() << "no " << GetParam() << " server here";
    noc = app.Team("NOC");
    product = app.Team("Product");
    guardian = app.Staff("gina.guardian@farol.test", domain::Role::kGuardian, 1, {});
    ana = app.Staff("ana.agent@farol.test", domain::Role::kAgent, 1, {noc});
    pedro = app.Staff("pedro.product@farol.test", domain::Role::kAgent, 2, {product});
    csm = app.Staff("carol.csm@farol.test", domain::Role::kCsm, 1, {});
    admin = app.Staff("root@farol.test", domain::Role::kAdmin, 3, {});
    banco = app.Organisation("Banco Horizonte", 12000);
    carla = app.Contact(banco, "carla@bancohorizonte.com.br");
  }

  bj::value Ok(const http::HttpResponse& r, int status) {
    EXPECT_EQ(r.status, status) << r.body;
    return r.status == status ? bj::parse(r.body) : bj::value(nullptr);
  }
  bj::value As(const app::Authenticated& who, const std::string& method, const std::string& target, int status,
               const std::string& body = "") {
    return Ok(app.Call(method, target, body, &who), status);
  }
  int64_t Record(const std::string& title, const std::string& category = "wrong information",
                 const std::string& extra = "") {
    auto p = As(guardian, "POST", "/api/v1/problems", 201,
                R"j({"title":")j" + title + R"j(","error_category":")j" + category + "\"" + extra + "}");
    return p.is_object() ? p.at("id").as_int64() : 0;
  }
  int64_t Action(int64_t problem, const std::string& kind, const std::string& title, const app::Authenticated& owner,
                 int64_t team, const std::string& due) {
    auto a = As(guardian, "POST", "/api/v1/problems/" + S(problem) + "/actions", 201,
                R"j({"kind":")j" + kind + R"j(","title":")j" + title + R"j(","owner_user_id":)j" + S(owner.actor.id) +
                    R"j(,"team_id":)j" + S(team) + R"j(,"due_at":")j" + due + "\"}");
    return a.is_object() ? a.at("id").as_int64() : 0;
  }
  std::vector<int64_t> ActionIds(const app::Authenticated& who, const std::string& query = "") {
    std::vector<int64_t> ids;
    auto list = As(who, "GET", "/api/v1/problem-actions" + query, 200);
    if (!list.is_object()) return ids;
    const auto items = list.at("items").as_array();
    for (const auto& a : items) ids.push_back(a.at("id").as_int64());
    return ids;
  }
  std::vector<std::string> EventTypes(int64_t problem) {
    std::vector<std::string> out;
    auto list = As(guardian, "GET", "/api/v1/problems/" + S(problem) + "/events", 200);
    if (!list.is_object()) return out;
    const auto items = list.at("items").as_array();
    for (const auto& e : items) out.emplace_back(e.at("type").as_string());
    return out;
  }
  std::vector<int64_t> Suggested(const bj::value& list) {
    std::vector<int64_t> ids;
    if (!list.is_object()) return ids;
    for (const auto& s : list.at("items").as_array()) ids.push_back(s.at("problem").at("id").as_int64());
    return ids;
  }

  TempDir dir;
  TestApp app;
  SmtpServer smtp;
  int64_t noc = 0, product = 0, banco = 0;
  app::Authenticated guardian, ana, pedro, csm, admin, carla;
};

TEST_P(GuardianWorkTest, ActionsAreWorkedByTheirOwnersTeamsSeeTheirsAndTheTimeToFixIsMeasured) {
  // Reported Monday 2026-03-02 12:00 UTC (the fake clock's start).
  const int64_t p = Record("Invoice sent twice", "wrong information");
  const std::string path = "/api/v1/problems/" + S(p);
  const int64_t fix = Action(p, "immediate", "Refund the second charge", ana, noc, "2026-03-04T12:00:00Z");
  const int64_t lock = Action(p, "preventive", "Lock the billing run", pedro, product, "2026-03-20T12:00:00Z");
  ASSERT_GT(fix, 0);
  ASSERT_GT(lock, 0);

  // Every field checked; nothing recorded.
  auto bad = app.Call("POST", path + "/actions",
                      R"({"kind":"someday","title":"","owner_user_id":999999,"team_id":999999})", &guardian);
  EXPECT_EQ(bad.status, 400);
  for (const char* field : {"kind", "title", "owner_user_id", "team_id", "due_at"}) {
    EXPECT_NE(bad.body.find(std::string("\"") + field + "\""), std::string::npos) << field << ": " << bad.body;
  }
  EXPECT_EQ(app.Call("POST", "/api/v1/problems/999999/actions",
                     R"({"kind":"immediate","title":"x","owner_user_id":1,"due_at":"2026-03-04T12:00:00Z"})", &guardian)
                .status,
            404);
  // Only the guardian and managers plan; an agent cannot.
  EXPECT_EQ(app.Call("POST", path + "/actions",
                     R"({"kind":"immediate","title":"x","owner_user_id":)" + S(ana.actor.id) +
                         R"(,"due_at":"2026-03-04T12:00:00Z"})",
                     &ana)
                .status,
            403);

  // Each team sees its own actions; the guardian and CSMs see every one; contacts nothing.
  EXPECT_EQ(ActionIds(ana), std::vector<int64_t>{fix});
  EXPECT_EQ(ActionIds(pedro), std::vector<int64_t>{lock});
  EXPECT_EQ(ActionIds(csm), (std::vector<int64_t>{fix, lock}));  // by due date
  EXPECT_EQ(ActionIds(guardian, "?team_id=" + S(product)), std::vector<int64_t>{lock});
  EXPECT_EQ(app.Call("GET", "/api/v1/problem-actions", "", &carla).status, 403);
  EXPECT_EQ(app.Call("GET", path, "", &ana).status, 403) << "agents read the record only through their actions";

  // The owner records completion, with evidence, and nothing else.
  const std::string fix_path = "/api/v1/problem-actions/" + S(fix);
  auto r = app.Call("PATCH", fix_path, R"({"version":1,"status":"done"})", &ana);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("write what proves the action is done"), std::string::npos) << r.body;
  EXPECT_EQ(app.Call("PATCH", fix_path, R"({"version":1,"due_at":"2026-04-01T12:00:00Z"})", &ana).status, 403);
  EXPECT_EQ(app.Call("PATCH", "/api/v1/problem-actions/" + S(lock), R"({"version":1,"status":"done","evidence":"x"})", &ana)
                .status,
            403)
      << "not ana's action";
  EXPECT_EQ(app.Call("PATCH", fix_path, R"({"version":1,"status":"cancelled"})", &ana).status, 400);
  // Thursday 23:00: 3 days 11 hours after the report.
  app.clock().Set(*ParseIso8601("2026-03-05T23:00:00Z"));
  auto done = As(ana, "PATCH", fix_path, 200, R"({"version":1,"status":"done","evidence":"Refund #4411 issued"})");
  ASSERT_TRUE(done.is_object());
  EXPECT_EQ(done.at("done_at"), "2026-03-05T23:00:00Z");
  EXPECT_EQ(done.at("done_by").at("name"), "ana.agent");
  EXPECT_EQ(done.at("overdue"), false);
  EXPECT_EQ(app.Call("PATCH", fix_path, R"({"version":1,"status":"open"})", &guardian).status, 412);

  auto record = As(guardian, "GET", path, 200);
  EXPECT_EQ(record.at("fixed_at"), "2026-03-05T23:00:00Z");
  EXPECT_EQ(record.at("time_to_fix_days"), 3.5);
  EXPECT_TRUE(record.at("time_to_prevention_days").is_null());
  EXPECT_EQ(record.at("actions").as_array().size(), 2u);
  // The preventive action is late now, and done 20 days after the report.
  EXPECT_EQ(ActionIds(guardian, "?overdue=true"), std::vector<int64_t>{});
  app.clock().Set(*ParseIso8601("2026-03-22T12:00:00Z"));
  EXPECT_EQ(ActionIds(guardian, "?overdue=true"), std::vector<int64_t>{lock});
  As(pedro, "PATCH", "/api/v1/problem-actions/" + S(lock), 200,
     R"({"version":1,"status":"done","evidence":"Billing run takes a lock since release 4.2"})");
  record = As(guardian, "GET", path, 200);
  EXPECT_EQ(record.at("time_to_prevention_days"), 20.0);
  EXPECT_EQ(ActionIds(guardian, "?status=done"), (std::vector<int64_t>{fix, lock}));
  EXPECT_EQ(ActionIds(guardian), std::vector<int64_t>{});

  // A cancelled action does not hold the record back: a second immediate action, cancelled.
  const int64_t extra = Action(p, "immediate", "Call the customer", ana, noc, "2026-03-25T12:00:00Z");
  record = As(guardian, "GET", path, 200);
  EXPECT_TRUE(record.at("time_to_fix_days").is_null()) << "an open immediate action: not fixed";
  As(guardian, "PATCH", "/api/v1/problem-actions/" + S(extra), 200, R"({"version":1,"status":"cancelled"})");
  record = As(guardian, "GET", path, 200);
  EXPECT_EQ(record.at("time_to_fix_days"), 3.5);

  // The timeline tells the story.
  const auto types = EventTypes(p);
  EXPECT_EQ(types, (std::vector<std::string>{"created", "action_added", "action_added", "action_changed", "action_changed",
                                             "action_added", "action_changed"}));
}

TEST_P(GuardianWorkTest, AnOverdueActionAlertsItsOwnerAndTheGuardianOncePerDueDate) {
  ASSERT_TRUE(smtp.up()) << "python3-aiosmtpd is missing (scripts/install-deps.sh installs it)";
  HttpReceiver receiver;
  auto channel = As(admin, "POST", "/api/v1/alerts/channels", 201,
                    R"({"name":"Guardian hook","kind":"webhook","url":")" + receiver.url() +
                        R"(","secret":"a-long-webhook-secret-123"})");
  ASSERT_TRUE(channel.is_object());
  As(guardian, "PUT", "/api/v1/guardian/settings", 200,
     R"({"alert_channel_ids":[)" + S(channel.at("id").as_int64()) + "]}");
  EXPECT_EQ(app.Call("PUT", "/api/v1/guardian/settings", R"({"alert_channel_ids":[999999]})", &guardian).status, 400);

  const int64_t p = Record("Technician arrived late", "delivery delay");
  const int64_t a = Action(p, "long_term", "Plan visits with travel time", ana, noc, "2026-03-03T12:00:00Z");
  auto fired = app.app().guardian().AlertOverdueActions();
  ASSERT_TRUE(fired.ok());
  EXPECT_EQ(*fired, 0) << "not due yet";
  app.clock().Set(*ParseIso8601("2026-03-03T12:00:01Z"));
  fired = app.app().guardian().AlertOverdueActions();
  ASSERT_TRUE(fired.ok());
  EXPECT_EQ(*fired, 1);
  fired = app.app().guardian().AlertOverdueActions();
  EXPECT_EQ(*fired, 0) << "once";

  jobs::CurlSenderOptions o;
  o.smtp.url = "smtp://127.0.0.1:" + S(smtp.port());
  o.smtp.from = "suporte@farol.test";
  jobs::CurlSender sender(o);
  auto sent = app.app().alerts().DeliverDue(sender);
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  EXPECT_EQ(sent->sent, 3);  // ana, gina, the webhook
  const auto mails = smtp.Messages();
  ASSERT_EQ(mails.size(), 2u);
  for (const char* who : {"ana.agent@farol.test", "gina.guardian@farol.test"}) {
    bool found = false;
    for (const auto& m : mails) {
      found = found || (m.find(who) != std::string::npos &&
                        m.find("Overdue long-term action: Plan visits with travel time") != std::string::npos &&
                        m.find("https://desk.farol.test/guardian/problems/" + S(p)) != std::string::npos);
    }
    EXPECT_TRUE(found) << who;
  }
  ASSERT_TRUE(receiver.WaitFor(1, 2000));
  const auto hook = bj::parse(receiver.requests().at(0).body);
  EXPECT_EQ(hook.at("event"), "problem.action.overdue");
  EXPECT_EQ(hook.at("action").at("id"), a);
  EXPECT_EQ(hook.at("action").at("due_at"), "2026-03-03T12:00:00Z");
  EXPECT_EQ(hook.at("problem").at("id"), p);

  auto action = As(guardian, "GET", "/api/v1/problem-actions?problem_id=" + S(p), 200).at("items").as_array().at(0);
  EXPECT_EQ(action.at("overdue"), true);
  EXPECT_EQ(action.at("overdue_alerted_at"), "2026-03-03T12:00:01Z");
  // A new due date may alert again, once it passes; a done action never.
  As(guardian, "PATCH", "/api/v1/problem-actions/" + S(a), 200,
     R"({"version":)" + S(action.at("version").as_int64()) + R"(,"due_at":"2026-03-06T12:00:00Z"})");
  EXPECT_EQ(*app.app().guardian().AlertOverdueActions(), 0);
  app.clock().Set(*ParseIso8601("2026-03-06T12:00:00Z"));
  EXPECT_EQ(*app.app().guardian().AlertOverdueActions(), 1);
  const int64_t b = Action(p, "immediate", "Apologise", ana, noc, "2026-03-07T12:00:00Z");
  As(ana, "PATCH", "/api/v1/problem-actions/" + S(b), 200, R"({"version":1,"status":"done","evidence":"Called Carla"})");
  app.clock().Set(*ParseIso8601("2026-03-08T12:00:00Z"));
  EXPECT_EQ(*app.app().guardian().AlertOverdueActions(), 0);

  const auto types = EventTypes(p);
  EXPECT_EQ(std::count(types.begin(), types.end(), "action_overdue"), 2);
}

TEST_P(GuardianWorkTest, TheTimelineHoldsEveryChangeCommentAndFile) {
  const int64_t p = Record("Wrong VPN steps given on the phone");
  const std::string path = "/api/v1/problems/" + S(p);
  As(guardian, "PATCH", path, 200, R"({"version":1,"status":"analysing","root_cause":"Outdated runbook","gravity":2})");
  auto comment = As(csm, "POST", path + "/comments", 201, R"({"body":"Carla called again about it."})");
  EXPECT_EQ(comment.at("author").at("name"), "carol.csm");
  EXPECT_EQ(app.Call("POST", path + "/comments", R"({"body":"   "})", &csm).status, 400);
  EXPECT_EQ(app.Call("POST", path + "/comments", R"({"body":7})", &csm).status, 400);
  EXPECT_EQ(app.Call("POST", "/api/v1/problems/999999/comments", R"({"body":"x"})", &csm).status, 404);
  EXPECT_EQ(app.Call("POST", path + "/comments", R"({"body":"x"})", &ana).status, 403);

  // Files: stored, listed on the record, downloaded as they were; too big or empty refused.
  auto file = As(guardian, "POST", path + "/attachments?filename=call-notes.txt", 201, "Customer said: steps 3 and 4 swapped.");
  ASSERT_TRUE(file.is_object());
  EXPECT_EQ(file.at("content_type"), "text/plain");
  auto got = app.Call("GET", "/api/v1/problem-files/" + S(file.at("id").as_int64()), "", &csm);
  EXPECT_EQ(got.status, 200);
  std::ifstream in(got.file_path, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "Customer said: steps 3 and 4 swapped.");
  EXPECT_EQ(app.Call("GET", "/api/v1/problem-files/" + S(file.at("id").as_int64()), "", &carla).status, 403);
  EXPECT_EQ(app.Call("POST", path + "/attachments?filename=big.bin", std::string(2048, 'x'), &guardian).status, 413);
  EXPECT_EQ(app.Call("POST", path + "/attachments?filename=empty.txt", "", &guardian).status, 400);
  EXPECT_EQ(app.Call("POST", path + "/attachments?filename=x.txt", "abc", &csm).status, 403);
  EXPECT_EQ(As(guardian, "GET", path, 200).at("files").as_array().size(), 1u);

  auto events = As(guardian, "GET", path + "/events", 200).at("items").as_array();
  std::vector<std::string> seen;
  for (const auto& e : events) {
    seen.push_back(std::string(e.at("type").as_string()) +
                   (e.at("field").as_string().empty() ? "" : ":" + std::string(e.at("field").as_string())));
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"created", "field_changed:root_cause", "field_changed:gravity",
                                            "status_changed:status", "comment", "attachment_added"}));
  EXPECT_EQ(events[1].at("from"), "");
  EXPECT_EQ(events[1].at("to"), "Outdated runbook");
  EXPECT_EQ(events[3].at("from"), "new");
  EXPECT_EQ(events[3].at("to"), "analysing");
  EXPECT_EQ(events[5].at("body"), "call-notes.txt");
  EXPECT_EQ(app.Call("GET", path + "/events", "", &carla).status, 403);
}

// The labelled set of docs/GUARDIAN.md's recurrence test: each text's near-duplicates must be
// suggested first; the unrelated ones never.
TEST_P(GuardianWorkTest, SuggestionsFindNearDuplicatesAndGroupsReopenWhenTheCauseComesBack) {
  const int64_t invoice = Record("Invoice sent twice to the customer after the monthly billing run");
  const int64_t backup = Record("Backup of the customer database failed overnight without any alert", "platform failure");
  const int64_t visit = Record("Técnico chegou atrasado na visita de instalação do cliente", "delivery delay");
  const int64_t vpn = Record("Support agent gave the wrong VPN configuration steps");
  const int64_t password = Record("Password reset e-mails never arrive for Gmail users", "platform failure");
  const int64_t quote = Record("Contract renewal quote was sent with last year's prices");
  ASSERT_GT(quote, 0);

  auto suggest = [&](const std::string& text, const std::string& category) {
    return Suggested(As(guardian, "POST", "/api/v1/guardian/suggest", 200,
                        R"({"text":")" + text + R"(","error_category":")" + category + "\"}"));
  };
  EXPECT_EQ(suggest("Customer received the monthly invoice twice; billing run sent it again", "wrong information"),
            std::vector<int64_t>{invoice});
  EXPECT_EQ(suggest("Duplicate invoices sent by the billing run this month", "wrong information"),
            std::vector<int64_t>{invoice});
  EXPECT_EQ(suggest("Overnight database backups failed and no alert was raised", "platform failure"),
            std::vector<int64_t>{backup});
  EXPECT_EQ(suggest("Visita de instalação atrasada: técnico chegou depois do horário", "delivery delay"),
            std::vector<int64_t>{visit});
  EXPECT_EQ(suggest("Wrong VPN configuration steps given by the support agent on the phone", "wrong information"),
            std::vector<int64_t>{vpn});
  EXPECT_EQ(suggest("Firewall rule change was applied to the wrong site", "platform failure"), std::vector<int64_t>{});
  EXPECT_EQ(suggest("", ""), std::vector<int64_t>{});
  EXPECT_EQ(app.Call("POST", "/api/v1/guardian/suggest", R"({"text":"invoice"})", &ana).status, 403);
  EXPECT_EQ(app.Call("POST", "/api/v1/guardian/suggest", R"({"text":5})", &guardian).status, 400);
  auto scored = As(guardian, "POST", "/api/v1/guardian/suggest", 200,
                   R"({"text":"Invoice sent twice to the customer after the monthly billing run","error_category":"wrong information"})");
  EXPECT_EQ(scored.at("items").as_array().at(0).at("similarity"), 1.0);
  EXPECT_EQ(scored.at("items").as_array().at(0).at("same_category"), true);
  (void)password;

  // A ticket that looks like a known problem.
  auto ticket = As(admin, "POST", "/api/v1/tickets", 201,
                   R"({"organisation_id":)" + S(banco) +
                       R"(,"subject":"Nightly backup failed","description":"The database backup failed overnight and no alert came."})");
  EXPECT_EQ(Suggested(As(guardian, "GET", "/api/v1/tickets/" + S(ticket.at("id").as_int64()) + "/problem-suggestions", 200)),
            std::vector<int64_t>{backup});

  // The invoice's cause is prevented and the record closed; then it comes back.
  const std::string path = "/api/v1/problems/" + S(invoice);
  As(guardian, "PATCH", path, 200,
     R"j({"version":1,"status":"analysing","root_cause":"Billing run retried without a lock","cause_category":"tool",)j"
     R"j("team_id":)j" + S(product) + R"j(,"gravity":1,"urgency":1,"tendency":1,"solution_immediate":"Refund"})j");
  const int64_t lock = Action(invoice, "preventive", "Lock the billing run", pedro, product, "2026-03-10T12:00:00Z");
  As(guardian, "PATCH", path, 200, R"({"version":2,"status":"action_plan"})");
  As(guardian, "PATCH", path, 200, R"({"version":3,"status":"monitoring"})");
  app.clock().Set(*ParseIso8601("2026-03-05T12:00:00Z"));
  As(pedro, "PATCH", "/api/v1/problem-actions/" + S(lock), 200, R"({"version":1,"status":"done","evidence":"Release 4.2"})");
  As(guardian, "PATCH", path, 200, R"({"version":4,"status":"closed"})");

  app.clock().Set(*ParseIso8601("2026-03-09T12:00:00Z"));
  const int64_t again = Record("Customer received the monthly invoice twice; billing run sent it again");
  auto offered = As(guardian, "GET", "/api/v1/problems/" + S(again) + "/suggestions", 200);
  EXPECT_EQ(Suggested(offered), std::vector<int64_t>{invoice});
  auto joined = As(guardian, "PATCH", "/api/v1/problems/" + S(again), 200, R"({"version":1,"group_with":)" + S(invoice) + "}");
  ASSERT_TRUE(joined.is_object());
  EXPECT_EQ(joined.at("group_id"), invoice);
  EXPECT_EQ(joined.at("recurred"), bj::parse("[" + S(invoice) + "]"));
  EXPECT_EQ(joined.at("group").as_array().size(), 2u);
  auto reopened = As(guardian, "GET", path, 200);
  EXPECT_EQ(reopened.at("status"), "reopened");
  EXPECT_TRUE(reopened.at("closed_at").is_null());
  auto events = As(guardian, "GET", path + "/events", 200).at("items").as_array();
  const auto& last = events.back();
  EXPECT_EQ(last.at("type"), "recurred");
  EXPECT_NE(std::string(last.at("body").as_string()).find("after the preventive action #" + S(lock) +
                                                          " \"Lock the billing run\" was done on 2026-03-05T12:00:00Z"),
            std::string::npos)
      << last.at("body");
  // Group members are no longer offered as suggestions of one another.
  EXPECT_EQ(Suggested(As(guardian, "GET", "/api/v1/problems/" + S(again) + "/suggestions", 200)), std::vector<int64_t>{});
  auto group = As(guardian, "GET", "/api/v1/problems?status=all&group_id=" + S(invoice), 200).at("items").as_array();
  EXPECT_EQ(group.size(), 2u);
  // Grouping a record with itself, or with nothing, is refused; leaving the group works.
  EXPECT_EQ(app.Call("PATCH", "/api/v1/problems/" + S(again), R"({"version":2,"group_with":999999})", &guardian).status, 400);
  auto left = As(guardian, "PATCH", "/api/v1/problems/" + S(again), 200, R"({"version":2,"group_with":0})");
  EXPECT_TRUE(left.at("group_id").is_null());
}

TEST_P(GuardianWorkTest, TheMonthlyReportCountsTheMonthAndGoesToEachTeamsManagerAsAPdf) {
  ASSERT_TRUE(smtp.up()) << "python3-aiosmtpd is missing (scripts/install-deps.sh installs it)";
  // March 2026 (the reader's zone is UTC): a high record of Product's affecting an enterprise, an
  // ungraded one of NOC's with no organisation; one from February.
  const int64_t late = Record("Late visit", "delivery delay",
                              R"(,"team_id":)" + S(product) + R"(,"organisation_ids":[)" + S(banco) +
                                  R"(],"gravity":3,"urgency":3,"tendency":3,"cause_category":"process")");
  const int64_t steps = Record("Wrong steps", "wrong information", R"(,"team_id":)" + S(noc));
  Record("February's", "delivery delay", R"(,"reported_at":"2026-02-10T12:00:00Z")");
  const int64_t fix = Action(late, "immediate", "Send the technician", pedro, product, "2026-03-04T12:00:00Z");
  Action(steps, "immediate", "Correct the runbook", ana, noc, "2026-03-05T12:00:00Z");  // never done
  app.clock().Set(*ParseIso8601("2026-03-03T12:00:00Z"));
  As(pedro, "PATCH", "/api/v1/problem-actions/" + S(fix), 200, R"({"version":1,"status":"done","evidence":"Visited"})");

  app.clock().Set(*ParseIso8601("2026-04-02T12:00:00Z"));
  auto r = As(guardian, "GET", "/api/v1/guardian/reports/monthly?month=2026-03", 200);
  ASSERT_TRUE(r.is_object());
  EXPECT_EQ(r.at("month"), "2026-03");
  EXPECT_EQ(r.at("recorded"), 2);
  EXPECT_EQ(r.at("closed"), 0);
  EXPECT_EQ(r.at("open_at_end"), 3);
  EXPECT_EQ(r.at("by_error_category"),
            bj::parse(R"([{"key":"delivery delay","id":null,"count":1},{"key":"wrong information","id":null,"count":1}])"));
  EXPECT_EQ(r.at("by_team"), bj::parse(R"([{"key":"NOC","id":)" + S(noc) + R"(,"count":1},{"key":"Product","id":)" +
                                       S(product) + R"(,"count":1}])"));
  EXPECT_EQ(r.at("by_segment"), bj::parse(R"([{"key":"","id":null,"count":1},{"key":"enterprise","id":null,"count":1}])"));
  EXPECT_EQ(r.at("by_level"), bj::parse(R"([{"key":"","id":null,"count":1},{"key":"high","id":null,"count":1}])"));
  EXPECT_EQ(r.at("trend").as_array().size(), 12u);
  EXPECT_EQ(r.at("trend").as_array()[10], bj::parse(R"({"month":"2026-02","recorded":1,"closed":0})"));
  EXPECT_EQ(r.at("trend").as_array()[11], bj::parse(R"({"month":"2026-03","recorded":2,"closed":0})"));
  // Two actions due in March: one done on time, one still open 28 days after its due date.
  EXPECT_EQ(r.at("actions"), bj::parse(R"({"due":2,"done_on_time":1,"done_late":0,"open_late":1,"cancelled":0,)"
                                       R"("on_time_percent":5E1,"average_days_late":2.8E1})"));
  EXPECT_EQ(r.at("fixed"), 1);
  EXPECT_EQ(r.at("average_days_to_fix"), 1.0);
  EXPECT_EQ(r.at("prevented"), 0);
  EXPECT_TRUE(r.at("average_days_to_prevention").is_null());
  // Every field is queryable: the list by segment, GUT level, reporter and reported dates.
  auto ids = [&](const std::string& query) {
    std::vector<int64_t> out;
    auto list = As(guardian, "GET", "/api/v1/problems?status=all" + query, 200);
    if (list.is_object()) {
      for (const auto& p : list.at("items").as_array()) out.push_back(p.at("id").as_int64());
    }
    return out;
  };
  EXPECT_EQ(ids("&segment=enterprise"), std::vector<int64_t>{late});
  EXPECT_EQ(ids("&level=high"), std::vector<int64_t>{late});
  EXPECT_EQ(ids("&level=low"), std::vector<int64_t>{});
  EXPECT_EQ(ids("&reported_from=2026-03-01T00:00:00Z&reported_to=2026-04-01T00:00:00Z"), (std::vector<int64_t>{steps, late}));
  EXPECT_EQ(ids("&reported_to=2026-03-01T00:00:00Z").size(), 1u);  // February's
  EXPECT_EQ(ids("&reporter_user_id=" + S(guardian.actor.id)).size(), 3u);
  EXPECT_EQ(ids("&reporter_user_id=" + S(ana.actor.id)), std::vector<int64_t>{});
  EXPECT_EQ(app.Call("GET", "/api/v1/problems?level=catastrophic", "", &guardian).status, 400);
  EXPECT_EQ(app.Call("GET", "/api/v1/problems?segment=huge", "", &guardian).status, 400);
  // Without a month: the last full one. A team's report: its records and the actions it does.
  EXPECT_EQ(As(guardian, "GET", "/api/v1/guardian/reports/monthly", 200).at("month"), "2026-03");
  auto team = As(guardian, "GET", "/api/v1/guardian/reports/monthly?month=2026-03&team_id=" + S(noc), 200);
  EXPECT_EQ(team.at("team").at("name"), "NOC");
  EXPECT_EQ(team.at("recorded"), 1);
  EXPECT_EQ(team.at("actions").at("due"), 1);
  EXPECT_EQ(team.at("actions").at("open_late"), 1);
  EXPECT_EQ(app.Call("GET", "/api/v1/guardian/reports/monthly", "", &ana).status, 403);
  EXPECT_EQ(app.Call("GET", "/api/v1/guardian/reports/monthly", "", &carla).status, 403);
  EXPECT_EQ(app.Call("GET", "/api/v1/guardian/reports/monthly?month=2026-13", "", &guardian).status, 400);

  // The PDF: its text is the report's.
  auto pdf = app.Call("GET", "/api/v1/guardian/reports/monthly?month=2026-03&format=pdf", "", &guardian);
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
  const std::string pdf_path = dir.path() + "/report.pdf";
  std::ofstream(pdf_path, std::ios::binary) << pdf.body;
  std::string text;
  if (FILE* p = popen(("pdftotext -layout " + pdf_path + " -").c_str(), "r")) {
    char buf[4096];
    for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) text.append(buf, n);
    pclose(p);
  }
  for (const char* s : {"Customer guardian — monthly report", "March 2026", "company-wide", "By error category",
                        "wrong information", "Actions due this month", "The last 12 months"}) {
    EXPECT_NE(text.find(s), std::string::npos) << s << " in\n" << text;
  }

  // Each team's manager gets the team's PDF; a team without one is named as skipped.
  auto mario = app.Staff("mario.manager@farol.test", domain::Role::kManager);
  As(admin, "PATCH", "/api/v1/teams/" + S(noc), 200, R"({"manager_id":)" + S(mario.actor.id) + "}");
  EXPECT_EQ(app.Call("POST", "/api/v1/guardian/reports/monthly/send", R"({"month":"2026-03"})", &csm).status, 403);
  auto sent = As(guardian, "POST", "/api/v1/guardian/reports/monthly/send", 202, R"({"month":"2026-03"})");
  EXPECT_EQ(sent.at("sent"), bj::parse(R"([{"team":"NOC","to":"mario.manager@farol.test"}])"));
  ASSERT_EQ(sent.at("skipped").as_array().size(), 1u);
  EXPECT_EQ(sent.at("skipped").as_array()[0].at("team"), "Product");
  jobs::CurlSenderOptions o;
  o.smtp.url = "smtp://127.0.0.1:" + S(smtp.port());
  o.smtp.from = "suporte@farol.test";
  jobs::CurlSender sender(o);
  auto delivered = app.app().alerts().DeliverDue(sender);
  ASSERT_TRUE(delivered.ok()) << delivered.status().ToString();
  EXPECT_EQ(delivered->sent, 1);
  const auto mails = smtp.Messages();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails[0].find("mario.manager@farol.test"), std::string::npos);
  EXPECT_NE(mails[0].find("application/pdf"), std::string::npos);
  EXPECT_NE(mails[0].find("guardian-2026-03-NOC.pdf"), std::string::npos) << mails[0].substr(0, 2000);
  EXPECT_NE(mails[0].find("team NOC"), std::string::npos);
}

// An apology Bcc'd to the guardian's inbox: uploaded as an .eml, and taken in from an apology
// mailbox by the mail intake; each message once.
TEST_P(GuardianWorkTest, AnApologyEmailBecomesARecordWithItsThreadOnce) {
  const std::string eml =
      "From: Gina Guardian <gina.guardian@farol.test>\r\n"
      "To: Carla <carla@bancohorizonte.com.br>\r\n"
      "Cc: someone@elsewhere.example\r\n"
      "Subject: RE: Fwd: =?UTF-8?Q?Desculpas_pelo_atraso_na_instala=C3=A7=C3=A3o?=\r\n"
      "Date: Mon, 02 Mar 2026 09:30:00 -0300\r\n"
      "Message-ID: <apology-1@farol.test>\r\n"
      "MIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
      "--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
      "Carla, pedimos desculpas: o t\xC3\xA9" "cnico chegou tr\xC3\xAAs horas atrasado.\r\n\r\n"
      "> Ningu\xC3\xA9m veio na hora marcada.\r\n"
      "--b1\r\nContent-Type: text/plain; name=\"visit-log.txt\"\r\nContent-Disposition: attachment; "
      "filename=\"visit-log.txt\"\r\n\r\nArrived 12:31, expected 09:30.\r\n--b1--\r\n";
  auto made = As(guardian, "POST", "/api/v1/problems/from-email", 201, eml);
  ASSERT_TRUE(made.is_object());
  const int64_t id = made.at("id").as_int64();
  EXPECT_EQ(made.at("title"), "Desculpas pelo atraso na instalação");
  EXPECT_EQ(made.at("status"), "new");
  EXPECT_EQ(made.at("reporter").at("name"), "gina.guardian");
  EXPECT_EQ(made.at("organisation_ids"), bj::parse("[" + S(banco) + "]"));
  const std::string description(made.at("description").as_string());
  EXPECT_EQ(description.rfind("From: Gina Guardian <gina.guardian@farol.test>\nTo: Carla <carla@bancohorizonte.com.br>\n"
                              "Cc: someone@elsewhere.example\nDate: 2026-03-02T12:30:00Z\n\n", 0),
            0u)
      << description;
  EXPECT_NE(description.find("o técnico chegou três horas atrasado"), std::string::npos) << description;
  EXPECT_NE(description.find("> Ninguém veio na hora marcada."), std::string::npos) << description;
  const auto files = made.at("files").as_array();
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].at("filename"), "apology.eml");
  EXPECT_EQ(files[0].at("content_type"), "message/rfc822");
  EXPECT_EQ(files[1].at("filename"), "visit-log.txt");
  auto original = app.Call("GET", "/api/v1/problem-files/" + S(files[0].at("id").as_int64()), "", &guardian);
  ASSERT_EQ(original.status, 200);
  std::ifstream in(original.file_path, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), eml) << "the whole message, thread and all";
  EXPECT_EQ(EventTypes(id), (std::vector<std::string>{"created", "attachment_added", "attachment_added"}));
  // Found by the suggestions like any record.
  auto alike = As(guardian, "POST", "/api/v1/guardian/suggest", 200,
                  R"({"text":"O técnico chegou três horas atrasado na instalação; pedimos desculpas à Carla"})");
  EXPECT_EQ(Suggested(alike), std::vector<int64_t>{id});

  // The same message again: its record, not a second one.
  auto again = As(guardian, "POST", "/api/v1/problems/from-email", 200, eml);
  EXPECT_EQ(again.at("id"), id);
  EXPECT_EQ(As(guardian, "GET", "/api/v1/problems?status=all", 200).at("items").as_array().size(), 1u);
  // Nothing readable, an agent, a customer: refused, nothing recorded.
  EXPECT_EQ(app.Call("POST", "/api/v1/problems/from-email", "", &guardian).status, 400);
  EXPECT_EQ(app.Call("POST", "/api/v1/problems/from-email", eml, &ana).status, 403);
  EXPECT_EQ(app.Call("POST", "/api/v1/problems/from-email", eml, &carla).status, 403);

  // An apology mailbox: the mail intake hands each readable message to the guardian, once.
  app::MailboxRoute inbox;
  inbox.name = "apologies";
  inbox.apology = true;
  const std::string bcc = "From: Ana <ana.agent@farol.test>\r\nTo: carla@bancohorizonte.com.br\r\n"
                          "Subject: Sorry about\x07 the wrong VPN steps\r\nMessage-ID: <apology-2@farol.test>\r\n\r\n"
                          "We gave you the wrong steps yesterday; here are the right ones.\r\n";
  auto taken = app.app().mail().Take(inbox, bcc);
  ASSERT_TRUE(taken.ok()) << taken.status().ToString();
  EXPECT_EQ(taken->outcome, app::MailOutcome::kProblem);
  ASSERT_GT(taken->problem_id, 0);
  auto second = As(guardian, "GET", "/api/v1/problems/" + S(taken->problem_id), 200);
  EXPECT_EQ(second.at("title"), "Sorry about the wrong VPN steps") << "control characters dropped";
  EXPECT_EQ(second.at("reporter").at("name"), "ana.agent");
  auto retaken = app.app().mail().Take(inbox, bcc);
  ASSERT_TRUE(retaken.ok());
  EXPECT_EQ(retaken->problem_id, taken->problem_id);
  EXPECT_EQ(retaken->reason, "already recorded");
  EXPECT_EQ(As(guardian, "GET", "/api/v1/problems?status=all", 200).at("items").as_array().size(), 2u);
  // A ticket mailbox still opens tickets.
  app::MailboxRoute support;
  support.name = "support";
  auto ticket = app.app().mail().Take(support, "From: carla@bancohorizonte.com.br\r\nTo: support@farol.test\r\n"
                                               "Subject: Link down\r\nMessage-ID: <t-1@banco.example>\r\n\r\nHelp\r\n");
  ASSERT_TRUE(ticket.ok());
  EXPECT_EQ(ticket->outcome, app::MailOutcome::kTicket);
}

INSTANTIATE_TEST_SUITE_P(Backends, GuardianWorkTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace guardian_work_test
}  // namespace farol::testing
