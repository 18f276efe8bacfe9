// The `farol` command line, run as a real process on a temporary database.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <date/date.h>
#include <filesystem>
#include <fstream>
#include <regex>

#include "testing/http_client.h"
#include "testing/test_env.h"

namespace farol::testing {
namespace {

class CliTest : public ::testing::Test {
 protected:
  std::pair<int, std::string> Farol(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), FAROL_BINARY);
    args.push_back("--database");
    args.push_back(db);
    args.push_back("--attachments");
    args.push_back(dir.path() + "/files");
    return RunCommand(args, input, {{"FAROL_ADMIN_EMAIL", "root@farol.test"}});
  }
  TempDir dir;
  const std::string db = "sqlite:" + dir.path() + "/farol.db";
};

TEST_F(CliTest, HelpIsThereForEverySubcommand) {
  for (const std::vector<std::string>& cmd : std::vector<std::vector<std::string>>{
           {"--help"}, {"serve", "--help"}, {"migrate", "--help"}, {"user", "add", "--help"}, {"demo", "--help"},
           {"api", "--help"}, {"ticket", "create", "--help"}, {"sla", "simulate", "--help"}}) {
    std::vector<std::string> args = {FAROL_BINARY};
    args.insert(args.end(), cmd.begin(), cmd.end());
    auto [code, out] = RunCommand(args);
    EXPECT_EQ(code, 0) << cmd[0] << out;
    EXPECT_NE(out.find("Usage"), std::string::npos) << out;
  }
  auto [code, out] = RunCommand({FAROL_BINARY, "frobnicate"});
  EXPECT_NE(code, 0);
}

TEST_F(CliTest, SlaSimulateAnswersTheIssuesExampleWithoutADatabase) {
  const std::string week = R"({"mon":[["08:00","12:00"],["13:00","18:00"]],"tue":[["08:00","12:00"],["13:00","18:00"]],)"
                           R"("wed":[["08:00","12:00"],["13:00","18:00"]],"thu":[["08:00","12:00"],["13:00","18:00"]],)"
                           R"("fri":[["08:00","12:00"],["13:00","18:00"]],"sat":[],"sun":[]})";
  const std::string scenario =
      R"({"calendar":{"timezone":"America/Sao_Paulo","week":)" + week + R"(,"holidays":["2026-11-20"]},)"
      R"("targets":{"first_response_minutes":120,"resolution_minutes":960},"pause_statuses":["pending_customer"],)"
      R"("warn_at_percent":80,"events":[{"at":"2026-11-19T20:30:00Z","type":"created","status":"new"},)"
      R"({"at":"2026-11-23T12:00:00Z","type":"public_reply"},)"
      R"({"at":"2026-11-23T12:00:00Z","type":"status","status":"pending_customer"},)"
      R"({"at":"2026-11-23T17:00:00Z","type":"status","status":"open"}],"now":"2026-11-24T12:00:00Z"})";
  const auto expected = boost::json::parse(
      R"({"first_response":{"state":"met","due":null,"elapsed_seconds":5400,"breached":false},)"
      R"("resolution":{"state":"running","due":"2026-11-25T12:30:00Z","warn_at":"2026-11-24T19:18:00Z",)"
      R"("elapsed_seconds":23400,"paused_seconds":14400,"breached":false}})");
  // From standard input, with no --database and no configuration: nothing is opened or created.
  auto [code, out] = RunCommand({FAROL_BINARY, "sla", "simulate", "-"}, scenario);
  ASSERT_EQ(code, 0) << out;
  EXPECT_EQ(boost::json::parse(out), expected);
  // From a file; an array gives an array.
  const std::string file = dir.path() + "/scenarios.json";
  std::ofstream(file) << "[" << scenario << "," << scenario << "]";
  std::tie(code, out) = RunCommand({FAROL_BINARY, "sla", "simulate", file});
  ASSERT_EQ(code, 0) << out;
  EXPECT_EQ(boost::json::parse(out), (boost::json::array{expected, expected}));
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/farol.db"));
  // A bad scenario: exit code 2 and the problems in words.
  std::tie(code, out) = RunCommand({FAROL_BINARY, "sla", "simulate", "-"}, R"({"calendar":{"timezone":"Nowhere/Land"}})");
  EXPECT_EQ(code, 2);
  EXPECT_NE(out.find("calendar.timezone: is not a known IANA time zone"), std::string::npos) << out;
  EXPECT_NE(out.find("events: is required"), std::string::npos) << out;
  std::tie(code, out) = RunCommand({FAROL_BINARY, "sla", "simulate", dir.path() + "/missing.json"});
  EXPECT_EQ(code, 2);
  EXPECT_NE(out.find("Cannot read"), std::string::npos) << out;
}

TEST_F(CliTest, HolidaySetsAreImportedIntoTheSlaCalendar) {
  ASSERT_EQ(Farol({"migrate"}).first, 0);
  ASSERT_EQ(Farol({"user", "add", "--email", "root@farol.test", "--name", "Root", "--role", "admin", "--password-stdin"},
                  "a very long password\n").first, 0);
  const std::string file = std::string(FAROL_SOURCE_DIR) + "/docs/examples/holidays-br.txt";
  auto [code, out] = Farol({"sla", "holidays", file});
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("17 holiday(s) added; calendar \"Default calendar\" now has 17, for tickets opened from now on."), std::string::npos) << out;
  std::tie(code, out) = Farol({"sla", "holidays", "-"}, "12-25 Natal\n2028-02-29 Leap\n");
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("1 holiday(s) added; calendar \"Default calendar\" now has 18"), std::string::npos) << out;
  // The calendar the API serves has them; another calendar gets its own.
  std::tie(code, out) = Farol({"api", "POST", "/api/v1/calendars", "-d",
                               R"({"name":"Recife office","timezone":"America/Recife","always_open":true})"});
  ASSERT_EQ(code, 0) << out;
  std::tie(code, out) = Farol({"sla", "holidays", "--calendar", "2", "-"}, "06-24 São João\n");
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("calendar \"Recife office\" now has 1"), std::string::npos) << out;
  std::tie(code, out) = Farol({"sla", "holidays", "--calendar", "99", "-"}, "06-24\n");
  EXPECT_NE(code, 0) << out;
  EXPECT_NE(out.find("Calendar #99 was not found"), std::string::npos) << out;
  std::tie(code, out) = Farol({"api", "GET", "/api/v1/settings/sla-policy"});
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("\"2026-02-17\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"11-20\""), std::string::npos) << out;
  // A bad line names itself and changes nothing.
  std::tie(code, out) = Farol({"sla", "holidays", "--replace", "-"}, "2026-11-20\n20/11/2026\n");
  EXPECT_EQ(code, 2);
  EXPECT_NE(out.find("line 2"), std::string::npos) << out;
  // A set larger than a calendar holds is refused as a whole.
  std::string huge;
  for (int y = 2030; y < 2050; ++y) {
    for (int d = 1; d <= 365; ++d) {
      char line[16];
      const auto date = date::year_month_day(date::sys_days(date::year(y) / 1 / 1) + date::days(d - 1));
      std::snprintf(line, sizeof line, "%04d-%02u-%02u\n", int(date.year()), unsigned(date.month()), unsigned(date.day()));
      huge += line;
    }
  }
  std::tie(code, out) = Farol({"sla", "holidays", "-"}, huge);
  EXPECT_EQ(code, 2) << out;
  EXPECT_NE(out.find("holds at most 5000 dates"), std::string::npos) << out;
  std::tie(code, out) = Farol({"sla", "holidays", "--replace", "-"}, "12-25\n");
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("now has 1, for tickets"), std::string::npos) << out;

  // An open ticket keeps its calendar version until the edited calendar is re-applied to it.
  std::tie(code, out) = Farol({"api", "POST", "/api/v1/organisations", "-d", R"({"name":"Acme"})"});
  ASSERT_EQ(code, 0) << out;
  std::tie(code, out) = Farol({"ticket", "create", "--org", "1", "--subject", "VPN down"});
  ASSERT_EQ(code, 0) << out;
  std::tie(code, out) = Farol({"sla", "holidays", "-"}, "01-01 Ano Novo\n");
  ASSERT_EQ(code, 0) << out;
  std::tie(code, out) = Farol({"sla", "reapply", "1", "--reason", "New Year was missing"});
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("re-applied to 1 open ticket(s)"), std::string::npos) << out;
  EXPECT_NE(out.find("open tickets looked at"), std::string::npos) << out;  // the progress bar
  std::tie(code, out) = Farol({"api", "GET", "/api/v1/tickets/1001/events"});
  EXPECT_NE(out.find("New Year was missing"), std::string::npos) << out;
  std::tie(code, out) = Farol({"sla", "reapply", "1"});
  EXPECT_NE(code, 0) << "a reason is required: " << out;
}

TEST_F(CliTest, UsersAreManagedFromTheCommandLine) {
  ASSERT_EQ(Farol({"migrate"}).first, 0);
  auto [code, out] = Farol({"user", "add", "--email", "root@farol.test", "--name", "Root", "--role", "admin",
                            "--password-stdin"},
                           "a very long password\n");
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("Created root@farol.test"), std::string::npos);
  std::tie(code, out) = Farol({"user", "add", "--email", "ana@farol.test", "--name", "Ana", "--tier", "N2"});
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("One-time password: "), std::string::npos) << "no password given: one is generated";
  std::tie(code, out) = Farol({"user", "add", "--email", "ana@farol.test", "--name", "Ana again"});
  EXPECT_NE(code, 0);
  EXPECT_NE(out.find("already exists"), std::string::npos) << out;
  std::tie(code, out) = Farol({"user", "add", "--email", "x@farol.test", "--name", "X", "--role", "wizard"});
  EXPECT_NE(code, 0);
  EXPECT_NE(out.find("must be one of agent"), std::string::npos) << out;
  std::tie(code, out) = Farol({"user", "list"});
  ASSERT_EQ(code, 0);
  EXPECT_NE(out.find("root@farol.test"), std::string::npos);
  EXPECT_NE(out.find("ana@farol.test"), std::string::npos);
  EXPECT_NE(out.find("N2"), std::string::npos);
  std::tie(code, out) = Farol({"user", "passwd", "ana@farol.test", "--password-stdin"}, "another long password\n");
  EXPECT_EQ(code, 0) << out;
  std::tie(code, out) = Farol({"user", "passwd", "nobody@farol.test"});
  EXPECT_NE(code, 0);
  EXPECT_NE(out.find("no staff user"), std::string::npos) << out;
}

TEST_F(CliTest, TheWholeTicketLifeCycleFromTheCommandLine) {
  ASSERT_EQ(Farol({"migrate"}).first, 0);
  ASSERT_EQ(Farol({"user", "add", "--email", "root@farol.test", "--name", "Root", "--role", "admin"}).first, 0);
  auto [code, out] = Farol({"api", "POST", "/api/v1/organisations", "-d", R"({"name":"Acme","employee_count":300})"});
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("\"segment\": \"mid_market\""), std::string::npos) << out;
  std::tie(code, out) = Farol({"ticket", "create", "--org", "1", "--subject", "VPN down", "--impact", "high",
                               "--urgency", "high"});
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("#1001"), std::string::npos) << out;
  EXPECT_NE(out.find("P1"), std::string::npos) << out;
  std::tie(code, out) = Farol({"ticket", "reply", "1001", "--body", "Checking now", "--status", "pending_customer"});
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("pending_customer"), std::string::npos);
  std::tie(code, out) = Farol({"ticket", "note", "1001", "--body", "carrier ticket 77"});
  ASSERT_EQ(code, 0) << out;
  std::tie(code, out) = Farol({"ticket", "escalate", "1001", "--reason", "needs N2"});
  ASSERT_EQ(code, 0) << out;
  std::tie(code, out) = Farol({"ticket", "update", "1001", "--status", "resolved", "--tags", "vpn,carrier"});
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("resolved"), std::string::npos);
  std::tie(code, out) = Farol({"ticket", "show", "1001"});
  ASSERT_EQ(code, 0) << out;
  for (const char* expected : {"VPN down", "public_reply", "internal_note", "escalated", "carrier ticket 77",
                               "status_changed: pending_customer -> resolved", "needs N2"}) {
    EXPECT_NE(out.find(expected), std::string::npos) << expected << "\n" << out;
  }
  std::tie(code, out) = Farol({"ticket", "list", "--status", "resolved"});
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("1 tickets"), std::string::npos) << out;
  std::tie(code, out) = Farol({"ticket", "list", "--q", "vpn", "--json"});
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("\"items\""), std::string::npos);
  // Errors are plain words and a non-zero exit.
  std::tie(code, out) = Farol({"ticket", "update", "1001", "--status", "new"});
  EXPECT_NE(code, 0);
  EXPECT_NE(out.find("cannot go back to new"), std::string::npos) << out;
  std::tie(code, out) = Farol({"ticket", "show", "4242"});
  EXPECT_NE(code, 0);
  EXPECT_NE(out.find("not found"), std::string::npos) << out;
  std::tie(code, out) = Farol({"api", "POST", "/api/v1/tickets", "-d", R"({"subject":5})"});
  EXPECT_EQ(code, 2);
  EXPECT_NE(out.find("subject: must be a string"), std::string::npos) << out;
  std::tie(code, out) = Farol({"ticket", "list", "--as", "nobody@farol.test"});
  EXPECT_NE(code, 0);
  EXPECT_NE(out.find("Nobody"), std::string::npos) << out;
}

TEST_F(CliTest, DemoDataWorksForAnySeed) {
  // Seed 1 once drew a generated agent with a fixed demo person's name (a duplicate e-mail).
  for (const char* seed : {"1", "2", "3", "4", "5"}) {
    TempDir fresh;
    auto [code, out] = RunCommand({FAROL_BINARY, "demo", "--tickets", "20", "--seed", seed, "--database",
                                   "sqlite:" + fresh.path() + "/farol.db", "--attachments", fresh.path() + "/files"});
    EXPECT_EQ(code, 0) << "seed " << seed << ": " << out;
  }
}

TEST_F(CliTest, DemoDataIsDeterministicAndRefusesToMixWithRealData) {
  const std::vector<std::string> demo = {"demo", "--tickets", "300", "--seed", "7", "--until", "2026-11-22T12:00:00Z"};
  auto [code, out] = Farol(demo);
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("30 organisations"), std::string::npos) << out;
  EXPECT_NE(out.find("300 tickets"), std::string::npos) << out;
  const std::vector<std::string> dump = {"api", "GET", "/api/v1/tickets?sort=number&order=asc&limit=200",
                                         "--as", "admin@farolnet.example"};
  auto first = Farol(dump);
  ASSERT_EQ(first.first, 0) << first.second;
  // Same seed, another database: byte-identical tickets.
  TempDir other;
  auto [c2, o2] = RunCommand({FAROL_BINARY, "demo", "--tickets", "300", "--seed", "7", "--until", "2026-11-22T12:00:00Z",
                              "--database", "sqlite:" + other.path() + "/farol.db"});
  ASSERT_EQ(c2, 0) << o2;
  auto second = RunCommand({FAROL_BINARY, "api", "GET", "/api/v1/tickets?sort=number&order=asc&limit=200", "--as",
                            "admin@farolnet.example", "--database", "sqlite:" + other.path() + "/farol.db"});
  EXPECT_EQ(first.second, second.second);
  // Every demo ticket is consistent with its own timeline and realistic in shape.
  EXPECT_NE(first.second.find("\"status\": \"closed\""), std::string::npos);
  EXPECT_NE(first.second.find("\"status\": \"open\""), std::string::npos) << "recent tickets are still open";
  EXPECT_NE(first.second.find("\"tier\": \"N2\""), std::string::npos) << "some were escalated";
  EXPECT_NE(first.second.find("\"stars\""), std::string::npos) << "some were rated";
  // The demo's open tickets get their SLA state computed (quietly) before anyone serves them;
  // a second backfill finds nothing left to do.
  std::tie(code, out) = Farol({"sla", "backfill"});
  ASSERT_EQ(code, 0) << out;
  std::smatch n;
  ASSERT_TRUE(std::regex_search(out, n, std::regex(R"(SLA state computed for (\d+) open ticket)"))) << out;
  EXPECT_GT(std::stoi(n[1].str()), 0) << out;
  std::tie(code, out) = Farol({"sla", "backfill"});
  EXPECT_NE(out.find("SLA state computed for 0 open ticket(s)."), std::string::npos) << out;
  // A second run refuses (or, with --if-empty, does nothing) instead of mixing data.
  std::tie(code, out) = Farol(demo);
  EXPECT_NE(code, 0);
  EXPECT_NE(out.find("already holds"), std::string::npos) << out;
  auto again = demo;
  again.push_back("--if-empty");
  std::tie(code, out) = Farol(again);
  EXPECT_EQ(code, 0) << out;
  // Demo staff and portal contacts can sign in with the documented password.
  ServerProcess s(FAROL_BINARY, {"--listen", "127.0.0.1:0", "--database", db, "--attachments", dir.path() + "/files"});
  ASSERT_TRUE(s.started()) << s.output();
  HttpClient c("127.0.0.1", s.port());
  EXPECT_EQ(c.Request("POST", "/api/v1/auth/login", R"({"email":"ana.souza@farolnet.example","password":"farol-demo-2026"})")
                .status,
            200);
  auto [lc, contacts] = Farol({"user", "list", "--contacts"});
  std::smatch m;
  ASSERT_TRUE(std::regex_search(contacts, m, std::regex(R"(([a-z0-9.]+@[a-z0-9.-]+\.example)\s+.*manager contact)")))
      << contacts;
  EXPECT_EQ(c.Request("POST", "/api/v1/auth/login", R"({"email":")" + m[1].str() + R"(","password":"farol-demo-2026"})")
                .status,
            200);
}

}  // namespace
}  // namespace farol::testing
