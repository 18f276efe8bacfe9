// Tests of the real `farol` binary over loopback: start-up, configuration, keep-alive, limits,
// timeouts, graceful shutdown, durability across kill -9, and migrations.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "testing/http_client.h"
#include "testing/test_env.h"

namespace farol::testing {
namespace {

namespace bj = boost::json;
constexpr const char* kAdminPassword = "admin-password-for-tests";

std::vector<std::string> Args(const TempDir& dir, std::vector<std::string> extra = {}) {
  std::vector<std::string> a = {"--listen", "127.0.0.1:0", "--database", "sqlite:" + dir.path() + "/farol.db",
                                "--attachments", dir.path() + "/files", "--log-level", "warn"};
  // No web app unless a test builds one: whatever the working directory holds must not matter.
  if (std::find(extra.begin(), extra.end(), "--web-root") == extra.end()) {
    a.insert(a.end(), {"--web-root", dir.path() + "/no-web-app"});
  }
  a.insert(a.end(), extra.begin(), extra.end());
  return a;
}

std::vector<std::pair<std::string, std::string>> Env() {
  return {{"FAROL_ADMIN_PASSWORD", kAdminPassword}, {"FAROL_ADMIN_EMAIL", "admin@test.example"}};
}

// Signs in as the admin and returns an API token (Bearer) for the rest of the test.
std::string AdminToken(HttpClient& c) {
  Reply login = c.Request("POST", "/api/v1/auth/login",
                          R"({"email":"admin@test.example","password":")" + std::string(kAdminPassword) + R"("})");
  EXPECT_EQ(login.status, 200) << login.body << login.error;
  const std::string* cookie = login.Header("set-cookie");
  EXPECT_NE(cookie, nullptr);
  if (!cookie) return "";
  const std::string session = cookie->substr(0, cookie->find(';'));
  const std::string csrf(bj::parse(login.body).at("csrf_token").as_string());
  Reply token = c.Request("POST", "/api/v1/auth/tokens", R"({"name":"tests"})",
                          {{"cookie", session}, {"x-csrf-token", csrf}});
  EXPECT_EQ(token.status, 201) << token.body;
  return "Bearer " + std::string(bj::parse(token.body).at("token").as_string());
}

int64_t CreateOrg(HttpClient& c, const std::string& auth, const std::string& name) {
  Reply r = c.Request("POST", "/api/v1/organisations", R"({"name":")" + name + R"(","employee_count":250})",
                      {{"authorization", auth}});
  EXPECT_EQ(r.status, 201) << r.body;
  return bj::parse(r.body).at("id").as_int64();
}

TEST(ServerTest, StartsFastAnswersHealthAndCreatesTheFirstAdminOnce) {
  TempDir dir;
  ServerProcess s(FAROL_BINARY, Args(dir), {});
  ASSERT_TRUE(s.started()) << s.output();
  EXPECT_NE(s.output().find("created the admin admin@farol.local with the one-time password"), std::string::npos)
      << s.output();
  HttpClient c("127.0.0.1", s.port());
  EXPECT_EQ(c.Request("GET", "/healthz").status, 200);
  Reply ready = c.Request("GET", "/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_NE(ready.body.find("sqlite"), std::string::npos);
  s.Signal(SIGTERM);
  EXPECT_EQ(s.Wait(), 0) << s.output();
  // Second start: no new admin, no password printed.
  ServerProcess again(FAROL_BINARY, Args(dir), {});
  ASSERT_TRUE(again.started()) << again.output();
  EXPECT_EQ(again.output().find("one-time password"), std::string::npos) << again.output();
}

TEST(ServerTest, GeneratedAdminPasswordMustBeChangedBeforeAnythingElse) {
  TempDir dir;
  ServerProcess s(FAROL_BINARY, Args(dir), {});
  ASSERT_TRUE(s.started()) << s.output();
  const std::string out = s.output();
  const size_t at = out.find("one-time password ");
  ASSERT_NE(at, std::string::npos);
  const std::string pw = out.substr(at + 18, out.find('\n', at) - at - 18);
  HttpClient c("127.0.0.1", s.port());
  Reply login = c.Request("POST", "/api/v1/auth/login", R"({"email":"admin@farol.local","password":")" + pw + R"("})");
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_TRUE(bj::parse(login.body).at("must_change_password").as_bool());
  const std::string cookie = login.Header("set-cookie")->substr(0, login.Header("set-cookie")->find(';'));
  const std::string csrf(bj::parse(login.body).at("csrf_token").as_string());
  Reply blocked = c.Request("GET", "/api/v1/tickets", "", {{"cookie", cookie}});
  EXPECT_EQ(blocked.status, 403);
  EXPECT_NE(blocked.body.find("change your password"), std::string::npos);
  Reply changed = c.Request("POST", "/api/v1/auth/password",
                            R"({"current_password":")" + pw + R"(","new_password":"a much better password"})",
                            {{"cookie", cookie}, {"x-csrf-token", csrf}});
  EXPECT_EQ(changed.status, 204) << changed.body;
  EXPECT_EQ(c.Request("GET", "/api/v1/tickets", "", {{"cookie", cookie}}).status, 200);
}

TEST(ServerTest, CookieWritesNeedTheCsrfTokenAndCookiesAreHardened) {
  TempDir dir;
  ServerProcess s(FAROL_BINARY, Args(dir), Env());
  ASSERT_TRUE(s.started()) << s.output();
  HttpClient c("127.0.0.1", s.port());
  Reply login = c.Request("POST", "/api/v1/auth/login",
                          R"({"email":"admin@test.example","password":")" + std::string(kAdminPassword) + R"("})");
  ASSERT_EQ(login.status, 200);
  const std::string set_cookie = *login.Header("set-cookie");
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set_cookie.find("SameSite=Lax"), std::string::npos);
  EXPECT_EQ(set_cookie.find("Secure"), std::string::npos) << "not behind TLS by default";
  Reply behind_proxy = c.Request("POST", "/api/v1/auth/login",
                                 R"({"email":"admin@test.example","password":")" + std::string(kAdminPassword) + R"("})",
                                 {{"x-forwarded-proto", "https"}});
  EXPECT_NE(behind_proxy.Header("set-cookie")->find("; Secure"), std::string::npos) << "behind a TLS proxy";
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  Reply no_csrf = c.Request("POST", "/api/v1/organisations", R"({"name":"Acme"})", {{"cookie", cookie}});
  EXPECT_EQ(no_csrf.status, 403);
  EXPECT_NE(no_csrf.body.find("CSRF"), std::string::npos);
  Reply wrong_csrf = c.Request("POST", "/api/v1/organisations", R"({"name":"Acme"})",
                               {{"cookie", cookie}, {"x-csrf-token", "nope"}});
  EXPECT_EQ(wrong_csrf.status, 403);
  // Nothing was created by the refused requests.
  Reply list = c.Request("GET", "/api/v1/organisations", "", {{"cookie", cookie}});
  EXPECT_EQ(bj::parse(list.body).at("items").as_array().size(), 0u);
  // Logging out ends the session server-side.
  const std::string csrf(bj::parse(login.body).at("csrf_token").as_string());
  EXPECT_EQ(c.Request("POST", "/api/v1/auth/logout", "", {{"cookie", cookie}, {"x-csrf-token", csrf}}).status, 204);
  EXPECT_EQ(c.Request("GET", "/api/v1/auth/session", "", {{"cookie", cookie}}).status, 401);
}

TEST(ServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  TempDir dir;
  ServerProcess s(FAROL_BINARY, Args(dir), Env());
  ASSERT_TRUE(s.started()) << s.output();
  HttpClient c("127.0.0.1", s.port());
  for (int i = 0; i < 200; ++i) ASSERT_EQ(c.Request("GET", "/healthz").status, 200);
  EXPECT_EQ(c.connections(), 1);
}

TEST(ServerTest, BodyLimitsMalformedRequestsAndUnknownRoutes) {
  TempDir dir;
  ServerProcess s(FAROL_BINARY, Args(dir), {{"FAROL_ADMIN_PASSWORD", kAdminPassword},
                                            {"FAROL_ADMIN_EMAIL", "admin@test.example"},
                                            {"FAROL_MAX_ATTACHMENT_MB", "1"}});
  ASSERT_TRUE(s.started()) << s.output();
  HttpClient c("127.0.0.1", s.port());
  const std::string auth = AdminToken(c);
  const std::string big(2 * 1024 * 1024, 'x');
  Reply too_big = c.Request("POST", "/api/v1/organisations", "{\"name\":\"" + big + "\"}", {{"authorization", auth}});
  EXPECT_EQ(too_big.status, 413) << too_big.body;
  const int64_t org = CreateOrg(c, auth, "Acme");
  Reply t = c.Request("POST", "/api/v1/tickets",
                      R"({"organisation_id":)" + std::to_string(org) + R"(,"subject":"big file"})", {{"authorization", auth}});
  ASSERT_EQ(t.status, 201) << t.body;
  const std::string id = std::to_string(bj::parse(t.body).at("id").as_int64());
  Reply file_too_big = c.Request("POST", "/api/v1/tickets/" + id + "/attachments?filename=big.bin",
                                 std::string(1024 * 1024 + 1, 'a'),
                                 {{"authorization", auth}, {"content-type", "application/octet-stream"}});
  EXPECT_EQ(file_too_big.status, 413);
  Reply file_ok = c.Request("POST", "/api/v1/tickets/" + id + "/attachments?filename=ok.txt", std::string(1000, 'a'),
                            {{"authorization", auth}, {"content-type", "application/octet-stream"}});
  EXPECT_EQ(file_ok.status, 201) << file_ok.body;

  Reply garbage = c.Raw("THIS IS NOT HTTP\r\n\r\n");
  EXPECT_EQ(garbage.status, 400) << garbage.error;
  Reply bad_utf8 = c.Request("GET", "/api/v1/tickets?q=%FF%FE", "", {{"authorization", auth}});
  EXPECT_EQ(bad_utf8.status, 400);
  EXPECT_EQ(c.Request("GET", "/nope").status, 404);
  EXPECT_EQ(c.Request("DELETE", "/healthz").status, 405);
  Reply huge_header = c.Request("GET", "/healthz", "", {{"x-filler", std::string(20000, 'h')}});
  EXPECT_EQ(huge_header.status, 431);
}

// Connects and sends nothing: the server must hang up after the request timeout instead of
// holding the connection (and a thread) forever.
TEST(ServerTest, SilentClientsAreDisconnectedAfterTheTimeout) {
  TempDir dir;
  ServerProcess s(FAROL_BINARY, Args(dir), {{"FAROL_REQUEST_TIMEOUT_SECONDS", "1"}, {"FAROL_IDLE_TIMEOUT_SECONDS", "1"}});
  ASSERT_TRUE(s.started()) << s.output();
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(s.port()));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  const std::string partial = "GET /healthz HTTP/1.1\r\nHost: x\r\n";  // headers never finish
  ASSERT_EQ(write(fd, partial.data(), partial.size()), static_cast<ssize_t>(partial.size()));
  const auto start = std::chrono::steady_clock::now();
  char buf[256];
  timeval tv{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  const ssize_t n = read(fd, buf, sizeof buf);
  const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  close(fd);
  EXPECT_LE(n, 0) << "expected the connection to be closed";
  EXPECT_LT(waited, 3.0);
  EXPECT_GE(waited, 0.5);
}

// SIGTERM while a request is in flight: the request completes with a real answer, idle
// connections do not hold the shutdown, the process exits 0 and the database closes cleanly.
TEST(ServerTest, GracefulShutdownFinishesInFlightRequests) {
  TempDir dir;
  ServerProcess s(FAROL_BINARY, Args(dir), Env());
  ASSERT_TRUE(s.started()) << s.output();
  HttpClient setup("127.0.0.1", s.port());
  const std::string auth = AdminToken(setup);
  const int64_t org = CreateOrg(setup, auth, "Acme");
  HttpClient idle("127.0.0.1", s.port());
  ASSERT_EQ(idle.Request("GET", "/healthz").status, 200);  // an idle keep-alive connection stays open

  // Start a request and stop half-way through its body.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(s.port()));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  const std::string body = R"({"organisation_id":)" + std::to_string(org) + R"(,"subject":"sent during shutdown"})";
  const std::string head = "POST /api/v1/tickets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: " +
                           auth + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  const std::string first = head + body.substr(0, 10);
  ASSERT_EQ(write(fd, first.data(), first.size()), static_cast<ssize_t>(first.size()));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  s.Signal(SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const std::string rest = body.substr(10);
  ASSERT_EQ(write(fd, rest.data(), rest.size()), static_cast<ssize_t>(rest.size()));
  std::string response;
  char buf[4096];
  ssize_t n;
  timeval tv{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  while ((n = read(fd, buf, sizeof buf)) > 0) response.append(buf, static_cast<size_t>(n));
  close(fd);
  EXPECT_EQ(response.rfind("HTTP/1.1 201", 0), 0u) << response;
  EXPECT_NE(response.find("Connection: close"), std::string::npos) << response;
  EXPECT_EQ(s.Wait(5000), 0) << s.output();
  EXPECT_NE(s.output().find("stopped cleanly"), std::string::npos) << s.output();
  // A clean close checkpoints SQLite's write-ahead log into the main file.
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/farol.db-wal"));

  ServerProcess again(FAROL_BINARY, Args(dir), Env());
  ASSERT_TRUE(again.started()) << again.output();
  HttpClient c("127.0.0.1", again.port());
  Reply list = c.Request("GET", "/api/v1/tickets?q=shutdown", "", {{"authorization", auth}});
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(bj::parse(list.body).at("items").as_array().size(), 1u);
}

// The durability promise: a ticket whose creation was acknowledged survives kill -9 of the
// server, even when it was written concurrently with many others (group commit).
TEST(ServerTest, AcknowledgedTicketsSurviveKillMinus9UnderWriteLoad) {
  TempDir dir;
  std::string auth;
  int64_t org = 0;
  std::set<int64_t> acknowledged;
  std::mutex mu;
  {
    ServerProcess s(FAROL_BINARY, Args(dir), Env());
    ASSERT_TRUE(s.started()) << s.output();
    HttpClient setup("127.0.0.1", s.port());
    auth = AdminToken(setup);
    org = CreateOrg(setup, auth, "Acme");
    std::atomic<bool> stop{false};
    std::atomic<int> errors_after_kill{0};
    std::vector<std::thread> writers;
    for (int w = 0; w < 16; ++w) {
      writers.emplace_back([&, w] {
        HttpClient c("127.0.0.1", s.port());
        for (int i = 0; !stop; ++i) {
          Reply r = c.Request("POST", "/api/v1/tickets",
                              R"({"organisation_id":)" + std::to_string(org) + R"(,"subject":"load )" +
                                  std::to_string(w) + "-" + std::to_string(i) + R"("})",
                              {{"authorization", auth}});
          if (r.status == 201) {
            std::lock_guard lock(mu);
            acknowledged.insert(bj::parse(r.body).at("id").as_int64());
          } else {
            ++errors_after_kill;
            if (!r.error.empty()) return;  // the server is gone
          }
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    s.Signal(SIGKILL);
    stop = true;
    for (auto& t : writers) t.join();
    EXPECT_EQ(s.Wait(), -SIGKILL);
  }
  ASSERT_GT(acknowledged.size(), 200u) << "the load was too light to mean anything";
  std::printf("%zu tickets were acknowledged before kill -9\n", acknowledged.size());
  ServerProcess again(FAROL_BINARY, Args(dir), Env());
  ASSERT_TRUE(again.started()) << again.output();
  HttpClient c("127.0.0.1", again.port());
  std::set<int64_t> found;
  std::string cursor;
  do {
    Reply page = c.Request("GET", "/api/v1/tickets?sort=number&order=asc&limit=200" +
                                      (cursor.empty() ? std::string() : "&cursor=" + cursor),
                           "", {{"authorization", auth}});
    ASSERT_EQ(page.status, 200) << page.body;
    bj::value v = bj::parse(page.body);
    for (const auto& t : v.at("items").as_array()) found.insert(t.at("id").as_int64());
    cursor = v.at("next_cursor").is_null() ? "" : std::string(v.at("next_cursor").as_string());
  } while (!cursor.empty());
  std::vector<int64_t> lost;
  for (int64_t id : acknowledged) {
    if (!found.contains(id)) lost.push_back(id);
  }
  EXPECT_TRUE(lost.empty()) << lost.size() << " acknowledged tickets were lost, e.g. #" << lost.front();
  // Every acknowledged ticket also has its timeline (the created event was in the same commit).
  for (int64_t id : {*acknowledged.begin(), *acknowledged.rbegin()}) {
    Reply events = c.Request("GET", "/api/v1/tickets/" + std::to_string(id) + "/events", "", {{"authorization", auth}});
    ASSERT_EQ(events.status, 200);
    EXPECT_EQ(bj::parse(events.body).at("items").as_array().at(0).at("type").as_string(), "created");
  }
}

TEST(ServerTest, ConfigurationFileEnvironmentAndFlagsInThatOrder) {
  TempDir dir;
  const std::string file = dir.path() + "/farol.conf";
  {
    std::ofstream f(file);
    f << "# farol test config\nlisten = 127.0.0.1:1\ndatabase = \"sqlite:" << dir.path() << "/from-file.db\"\n"
      << "log_level = warn\nattachments = " << dir.path() << "/files\n";
  }
  // The flag beats the file for listen; the environment beats the file for the database.
  ServerProcess s(FAROL_BINARY, {"--config", file, "--listen", "127.0.0.1:0"},
                  {{"FAROL_DATABASE", "sqlite:" + dir.path() + "/from-env.db"}});
  ASSERT_TRUE(s.started()) << s.output();
  EXPECT_NE(s.output().find("from-env.db"), std::string::npos) << s.output();
  EXPECT_TRUE(std::filesystem::exists(dir.path() + "/from-env.db"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/from-file.db"));

  std::ofstream(dir.path() + "/bad.conf") << "listen = not-an-address\n";
  ServerProcess bad(FAROL_BINARY, {"--config", dir.path() + "/bad.conf"}, {});
  EXPECT_FALSE(bad.started());
  EXPECT_NE(bad.Wait(), 0);
  EXPECT_NE(bad.output().find("listen must be HOST:PORT"), std::string::npos) << bad.output();
  ServerProcess bad_key(FAROL_BINARY, Args(dir), {{"FAROL_WORKERS", "lots"}});
  EXPECT_FALSE(bad_key.started());
  EXPECT_NE(bad_key.output().find("FAROL_WORKERS: workers must be a whole number"), std::string::npos)
      << bad_key.output();
  // The mail TLS modes (docs/EMAIL.md, "TLS") are one of three words.
  ServerProcess bad_tls(FAROL_BINARY, Args(dir), {{"FAROL_SMTP_TLS", "yes"}});
  EXPECT_FALSE(bad_tls.started());
  EXPECT_NE(bad_tls.output().find("smtp_tls must be auto, required or optional"), std::string::npos)
      << bad_tls.output();
  std::ofstream(dir.path() + "/bad-mailbox.conf") << "mailbox.support.url = imap://mail.example.com/INBOX\n"
                                                  << "mailbox.support.tls = maybe\n";
  ServerProcess bad_box(FAROL_BINARY, {"--config", dir.path() + "/bad-mailbox.conf"}, {});
  EXPECT_FALSE(bad_box.started());
  EXPECT_NE(bad_box.output().find("mailbox.support.tls must be auto, required or optional"), std::string::npos)
      << bad_box.output();
  std::ofstream(dir.path() + "/bad-from.conf") << "mailbox.acme.url = imap://mail.example.com/INBOX\n"
                                               << "mailbox.acme.from = Acme Care <care-at-acme>\n";
  ServerProcess bad_from(FAROL_BINARY, {"--config", dir.path() + "/bad-from.conf"}, {});
  EXPECT_FALSE(bad_from.started());
  EXPECT_NE(bad_from.output().find("mailbox.acme.from must be an e-mail address, or Name <address>"), std::string::npos)
      << bad_from.output();
}

TEST(ServerTest, SecretsNeverAppearInTheLog) {
  TempDir dir;
  auto args = Args(dir);
  args[std::find(args.begin(), args.end(), "--log-level") - args.begin() + 1] = "trace";
  ServerProcess s(FAROL_BINARY, args, Env());
  ASSERT_TRUE(s.started()) << s.output();
  HttpClient c("127.0.0.1", s.port());
  const std::string auth = AdminToken(c);
  c.Request("POST", "/api/v1/auth/login", R"({"email":"admin@test.example","password":"wrong-password-123"})");
  c.Request("GET", "/api/v1/tickets", "", {{"authorization", auth}});
  s.Signal(SIGTERM);
  s.Wait();
  EXPECT_EQ(s.output().find(kAdminPassword), std::string::npos);
  EXPECT_EQ(s.output().find("wrong-password-123"), std::string::npos);
  EXPECT_EQ(s.output().find(auth.substr(7)), std::string::npos);
}

TEST(ServerTest, MetricsCountRequestsTicketsAndCommits) {
  TempDir dir;
  ServerProcess s(FAROL_BINARY, Args(dir), Env());
  ASSERT_TRUE(s.started()) << s.output();
  HttpClient c("127.0.0.1", s.port());
  const std::string auth = AdminToken(c);
  const int64_t org = CreateOrg(c, auth, "Acme");
  for (int i = 0; i < 3; ++i) {
    c.Request("POST", "/api/v1/tickets", R"({"organisation_id":)" + std::to_string(org) + R"(,"subject":"m"})",
              {{"authorization", auth}});
  }
  const std::string m = c.Request("GET", "/metrics").body;
  EXPECT_NE(m.find("farol_tickets_created_total 3"), std::string::npos) << m;
  EXPECT_NE(m.find(R"(farol_http_requests_total{route="/api/v1/tickets",method="POST",code="201"} 3)"), std::string::npos);
  EXPECT_NE(m.find(R"(farol_http_request_duration_seconds_count{route="/api/v1/tickets",method="POST"} 3)"),
            std::string::npos);
  EXPECT_NE(m.find("farol_store_commit_duration_seconds_bucket{backend=\"sqlite\",le=\"+Inf\"}"), std::string::npos);
}

TEST(MigrationTest, OlderDatabasesUpgradeAndNewerOnesAreRefused) {
  TempDir dir;
  const std::string db = "sqlite:" + dir.path() + "/farol.db";
  auto [code, out] = RunCommand({FAROL_BINARY, "migrate", "--database", db, "--to", "1"});
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("from version 0 to 1"), std::string::npos) << out;
  std::tie(code, out) = RunCommand({FAROL_BINARY, "user", "list", "--database", db});
  EXPECT_NE(code, 0);
  EXPECT_NE(out.find("Run `farol migrate`"), std::string::npos) << out;
  std::tie(code, out) = RunCommand({FAROL_BINARY, "migrate", "--database", db});
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("from version 1 to 18"), std::string::npos) << out;
  std::tie(code, out) = RunCommand({FAROL_BINARY, "migrate", "--database", db});
  EXPECT_NE(out.find("nothing to do"), std::string::npos) << out;
  std::tie(code, out) = RunCommand({"/usr/bin/sqlite3", dir.path() + "/farol.db", "UPDATE schema_version SET version = 99"});
  ASSERT_EQ(code, 0) << out;
  ServerProcess s(FAROL_BINARY, Args(dir), Env());
  EXPECT_FALSE(s.started());
  EXPECT_NE(s.Wait(), 0);
  EXPECT_NE(s.output().find("newer than this farol build"), std::string::npos) << s.output();
}

}  // namespace
}  // namespace farol::testing

namespace farol::testing {
namespace {

// Reads Server-Sent Events from a raw socket until `event` arrives or `seconds` pass.
class EventReader {
 public:
  EventReader(int port, const std::string& target, const std::string& auth) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    const std::string req = "GET " + target + " HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\nAuthorization: " + auth + "\r\n\r\n";
    if (connected_) connected_ = write(fd_, req.data(), req.size()) == static_cast<ssize_t>(req.size());
  }
  ~EventReader() { close(fd_); }
  bool WaitFor(const std::string& needle, double seconds) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (text_.find(needle) == std::string::npos) {
      const auto left = std::chrono::duration<double>(deadline - std::chrono::steady_clock::now()).count();
      if (left <= 0) return false;
      timeval tv{static_cast<long>(left), static_cast<long>((left - static_cast<long>(left)) * 1e6)};
      setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      char buf[4096];
      const ssize_t n = read(fd_, buf, sizeof buf);
      if (n <= 0) return text_.find(needle) != std::string::npos;
      text_.append(buf, static_cast<size_t>(n));
    }
    return true;
  }
  const std::string& text() const { return text_; }
  bool connected() const { return connected_; }

 private:
  int fd_ = -1;
  bool connected_ = false;
  std::string text_;
};

TEST(LiveTest, AnOpenTicketHearsOfChangesFromThisServerAndFromOtherProcesses) {
  TempDir dir;
  ServerProcess s(FAROL_BINARY, Args(dir, {"--web-root", ""}), {{"FAROL_ADMIN_PASSWORD", kAdminPassword},
                                                                {"FAROL_ADMIN_EMAIL", "admin@test.example"},
                                                                {"FAROL_LIVE_TICK_SECONDS", "1"}});
  ASSERT_TRUE(s.started()) << s.output();
  HttpClient c("127.0.0.1", s.port());
  const std::string auth = AdminToken(c);
  const int64_t org = CreateOrg(c, auth, "Acme");
  Reply t = c.Request("POST", "/api/v1/tickets", R"({"organisation_id":)" + std::to_string(org) + R"(,"subject":"watched"})",
                      {{"authorization", auth}});
  ASSERT_EQ(t.status, 201);
  const std::string id = std::to_string(bj::parse(t.body).at("id").as_int64());

  EventReader live(s.port(), "/api/v1/tickets/" + id + "/live", auth);
  ASSERT_TRUE(live.connected());
  ASSERT_TRUE(live.WaitFor(R"(event: ready)", 5)) << live.text();
  EXPECT_NE(live.text().find("text/event-stream"), std::string::npos) << live.text();
  // A colleague replies through this server: the change is announced at once.
  const auto before = std::chrono::steady_clock::now();
  ASSERT_EQ(c.Request("POST", "/api/v1/tickets/" + id + "/notes", R"({"body":"looking"})", {{"authorization", auth}}).status, 201);
  ASSERT_TRUE(live.WaitFor(R"("version":2)", 5)) << live.text();
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - before).count(), 0.5);
  // The CLI (another process on the same database) changes it: noticed on the next tick.
  auto [code, out] = RunCommand({FAROL_BINARY, "ticket", "note", id, "--body", "from the CLI", "--database",
                                 "sqlite:" + dir.path() + "/farol.db", "--as", "admin@test.example"});
  ASSERT_EQ(code, 0) << out;
  EXPECT_TRUE(live.WaitFor(R"("version":3)", 5)) << live.text();
  // Shutting down closes the stream instead of waiting for it.
  s.Signal(SIGTERM);
  EXPECT_EQ(s.Wait(5000), 0) << s.output();
}

TEST(WebAppTest, ServesTheBuiltAppWithCachingAndClientSideRoutes) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() + "/web/assets");
  std::ofstream(dir.path() + "/web/index.html") << "<!doctype html><title>farol</title><script src=/assets/app-1a2b3c.js></script>";
  std::ofstream(dir.path() + "/web/assets/app-1a2b3c.js") << "console.log('farol')";
  std::ofstream(dir.path() + "/secret.txt") << "outside the web root";
  ServerProcess s(FAROL_BINARY, Args(dir, {"--web-root", dir.path() + "/web"}), Env());
  ASSERT_TRUE(s.started()) << s.output();
  HttpClient c("127.0.0.1", s.port());
  Reply index = c.Request("GET", "/");
  ASSERT_EQ(index.status, 200);
  EXPECT_NE(index.body.find("<title>farol</title>"), std::string::npos);
  EXPECT_EQ(*index.Header("cache-control"), "no-cache");
  EXPECT_NE(index.Header("content-security-policy")->find("script-src 'self'"), std::string::npos);
  Reply asset = c.Request("GET", "/assets/app-1a2b3c.js");
  ASSERT_EQ(asset.status, 200);
  EXPECT_EQ(*asset.Header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(asset.Header("content-type")->rfind("text/javascript", 0), 0u);
  // A client-side route gets the app; a missing asset or file is a real 404.
  Reply route = c.Request("GET", "/tickets/1001");
  EXPECT_EQ(route.status, 200);
  EXPECT_NE(route.body.find("<title>farol</title>"), std::string::npos);
  EXPECT_EQ(c.Request("GET", "/assets/missing-123.js").status, 404);
  EXPECT_EQ(c.Request("GET", "/favicon.ico").status, 404);
  // Nothing outside the web root, whatever the spelling.
  for (const std::string bad : {"/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt", "/..%5csecret.txt"}) {
    Reply r = c.Request("GET", bad);
    EXPECT_EQ(r.body.find("outside the web root"), std::string::npos) << bad;
  }
  // The API is never answered by the app.
  EXPECT_EQ(c.Request("GET", "/api/v1/nothing-here").status, 404);
  // HEAD answers like GET, without the body, on the same keep-alive connection.
  for (const std::string target : {"/", "/assets/app-1a2b3c.js", "/tickets/1001", "/api/v1/openapi.json"}) {
    Reply get = c.Request("GET", target);
    Reply head = c.Request("HEAD", target);
    EXPECT_EQ(head.status, 200) << target;
    EXPECT_TRUE(head.body.empty()) << target;
    EXPECT_EQ(*head.Header("content-length"), std::to_string(get.body.size())) << target;
    EXPECT_EQ(*head.Header("content-type"), *get.Header("content-type")) << target;
  }
  EXPECT_EQ(*c.Request("HEAD", "/").Header("cache-control"), "no-cache");
  EXPECT_EQ(c.Request("HEAD", "/api/v1/nothing-here").status, 404);
  EXPECT_EQ(c.Request("GET", "/").status, 200);  // the connection is still usable
}

}  // namespace
}  // namespace farol::testing
