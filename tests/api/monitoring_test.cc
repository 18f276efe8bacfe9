// Monitoring alerts end to end in-process, on a real SQLite file and on PostgreSQL, through the
// HTTP API exactly as Alertmanager or a script would post: a firing alert opens one incident,
// repeats annotate it, a resolved notification annotates (and, when the channel says so,
// resolves) it; keys are checked, revocable and rate-limited; bad input changes nothing.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "testing/test_env.h"

namespace farol::testing::monitoring {
namespace {

namespace bj = boost::json;

std::string S(int64_t v) { return std::to_string(v); }

// What Alertmanager 0.25 posts (a trimmed real payload).
std::string Alertmanager(const std::string& status, const std::string& fingerprint, const std::string& instance) {
  return R"({"receiver":"farol","status":")" + status + R"(","alerts":[{"status":")" + status +
         R"(","labels":{"alertname":"InstanceDown","instance":")" + instance +
         R"(","job":"node","severity":"critical"},"annotations":{"summary":"Instance )" + instance +
         R"( down","description":")" + instance + R"( has been down for more than 5 minutes."},)"
         R"("startsAt":"2026-03-02T11:55:00.123456789Z","endsAt":")" +
         (status == "resolved" ? "2026-03-02T12:10:00Z" : "0001-01-01T00:00:00Z") +
         R"(","generatorURL":"http://prometheus:9090/graph?g0.expr=up+%3D%3D+0","fingerprint":")" + fingerprint +
         R"("}],"groupLabels":{"alertname":"InstanceDown"},"commonLabels":{"alertname":"InstanceDown"},)"
         R"("commonAnnotations":{},"externalURL":"http://alertmanager:9093","version":"4",)"
         R"("groupKey":"{}:{alertname=\"InstanceDown\"}","truncatedAlerts":0})";
}

class MonitoringTest : public ::testing::TestWithParam<std::string> {
 protected:
  MonitoringTest() : app(GetParam()) {}

  void SetUp() override {
    if (!app.ok()) GTEST_SKIP() << "no " << GetParam() << " server here";
    admin = app.Staff("root@farol.test", domain::Role::kAdmin, 3, {});
    agent = app.Staff("ana.agent@farol.test", domain::Role::kAgent, 1, {});
    noc = app.Team("NOC");
    banco = app.Organisation("Banco Horizonte", 12000);
  }

  // Makes a channel; returns its key.
  std::string Channel(bool resolve = false, int rate = 120) {
    auto r = app.Call("POST", "/api/v1/monitoring/channels",
                      R"({"name":"Prometheus","organisation_id":)" + S(banco) + R"(,"team_id":)" + S(noc) +
                          R"(,"resolve_on_recovery":)" + (resolve ? "true" : "false") +
                          R"(,"rate_per_minute":)" + S(rate) + "}",
                      &admin);
    EXPECT_EQ(r.status, 201) << r.body;
    auto v = bj::parse(r.body);
    channel_id = v.at("id").as_int64();
    return std::string(v.at("key").as_string());
  }

  http::HttpResponse Post(const std::string& key, const std::string& body) {
    return app.Call("POST", "/api/v1/channels/" + key + "/alerts", body, nullptr,
                    {{"content-type", "application/json"}});
  }
  bj::object Result(const http::HttpResponse& r, size_t i = 0) {
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) return {};
    return bj::parse(r.body).at("results").at(i).as_object();
  }
  bj::value Ticket(int64_t id) {
    auto r = app.Call("GET", "/api/v1/tickets/" + S(id), "", &admin);
    EXPECT_EQ(r.status, 200) << r.body;
    return bj::parse(r.body);
  }
  std::string Timeline(int64_t id) {
    auto r = app.Call("GET", "/api/v1/tickets/" + S(id) + "/events", "", &admin);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.body;
  }
  int64_t Count(const std::string& table) {
    int64_t n = 0;
    EXPECT_TRUE(app.store().Read([&](store::Tx& tx) -> Status {
      FAROL_ASSIGN_OR_RETURN(n, tx.connectionForTest().QueryInt("SELECT COUNT(*) FROM " + table));
      return OkStatus();
    }).ok());
    return n;
  }

  TestApp app;
  app::Authenticated admin, agent;
  int64_t noc = 0, banco = 0, channel_id = 0;
};

TEST_P(MonitoringTest, AFiringAlertOpensOneIncidentAndRepeatsAnnotateIt) {
  const std::string key = Channel();
  const auto first = Result(Post(key, Alertmanager("firing", "a1b2c3", "db-1:9100")));
  EXPECT_EQ(first.at("action"), "opened");
  const int64_t id = first.at("ticket_id").as_int64();
  const auto t = Ticket(id);
  EXPECT_EQ(t.at("subject"), "[critical] Instance db-1:9100 down");
  EXPECT_EQ(t.at("type"), "incident");
  EXPECT_EQ(t.at("channel"), "monitoring");
  EXPECT_EQ(t.at("organisation_id"), banco);
  EXPECT_EQ(t.at("team_id"), noc);
  EXPECT_EQ(t.at("priority"), "P1") << "critical is high impact and high urgency";
  const std::string description(t.at("description").as_string());
  EXPECT_NE(description.find("db-1:9100 has been down for more than 5 minutes."), std::string::npos);
  EXPECT_NE(description.find("instance = db-1:9100"), std::string::npos) << description;
  EXPECT_NE(description.find("http://prometheus:9090/graph"), std::string::npos);
  EXPECT_NE(description.find("Firing since 2026-03-02T11:55:00Z"), std::string::npos);

  // Alertmanager sends the group again (repeat_interval, or another alert joined it): the same
  // fingerprint annotates the same incident.
  app.clock().Advance(std::chrono::minutes(5));
  const auto again = Result(Post(key, Alertmanager("firing", "a1b2c3", "db-1:9100")));
  EXPECT_EQ(again.at("action"), "annotated");
  EXPECT_EQ(again.at("ticket_id"), id);
  EXPECT_EQ(Count("tickets"), 1);
  EXPECT_NE(Timeline(id).find("Alert still firing (notification 2 for fingerprint a1b2c3)"), std::string::npos);

  // Another instance is another alert: another incident.
  const auto other = Result(Post(key, Alertmanager("firing", "ffee01", "db-2:9100")));
  EXPECT_EQ(other.at("action"), "opened");
  EXPECT_NE(other.at("ticket_id"), id);
  EXPECT_EQ(Count("tickets"), 2);

  // The log admins read.
  auto log = app.Call("GET", "/api/v1/monitoring/alerts?channel_id=" + S(channel_id), "", &admin);
  ASSERT_EQ(log.status, 200) << log.body;
  auto items = bj::parse(log.body).at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1].at("fingerprint"), "a1b2c3");
  EXPECT_EQ(items[1].at("notifications"), 2);
  EXPECT_EQ(items[1].at("state"), "firing");
}

TEST_P(MonitoringTest, ResolvedAnnotatesAndResolvesOnlyWhenTheChannelSaysSo) {
  const std::string keep = Channel(false);
  const int64_t id = Result(Post(keep, Alertmanager("firing", "f1", "web-1"))).at("ticket_id").as_int64();
  const auto resolved = Result(Post(keep, Alertmanager("resolved", "f1", "web-1")));
  EXPECT_EQ(resolved.at("action"), "annotated");
  EXPECT_EQ(Ticket(id).at("status"), "new") << "people decide when it is over";
  EXPECT_NE(Timeline(id).find("Alert resolved at 2026-03-02T12:10:00Z"), std::string::npos);

  const std::string resolve = Channel(true);
  const int64_t id2 = Result(Post(resolve, Alertmanager("firing", "f1", "web-1"))).at("ticket_id").as_int64();
  EXPECT_NE(id2, id) << "fingerprints are per channel";
  const auto closed = Result(Post(resolve, Alertmanager("resolved", "f1", "web-1")));
  EXPECT_EQ(closed.at("action"), "resolved");
  EXPECT_EQ(Ticket(id2).at("status"), "resolved");
  // A late repeat of the recovery finds nothing open: nothing happens.
  const size_t events = Timeline(id2).size();
  EXPECT_EQ(Result(Post(resolve, Alertmanager("resolved", "f1", "web-1"))).at("action"), "ignored");
  EXPECT_EQ(Timeline(id2).size(), events);
  // The same alert firing again after its incident was resolved opens a new one.
  const auto back = Result(Post(resolve, Alertmanager("firing", "f1", "web-1")));
  EXPECT_EQ(back.at("action"), "opened");
  EXPECT_NE(back.at("ticket_id"), id2);
  // A recovery of an alert never seen does nothing either.
  EXPECT_EQ(Result(Post(resolve, Alertmanager("resolved", "never-seen", "x"))).at("action"), "ignored");
  EXPECT_EQ(Count("tickets"), 3);
}

TEST_P(MonitoringTest, TheGenericFormatOneAlertOrAListWithFingerprintsFromLabels) {
  const std::string key = Channel(true);
  // One alert on its own, no fingerprint: the labels are its identity.
  const std::string disk =
      R"({"title":"Disco quase cheio em fs-01","description":"/var a 95%","severity":"Warning",)"
      R"("labels":{"host":"fs-01","mount":"/var"},"url":"https://zabbix.example/tr/1"})";
  const auto opened = Result(Post(key, disk));
  EXPECT_EQ(opened.at("action"), "opened");
  const auto t = Ticket(opened.at("ticket_id").as_int64());
  EXPECT_EQ(t.at("subject"), "[warning] Disco quase cheio em fs-01");
  EXPECT_EQ(t.at("priority"), "P3") << "warning is medium impact and medium urgency";
  EXPECT_EQ(Result(Post(key, disk)).at("action"), "annotated");
  // A list, with the fingerprint given; resolved in the same notification as another fires.
  const auto list = Post(key, R"({"alerts":[)"
                                  R"({"fingerprint":"zbx-1","status":"firing","title":"Link down","severity":"info"},)"
                                  R"({"status":"resolved","title":"Disco quase cheio em fs-01",)"
                                  R"("labels":{"mount":"/var","host":"fs-01"}}]})");
  EXPECT_EQ(Result(list, 0).at("action"), "opened");
  EXPECT_EQ(Ticket(Result(list, 0).at("ticket_id").as_int64()).at("priority"), "P4");
  EXPECT_EQ(Result(list, 1).at("action"), "resolved") << "the same labels in another order: the same alert";
  EXPECT_EQ(Ticket(opened.at("ticket_id").as_int64()).at("status"), "resolved");
}

TEST_P(MonitoringTest, BadNotificationsAreClearErrorsAndChangeNothing) {
  const std::string key = Channel();
  struct Case {
    std::string body;
    std::string field;
  };
  const std::vector<Case> cases = {
      {R"({"title":"x","status":"burning"})", "status"},
      {R"({"title":"x","labels":{"host":1}})", "labels.host"},
      {R"({"title":"x","starts_at":"yesterday"})", "starts_at"},
      {R"({"title":"x","colour":"red"})", "colour"},
      {R"({"description":"no title, no labels"})", "title"},
      {R"({"alerts":{"title":"x"}})", "alerts"},
      {R"({"alerts":[{"title":"ok"},"no"]})", "alerts[1]"},
      {R"({"receiver":"farol","version":"4","groupKey":"g"})", "alerts"},
      {R"({"receiver":"farol","groupKey":"g","alerts":[{"status":"firing","labels":[]}]})", "alerts[0].labels"},
  };
  for (const Case& c : cases) {
    const auto r = Post(key, c.body);
    EXPECT_EQ(r.status, 400) << c.body << " -> " << r.body;
    EXPECT_NE(r.body.find("\"" + c.field + "\""), std::string::npos) << c.body << " -> " << r.body;
  }
  for (const std::string& body : {std::string("not json"), std::string("[1,2]"), std::string("{\"title\":\"\xff\"}")}) {
    EXPECT_EQ(Post(key, body).status, 400) << body;
  }
  // Too many alerts in one notification.
  std::string many = R"({"alerts":[)";
  for (int i = 0; i < 1001; ++i) many += std::string(i ? "," : "") + R"({"title":"t)" + S(i) + R"("})";
  many += "]}";
  EXPECT_EQ(Post(key, many).status, 400);
  EXPECT_EQ(Count("tickets"), 0);
  EXPECT_EQ(Count("monitoring_alerts"), 0);
}

TEST_P(MonitoringTest, KeysAreCheckedRevocableAndRateLimited) {
  const std::string key = Channel(false, 3);
  const std::string one = R"({"title":"CPU high","labels":{"host":"app-1"}})";
  EXPECT_EQ(Post("fmon_wrong", one).status, 401);
  EXPECT_EQ(Post(key + "x", one).status, 401);
  // Three a minute: the fourth is refused with when to try again; a minute later it works.
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Post(key, one).status, 200);
  const auto refused = Post(key, one);
  EXPECT_EQ(refused.status, 429) << refused.body;
  ASSERT_TRUE(refused.Header("Retry-After"));
  EXPECT_EQ(*refused.Header("Retry-After"), "20");
  app.clock().Advance(std::chrono::seconds(20));
  EXPECT_EQ(Post(key, one).status, 200);
  EXPECT_EQ(Count("tickets"), 1);

  // The key is shown once: the list has only its first characters.
  auto list = app.Call("GET", "/api/v1/monitoring/channels", "", &admin);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body.find(key), std::string::npos);
  EXPECT_NE(list.body.find(key.substr(0, 9) + "…"), std::string::npos) << list.body;

  // Revoked: refused at once, and the channel stays listed as revoked.
  EXPECT_EQ(app.Call("POST", "/api/v1/monitoring/channels/" + S(channel_id) + "/revoke", "", &admin).status, 204);
  app.clock().Advance(std::chrono::minutes(5));
  EXPECT_EQ(Post(key, one).status, 401);
  list = app.Call("GET", "/api/v1/monitoring/channels", "", &admin);
  EXPECT_EQ(bj::parse(list.body).at("items").at(0).at("revoked_at").is_string(), true) << list.body;
  EXPECT_EQ(app.Call("POST", "/api/v1/monitoring/channels/999/revoke", "", &admin).status, 404);
}

TEST_P(MonitoringTest, OnlyAdminsManageChannels) {
  const std::string body = R"({"name":"Zabbix","organisation_id":)" + S(banco) + "}";
  EXPECT_EQ(app.Call("POST", "/api/v1/monitoring/channels", body, &agent).status, 403);
  EXPECT_EQ(app.Call("GET", "/api/v1/monitoring/channels", "", &agent).status, 403);
  EXPECT_EQ(app.Call("GET", "/api/v1/monitoring/alerts", "", &agent).status, 403);
  EXPECT_EQ(app.Call("GET", "/api/v1/monitoring/channels").status, 401);
  const auto contact = app.Contact(banco, "carla@bancohorizonte.com.br");
  EXPECT_EQ(app.Call("GET", "/api/v1/monitoring/channels", "", &contact).status, 403);
  // Field errors, all at once.
  const auto bad = app.Call("POST", "/api/v1/monitoring/channels", R"({"name":"","rate_per_minute":0})", &admin);
  EXPECT_EQ(bad.status, 400);
  for (const char* f : {"\"name\"", "\"organisation_id\"", "\"rate_per_minute\""}) EXPECT_NE(bad.body.find(f), std::string::npos) << bad.body;
  EXPECT_EQ(app.Call("POST", "/api/v1/monitoring/channels", R"({"name":"x","organisation_id":0})", &admin).status, 400);
  EXPECT_EQ(app.Call("POST", "/api/v1/monitoring/channels", R"({"name":"x","organisation_id":424242})", &admin).status, 400);
  EXPECT_EQ(app.Call("POST", "/api/v1/monitoring/channels", R"({"name":"x","organisation_id":)" + S(banco) + R"(,"team_id":999})", &admin).status, 400);
  EXPECT_EQ(Count("monitoring_channels"), 0);
  // Creating and revoking are in the audit log.
  Channel();
  app.Call("POST", "/api/v1/monitoring/channels/" + S(channel_id) + "/revoke", "", &admin);
  auto audit = app.Call("GET", "/api/v1/audit?object_kind=monitoring_channel", "", &admin);
  EXPECT_NE(audit.body.find("monitoring_channel.create"), std::string::npos) << audit.body;
  EXPECT_NE(audit.body.find("monitoring_channel.revoke"), std::string::npos) << audit.body;
}

TEST_P(MonitoringTest, AdminsChangeAChannelAndItsKeyKeepsWorking) {
  const std::string key = Channel(/*resolve=*/false, /*rate=*/2);
  const int64_t other_team = app.Team("Redes");
  // Renamed, moved to another team, resolving on recovery, and four a minute; the organisation stays.
  auto r = app.Call("PATCH", "/api/v1/monitoring/channels/" + S(channel_id),
                    R"({"name":"  Prometheus (produção) ","team_id":)" + S(other_team) +
                        R"(,"resolve_on_recovery":true,"rate_per_minute":4,"organisation_id":424242})",
                    &admin);
  // organisation_id is not something PATCH takes: refused, and nothing changed.
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("organisation_id"), std::string::npos) << r.body;
  r = app.Call("PATCH", "/api/v1/monitoring/channels/" + S(channel_id),
               R"({"name":"  Prometheus (produção) ","team_id":)" + S(other_team) +
                   R"(,"resolve_on_recovery":true,"rate_per_minute":4})",
               &admin);
  ASSERT_EQ(r.status, 200) << r.body;
  auto v = bj::parse(r.body);
  EXPECT_EQ(v.at("name"), "Prometheus (produção)");
  EXPECT_EQ(v.at("team_id"), other_team);
  EXPECT_EQ(v.at("team_name"), "Redes");
  EXPECT_EQ(v.at("organisation_id"), banco);
  EXPECT_EQ(v.at("resolve_on_recovery"), true);
  EXPECT_EQ(v.at("rate_per_minute"), 4);

  // The same key still works, the new team gets the incident, and recovery now resolves it.
  const auto opened = Result(Post(key, Alertmanager("firing", "f-edit", "db-9:9100")));
  ASSERT_EQ(opened.at("action"), "opened");
  const int64_t ticket = opened.at("ticket_id").as_int64();
  EXPECT_EQ(Ticket(ticket).at("team_id"), other_team);
  EXPECT_EQ(Result(Post(key, Alertmanager("resolved", "f-edit", "db-9:9100"))).at("action"), "resolved");
  EXPECT_EQ(Ticket(ticket).at("status"), "resolved");
  // The new rate: the fifth notification within the minute is refused (two were sent above).
  EXPECT_EQ(Post(key, Alertmanager("firing", "f-edit", "db-9:9100")).status, 200);
  EXPECT_EQ(Post(key, Alertmanager("firing", "f-edit", "db-9:9100")).status, 200);
  EXPECT_EQ(Post(key, Alertmanager("firing", "f-edit", "db-9:9100")).status, 429);

  // team_id null clears the team; other members stay as they were.
  r = app.Call("PATCH", "/api/v1/monitoring/channels/" + S(channel_id), R"({"team_id":null})", &admin);
  ASSERT_EQ(r.status, 200) << r.body;
  v = bj::parse(r.body);
  EXPECT_TRUE(v.at("team_id").is_null());
  EXPECT_EQ(v.at("name"), "Prometheus (produção)");
  EXPECT_EQ(v.at("rate_per_minute"), 4);

  // Bad input: all field errors at once, and nothing changes.
  r = app.Call("PATCH", "/api/v1/monitoring/channels/" + S(channel_id),
               R"({"name":"","rate_per_minute":10001,"team_id":999})", &admin);
  EXPECT_EQ(r.status, 400);
  for (const char* f : {"\"name\"", "\"rate_per_minute\""}) EXPECT_NE(r.body.find(f), std::string::npos) << r.body;
  EXPECT_EQ(app.Call("PATCH", "/api/v1/monitoring/channels/" + S(channel_id), R"({"team_id":999})", &admin).status, 400);
  EXPECT_EQ(app.Call("PATCH", "/api/v1/monitoring/channels/" + S(channel_id), R"({"rate_per_minute":"10"})", &admin).status,
            400);
  EXPECT_EQ(app.Call("PATCH", "/api/v1/monitoring/channels/" + S(channel_id), "[1]", &admin).status, 400);
  EXPECT_EQ(app.Call("PATCH", "/api/v1/monitoring/channels/424242", R"({"name":"x"})", &admin).status, 404);
  EXPECT_EQ(app.Call("PATCH", "/api/v1/monitoring/channels/" + S(channel_id), R"({"name":"x"})", &agent).status, 403);
  auto list = bj::parse(app.Call("GET", "/api/v1/monitoring/channels", "", &admin).body);
  EXPECT_EQ(list.at("items").at(0).at("name"), "Prometheus (produção)");
  EXPECT_EQ(list.at("items").at(0).at("rate_per_minute"), 4);
  auto audit = app.Call("GET", "/api/v1/audit?object_kind=monitoring_channel", "", &admin);
  EXPECT_NE(audit.body.find("monitoring_channel.update"), std::string::npos) << audit.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, MonitoringTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace farol::testing::monitoring
