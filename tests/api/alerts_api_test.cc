// SLA alerts end to end in-process, with a fake clock and real receivers: timers fire at the exact
// instant each threshold is reached and never twice (across a "restart" and a second process),
// deliveries reach a real HTTP receiver on loopback signed as documented, failures are retried
// with backoff and end as dead letters an admin can send again, and queues sort by due time and
// filter at-risk / breached tickets.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>

#include "core/crypto.h"
#include "jobs/curl_sender.h"
#include "testing/http_receiver.h"
#include "testing/test_env.h"

namespace farol::testing {
namespace {

namespace bj = boost::json;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr const char* kSecret = "a-long-webhook-secret-123";

class AlertsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    org = app.Organisation("Banco Horizonte", 12000);
    agent = app.Staff("ana@farol.test", domain::Role::kAgent, 1, {});
    admin = app.Staff("root@farol.test", domain::Role::kAdmin, 3, {});
    customer = app.Contact(org, "carla@horizonte.test");
  }
  // A webhook channel to the receiver; returns its id.
  int64_t Webhook(const std::string& name = "NOC hook", const std::string& extra = "") {
    auto r = app.Call("POST", "/api/v1/alerts/channels",
                      R"({"name":")" + name + R"(","kind":"webhook","url":")" + receiver.url() + R"(","secret":")" + kSecret +
                          "\"" + extra + "}",
                      &admin);
    EXPECT_EQ(r.status, 201) << r.body;
    return bj::parse(r.body).at("id").as_int64();
  }
  int64_t Open(const char* priority, const std::string& subject = "Link down") {
    auto r = app.Call("POST", "/api/v1/tickets",
                      R"({"organisation_id":)" + std::to_string(org) + R"(,"subject":")" + subject +
                          R"(","type":"incident","priority":")" + priority + R"(","priority_reason":"test"})",
                      &agent);
    EXPECT_EQ(r.status, 201) << r.body;
    return bj::parse(r.body).at("id").as_int64();
  }
  int Fire() {
    auto f = app.app().alerts().FireDue();
    EXPECT_TRUE(f.ok()) << f.status().message();
    return f.ok() ? f->timers : -1;
  }
  app::AlertService::Delivered Deliver() {
    auto d = app.app().alerts().DeliverDue(sender);
    EXPECT_TRUE(d.ok()) << d.status().message();
    return d.ok() ? *d : app::AlertService::Delivered{};
  }
  // The sla_alert events on a ticket's timeline, as "clock threshold".
  std::vector<std::string> AlertEvents(int64_t id) {
    auto r = app.Call("GET", "/api/v1/tickets/" + std::to_string(id) + "/events", "", &agent);
    std::vector<std::string> out;
    const bj::value doc = bj::parse(r.body);
    for (const auto& e : doc.at("items").as_array()) {
      if (e.at("type") != "sla_alert") continue;
      const auto& a = e.at("sla_alert");
      out.push_back(std::string(a.at("clock").as_string()) + " " + std::to_string(a.at("threshold_percent").as_int64()));
    }
    return out;
  }
  std::vector<int64_t> Queue(const std::string& query) {
    auto r = app.Call("GET", "/api/v1/tickets?" + query, "", &agent);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<int64_t> ids;
    const bj::value doc = bj::parse(r.body);
    for (const auto& t : doc.at("items").as_array()) ids.push_back(t.at("id").as_int64());
    return ids;
  }

  TestApp app;
  HttpReceiver receiver;
  jobs::CurlSender sender{jobs::CurlSenderOptions{}};
  int64_t org = 0;
  app::Authenticated agent, admin, customer;
};

TEST_F(AlertsTest, EachThresholdFiresAtItsInstantAndOnlyOnce) {
  Webhook();
  const Timestamp t0 = app.clock().SystemNow();
  const int64_t id = Open("P1");  // default policy, 24×7: first response 15 min, resolution 4 h; warn 50/75/90%
  EXPECT_EQ(Fire(), 0);
  app.clock().Set(t0 + seconds(449));  // 50% of 900 s is 450 s
  EXPECT_EQ(Fire(), 0);
  auto version = [&] {
    return bj::parse(app.Call("GET", "/api/v1/tickets/" + std::to_string(id), "", &agent).body).at("version").as_int64();
  };
  const int64_t before = version();
  app.clock().Set(t0 + seconds(450));
  EXPECT_EQ(Fire(), 1);
  EXPECT_EQ(Fire(), 0);
  // The ticket changed (its timeline grew): open views refresh, stale edits are refused.
  EXPECT_EQ(version(), before + 1);
  EXPECT_EQ(AlertEvents(id), std::vector<std::string>{"first_response 50"});

  const auto d = Deliver();
  EXPECT_EQ(d.sent, 1);
  ASSERT_TRUE(receiver.WaitFor(1, 2000));
  const auto req = receiver.requests().at(0);
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.target, "/hook");
  EXPECT_EQ(req.headers.at("x-farol-event"), "sla.warning");
  EXPECT_EQ(req.headers.at("content-type"), "application/json");
  // The signature: t=<unix>,v1=HMAC-SHA256(secret, "<unix>.<body>"), checkable by the receiver.
  const std::string sig = req.headers.at("x-farol-signature");
  const std::string t = sig.substr(2, sig.find(',') - 2);
  EXPECT_EQ(sig, "t=" + t + ",v1=" + crypto::HmacSha256Hex(kSecret, t + "." + req.body));
  const bj::value body = bj::parse(req.body);
  EXPECT_EQ(body.at("event"), "sla.warning");
  EXPECT_EQ(body.at("ticket").at("id"), id);
  EXPECT_EQ(body.at("ticket").at("priority"), 1);
  EXPECT_EQ(body.at("clock"), "first_response");
  EXPECT_EQ(body.at("threshold_percent"), 50);
  EXPECT_EQ(body.at("target_seconds"), 900);
  EXPECT_EQ(body.at("elapsed_seconds"), 450);
  EXPECT_EQ(body.at("due").as_string(), FormatIso8601(t0 + seconds(900)));

  // 75% (675 s), 90% (810 s) and the breach (900 s) each at their instant.
  app.clock().Set(t0 + seconds(675));
  EXPECT_EQ(Fire(), 1);
  app.clock().Set(t0 + seconds(900));
  EXPECT_EQ(Fire(), 2);
  EXPECT_EQ(Fire(), 0);
  EXPECT_EQ(AlertEvents(id), (std::vector<std::string>{"first_response 50", "first_response 75", "first_response 90",
                                                       "first_response 100"}));
  EXPECT_EQ(Deliver().sent, 3);
  ASSERT_TRUE(receiver.WaitFor(4, 2000));
  EXPECT_EQ(receiver.requests().back().headers.at("x-farol-event"), "sla.breach");
}

TEST_F(AlertsTest, WhatCameDueWhileDownFiresOnceAfterARestartEvenWithTwoProcesses) {
  Webhook();
  const Timestamp t0 = app.clock().SystemNow();
  const int64_t id = Open("P1");
  // Down for five hours: every threshold of both clocks passed meanwhile (resolution is 4 h).
  app.clock().Set(t0 + hours(5));
  // Two farol processes start on the same database at once (two App instances, one store).
  app::App second(app.store(), app.files(), app.clock(), app.metrics(), app.app().config());
  auto a = app.app().alerts().FireDue(3);
  auto b = second.alerts().FireDue(3);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->timers + b->timers, 8);  // 4 thresholds × 2 clocks, each exactly once
  EXPECT_EQ(Fire(), 0);
  EXPECT_EQ(second.alerts().FireDue()->timers, 0);
  EXPECT_EQ(AlertEvents(id).size(), 8u);
  EXPECT_EQ(Deliver().sent, 8);
}

TEST_F(AlertsTest, AReplyStopsFirstResponseAlertsAndAPauseHoldsResolutionAlerts) {
  Webhook();
  const Timestamp t0 = app.clock().SystemNow();
  const int64_t id = Open("P1");
  const std::string path = "/api/v1/tickets/" + std::to_string(id);
  app.clock().Set(t0 + minutes(5));
  ASSERT_EQ(app.Call("POST", path + "/replies", R"({"body":"On it","status":"pending_customer"})", &agent).status, 201);
  // Waiting on the customer for 10 hours: no first-response alert (answered), no resolution
  // alert (paused with 5 of 240 minutes used).
  app.clock().Set(t0 + hours(10));
  EXPECT_EQ(Fire(), 0);
  ASSERT_EQ(app.Call("PATCH", path, R"({"status":"open"})", &agent).status, 200);
  // Resumed at 10 h with 300 s used: 50% (7200 s) falls 6900 s later.
  app.clock().Set(t0 + hours(10) + seconds(6899));
  EXPECT_EQ(Fire(), 0);
  app.clock().Set(t0 + hours(10) + seconds(6900));
  EXPECT_EQ(Fire(), 1);
  EXPECT_EQ(AlertEvents(id), std::vector<std::string>{"resolution 50"});
}

TEST_F(AlertsTest, QueuesSortByDueAndFilterAtRiskAndBreached) {
  const Timestamp t0 = app.clock().SystemNow();
  const int64_t p4 = Open("P4", "printer");
  const int64_t p1 = Open("P1", "core down");
  const int64_t p3 = Open("P3", "slow vpn");
  EXPECT_EQ(Queue("sort=sla_due&order=asc"), (std::vector<int64_t>{p1, p3, p4}));
  EXPECT_TRUE(Queue("sla=at_risk").empty());
  // P1's first response warns at 7.5 min: at risk, not yet breached.
  app.clock().Set(t0 + minutes(8));
  EXPECT_EQ(Queue("sla=at_risk"), std::vector<int64_t>{p1});
  EXPECT_TRUE(Queue("sla=breached").empty());
  // Past its 15 minutes: breached (still running), no longer "at risk".
  app.clock().Set(t0 + minutes(16));
  EXPECT_EQ(Queue("sla=breached"), std::vector<int64_t>{p1});
  EXPECT_TRUE(Queue("sla=at_risk").empty());
  // Answered late: the first response clock ended breached, and stays so in the filter.
  ASSERT_EQ(app.Call("POST", "/api/v1/tickets/" + std::to_string(p1) + "/replies", R"({"body":"sorry"})", &agent).status, 201);
  EXPECT_EQ(Queue("sla=breached"), std::vector<int64_t>{p1});
  EXPECT_EQ(app.Call("GET", "/api/v1/tickets?sla=banana", "", &agent).status, 400);
}

TEST_F(AlertsTest, FailedDeliveriesAreRetriedWithBackoffThenDeadAndCanBeSentAgain) {
  Webhook();
  const Timestamp t0 = app.clock().SystemNow();
  Open("P1");
  app.clock().Set(t0 + seconds(450));
  ASSERT_EQ(Fire(), 1);
  receiver.Answer(503, "busy");
  EXPECT_EQ(Deliver().failed, 1);
  // Not again before its backoff (30 s, then 60, 120 … up to an hour).
  EXPECT_EQ(Deliver().failed, 0);
  Timestamp at = app.clock().SystemNow();
  for (int attempt = 2; attempt <= 8; ++attempt) {
    const int delay = std::min(30 << (attempt - 2), 3600);
    app.clock().Set(at + seconds(delay - 1));
    EXPECT_EQ(Deliver().failed + Deliver().dead, 0) << "attempt " << attempt << " came early";
    app.clock().Set(at + seconds(delay));
    at = app.clock().SystemNow();
    const auto d = Deliver();
    EXPECT_EQ(d.failed + d.dead, 1) << "attempt " << attempt;
    if (attempt == 8) {
      EXPECT_EQ(d.dead, 1);
    }
  }
  EXPECT_EQ(receiver.requests().size(), 8u);
  auto r = app.Call("GET", "/api/v1/alerts/deliveries?state=dead", "", &admin);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto dead = bj::parse(r.body).at("items").as_array();
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].at("attempts"), 8);
  EXPECT_EQ(dead[0].at("last_error"), "the receiver answered HTTP 503: busy");
  EXPECT_EQ(dead[0].at("channel"), "NOC hook");
  // The admin sends it again once the receiver is back.
  receiver.Answer(200);
  const std::string retry = "/api/v1/alerts/deliveries/" + std::to_string(dead[0].at("id").as_int64()) + "/retry";
  EXPECT_EQ(app.Call("POST", retry, "", &agent).status, 403);
  EXPECT_EQ(app.Call("POST", retry, "", &admin).status, 204);
  EXPECT_EQ(app.Call("POST", retry, "", &admin).status, 404);  // no longer dead
  EXPECT_EQ(Deliver().sent, 1);
  r = app.Call("GET", "/api/v1/alerts/deliveries?state=sent", "", &admin);
  EXPECT_EQ(bj::parse(r.body).at("items").as_array().size(), 1u);
}

TEST_F(AlertsTest, AReceiverThatRefusesForGoodMakesADeadLetterAtOnce) {
  Webhook();
  Open("P1");
  app.clock().Advance(seconds(450));
  ASSERT_EQ(Fire(), 1);
  receiver.Answer(404, "no such hook");
  EXPECT_EQ(Deliver().dead, 1);
  EXPECT_EQ(receiver.requests().size(), 1u);
}

TEST_F(AlertsTest, ASwitchedOffChannelSendsNothingMoreAndItsQueuedMessagesBecomeDeadLetters) {
  const int64_t hook = Webhook();
  const Timestamp t0 = app.clock().SystemNow();
  const int64_t id = Open("P1");
  app.clock().Set(t0 + seconds(450));
  ASSERT_EQ(Fire(), 1);  // queued for the hook, not yet sent
  auto r = app.Call("PUT", "/api/v1/alerts/channels/" + std::to_string(hook),
                    R"({"name":"NOC hook","kind":"webhook","url":")" + receiver.url() + R"(","active":false,"version":1})", &admin);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto d = Deliver();
  EXPECT_EQ(d.dead, 1);
  EXPECT_EQ(d.sent, 0);
  EXPECT_TRUE(receiver.requests().empty());
  r = app.Call("GET", "/api/v1/alerts/deliveries?state=dead", "", &admin);
  EXPECT_EQ(bj::parse(r.body).at("items").at(0).at("last_error"), "the channel was switched off");
  // The next threshold still fires on the ticket, but no channel is told.
  app.clock().Set(t0 + seconds(675));
  ASSERT_EQ(Fire(), 1);
  r = app.Call("GET", "/api/v1/tickets/" + std::to_string(id) + "/events", "", &agent);
  const bj::value events = bj::parse(r.body);
  EXPECT_EQ(events.at("items").as_array().back().at("sla_alert").at("channels").as_array().size(), 0u);
  r = app.Call("GET", "/api/v1/alerts/deliveries", "", &admin);
  EXPECT_EQ(bj::parse(r.body).at("items").as_array().size(), 1u);
}

TEST_F(AlertsTest, SlackAndTelegramGetTheirOwnFormatsInTheChannelsLanguage) {
  auto r = app.Call("POST", "/api/v1/alerts/channels",
                    R"({"name":"Slack NOC","kind":"slack","url":")" + receiver.url("/services/T1/B2/xyz") +
                        R"(","language":"pt-BR","time_zone":"America/Sao_Paulo","on_warning":false})",
                    &admin);
  ASSERT_EQ(r.status, 201) << r.body;
  r = app.Call("POST", "/api/v1/alerts/channels",
               R"({"name":"Telegram","kind":"telegram","url":")" + receiver.url("") +
                   R"(","secret":"123456:ABC-bot-token","chat_id":"-100200300","on_warning":false})",
               &admin);
  ASSERT_EQ(r.status, 201) << r.body;
  const bj::value tg = bj::parse(r.body);
  EXPECT_EQ(tg.at("secret_set"), true);
  EXPECT_FALSE(tg.as_object().contains("secret"));
  EXPECT_EQ(r.body.find("ABC-bot-token"), std::string::npos);

  const int64_t id = Open("P1", "Core router down");
  app.clock().Advance(seconds(450));
  EXPECT_EQ(Fire(), 1);
  EXPECT_EQ(Deliver().sent, 0);  // both channels take breaches only
  app.clock().Advance(seconds(450));
  EXPECT_EQ(Fire(), 3);
  EXPECT_EQ(Deliver().sent, 2);
  ASSERT_TRUE(receiver.WaitFor(2, 2000));
  std::map<std::string, HttpReceiver::Request> by_target;
  for (auto& q : receiver.requests()) by_target[q.target] = q;
  const auto& slack = by_target.at("/services/T1/B2/xyz");
  const std::string text(bj::parse(slack.body).at("text").as_string());
  EXPECT_NE(text.find("SLA violado: #" + std::to_string(id)), std::string::npos) << text;
  EXPECT_NE(text.find("primeira resposta"), std::string::npos) << text;
  EXPECT_NE(text.find("(America/Sao_Paulo)"), std::string::npos) << text;
  const auto& telegram = by_target.at("/bot123456:ABC-bot-token/sendMessage");
  EXPECT_EQ(bj::parse(telegram.body).at("chat_id"), "-100200300");
  EXPECT_NE(std::string(bj::parse(telegram.body).at("text").as_string()).find("SLA breached: #" + std::to_string(id)),
            std::string::npos);
}

TEST_F(AlertsTest, ChannelsAreForAdminsAndTheirSecretsStayHidden) {
  EXPECT_EQ(app.Call("GET", "/api/v1/alerts/channels", "", &agent).status, 403);
  EXPECT_EQ(app.Call("GET", "/api/v1/alerts/channels", "", &customer).status, 403);
  EXPECT_EQ(app.Call("POST", "/api/v1/alerts/channels", R"({"name":"x"})", &agent).status, 403);
  const int64_t id = Webhook();
  auto r = app.Call("GET", "/api/v1/alerts/channels", "", &admin);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find(kSecret), std::string::npos);
  // Editing without a secret keeps the stored one: deliveries stay signed with it.
  r = app.Call("PUT", "/api/v1/alerts/channels/" + std::to_string(id),
               R"({"name":"NOC hook 2","kind":"webhook","url":")" + receiver.url() + R"(","version":1})", &admin);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(bj::parse(r.body).at("secret_set"), true);
  EXPECT_EQ(bj::parse(r.body).at("version"), 2);
  // A stale version is refused and changes nothing.
  r = app.Call("PUT", "/api/v1/alerts/channels/" + std::to_string(id),
               R"({"name":"lost update","kind":"webhook","url":")" + receiver.url() + R"(","version":1})", &admin);
  EXPECT_EQ(r.status, 412) << r.body;
  // A test message goes out signed with the kept secret.
  r = app.Call("POST", "/api/v1/alerts/channels/" + std::to_string(id) + "/test", "", &admin);
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(Deliver().sent, 1);
  ASSERT_TRUE(receiver.WaitFor(1, 2000));
  const auto req = receiver.requests().at(0);
  const std::string sig = req.headers.at("x-farol-signature");
  const std::string t = sig.substr(2, sig.find(',') - 2);
  EXPECT_EQ(sig, "t=" + t + ",v1=" + crypto::HmacSha256Hex(kSecret, t + "." + req.body));
  EXPECT_EQ(bj::parse(req.body).at("event"), "test");
}

TEST_F(AlertsTest, BadChannelsAreRefusedNamingEveryProblem) {
  auto r = app.Call("POST", "/api/v1/alerts/channels",
                    R"({"name":"","kind":"webhook","url":"ftp://x","secret":"short","language":"fr","time_zone":"Mars/Base",)"
                    R"("max_priority":"P9"})",
                    &admin);
  ASSERT_EQ(r.status, 400) << r.body;
  for (const char* field : {"name", "url", "secret", "language", "time_zone", "max_priority"}) {
    EXPECT_NE(r.body.find(std::string("\"") + field + "\""), std::string::npos) << field << " in " << r.body;
  }
  r = app.Call("POST", "/api/v1/alerts/channels", R"({"name":"mail","kind":"email","emails":["not-an-address"]})", &admin);
  EXPECT_EQ(r.status, 400) << r.body;
  r = app.Call("POST", "/api/v1/alerts/channels", R"({"name":"x","kind":"pager"})", &admin);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(bj::parse(app.Call("GET", "/api/v1/alerts/channels", "", &admin).body).at("items").as_array().size(), 0u);
}

}  // namespace
}  // namespace farol::testing
