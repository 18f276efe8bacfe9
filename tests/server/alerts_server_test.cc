// SLA alerts through the real `farol serve`: its job scheduler fires a warning within seconds of
// the instant it falls, and the alert reaches a real webhook receiver on loopback and a real SMTP
// server (Debian's aiosmtpd, delivering into a Maildir).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "testing/http_client.h"
#include "testing/http_receiver.h"
#include "testing/mail_servers.h"
#include "testing/test_env.h"

namespace farol::testing {
namespace alerts_server_test {  // named: unity builds put several tests in one unit

namespace bj = boost::json;
namespace fs = std::filesystem;
constexpr const char* kPassword = "admin-password-for-alert-tests";

TEST(AlertServerTest, TheSchedulerFiresAWarningWithinSecondsToAWebhookAndARealMailServer) {
  TempDir dir;
  SmtpServer smtp(dir.path() + "/mail");
  ASSERT_TRUE(smtp.up()) << "python3-aiosmtpd is missing (scripts/install-deps.sh installs it)";
  HttpReceiver hook;
  ServerProcess s(FAROL_BINARY,
                  {"--listen", "127.0.0.1:0", "--database", "sqlite:" + dir.path() + "/farol.db", "--attachments",
                   dir.path() + "/files", "--log-level", "info", "--web-root", dir.path() + "/none"},
                  {{"FAROL_ADMIN_PASSWORD", kPassword},
                   {"FAROL_ADMIN_EMAIL", "admin@test.example"},
                   {"FAROL_SMTP_URL", "smtp://127.0.0.1:" + std::to_string(smtp.port())},
                   {"FAROL_SMTP_FROM", "farol@test.example"},
                   {"FAROL_PUBLIC_URL", "https://desk.test.example"},
                   {"FAROL_SCHEDULER_TICK_MS", "250"}});
  ASSERT_TRUE(s.started()) << s.output();
  HttpClient c("127.0.0.1", s.port());
  Reply login = c.Request("POST", "/api/v1/auth/login",
                          R"({"email":"admin@test.example","password":")" + std::string(kPassword) + R"("})");
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string* cookie = login.Header("set-cookie");
  ASSERT_NE(cookie, nullptr);
  const std::vector<std::pair<std::string, std::string>> auth = {{"cookie", cookie->substr(0, cookie->find(';'))},
                        {"x-csrf-token", std::string(bj::parse(login.body).at("csrf_token").as_string())}};
  // P1 incidents: first response in 1 minute, 24×7; the first warning at 1% (the first second).
  Reply r = c.Request("PUT", "/api/v1/settings/sla-policy",
                      R"({"calendar":{"timezone":"UTC","always_open":true},"warn_percents":[1],)"
                      R"("targets":[{"type":"incident","priority":"P1","first_response_minutes":1,"resolution_minutes":60}]})",
                      auth);
  ASSERT_EQ(r.status, 200) << r.body;
  r = c.Request("POST", "/api/v1/alerts/channels",
                R"({"name":"hook","kind":"webhook","url":")" + hook.url() + R"(","secret":"super-secret-hmac-key-42"})", auth);
  ASSERT_EQ(r.status, 201) << r.body;
  r = c.Request("POST", "/api/v1/alerts/channels",
                R"({"name":"NOC mail","kind":"email","emails":["noc@test.example"],"language":"pt-BR"})", auth);
  ASSERT_EQ(r.status, 201) << r.body;
  r = c.Request("POST", "/api/v1/organisations", R"({"name":"Acme","employee_count":250})", auth);
  ASSERT_EQ(r.status, 201) << r.body;
  const int64_t org = bj::parse(r.body).at("id").as_int64();
  // Tickets are stamped to the second: the warning falls 1 s after the second it was opened in.
  r = c.Request("POST", "/api/v1/tickets",
                R"({"organisation_id":)" + std::to_string(org) +
                    R"(,"subject":"Core down","type":"incident","priority":"P1","priority_reason":"all sites"})",
                auth);
  ASSERT_EQ(r.status, 201) << r.body;
  const auto opened = std::chrono::system_clock::now();
  const int64_t id = bj::parse(r.body).at("id").as_int64();

  ASSERT_TRUE(hook.WaitFor(1, 8000)) << s.ReadMoreOutput();
  const double late = std::chrono::duration<double>(std::chrono::system_clock::now() - opened).count() - 1.0;
  EXPECT_LT(late, 5.0) << "the warning came " << late << " s after it was due";
  const auto req = hook.requests().at(0);
  EXPECT_EQ(req.headers.at("x-farol-event"), "sla.warning");
  const bj::value body = bj::parse(req.body);
  EXPECT_EQ(body.at("ticket").at("id"), id);
  EXPECT_EQ(body.at("ticket").at("url").as_string(), "https://desk.test.example/tickets/" + std::to_string(id));

  std::vector<std::string> mail;
  for (int i = 0; i < 100 && mail.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    mail = smtp.Messages();
  }
  ASSERT_EQ(mail.size(), 1u) << s.ReadMoreOutput();
  EXPECT_NE(mail[0].find("To: noc@test.example"), std::string::npos) << mail[0];
  EXPECT_NE(mail[0].find("Subject: =?UTF-8?B?"), std::string::npos) << mail[0];  // Portuguese: encoded
  EXPECT_NE(mail[0].find("Alerta de SLA: #" + std::to_string(id)), std::string::npos) << mail[0];

  // The timeline says when the alert fired and whom it told.
  r = c.Request("GET", "/api/v1/tickets/" + std::to_string(id) + "/events", "", auth);
  EXPECT_NE(r.body.find(R"("sla_alert":{"clock":"first_response","threshold_percent":1,"channels":["hook","NOC mail"]})"),
            std::string::npos)
      << r.body;
  s.Signal(SIGTERM);
  EXPECT_EQ(s.Wait(), 0);
  EXPECT_EQ(s.output().find("super-secret-hmac-key-42"), std::string::npos);
}

}  // namespace alerts_server_test
}  // namespace farol::testing
