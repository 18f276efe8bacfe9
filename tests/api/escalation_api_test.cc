// Contracts, calendars and the escalation matrix end to end in-process, on a fake clock: each level
// fires at its exact instant and once, tells the right people in their own words, stops when
// acknowledged (in the app or from the signed link in the e-mail), waits while the ticket is
// resolved; customers ask to escalate within a cooldown; a ticket keeps the terms it was opened
// under until an edited calendar is re-applied on purpose; the SLA thermometer agrees with an
// independent tally of each ticket's own clocks.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <regex>

#include "testing/test_env.h"

namespace farol::testing {
namespace {

namespace bj = boost::json;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

app::AppConfig WithEmail() {
  app::AppConfig c;
  c.escalation.public_url = "https://desk.example.test";
  c.escalation.email = true;
  c.alerts.public_url = "https://desk.example.test";
  return c;
}

std::string S(int64_t v) { return std::to_string(v); }

class EscalationTest : public ::testing::Test {
 protected:
  EscalationTest() : app("sqlite", WithEmail()) {}

  void SetUp() override {
    admin = app.Staff("root@farol.test", domain::Role::kAdmin, 3, {});
    noc = app.Team("NOC");
    ana = app.Staff("ana@farol.test", domain::Role::kAgent, 1, {noc});
    marcos = app.Staff("marcos@farol.test", domain::Role::kManager, 2, {});
    carla = app.Staff("carla@farol.test", domain::Role::kCsm, 1, {});
    diana = app.Staff("diana@farol.test", domain::Role::kDirector, 1, {});
    Ok(app.Call("PATCH", "/api/v1/teams/" + S(noc), R"({"manager_id":)" + S(marcos.actor.id) + "}", &admin));
    org = app.Organisation("Banco Horizonte", 12000);
    Ok(app.Call("PATCH", "/api/v1/organisations/" + S(org), R"({"csm_id":)" + S(carla.actor.id) + "}", &admin));
    requester = app.Contact(org, "joana@horizonte.test");
    boss = app.Contact(org, "mario@horizonte.test", /*manager=*/true);
  }

  static bj::value Ok(const http::HttpResponse& r, int status = 200) {
    EXPECT_EQ(r.status, status) << r.body;
    return r.body.empty() ? bj::value() : bj::parse(r.body);
  }
  int64_t OpenP1(const std::string& subject = "Core switch down") {
    auto body = Ok(app.Call("POST", "/api/v1/tickets",
                            R"({"organisation_id":)" + S(org) + R"(,"requester_id":)" + S(requester.actor.id) +
                                R"(,"team_id":)" + S(noc) + R"(,"subject":")" + subject +
                                R"(","type":"incident","priority":"P1","priority_reason":"HQ offline"})",
                            &ana),
                   201);
    return body.at("id").as_int64();
  }
  app::AlertService::Fired Fire() {
    auto f = app.app().alerts().FireDue();
    EXPECT_TRUE(f.ok()) << f.status().ToString();
    return f.ok() ? *f : app::AlertService::Fired{};
  }
  bj::array Levels(int64_t ticket, const app::Authenticated& as) {
    const bj::value v = Ok(app.Call("GET", "/api/v1/tickets/" + S(ticket) + "/escalations", "", &as));
    return v.at("items").as_array();
  }
  // How many update-clock alerts ticket `id`'s timeline holds.
  int UpdateAlerts(int64_t id) {
    const bj::value events = Ok(app.Call("GET", "/api/v1/tickets/" + S(id) + "/events", "", &ana));
    int n = 0;
    for (const auto& e : events.at("items").as_array()) {
      if (e.at("type") == bj::value("sla_alert") && e.at("sla_alert").at("clock") == bj::value("update")) ++n;
    }
    return n;
  }
  std::vector<store::Delivery> Deliveries() {
    std::vector<store::Delivery> out;
    EXPECT_TRUE(app.store().Read([&](store::Tx& tx) -> Status {
      FAROL_ASSIGN_OR_RETURN(out, tx.deliveries().List(std::nullopt, 200, 0));
      return OkStatus();
    }).ok());
    std::reverse(out.begin(), out.end());
    return out;
  }
  // The e-mails sent to `address`, oldest first.
  std::vector<store::Delivery> MailTo(const std::string& address) {
    std::vector<store::Delivery> out;
    for (const auto& d : Deliveries()) {
      if (d.recipient == address) out.push_back(d);
    }
    return out;
  }
  std::vector<std::string> EventTypes(int64_t ticket, const app::Authenticated& as) {
    std::vector<std::string> out;
    const bj::value events = Ok(app.Call("GET", "/api/v1/tickets/" + S(ticket) + "/events", "", &as));
    for (const auto& e : events.at("items").as_array()) out.emplace_back(e.at("type").as_string());
    return out;
  }
  static std::string AckToken(const std::string& mail) {
    std::smatch m;
    if (!std::regex_search(mail, m, std::regex("https://desk\\.example\\.test/ack/([0-9a-f_]+)"))) return "";
    return m[1];
  }

  TestApp app;
  app::Authenticated admin, ana, marcos, carla, diana, requester, boss;
  int64_t noc = 0, org = 0;
};

TEST_F(EscalationTest, TheSeedMatrixClimbsLevelByLevelAtEachDeadline) {
  const Timestamp t0 = app.clock().SystemNow();
  const int64_t id = OpenP1();
  // Level 1, the ticket's team, at once.
  EXPECT_EQ(Fire().escalations, 1);
  bj::array levels = Levels(id, ana);
  ASSERT_EQ(levels.size(), 1u);
  EXPECT_EQ(levels[0].at("name"), bj::value("NOC / N1 team"));
  EXPECT_EQ(levels[0].at("cause"), bj::value("created"));
  EXPECT_EQ(levels[0].at("deadline_at"), bj::value(FormatIso8601(t0 + hours(2))));
  EXPECT_EQ(levels[0].at("recipients").as_array().size(), 1u);  // Ana, the team's only member
  EXPECT_EQ(levels[0].at("state"), bj::value("open"));
  const auto mail = MailTo("ana@farol.test");
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_NE(mail[0].subject.find("Escalation level 1 (NOC / N1 team): #" + S(id)), std::string::npos) << mail[0].subject;
  EXPECT_NE(mail[0].body.find("https://desk.example.test/tickets/" + S(id)), std::string::npos) << mail[0].body;
  EXPECT_FALSE(AckToken(mail[0].body).empty()) << mail[0].body;
  EXPECT_EQ(mail[0].channel_id, 0);

  // Level 2, the team's manager, exactly when level 1's two hours are up.
  app.clock().Advance(hours(2) - seconds(1));
  EXPECT_EQ(Fire().escalations, 0);
  app.clock().Advance(seconds(1));
  EXPECT_EQ(Fire().escalations, 1);
  levels = Levels(id, ana);
  ASSERT_EQ(levels.size(), 2u);
  EXPECT_EQ(levels[1].at("name"), bj::value("NOC manager"));
  EXPECT_EQ(levels[1].at("cause"), bj::value("unacknowledged"));
  EXPECT_EQ(levels[0].at("state"), bj::value("missed"));
  ASSERT_EQ(MailTo("marcos@farol.test").size(), 1u);
  EXPECT_NE(MailTo("marcos@farol.test")[0].body.find("did not acknowledge in time"), std::string::npos);

  // Level 3, the customer-success manager, 30 minutes later; level 4, the directors, an hour after.
  app.clock().Advance(minutes(30));
  EXPECT_EQ(Fire().escalations, 1);
  EXPECT_EQ(MailTo("carla@farol.test").size(), 1u);
  app.clock().Advance(minutes(59));
  EXPECT_EQ(Fire().escalations, 0);
  app.clock().Advance(minutes(1));
  EXPECT_EQ(Fire().escalations, 1);
  EXPECT_EQ(MailTo("diana@farol.test").size(), 1u);
  EXPECT_EQ(Levels(id, ana).size(), 4u);
  // Nothing above the directors, and no level fires twice.
  app.clock().Advance(hours(24));
  EXPECT_EQ(Fire().escalations, 0);
  const auto types = EventTypes(id, ana);
  EXPECT_EQ(std::count(types.begin(), types.end(), "escalation_fired"), 4);
  // The customer sees none of it.
  const auto seen = EventTypes(id, requester);
  EXPECT_EQ(std::count(seen.begin(), seen.end(), "escalation_fired"), 0);
}

TEST_F(EscalationTest, AnAcknowledgementFromTheEmailLinkStopsTheClimb) {
  const int64_t id = OpenP1();
  Fire();
  const std::string token = AckToken(MailTo("ana@farol.test").at(0).body);
  ASSERT_FALSE(token.empty());
  // Opening the link shows what it acknowledges and changes nothing.
  auto peek = Ok(app.Call("GET", "/api/v1/escalations/ack/" + token));
  EXPECT_EQ(peek.at("ticket_id"), bj::value(id));
  EXPECT_EQ(peek.at("level"), bj::value(1));
  EXPECT_EQ(peek.at("recipient"), bj::value(ana.actor.name));
  EXPECT_TRUE(peek.at("acknowledged_at").is_null());
  app.clock().Advance(minutes(20));
  auto acked = Ok(app.Call("POST", "/api/v1/escalations/ack/" + token));
  EXPECT_EQ(acked.at("state"), bj::value("acknowledged"));
  EXPECT_EQ(acked.at("via"), bj::value("link"));
  EXPECT_EQ(acked.at("acknowledged_by").at("id"), bj::value(ana.actor.id));
  EXPECT_EQ(acked.at("late"), bj::value(false));
  // Twice changes nothing (the same answer, one event).
  Ok(app.Call("POST", "/api/v1/escalations/ack/" + token));
  auto types = EventTypes(id, ana);
  EXPECT_EQ(std::count(types.begin(), types.end(), "escalation_acknowledged"), 1);
  // The manager is never called: level 2 waited for level 1's acknowledgement.
  app.clock().Advance(hours(10));
  EXPECT_EQ(Fire().escalations, 0);
  EXPECT_TRUE(MailTo("marcos@farol.test").empty());
  auto open = Ok(app.Call("GET", "/api/v1/escalations?state=open", "", &ana));
  EXPECT_TRUE(open.at("items").as_array().empty());
}

TEST_F(EscalationTest, TheAppAcknowledgementAndHostileLinks) {
  const int64_t id = OpenP1();
  Fire();
  const std::string token = AckToken(MailTo("ana@farol.test").at(0).body);
  // A tampered or forged link is refused in plain words and changes nothing.
  std::string forged = token;
  forged.back() = forged.back() == '0' ? '1' : '0';
  for (const std::string& bad : {forged, std::string("1_2_99999999999_abc"), token + "_x", std::string("x")}) {
    auto r = app.Call("POST", "/api/v1/escalations/ack/" + bad);
    EXPECT_EQ(r.status, 404) << bad;
    EXPECT_NE(r.body.find("not valid or has expired"), std::string::npos) << r.body;
  }
  EXPECT_TRUE(Levels(id, ana)[0].at("acknowledged_at").is_null());
  // Staff acknowledge in the app; a customer cannot.
  EXPECT_EQ(app.Call("POST", "/api/v1/tickets/" + S(id) + "/escalations/1/acknowledge", "", &requester).status, 403);
  app.clock().Advance(hours(3));  // after the deadline: late
  auto row = Ok(app.Call("POST", "/api/v1/tickets/" + S(id) + "/escalations/1/acknowledge", "", &diana));
  EXPECT_EQ(row.at("via"), bj::value("app"));
  EXPECT_EQ(row.at("late"), bj::value(true));
  // The link, used after that, reports who acknowledged it first.
  auto after = Ok(app.Call("POST", "/api/v1/escalations/ack/" + token));
  EXPECT_EQ(after.at("acknowledged_by").at("id"), bj::value(diana.actor.id));
  // An expired link (7 days) is refused.
  app.clock().Advance(hours(24 * 7));
  EXPECT_EQ(app.Call("GET", "/api/v1/escalations/ack/" + token).status, 404);
}

TEST_F(EscalationTest, ResolvingHoldsTheEscalationAndAReopenResumesIt) {
  const int64_t id = OpenP1();
  Fire();
  app.clock().Advance(hours(1));
  Ok(app.Call("PATCH", "/api/v1/tickets/" + S(id), R"({"status":"resolved"})", &ana));
  app.clock().Advance(hours(5));
  EXPECT_EQ(Fire().escalations, 0);
  // Reopened after level 1's deadline: level 2 is overdue and fires at once.
  Ok(app.Call("PATCH", "/api/v1/tickets/" + S(id), R"({"status":"open"})", &ana));
  EXPECT_EQ(Fire().escalations, 1);
  EXPECT_EQ(Levels(id, ana).size(), 2u);
}

// The same by e-mail: a reply whose first word is #escalate (or #escalar) asks for the next level,
// with the rest of the reply as the reason; refused, it stays a reply and the team reads why on
// the ticket. (docs/EMAIL.md, "Asking to escalate")
TEST_F(EscalationTest, ACustomerAsksToEscalateByReplyingWithTheWord) {
  const int64_t id = OpenP1();
  Fire();  // level 1
  app::MailboxRoute route;
  route.name = "support";
  auto reply = [&](const std::string& n, const std::string& subject, const std::string& body) {
    const std::string raw = "From: Joana <joana@horizonte.test>\r\nTo: suporte@farol.test\r\nSubject: " + subject +
                            "\r\nMessage-ID: <esc-" + n + "@horizonte.test>\r\nDate: Mon, 02 Mar 2026 09:00:00 -0300\r\n"
                            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n";
    auto r = app.app().mail().Take(route, raw);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : app::MailResult{};
  };
  // A mention further down asks for nothing.
  auto plain = reply("0", "Re: [#" + S(id) + "] Core switch down", "Thanks, we will wait. No need to #escalate yet.");
  EXPECT_EQ(plain.outcome, app::MailOutcome::kReply);
  EXPECT_EQ(plain.reason, "");
  EXPECT_EQ(Levels(id, ana).size(), 1u);

  auto asked = reply("1", "Re: [#" + S(id) + "] Core switch down",
                     "#escalate\r\nOur branches have been offline for an hour.\r\n\r\nOn Mon, Ana wrote:\r\n> Working on it");
  EXPECT_EQ(asked.outcome, app::MailOutcome::kReply);
  EXPECT_EQ(asked.ticket_id, id);
  EXPECT_EQ(asked.reason, "asked to escalate: level 2 (NOC manager) fired");
  EXPECT_EQ(Levels(id, ana).size(), 2u);
  const bj::value logged = Ok(app.Call("GET", "/api/v1/mail/messages/" + S(asked.message_row), "", &admin));
  EXPECT_EQ(logged.at("reason"), bj::value("asked to escalate: level 2 (NOC manager) fired"));
  const auto mail = MailTo("marcos@farol.test");
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_NE(mail[0].body.find("the customer asked to escalate"), std::string::npos) << mail[0].body;
  EXPECT_NE(mail[0].body.find("Our branches have been offline for an hour."), std::string::npos) << mail[0].body;
  EXPECT_EQ(mail[0].body.find("Working on it"), std::string::npos) << "the quoted history is not the reason";
  const auto public_types = EventTypes(id, requester);
  EXPECT_EQ(std::count(public_types.begin(), public_types.end(), "escalation_requested"), 1);

  // Again within the cooldown, by subject: refused; the reply stands and the team is told why.
  auto again = reply("2", "Re: [#" + S(id) + "] Core switch down [escalar]", "Ainda fora do ar.");
  EXPECT_EQ(again.outcome, app::MailOutcome::kReply);
  EXPECT_EQ(again.reason.rfind("asked to escalate, not escalated: You asked to escalate this ticket at ", 0), 0u) << again.reason;
  EXPECT_EQ(Levels(id, ana).size(), 2u);
  const bj::value events = Ok(app.Call("GET", "/api/v1/tickets/" + S(id) + "/events", "", &ana));
  std::string note;
  for (const auto& e : events.at("items").as_array()) {
    if (e.at("type") == bj::value("internal_note")) note = e.at("body").as_string().c_str();
  }
  EXPECT_EQ(note.rfind("joana <joana@horizonte.test> asked by e-mail to escalate this ticket; it was not escalated: "
                       "You asked to escalate this ticket at ", 0), 0u) << note;
  // The customer never sees the note.
  const auto customer_types = EventTypes(id, requester);
  EXPECT_EQ(std::count(customer_types.begin(), customer_types.end(), "internal_note"), 0);
}

TEST_F(EscalationTest, ACustomerAsksToEscalateWithinTheCooldown) {
  const int64_t id = OpenP1();
  Fire();  // level 1
  // The requester and the organisation's manager contact see the level names, not who was told.
  auto seen = Ok(app.Call("GET", "/api/v1/tickets/" + S(id) + "/escalations", "", &requester));
  EXPECT_EQ(seen.at("can_request"), bj::value(true));
  EXPECT_TRUE(seen.at("items").as_array()[0].at("recipients").as_array().empty());
  EXPECT_TRUE(seen.at("next").is_null());
  auto moved = Ok(app.Call("POST", "/api/v1/tickets/" + S(id) + "/escalation-request",
                           R"({"reason":"Our branches have been offline for an hour"})", &boss),
                  202);
  EXPECT_EQ(moved.at("level"), bj::value(2));
  EXPECT_EQ(moved.at("name"), bj::value("NOC manager"));
  const auto mail = MailTo("marcos@farol.test");
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_NE(mail[0].body.find("the customer asked to escalate"), std::string::npos) << mail[0].body;
  EXPECT_NE(mail[0].body.find("Our branches have been offline for an hour"), std::string::npos);
  // The request is on the customer's timeline; the level it caused is not.
  const auto public_types = EventTypes(id, requester);
  EXPECT_EQ(std::count(public_types.begin(), public_types.end(), "escalation_requested"), 1);
  // Again within four hours: refused, with when.
  auto again = app.Call("POST", "/api/v1/tickets/" + S(id) + "/escalation-request", R"({"reason":"still down"})", &requester);
  EXPECT_EQ(again.status, 429);
  ASSERT_NE(again.Header("Retry-After"), nullptr);
  EXPECT_EQ(*again.Header("Retry-After"), "14400");
  seen = Ok(app.Call("GET", "/api/v1/tickets/" + S(id) + "/escalations", "", &requester));
  EXPECT_EQ(seen.at("can_request"), bj::value(false));
  EXPECT_FALSE(seen.at("request_allowed_at").is_null());
  // Level 2's own deadline (30 min) passes meanwhile: level 3 fires on its own, once.
  app.clock().Advance(minutes(30));
  EXPECT_EQ(Fire().escalations, 1);
  app.clock().Advance(hours(4));
  Fire();  // level 4 (level 3's hour is up)
  EXPECT_EQ(Levels(id, ana).size(), 4u);
  // Nothing is left above the directors.
  auto top = app.Call("POST", "/api/v1/tickets/" + S(id) + "/escalation-request", R"({"reason":"please"})", &requester);
  EXPECT_EQ(top.status, 409) << top.body;
  EXPECT_NE(top.body.find("highest escalation level"), std::string::npos);
  // Staff escalate by tier; another organisation's contact cannot see the ticket.
  EXPECT_EQ(app.Call("POST", "/api/v1/tickets/" + S(id) + "/escalation-request", R"({"reason":"x"})", &ana).status, 403);
  const auto stranger = app.Contact(app.Organisation("Outra"), "x@outra.test");
  EXPECT_EQ(app.Call("POST", "/api/v1/tickets/" + S(id) + "/escalation-request", R"({"reason":"x"})", &stranger).status, 404);
  // A P3 ticket is outside the seed matrix.
  auto p3 = Ok(app.Call("POST", "/api/v1/tickets", R"({"subject":"Printer"})", &requester), 201);
  auto outside = app.Call("POST", "/api/v1/tickets/" + S(p3.at("id").as_int64()) + "/escalation-request",
                          R"({"reason":"x"})", &requester);
  EXPECT_EQ(outside.status, 409);
  EXPECT_NE(outside.body.find("have no escalation levels"), std::string::npos);
}

TEST_F(EscalationTest, ManagerContactsAreToldInTheirOwnWordsAndChannelsHearTheLevel) {
  // A policy whose second level tells the customer's manager contacts and a Slack channel.
  auto channel = Ok(app.Call("POST", "/api/v1/alerts/channels",
                             R"({"name":"NOC Slack","kind":"slack","url":"https://hooks.example.test/noc"})", &admin),
                    201);
  Ok(app.Call("PUT", "/api/v1/sla/policies/1",
              R"({"name":"Default policy","calendar_id":1,"version":1,
                  "targets":[{"type":"incident","priority":"P1","first_response_minutes":15,"resolution_minutes":240}],
                  "escalation":{"types":["incident"],"max_priority":"P1","levels":[
                    {"name":"Team","trigger":"created","deadline_minutes":10,"recipients":["team"]},
                    {"name":"Customer's managers","trigger":"unacknowledged","recipients":["manager_contacts","assignee"],
                     "channel_ids":[)" + S(channel.at("id").as_int64()) + R"(]}]}})",
              &admin));
  const int64_t id = OpenP1();
  Fire();
  app.clock().Advance(minutes(10));
  EXPECT_EQ(Fire().escalations, 1);
  const auto boss_mail = MailTo("mario@horizonte.test");
  ASSERT_EQ(boss_mail.size(), 1u);
  EXPECT_NE(boss_mail[0].subject.find("Your ticket was escalated"), std::string::npos) << boss_mail[0].subject;
  EXPECT_EQ(boss_mail[0].body.find("/ack/"), std::string::npos) << "customers are never asked to acknowledge";
  EXPECT_EQ(boss_mail[0].body.find("NOC"), std::string::npos) << "no internal names: " << boss_mail[0].body;
  bool slack = false;
  for (const auto& d : Deliveries()) {
    if (d.channel_name == "NOC Slack" && d.event == "escalation.level") {
      slack = true;
      EXPECT_NE(d.body.find("Customer's managers"), std::string::npos) << d.body;
    }
  }
  EXPECT_TRUE(slack);
  EXPECT_EQ(Levels(id, ana)[1].at("channels").as_array().size(), 1u);
}

TEST_F(EscalationTest, ATicketKeepsTheTermsItWasOpenedUnder) {
  // A Gold policy on an office calendar, through a contract.
  auto office = Ok(app.Call("POST", "/api/v1/calendars",
                            R"({"name":"SP office","timezone":"America/Sao_Paulo",
                                "week":{"mon":[["08:00","18:00"]],"tue":[["08:00","18:00"]],"wed":[["08:00","18:00"]],
                                        "thu":[["08:00","18:00"]],"fri":[["08:00","18:00"]]}})",
                            &admin),
                   201);
  const int64_t cal = office.at("id").as_int64();
  auto gold = Ok(app.Call("POST", "/api/v1/sla/policies",
                          R"({"name":"Gold","calendar_id":)" + S(cal) +
                              R"(,"targets":[{"type":"incident","priority":"P1","first_response_minutes":30,"resolution_minutes":600}]})",
                          &admin),
                 201);
  auto contract = Ok(app.Call("POST", "/api/v1/contracts",
                              R"({"organisation_id":)" + S(org) + R"(,"name":"NOC 2026","starts_on":"2026-01-01",
                                  "monthly_value_minor":1250000,"currency":"BRL","policy_id":)" + S(gold.at("id").as_int64()) + "}",
                              &carla),
                     201);
  const int64_t before = OpenP1();
  auto sla = Ok(app.Call("GET", "/api/v1/tickets/" + S(before) + "/sla", "", &ana));
  EXPECT_EQ(sla.at("terms").at("contract"), bj::value("NOC 2026"));
  EXPECT_EQ(sla.at("terms").at("policy"), bj::value("Gold"));
  EXPECT_EQ(sla.at("terms").at("calendar"), bj::value("SP office"));
  // 09:00 in São Paulo on Monday 2 March: ten business hours run out at 09:00 on Tuesday.
  EXPECT_EQ(sla.at("sla").at("resolution").at("due"), bj::value("2026-03-03T12:00:00Z"));
  // Gold has no escalation matrix: nothing escalates.
  EXPECT_TRUE(sla.at("next_escalation").is_null());
  // The contract moves to the default policy: the ticket opened before keeps Gold; a new one does not.
  Ok(app.Call("PUT", "/api/v1/contracts/" + S(contract.at("id").as_int64()),
              R"({"organisation_id":)" + S(org) + R"(,"name":"NOC 2026","starts_on":"2026-01-01",
                  "monthly_value_minor":1250000,"currency":"BRL","policy_id":1,"version":1})",
              &carla));
  EXPECT_EQ(Ok(app.Call("GET", "/api/v1/tickets/" + S(before) + "/sla", "", &ana)).at("terms").at("policy"), bj::value("Gold"));
  const int64_t after = OpenP1("Another outage");
  auto later = Ok(app.Call("GET", "/api/v1/tickets/" + S(after) + "/sla", "", &ana));
  EXPECT_EQ(later.at("terms").at("policy"), bj::value("Default policy"));
  EXPECT_EQ(later.at("terms").at("contract"), bj::value("NOC 2026"));
  // Another organisation, no contract: the default policy.
  const int64_t other = app.Organisation("Sem Contrato");
  auto t = Ok(app.Call("POST", "/api/v1/tickets", R"({"organisation_id":)" + S(other) + R"(,"subject":"x"})", &ana), 201);
  const bj::value terms = Ok(app.Call("GET", "/api/v1/tickets/" + S(t.at("id").as_int64()) + "/sla", "", &ana)).at("terms");
  EXPECT_TRUE(terms.at("contract_id").is_null());
  EXPECT_EQ(terms.at("policy_id"), bj::value(1));
  // The contract's changes are in the audit log, for those who read contracts.
  const bj::value audit_page = Ok(app.Call("GET", "/api/v1/audit?object_kind=contract", "", &carla));
  const bj::array& audit = audit_page.at("items").as_array();
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].at("detail"), bj::value("changed SLA policy"));
  EXPECT_EQ(audit[0].at("actor").at("id"), bj::value(carla.actor.id));
}

TEST_F(EscalationTest, ReApplyingAnEditedCalendarMovesOnlyOpenTicketsAndSaysSo) {
  auto office = Ok(app.Call("POST", "/api/v1/calendars",
                            R"({"name":"SP office","timezone":"America/Sao_Paulo",
                                "week":{"mon":[["08:00","18:00"]],"tue":[["08:00","18:00"]],"wed":[["08:00","18:00"]]}})",
                            &admin),
                   201);
  const int64_t cal = office.at("id").as_int64();
  Ok(app.Call("PUT", "/api/v1/sla/policies/1",
              R"({"name":"Default policy","calendar_id":)" + S(cal) + R"(,"version":1,"escalation":{"levels":[]},
                  "targets":[{"type":"incident","priority":"P1","first_response_minutes":30,"resolution_minutes":600}]})",
              &admin));
  const int64_t open = OpenP1("stays open");
  const int64_t done = OpenP1("gets resolved");
  Ok(app.Call("PATCH", "/api/v1/tickets/" + S(done), R"({"status":"resolved"})", &ana));
  auto due = [&](int64_t id) {
    return std::string(Ok(app.Call("GET", "/api/v1/tickets/" + S(id) + "/sla", "", &ana)).at("sla").at("resolution").at("due").as_string());
  };
  EXPECT_EQ(due(open), "2026-03-03T12:00:00Z");  // Tuesday 09:00 local
  // Tuesday 3 March becomes a holiday: a new version, for tickets opened from now on.
  auto imported = Ok(app.Call("POST", "/api/v1/calendars/" + S(cal) + "/holidays", R"({"text":"2026-03-03 Carnaval"})", &admin));
  EXPECT_EQ(imported.at("added"), bj::value(1));
  EXPECT_EQ(due(open), "2026-03-03T12:00:00Z");  // the open ticket keeps its version …
  auto reapplied = Ok(app.Call("POST", "/api/v1/calendars/" + S(cal) + "/reapply", R"({"reason":"Carnival was missing"})", &admin));
  EXPECT_EQ(reapplied.at("tickets"), bj::value(1));  // … until it is re-applied; the resolved one is left alone
  EXPECT_EQ(due(open), "2026-03-04T12:00:00Z");      // Wednesday 09:00 local
  const bj::value timeline = Ok(app.Call("GET", "/api/v1/tickets/" + S(open) + "/events", "", &ana));
  const bj::array& events = timeline.at("items").as_array();
  const bj::value& last = events.back();
  EXPECT_EQ(last.at("type"), bj::value("sla_terms_changed"));
  EXPECT_EQ(last.at("reason"), bj::value("Carnival was missing"));
  EXPECT_EQ(last.at("author").at("id"), bj::value(admin.actor.id));
  EXPECT_EQ(Ok(app.Call("GET", "/api/v1/tickets/" + S(done) + "/sla", "", &ana)).at("terms").at("calendar_version_id"),
            Ok(app.Call("GET", "/api/v1/tickets/" + S(open) + "/sla", "", &ana)).at("terms").at("calendar_version_id").as_int64() - 1);
  // Once more: nothing left to move. The audit log has both.
  EXPECT_EQ(Ok(app.Call("POST", "/api/v1/calendars/" + S(cal) + "/reapply", R"({"reason":"again"})", &admin)).at("tickets"),
            bj::value(0));
  const bj::value audit_page = Ok(app.Call("GET", "/api/v1/audit?object_kind=calendar&object_id=" + S(cal), "", &admin));
  const bj::array& audit = audit_page.at("items").as_array();
  ASSERT_GE(audit.size(), 3u);
  EXPECT_EQ(audit[1].at("action"), bj::value("calendar.reapply"));
  EXPECT_NE(std::string(audit[1].at("detail").as_string()).find("re-applied; open tickets re-measured: 1; reason: Carnival was missing"), std::string::npos)
      << audit[1].at("detail");
}

TEST_F(EscalationTest, TheThermometerAgreesWithAnIndependentTallyOfEachTicketsClocks) {
  // Incidents: 95% resolved within 4 hours (the default policy's P1 target) is promised.
  auto contract = Ok(app.Call("POST", "/api/v1/contracts",
                              R"({"organisation_id":)" + S(org) + R"(,"name":"NOC","starts_on":"2026-01-01","monthly_value_minor":0,
                                  "currency":"BRL","policy_id":1,"compliance_targets":[{"type":"incident","percent":95},
                                  {"type":"incident","clock":"first_response","percent":60},{"type":"change","percent":90}]})",
                              &admin),
                     201);
  const int64_t k = contract.at("id").as_int64();
  // Twenty P1 incidents: nineteen resolved in 3 hours, one in 5 hours; and one opened at the end, still
  // counting (pending). Ten of the twenty are answered within 10 minutes; the others never are.
  std::vector<int64_t> ids;
  for (int i = 0; i < 20; ++i) ids.push_back(OpenP1("outage " + std::to_string(i)));
  app.clock().Advance(minutes(10));
  for (int i = 0; i < 10; ++i) Ok(app.Call("POST", "/api/v1/tickets/" + S(ids[size_t(i)]) + "/replies", R"({"body":"on it"})", &ana), 201);
  app.clock().Advance(hours(3) - minutes(10));
  for (int i = 0; i < 19; ++i) Ok(app.Call("PATCH", "/api/v1/tickets/" + S(ids[size_t(i)]), R"({"status":"resolved"})", &ana));
  app.clock().Advance(hours(2));
  Ok(app.Call("PATCH", "/api/v1/tickets/" + S(ids[19]), R"({"status":"resolved"})", &ana));
  ids.push_back(OpenP1("the latest outage"));
  auto report = Ok(app.Call("GET", "/api/v1/contracts/" + S(k) + "/compliance?from=2026-03-01&to=2026-04-01", "", &carla));
  EXPECT_EQ(report.at("tickets"), bj::value(21));
  // Dates are days where the customer lives: March in São Paulo.
  EXPECT_EQ(report.at("from"), bj::value("2026-03-01T03:00:00Z"));
  EXPECT_EQ(report.at("to"), bj::value("2026-04-01T03:00:00Z"));
  const bj::array& rows = report.at("rows").as_array();
  ASSERT_EQ(rows.size(), 3u);
  // By hand: resolution 19 met, 1 breached, 1 pending: 19 / 20 = 95% -> met, exactly.
  EXPECT_EQ(rows[0].at("delivered").at("met"), bj::value(19));
  EXPECT_EQ(rows[0].at("delivered").at("breached"), bj::value(1));
  EXPECT_EQ(rows[0].at("delivered").at("pending"), bj::value(1));
  EXPECT_EQ(rows[0].at("state"), bj::value("met"));
  // First response (15 min): 10 answered in 10 minutes, 10 never answered (resolving stopped the clock
  // after 15 minutes), 1 pending -> 10 / 20 = 50% < 60%.
  EXPECT_EQ(rows[1].at("delivered").at("met"), bj::value(10));
  EXPECT_EQ(rows[1].at("delivered").at("breached"), bj::value(10));
  EXPECT_EQ(rows[1].at("delivered").at("pending"), bj::value(1));
  EXPECT_DOUBLE_EQ(rows[1].at("delivered").at("met_percent").to_number<double>(), 50.0);
  EXPECT_EQ(rows[1].at("state"), bj::value("below"));
  EXPECT_EQ(rows[2].at("state"), bj::value("no_data"));
  // The same from each ticket's own clocks.
  int met = 0, breached = 0, pending = 0;
  for (int64_t id : ids) {
    const bj::value r = Ok(app.Call("GET", "/api/v1/tickets/" + S(id) + "/sla", "", &ana)).at("sla").at("resolution");
    if (r.at("breached").as_bool()) ++breached;
    else if (r.at("stopped_at").is_null()) ++pending;
    else ++met;
  }
  EXPECT_EQ(met, 19);
  EXPECT_EQ(breached, 1);
  EXPECT_EQ(pending, 1);
  // Agents do not read contracts.
  EXPECT_EQ(app.Call("GET", "/api/v1/contracts/" + S(k) + "/compliance?from=2026-03-01&to=2026-04-01", "", &ana).status, 403);
}

TEST_F(EscalationTest, APolicyEditThatLeavesOutRulesKeepsThem) {
  Ok(app.Call("PUT", "/api/v1/sla/policies/1",
              R"({"name":"Default policy","calendar_id":1,"version":1,
                  "responses":{"default":["public_reply"],"phone":["public_reply","phone_call"]},
                  "targets":[{"type":"incident","priority":"P1","first_response_minutes":15,"resolution_minutes":240}]})",
              &admin));
  // The older form of the default policy, without responses or a matrix: both stay.
  Ok(app.Call("PUT", "/api/v1/settings/sla-policy",
              R"({"calendar":{"timezone":"UTC","always_open":true},
                  "targets":[{"type":"incident","priority":"P1","first_response_minutes":10,"resolution_minutes":240}]})",
              &admin));
  auto policy = Ok(app.Call("GET", "/api/v1/sla/policies/1", "", &admin));
  EXPECT_EQ(policy.at("responses").at("phone").as_array().size(), 2u) << policy;
  EXPECT_EQ(policy.at("escalation").at("levels").as_array().size(), 4u);
  EXPECT_EQ(policy.at("targets").as_array()[0].at("first_response_minutes"), bj::value(10));
  // Named explicitly, they change.
  Ok(app.Call("PUT", "/api/v1/settings/sla-policy",
              R"({"calendar":{"timezone":"UTC","always_open":true},"responses":{"default":["public_reply"]},"escalation":null,
                  "targets":[{"type":"incident","priority":"P1","first_response_minutes":10,"resolution_minutes":240}]})",
              &admin));
  policy = Ok(app.Call("GET", "/api/v1/sla/policies/1", "", &admin));
  EXPECT_FALSE(policy.at("responses").as_object().contains("phone"));
  EXPECT_TRUE(policy.at("escalation").at("levels").as_array().empty());
  // The default calendar and policy date from the upgrade that made them, not from 1970.
  auto calendars = Ok(app.Call("GET", "/api/v1/calendars", "", &admin));
  EXPECT_GT(std::string(calendars.at("items").as_array()[0].at("updated_at").as_string()), "2000");
}

TEST_F(EscalationTest, ContractsRefuseOverlapsAndBadMoneyInPlainWords) {
  const std::string base = R"({"organisation_id":)" + S(org) + R"(,"name":"A","starts_on":"2026-01-01","ends_on":"2026-06-30",
                               "monthly_value_minor":100,"currency":"BRL","policy_id":1})";
  Ok(app.Call("POST", "/api/v1/contracts", base, &admin), 201);
  auto overlap = app.Call("POST", "/api/v1/contracts",
                          R"({"organisation_id":)" + S(org) + R"(,"name":"B","starts_on":"2026-06-30","monthly_value_minor":100,
                              "currency":"BRL","policy_id":1})",
                          &admin);
  EXPECT_EQ(overlap.status, 400);
  EXPECT_NE(overlap.body.find("overlaps contract \\\"A\\\""), std::string::npos) << overlap.body;
  Ok(app.Call("POST", "/api/v1/contracts",
              R"({"organisation_id":)" + S(org) + R"(,"name":"B","starts_on":"2026-07-01","monthly_value_minor":100,
                  "currency":"BRL","policy_id":1})",
              &admin),
     201);
  auto bad = app.Call("POST", "/api/v1/contracts",
                      R"({"organisation_id":999,"name":"C","starts_on":"2026-02-30","monthly_value_minor":-5,
                          "currency":"REAL","policy_id":77,"compliance_targets":[{"type":"incident","percent":120}]})",
                      &admin);
  EXPECT_EQ(bad.status, 400);
  for (const char* field : {"starts_on", "monthly_value_minor", "currency", "compliance_targets[0].percent"}) {
    EXPECT_NE(bad.body.find(std::string("\"field\":\"") + field + "\""), std::string::npos) << field << ": " << bad.body;
  }
  const bj::value page = Ok(app.Call("GET", "/api/v1/contracts?organisation_id=" + S(org), "", &marcos));
  const bj::array& list = page.at("items").as_array();
  EXPECT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].at("currency_decimals"), bj::value(2));
}

TEST_F(EscalationTest, TheUpdatePromiseAlertsOncePerCycle) {
  Ok(app.Call("PUT", "/api/v1/sla/policies/1",
              R"({"name":"Default policy","calendar_id":1,"version":1,"warn_percents":[50],
                  "targets":[{"type":"incident","priority":"P1","first_response_minutes":15,"resolution_minutes":600,"update_minutes":60}]})",
              &admin));
  const int64_t id = OpenP1();
  Fire();
  app.clock().Advance(minutes(5));
  Ok(app.Call("POST", "/api/v1/tickets/" + S(id) + "/replies", R"({"body":"looking"})", &ana), 201);
  bj::value update = Ok(app.Call("GET", "/api/v1/tickets/" + S(id) + "/sla", "", &ana)).at("sla").at("update");
  EXPECT_EQ(update.at("cycles"), bj::value(1));
  EXPECT_EQ(update.at("due"), bj::value("2026-03-02T13:05:00Z"));
  app.clock().Advance(minutes(60));
  Fire();
  EXPECT_EQ(UpdateAlerts(id), 2);  // 50% and the breach of cycle 1 (the hour is used up)
  app.clock().Advance(minutes(1));
  update = Ok(app.Call("GET", "/api/v1/tickets/" + S(id) + "/sla", "", &ana)).at("sla").at("update");
  EXPECT_EQ(update.at("breached"), bj::value(true));
  EXPECT_EQ(update.at("state"), bj::value("breached"));
  // A reply opens cycle 2; its thresholds alert on their own.
  Ok(app.Call("POST", "/api/v1/tickets/" + S(id) + "/replies", R"({"body":"still on it"})", &ana), 201);
  app.clock().Advance(minutes(30));
  Fire();
  EXPECT_EQ(UpdateAlerts(id), 3);
  // The ticket is in the breached queue: the promise was broken once.
  const bj::value queue = Ok(app.Call("GET", "/api/v1/tickets?sla=breached", "", &ana));
  const bj::array& breached = queue.at("items").as_array();
  EXPECT_TRUE(std::any_of(breached.begin(), breached.end(), [&](const bj::value& t) { return t.at("id") == bj::value(id); }));
}

}  // namespace
}  // namespace farol::testing
