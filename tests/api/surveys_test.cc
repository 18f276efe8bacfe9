// Surveys end to end through the API on SQLite and PostgreSQL (docs/SURVEYS.md): a CSM designs a
// CSAT survey; resolving a ticket e-mails its requester a single-use link (through a real SMTP
// server); the answer is attributed to the agent and team; a second survey within the throttle
// is dropped and counted; the results are the figures worked out by hand.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <regex>

#include "jobs/curl_sender.h"
#include "testing/mail_servers.h"
#include "testing/test_env.h"

namespace farol::testing {
namespace surveys_test {  // named: unity builds put several tests in one unit

namespace bj = boost::json;

std::string S(int64_t v) { return std::to_string(v); }

app::AppConfig SurveysOn() {
  app::AppConfig c;
  c.mail_out.enabled = true;
  c.mail_out.from = {"Farol Support", "suporte@farol.test"};
  c.mail_out.public_url = "https://desk.farol.test";
  c.surveys.enabled = true;
  c.surveys.public_url = "https://desk.farol.test";
  c.surveys.throttle_days = 30;
  return c;
}

class SurveysTest : public ::testing::TestWithParam<std::string> {
 protected:
  SurveysTest() : app(GetParam(), SurveysOn()), smtp(dir.path() + "/maildir") {}

  void SetUp() override {
    if (!app.ok()) GTEST_SKIP() << "no " << GetParam() << " server here";
    ASSERT_TRUE(smtp.up()) << "python3-aiosmtpd is missing (scripts/install-deps.sh installs it)";
    noc = app.Team("NOC");
    csm = app.Staff("carol.csm@farol.test", domain::Role::kCsm, 1, {});
    agent = app.Staff("ana.agent@farol.test", domain::Role::kAgent, 1, {noc});
    banco = app.Organisation("Banco Horizonte", 12000);
    carla = app.Contact(banco, "carla@bancohorizonte.com.br");
  }

  int64_t Survey(const std::string& body) {
    auto r = app.Call("POST", "/api/v1/surveys", body, &csm);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? bj::parse(r.body).at("id").as_int64() : 0;
  }
  // A ticket Carla asked for, worked by Ana in the NOC, resolved now.
  int64_t Resolved(const std::string& subject) {
    auto r = app.Call("POST", "/api/v1/tickets",
                      R"({"organisation_id":)" + S(banco) + R"(,"requester_id":)" + S(carla.actor.id) +
                          R"(,"subject":")" + subject + R"(","team_id":)" + S(noc) + R"(,"assignee_id":)" +
                          S(agent.actor.id) + "}",
                      &agent);
    EXPECT_EQ(r.status, 201) << r.body;
    const int64_t id = bj::parse(r.body).at("id").as_int64();
    r = app.Call("PATCH", "/api/v1/tickets/" + S(id), R"({"status":"resolved"})", &agent);
    EXPECT_EQ(r.status, 200) << r.body;
    return id;
  }
  // The survey e-mails queued so far (their text, oldest first).
  std::vector<std::string> SurveyMails() {
    std::vector<std::string> out;
    EXPECT_TRUE(app.store().Read([&](store::Tx& tx) -> Status {
      FAROL_ASSIGN_OR_RETURN(auto rows, tx.connectionForTest().Query(
                                            "SELECT body FROM deliveries WHERE event = 'survey.invitation' ORDER BY id", {}));
      for (size_t i = 0; i < rows.size(); ++i) out.push_back(rows.Text(i, 0));
      return OkStatus();
    }).ok());
    return out;
  }
  static std::string Token(const std::string& mail) {
    std::smatch m;
    if (!std::regex_search(mail, m, std::regex("https://desk\\.farol\\.test/survey/([A-Za-z0-9_-]+)\\?score=1\\b"))) return "";
    return m[1];
  }
  http::HttpResponse Answer(const std::string& token, const std::string& body) {
    return app.Call("POST", "/api/v1/survey-links/" + token + "/answer", body, nullptr,
                    {{"content-type", "application/json"}});
  }
  int64_t Count(const std::string& sql) {
    int64_t n = 0;
    EXPECT_TRUE(app.store().Read([&](store::Tx& tx) -> Status {
      FAROL_ASSIGN_OR_RETURN(n, tx.connectionForTest().QueryInt(sql));
      return OkStatus();
    }).ok());
    return n;
  }

  TempDir dir;
  TestApp app;
  SmtpServer smtp;
  int64_t noc = 0, banco = 0;
  app::Authenticated csm, agent, carla;
};

TEST_P(SurveysTest, AResolvedTicketIsSurveyedOnceAndTheAnswerIsTheAgentsAndTeams) {
  const int64_t survey = Survey(R"({"name":"CSAT after each ticket","kind":"csat","comment_en":"Anything to add?",)"
                                R"("comment_pt":"Algo a acrescentar?"})");
  ASSERT_GT(survey, 0);
  auto got = bj::parse(app.Call("GET", "/api/v1/surveys/" + S(survey), "", &csm).body);
  EXPECT_EQ(got.at("question_en"), "How satisfied are you with the support you received?");
  EXPECT_EQ(got.at("min"), 1);
  EXPECT_EQ(got.at("max"), 5);
  EXPECT_EQ(got.at("send_on"), "resolved");

  const int64_t ticket = Resolved("Impressora parada");
  auto mails = SurveyMails();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails[0].find("Your ticket #" + S(ticket)), std::string::npos) << mails[0];
  EXPECT_NE(mails[0].find("1 = very unsatisfied, 5 = very satisfied"), std::string::npos) << mails[0];
  const std::string token = Token(mails[0]);
  ASSERT_EQ(token.size(), 43u) << mails[0];
  // The e-mail goes out through the real SMTP server.
  jobs::CurlSenderOptions o;
  o.smtp.url = "smtp://127.0.0.1:" + S(smtp.port());
  o.smtp.from = "suporte@farol.test";
  jobs::CurlSender sender(o);
  auto sent = app.app().alerts().DeliverDue(sender);
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  ASSERT_EQ(smtp.Messages().size(), 1u);  // (the "resolved" notice is off in these settings)
  bool survey_mail = false;
  for (const auto& m : smtp.Messages()) survey_mail = survey_mail || m.find("How did we do? Ticket #" + S(ticket)) != std::string::npos;
  EXPECT_TRUE(survey_mail);

  // The link, with no sign-in: the question in the contact's language, not answered yet.
  auto page = app.Call("GET", "/api/v1/survey-links/" + token);
  ASSERT_EQ(page.status, 200) << page.body;
  auto p = bj::parse(page.body);
  EXPECT_EQ(p.at("question"), "How satisfied are you with the support you received?");
  EXPECT_EQ(p.at("comment_prompt"), "Anything to add?");
  EXPECT_EQ(p.at("low_label"), "very unsatisfied");  // 1 (CSAT)
  EXPECT_EQ(p.at("high_label"), "very satisfied");    // 5
  EXPECT_EQ(p.at("ticket_subject"), "Impressora parada");
  EXPECT_TRUE(p.at("answer").is_null());

  // A tampered link and a score off the scale record nothing.
  EXPECT_EQ(app.Call("GET", "/api/v1/survey-links/" + token.substr(0, 42) + "x").status, 404);
  EXPECT_EQ(Answer(token.substr(0, 42) + "x", R"({"score":3})").status, 404);
  EXPECT_EQ(Answer(token, R"({"score":6})").status, 400);
  EXPECT_EQ(Answer(token, R"({"score":"3"})").status, 400);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM survey_responses"), 0);

  // One click from the e-mail gives the score; the page then adds a comment, once.
  auto a = Answer(token, R"({"score":2})");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(bj::parse(a.body).at("sentiment"), "unsatisfied");
  a = Answer(token, R"({"score":2,"comment":"Demorou dois dias."})");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(bj::parse(a.body).at("comment"), "Demorou dois dias.");
  // Single use: another score, or another comment, is refused and changes nothing.
  EXPECT_EQ(Answer(token, R"({"score":5})").status, 409);
  EXPECT_EQ(Answer(token, R"({"score":2,"comment":"Outra coisa"})").status, 409);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM survey_responses"), 1);
  p = bj::parse(app.Call("GET", "/api/v1/survey-links/" + token).body);
  EXPECT_EQ(p.at("answer").at("score"), 2);
  EXPECT_EQ(p.at("answer").at("comment"), "Demorou dois dias.");

  // Attributed to the agent and team who handled the ticket.
  auto list = app.Call("GET", "/api/v1/surveys/" + S(survey) + "/responses", "", &csm);
  ASSERT_EQ(list.status, 200) << list.body;
  const auto row = bj::parse(list.body).at("items").at(0);
  EXPECT_EQ(row.at("agent_id"), agent.actor.id);
  EXPECT_EQ(row.at("team_id"), noc);
  EXPECT_EQ(row.at("ticket_id"), ticket);
  EXPECT_EQ(row.at("organisation_name"), "Banco Horizonte");
  EXPECT_EQ(row.at("ticket_type"), "incident");
  EXPECT_EQ(row.at("transactional"), true);

  // Throttled: Carla's next resolved ticket within 30 days is not surveyed; the drop is counted.
  Resolved("Outra impressora");
  EXPECT_EQ(SurveyMails().size(), 1u);
  // Thirty-one days later she is asked again.
  app.clock().Advance(std::chrono::hours(24 * 31));
  Resolved("Terceira impressora");
  EXPECT_EQ(SurveyMails().size(), 2u);
  // That link expires after 14 days: a clear refusal that records nothing.
  const std::string late = Token(SurveyMails()[1]);
  app.clock().Advance(std::chrono::hours(24 * 15));
  auto expired = Answer(late, R"({"score":5})");
  EXPECT_EQ(expired.status, 409);
  EXPECT_NE(expired.body.find("expired"), std::string::npos) << expired.body;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM survey_responses"), 1);
}

TEST_P(SurveysTest, ResultsAreTheFiguresWorkedByHandAndOnlyForThoseAllowed) {
  const int64_t survey = Survey(R"({"name":"NPS","kind":"nps","send_on":"resolved"})");
  ASSERT_GT(survey, 0);
  // Ten contacts, one ticket each, answering 10, 10, 9, 9, 9, 8, 8, 7, 6, 0 (docs/SURVEYS.md):
  // NPS 30 ± 48.4, mean 7.6.
  const int scores[] = {10, 10, 9, 9, 9, 8, 8, 7, 6, 0};
  for (int i = 0; i < 10; ++i) {
    carla = app.Contact(banco, "c" + S(i) + "@bancohorizonte.com.br");
    Resolved("Chamado " + S(i));
    const auto mails = SurveyMails();
    ASSERT_EQ(mails.size(), static_cast<size_t>(i + 1));
    const std::string token = Token(mails.back());
    ASSERT_FALSE(token.empty()) << mails.back();
    ASSERT_EQ(Answer(token, R"({"score":)" + S(scores[i]) + "}").status, 200);
  }
  auto r = app.Call("GET", "/api/v1/surveys/" + S(survey) + "/results", "", &csm);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto all = bj::parse(r.body).at("all");
  EXPECT_EQ(all.at("n"), 10);
  EXPECT_EQ(all.at("positive"), 5);
  EXPECT_EQ(all.at("negative"), 2);
  EXPECT_NEAR(all.at("net").as_double(), 30.0, 1e-9);
  EXPECT_NEAR(all.at("margin").as_double(), 48.4084, 1e-4);
  EXPECT_NEAR(all.at("mean").as_double(), 7.6, 1e-9);
  const auto counts = all.at("counts").as_array();
  ASSERT_EQ(counts.size(), 11u);
  EXPECT_EQ(counts[10], 2);
  EXPECT_EQ(counts[0], 1);
  EXPECT_EQ(bj::parse(r.body).at("transactional").at("n"), 10);
  EXPECT_EQ(bj::parse(r.body).at("relational").at("n"), 0);
  EXPECT_TRUE(bj::parse(r.body).at("relational").at("net").is_null()) << "no answers: no figure";
  EXPECT_EQ(bj::parse(r.body).at("invitations"), 10);
  // Cut by agent: all of them are Ana's; nobody else has any.
  r = app.Call("GET", "/api/v1/surveys/" + S(survey) + "/results?agent_id=" + S(agent.actor.id), "", &csm);
  EXPECT_EQ(bj::parse(r.body).at("all").at("n"), 10);
  r = app.Call("GET", "/api/v1/surveys/" + S(survey) + "/results?agent_id=" + S(csm.actor.id), "", &csm);
  EXPECT_EQ(bj::parse(r.body).at("all").at("n"), 0);
  // The CSV has every answer, a header and one line each.
  auto csv = app.Call("GET", "/api/v1/surveys/" + S(survey) + "/responses?format=csv", "", &csm);
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 11);
  // Agents and customers do not read results; bad filters are refused.
  EXPECT_EQ(app.Call("GET", "/api/v1/surveys/" + S(survey) + "/results", "", &agent).status, 403);
  EXPECT_EQ(app.Call("GET", "/api/v1/surveys/" + S(survey) + "/results", "", &carla).status, 403);
  EXPECT_EQ(app.Call("GET", "/api/v1/surveys/" + S(survey) + "/results?from=yesterday", "", &csm).status, 400);
  EXPECT_EQ(app.Call("GET", "/api/v1/surveys/424242/results", "", &csm).status, 404);
}

TEST_P(SurveysTest, DesigningASurveyChecksEveryField) {
  auto r = app.Call("POST", "/api/v1/surveys", R"({"name":"","kind":"likert","points":6,"link_days":0,"send_on":"sometimes","channels":["fax"]})", &csm);
  EXPECT_EQ(r.status, 400);
  for (const char* f : {"\"name\"", "\"points\"", "\"link_days\"", "\"send_on\"", "\"channels\""}) {
    EXPECT_NE(r.body.find(f), std::string::npos) << f << " " << r.body;
  }
  // A Likert item needs its statement written.
  r = app.Call("POST", "/api/v1/surveys", R"({"name":"Clareza","kind":"likert","points":7})", &csm);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("question_en"), std::string::npos) << r.body;
  const int64_t id = Survey(R"({"name":"CES","kind":"ces","high_is_easy":false})");
  ASSERT_GT(id, 0);
  // The list says the desk-wide throttle the designer shows.
  EXPECT_EQ(bj::parse(app.Call("GET", "/api/v1/surveys", "", &csm).body).at("throttle_days"), 30);
  // The scale is fixed once made; other fields change with the version last seen.
  EXPECT_EQ(app.Call("PATCH", "/api/v1/surveys/" + S(id), R"({"version":1,"kind":"nps"})", &csm).status, 400);
  r = app.Call("PATCH", "/api/v1/surveys/" + S(id), R"({"version":1,"active":false,"link_days":7})", &csm);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(bj::parse(r.body).at("active"), false);
  EXPECT_EQ(app.Call("PATCH", "/api/v1/surveys/" + S(id), R"({"version":1,"active":true})", &csm).status, 412);
  EXPECT_EQ(app.Call("PATCH", "/api/v1/surveys/" + S(id), R"({"active":true})", &csm).status, 400);
  EXPECT_EQ(app.Call("POST", "/api/v1/surveys", R"({"name":"x","kind":"nps"})", &agent).status, 403);
  EXPECT_EQ(app.Call("GET", "/api/v1/surveys", "", &agent).status, 403);
  // An inactive survey sends nothing.
  Resolved("Sem pesquisa");
  EXPECT_TRUE(SurveyMails().empty());
}

// The closed loop (docs/SURVEYS.md): Banco's CSM gets a follow-up for an unhappy answer, due 48
// business hours later on Banco's calendar (worked by hand below); the team's route tells a
// webhook channel; a happy answer opens nothing; the outcome is recorded once; a follow-up nobody
// contacts in time is escalated once to the directors; the report counts the share within SLA.
TEST_P(SurveysTest, AnUnhappyAnswerOpensAFollowUpForTheCsmWithItsOwnDeadlineAndEscalation) {
  auto admin = app.Staff("ada.admin@farol.test", domain::Role::kAdmin);
  auto director = app.Staff("dora.director@farol.test", domain::Role::kDirector);
  auto ok = [&](const http::HttpResponse& r, int status) {
    EXPECT_EQ(r.status, status) << r.body;
    return r.status == status ? bj::parse(r.body) : bj::value();
  };
  ok(app.Call("PATCH", "/api/v1/organisations/" + S(banco), R"({"csm_id":)" + S(csm.actor.id) + "}", &admin), 200);
  // Banco's office hours: 09:00-18:00 in São Paulo (UTC-3), Monday to Friday.
  const auto cal = ok(app.Call("POST", "/api/v1/calendars",
                               R"({"name":"Escritório","timezone":"America/Sao_Paulo","week":{"mon":[["09:00","18:00"]],)"
                               R"("tue":[["09:00","18:00"]],"wed":[["09:00","18:00"]],"thu":[["09:00","18:00"]],)"
                               R"("fri":[["09:00","18:00"]]}})",
                               &admin),
                      201);
  ok(app.Call("POST", "/api/v1/contracts",
              R"({"organisation_id":)" + S(banco) + R"(,"name":"Suporte","starts_on":"2026-01-01","monthly_value_minor":100,)"
              R"("currency":"BRL","policy_id":1,"calendar_id":)" + S(cal.at("id").as_int64()) + "}",
              &admin),
     201);
  const auto hook = ok(app.Call("POST", "/api/v1/alerts/channels",
                                R"({"name":"CS hook","kind":"webhook","url":"https://hooks.example.test/cs","secret":"a-secret-of-24-characters"})", &admin),
                       201);
  const int64_t channel = hook.at("id").as_int64();
  // Bad routes change nothing.
  EXPECT_EQ(app.Call("PUT", "/api/v1/survey-alert-routes", R"({"items":[{"channel_id":424242}]})", &csm).status, 400);
  EXPECT_EQ(app.Call("PUT", "/api/v1/survey-alert-routes", R"({"items":[{"channel_id":)" + S(channel) +
                                                                 R"(,"on_negative":false,"on_overdue":false}]})",
                     &csm).status,
            400);
  EXPECT_EQ(app.Call("PUT", "/api/v1/survey-alert-routes", R"({"items":[{"channel_id":)" + S(channel) + "}]}", &agent).status,
            403);
  ok(app.Call("PUT", "/api/v1/survey-alert-routes",
              R"({"items":[{"team_id":)" + S(noc) + R"(,"channel_id":)" + S(channel) + R"(,"on_negative":true,"on_overdue":true}]})",
              &csm),
     200);
  const auto routes = ok(app.Call("GET", "/api/v1/survey-alert-routes", "", &csm), 200);
  EXPECT_EQ(routes.at("items").as_array().size(), 1u);
  // The CSM chooses among the channels by name; where they point and their secrets are not shown.
  EXPECT_EQ(bj::serialize(routes.at("channels")),
            R"([{"id":)" + S(channel) + R"(,"name":"CS hook","kind":"webhook","active":true}])");
  const auto bad = app.Call("PUT", "/api/v1/survey-alert-routes", R"({"items":[{"channel_id":424242}]})", &csm);
  EXPECT_NE(bad.body.find(R"("field":"items[0].channel_id")"), std::string::npos) << bad.body;

  const int64_t survey = Survey(R"({"name":"CSAT","kind":"csat"})");
  ASSERT_GT(survey, 0);
  auto deliveries = [&](const std::string& event) {
    std::vector<std::pair<std::string, std::string>> out;  // (channel or recipient, body)
    EXPECT_TRUE(app.store().Read([&](store::Tx& tx) -> Status {
      FAROL_ASSIGN_OR_RETURN(auto rows, tx.connectionForTest().Query(
                                            "SELECT COALESCE(channel_id, 0), recipient, body FROM deliveries WHERE event = $1 "
                                            "ORDER BY id", {event}));
      for (size_t i = 0; i < rows.size(); ++i) {
        out.emplace_back(rows.Int(i, 0) ? "channel " + S(rows.Int(i, 0)) : rows.Text(i, 1), rows.Text(i, 2));
      }
      return OkStatus();
    }).ok());
    return out;
  };
  auto answer = [&](const std::string& email, int score) {
    carla = app.Contact(banco, email);
    Resolved("Chamado de " + email);
    const std::string token = Token(SurveyMails().back());
    EXPECT_EQ(Answer(token, R"({"score":)" + S(score) + R"(,"comment":"Demorou demais"})").status, 200);
  };

  // Monday 2026-03-02 12:00 UTC is 09:00 in São Paulo. 48 business hours of 9 a day: Monday to
  // Friday make 45, the next Monday 3 more: 12:00 in São Paulo on 2026-03-09, 15:00 UTC.
  answer("rita@bancohorizonte.com.br", 2);
  auto mine = ok(app.Call("GET", "/api/v1/survey-followups?owner=me", "", &csm), 200).at("items").as_array();
  ASSERT_EQ(mine.size(), 1u);
  const auto first = mine[0];
  EXPECT_EQ(first.at("state"), "open");
  EXPECT_EQ(first.at("score"), 2);
  EXPECT_EQ(first.at("sentiment"), "unsatisfied");
  EXPECT_EQ(first.at("comment"), "Demorou demais");
  EXPECT_EQ(first.at("owner_id"), csm.actor.id);
  EXPECT_EQ(first.at("organisation_name"), "Banco Horizonte");
  EXPECT_EQ(first.at("team_name"), "NOC");
  EXPECT_EQ(first.at("due_at"), "2026-03-09T15:00:00Z");
  EXPECT_EQ(first.at("overdue"), false);
  // Told: the CSM by e-mail, the NOC's route's webhook, with the follow-up in it.
  auto told = deliveries("survey.answer");
  ASSERT_EQ(told.size(), 2u);
  EXPECT_EQ(told[0].first, "channel " + S(channel));
  const auto payload = bj::parse(told[0].second);
  EXPECT_EQ(payload.at("event"), "survey.answer");
  EXPECT_EQ(payload.at("answer").at("score"), 2);
  EXPECT_EQ(payload.at("answer").at("sentiment"), "unsatisfied");
  EXPECT_EQ(payload.at("followup").at("id"), first.at("id"));
  EXPECT_EQ(payload.at("followup").at("due"), "2026-03-09T15:00:00Z");
  EXPECT_EQ(payload.at("url").as_string(), "https://desk.farol.test/followups/" + S(first.at("id").as_int64()));
  EXPECT_EQ(told[1].first, "carol.csm@farol.test");
  EXPECT_NE(told[1].second.find("Survey answer 2/5 (unsatisfied)"), std::string::npos) << told[1].second;

  // A happy answer opens nothing, and this route did not ask for those.
  answer("paulo@bancohorizonte.com.br", 5);
  EXPECT_EQ(ok(app.Call("GET", "/api/v1/survey-followups?state=all", "", &csm), 200).at("items").as_array().size(), 1u);
  EXPECT_EQ(deliveries("survey.answer").size(), 2u);

  // The outcome: agents cannot record it; a stale version changes nothing; contacted, then resolved, then closed.
  const std::string at = "/api/v1/survey-followups/" + S(first.at("id").as_int64());
  EXPECT_EQ(app.Call("GET", "/api/v1/survey-followups", "", &agent).status, 403);
  EXPECT_EQ(app.Call("PATCH", at, R"({"state":"contacted","version":1})", &agent).status, 403);
  EXPECT_EQ(app.Call("PATCH", at, R"({"state":"called","version":1})", &csm).status, 400);
  app.clock().Advance(std::chrono::hours(26));  // Tuesday 14:00 UTC: in time
  auto saved = ok(app.Call("PATCH", at, R"({"state":"contacted","note":"Liguei; vamos revisar o contrato.","version":1})", &csm), 200);
  EXPECT_EQ(saved.at("state"), "contacted");
  EXPECT_EQ(saved.at("contacted_at"), "2026-03-03T14:00:00Z");
  EXPECT_EQ(saved.at("within_sla"), true);
  EXPECT_EQ(app.Call("PATCH", at, R"({"state":"resolved","version":1})", &csm).status, 412);
  saved = ok(app.Call("PATCH", at, R"({"state":"resolved","version":2})", &csm), 200);
  EXPECT_EQ(saved.at("state"), "resolved");
  EXPECT_EQ(saved.at("contacted_at"), "2026-03-03T14:00:00Z") << "the first contact stays";
  EXPECT_EQ(app.Call("PATCH", at, R"({"state":"no_answer","version":3})", &csm).status, 409);

  // A second one nobody contacts: escalated once, when its deadline passes.
  answer("jorge@bancohorizonte.com.br", 1);
  auto second = ok(app.Call("GET", "/api/v1/survey-followups?state=open", "", &csm), 200).at("items").as_array();
  ASSERT_EQ(second.size(), 1u);
  // Tuesday 14:00 UTC = 11:00 in São Paulo: 7 hours left that day, 27 more Wednesday to Friday
  // make 34, Monday's 9 make 43, 5 more on Tuesday: 14:00 in São Paulo on 2026-03-10, 17:00 UTC.
  EXPECT_EQ(second[0].at("due_at"), "2026-03-10T17:00:00Z");
  auto escalated = app.app().surveys().EscalateOverdue();
  ASSERT_TRUE(escalated.ok());
  EXPECT_EQ(*escalated, 0) << "not due yet";
  app.clock().Set(*ParseIso8601("2026-03-10T17:00:01Z"));
  escalated = app.app().surveys().EscalateOverdue();
  ASSERT_TRUE(escalated.ok());
  EXPECT_EQ(*escalated, 1);
  escalated = app.app().surveys().EscalateOverdue();
  EXPECT_EQ(*escalated, 0) << "once";
  const auto late = deliveries("survey.followup.overdue");
  ASSERT_EQ(late.size(), 2u);
  EXPECT_EQ(late[0].first, "channel " + S(channel));
  EXPECT_EQ(bj::parse(late[0].second).at("event"), "survey.followup.overdue");
  EXPECT_EQ(late[1].first, "dora.director@farol.test");
  auto got = ok(app.Call("GET", "/api/v1/survey-followups/" + S(second[0].at("id").as_int64()), "", &director), 200);
  EXPECT_EQ(got.at("overdue"), true);
  EXPECT_EQ(got.at("escalated_at"), "2026-03-10T17:00:01Z");
  EXPECT_EQ(app.Call("PATCH", "/api/v1/survey-followups/" + S(second[0].at("id").as_int64()),
                     R"({"state":"contacted","version":1})", &director).status,
            403)
      << "directors read, CSMs record";

  // The report: two follow-ups, one first contacted within its deadline.
  auto results = ok(app.Call("GET", "/api/v1/surveys/" + S(survey) + "/results?from=2026-03-01&to=2026-04-01", "", &csm), 200);
  const auto loop = results.at("followups");
  EXPECT_EQ(loop.at("total"), 2);
  EXPECT_EQ(loop.at("resolved"), 1);
  EXPECT_EQ(loop.at("open"), 1);
  EXPECT_EQ(loop.at("overdue"), 1);
  EXPECT_EQ(loop.at("within_sla"), 1);
  EXPECT_NEAR(loop.at("within_sla_percent").as_double(), 50.0, 1e-9);
}

// A relational campaign: every contact of the chosen organisation is asked when their own clock
// is inside the send window — São Paulo at once (09:00 there), Tokyo that night (its next
// morning) — the throttle applies, another organisation is left alone, and a round runs once
// however often the scheduler looks (docs/SURVEYS.md, "Campaigns").
TEST_P(SurveysTest, ACampaignAsksEachContactInTheirOwnSendWindow) {
  auto admin = app.Staff("ada.admin@farol.test", domain::Role::kAdmin);
  auto ok = [&](const http::HttpResponse& r, int status) {
    EXPECT_EQ(r.status, status) << r.body;
    return r.status == status ? bj::parse(r.body) : bj::value();
  };
  const int64_t other = app.Organisation("Padaria", 12);
  app.Contact(other, "joao@padaria.com.br");
  const int64_t kenji = ok(app.Call("POST", "/api/v1/contacts",
                                     R"({"organisation_id":)" + S(banco) +
                                         R"(,"name":"Kenji","email":"kenji@bancohorizonte.com.br","time_zone":"Asia/Tokyo"})",
                                     &admin),
                           201)
                            .at("id")
                            .as_int64();
  // Carla was surveyed after a ticket a moment ago: the throttle keeps her out of this round.
  const int64_t csat = Survey(R"({"name":"CSAT","kind":"csat"})");
  Resolved("Impressora parada");
  ASSERT_EQ(SurveyMails().size(), 1u);
  ok(app.Call("PATCH", "/api/v1/surveys/" + S(csat), R"({"version":1,"active":false})", &csm), 200);
  const auto paulo = app.Contact(banco, "paulo@bancohorizonte.com.br");

  const int64_t nps = Survey(R"({"name":"NPS semestral","kind":"nps","send_on":"never"})");
  // Bad campaigns change nothing.
  EXPECT_EQ(app.Call("POST", "/api/v1/survey-campaigns",
                     R"({"survey_id":)" + S(nps) + R"(,"name":"x","next_run_at":"2026-03-02T12:00:00Z","window_start":"18:00","window_end":"09:00"})",
                     &csm).status,
            400);
  EXPECT_EQ(app.Call("POST", "/api/v1/survey-campaigns",
                     R"({"survey_id":)" + S(nps) + R"(,"name":"x","next_run_at":"2026-03-02T12:00:00Z","organisation_ids":[424242]})",
                     &csm).status,
            400);
  EXPECT_EQ(app.Call("POST", "/api/v1/survey-campaigns",
                     R"({"survey_id":)" + S(nps) + R"(,"name":"x","next_run_at":"2026-03-02T12:00:00Z","every_months":0})",
                     &csm).status,
            400);
  EXPECT_EQ(app.Call("POST", "/api/v1/survey-campaigns", R"({"survey_id":)" + S(nps) + R"(,"name":"x","next_run_at":"2026-03-02T12:00:00Z"})",
                     &agent).status,
            403);
  EXPECT_EQ(app.Call("POST", "/api/v1/survey-campaigns",
                     R"({"survey_id":)" + S(nps) + R"(,"name":"x","next_run_at":"2026-03-02T12:00:00Z","segments":["whales"]})",
                     &csm).status,
            400);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM survey_campaigns"), 0);
  const auto made = ok(app.Call("POST", "/api/v1/survey-campaigns",
                                R"({"survey_id":)" + S(nps) + R"(,"name":"Banco, semestral","organisation_ids":[)" + S(banco) +
                                    R"(],"segments":["smb","mid_market","enterprise"],"every_months":6,"next_run_at":"2026-03-02T12:00:00Z","window_start":"09:00","window_end":"17:00"})",
                                &csm),
                       201);
  const int64_t campaign = made.at("id").as_int64();
  EXPECT_EQ(made.at("round").at("started_at"), nullptr);

  // Monday 12:00 UTC: 09:00 in São Paulo (in the window), 21:00 in Tokyo (not). Looked at one
  // waiting contact per page here, so that every page is reached.
  auto tick = app.app().surveys().RunCampaigns(1);
  ASSERT_TRUE(tick.ok()) << tick.status().ToString();
  EXPECT_EQ(tick->rounds, 1);
  EXPECT_EQ(tick->sent, 1);     // Paulo
  EXPECT_EQ(tick->skipped, 1);  // Carla, throttled
  auto mails = SurveyMails();
  ASSERT_EQ(mails.size(), 2u);
  EXPECT_NE(mails[1].find("Hello paulo"), std::string::npos) << mails[1];
  EXPECT_EQ(mails[1].find("Your ticket"), std::string::npos) << "a campaign's mail is about no ticket: " << mails[1];
  EXPECT_EQ(Count("SELECT COUNT(*) FROM deliveries WHERE event = 'survey.invitation' AND subject = 'A quick question about our service' "
                  "AND recipient = 'paulo@bancohorizonte.com.br' AND ticket_id IS NULL"),
            1);
  auto got = ok(app.Call("GET", "/api/v1/survey-campaigns/" + S(campaign), "", &csm), 200);
  EXPECT_EQ(got.at("round").at("started_at"), "2026-03-02T12:00:00Z");
  EXPECT_EQ(got.at("round").at("pending"), 1);  // Kenji
  EXPECT_EQ(got.at("round").at("sent"), 1);
  EXPECT_EQ(bj::serialize(got.at("round").at("skipped_by_reason")), R"({"throttled":1})");
  EXPECT_EQ(got.at("next_run_at"), "2026-09-02T12:00:00Z");
  // Looking again changes nothing.
  tick = app.app().surveys().RunCampaigns();
  ASSERT_TRUE(tick.ok());
  EXPECT_EQ(tick->rounds + tick->sent + tick->skipped, 0);
  EXPECT_EQ(SurveyMails().size(), 2u);

  // Paulo answers 10: a relational answer, apart from the transactional ones.
  ASSERT_EQ(Answer(Token(mails[1]), R"({"score":10})").status, 200);
  auto results = ok(app.Call("GET", "/api/v1/surveys/" + S(nps) + "/results?from=2026-03-01&to=2026-04-01", "", &csm), 200);
  EXPECT_EQ(results.at("relational").at("n"), 1);
  EXPECT_EQ(results.at("transactional").at("n"), 0);

  // Tuesday 00:00 UTC is 09:00 in Tokyo: Kenji's turn.
  app.clock().Advance(std::chrono::hours(12));
  tick = app.app().surveys().RunCampaigns();
  ASSERT_TRUE(tick.ok());
  EXPECT_EQ(tick->sent, 1);
  mails = SurveyMails();
  ASSERT_EQ(mails.size(), 3u);
  EXPECT_NE(mails[2].find("Hello Kenji"), std::string::npos) << mails[2];
  got = ok(app.Call("GET", "/api/v1/survey-campaigns/" + S(campaign), "", &csm), 200);
  EXPECT_EQ(got.at("round").at("pending"), 0);
  EXPECT_EQ(got.at("round").at("sent"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM survey_campaign_sends WHERE contact_id IN (SELECT id FROM contacts WHERE "
                  "email = 'joao@padaria.com.br')"),
            0)
      << "another organisation's contacts are not in the round";
  (void)kenji;
  (void)paulo;

  // A paused campaign's waiting contacts lapse after the round's week.
  auto all = app.Contact(banco, "rita@bancohorizonte.com.br");
  (void)all;
  // A round due long ago (the server was down) starts now: its contacts' week counts from now.
  ok(app.Call("PATCH", "/api/v1/survey-campaigns/" + S(campaign),
              R"({"version":1,"next_run_at":"2026-02-20T00:00:00Z","window_start":"23:00","window_end":"23:30"})", &csm),
     200);
  tick = app.app().surveys().RunCampaigns();  // the second round lists Rita, Carla, Paulo and Kenji; nobody's 23:00 yet
  ASSERT_TRUE(tick.ok());
  EXPECT_EQ(tick->rounds, 1);
  EXPECT_EQ(tick->skipped, 0);
  got = ok(app.Call("GET", "/api/v1/survey-campaigns/" + S(campaign), "", &csm), 200);
  EXPECT_EQ(got.at("round").at("started_at"), "2026-03-03T00:00:00Z");
  EXPECT_EQ(got.at("round").at("pending"), 4);
  EXPECT_EQ(got.at("next_run_at"), "2026-08-20T00:00:00Z");
  ok(app.Call("PATCH", "/api/v1/survey-campaigns/" + S(campaign), R"({"version":2,"active":false})", &csm), 200);
  app.clock().Advance(std::chrono::hours(24 * 8));
  tick = app.app().surveys().RunCampaigns();
  ASSERT_TRUE(tick.ok());
  EXPECT_EQ(tick->sent, 0);
  got = ok(app.Call("GET", "/api/v1/survey-campaigns/" + S(campaign), "", &csm), 200);
  EXPECT_EQ(got.at("round").at("started_at"), "2026-03-03T00:00:00Z");
  EXPECT_EQ(got.at("round").at("pending"), 0);
  EXPECT_EQ(got.at("round").at("skipped_by_reason").at("window_missed"), 4);
  EXPECT_EQ(got.at("active"), false);
}

// An organisation's figures count each contact once, with their latest answer in the period —
// never every answer (docs/SURVEYS.md, "The figures"); the survey's own figures count every answer.
TEST_P(SurveysTest, AnOrganisationsFiguresCountEachContactsLatestAnswer) {
  const int64_t nps = Survey(R"({"name":"NPS","kind":"nps","send_on":"never"})");
  const int64_t other = app.Organisation("Padaria", 12);
  const auto bruno = app.Contact(banco, "bruno@bancohorizonte.com.br");
  const auto dave = app.Contact(other, "dave@padaria.com.br");
  int n = 0;
  auto answer = [&](int64_t contact, int64_t org, int score, std::chrono::hours after) {
    ASSERT_TRUE(app.store().Write([&](store::Tx& tx) -> Status {
      const Timestamp at = TestEpoch() + after;
      store::SurveyInvitation inv;
      inv.survey_id = nps;
      inv.contact_id = contact;
      inv.organisation_id = org;
      inv.token_digest = "latest-" + std::to_string(++n);
      inv.locale = "en";
      inv.created_at = at;
      inv.expires_at = at + std::chrono::hours(24);
      FAROL_ASSIGN_OR_RETURN(auto id, tx.surveys().InsertInvitation(inv));
      store::SurveyResponse r;
      r.invitation_id = *id;
      r.survey_id = nps;
      r.contact_id = contact;
      r.organisation_id = org;
      r.transactional = false;
      r.score = score;
      r.sentiment = score >= 9 ? "promoter" : score >= 7 ? "passive" : "detractor";
      r.answered_at = at;
      return tx.surveys().InsertResponse(r).status();
    }).ok());
  };
  answer(carla.actor.id, banco, 3, std::chrono::hours(0));
  answer(carla.actor.id, banco, 10, std::chrono::hours(24));  // Carla changed her mind
  answer(bruno.actor.id, banco, 9, std::chrono::hours(2));
  answer(dave.actor.id, other, 0, std::chrono::hours(1));
  const std::string march = "/api/v1/surveys/" + S(nps) + "/results?from=2026-03-01&to=2026-04-01";
  auto everyone = bj::parse(app.Call("GET", march, "", &csm).body);
  // Every answer: 3, 10, 9, 0 — 2 promoters, 2 detractors.
  EXPECT_EQ(everyone.at("all").at("n"), 4);
  EXPECT_EQ(everyone.at("all").at("net").as_double(), 0.0);
  auto org = bj::parse(app.Call("GET", march + "&organisation_id=" + S(banco), "", &csm).body);
  // Banco: Carla's latest (10) and Bruno's 9 — NPS 100 from 2 contacts; counting every answer would say 33.3.
  EXPECT_EQ(org.at("all").at("n"), 2);
  EXPECT_EQ(org.at("all").at("positive"), 2);
  EXPECT_EQ(org.at("all").at("net").as_double(), 100.0);
  EXPECT_EQ(org.at("relational").at("n"), 2);
  EXPECT_EQ(org.at("transactional").at("n"), 0);
  EXPECT_EQ(org.at("all").at("counts").as_array()[10], 1);
  EXPECT_EQ(org.at("all").at("counts").as_array()[3], 0);
  ASSERT_EQ(org.at("months").as_array().size(), 1u);
  EXPECT_EQ(org.at("months").as_array()[0].at("n"), 2);
  // A period that ends before Carla's second thought: her 3 is her latest there.
  auto first_day = bj::parse(app.Call("GET", "/api/v1/surveys/" + S(nps) + "/results?from=2026-03-02&to=2026-03-03&organisation_id=" + S(banco), "", &csm).body);
  EXPECT_EQ(first_day.at("all").at("n"), 2);
  EXPECT_EQ(first_day.at("all").at("net").as_double(), 0.0);  // a 3 and a 9
}

// Follow-up questions (docs/SURVEYS.md): asked only after the scores they follow, checked against
// the survey, added once after the e-mail's one-click score, counted per option in the report and
// written in the CSV; reordering and rewording keeps every answer with its question.
TEST_P(SurveysTest, FollowUpQuestionsAreAskedAfterTheirScoresAndCounted) {
  const std::string questions =
      R"j("questions":[{"kind":"choice","text_en":"What was the main reason?","text_pt":"Qual foi o principal motivo?",)j"
      R"j("options_en":["Speed","Quality","Price"],"options_pt":["Rapidez","Qualidade","Preço"],"ask":"negative"},)j"
      R"j({"kind":"text","text_en":"What should we keep doing?","text_pt":"O que devemos continuar fazendo?","ask":"positive"},)j"
      R"j({"kind":"text","text_en":"Anything else?","text_pt":"Algo mais?"}])j";
  const int64_t survey = Survey(R"j({"name":"NPS with reasons","kind":"nps",)j" + questions + "}");
  ASSERT_GT(survey, 0);
  auto got = bj::parse(app.Call("GET", "/api/v1/surveys/" + S(survey), "", &csm).body);
  const auto& qs = got.at("questions").as_array();
  ASSERT_EQ(qs.size(), 3u);
  EXPECT_EQ(qs[0].at("id"), 1);
  EXPECT_EQ(qs[0].at("ask"), "negative");
  EXPECT_EQ(qs[1].at("id"), 2);
  EXPECT_EQ(qs[2].at("ask"), "always");
  EXPECT_EQ(qs[2].at("options_en").as_array().size(), 0u);

  // Bad designs are refused field by field, and change nothing.
  struct Bad {
    const char* body;
    const char* field;
  } bad[] = {
      {R"j({"version":1,"questions":[{"kind":"choice","text_en":"a","text_pt":"a","options_en":["x"],"options_pt":["x"]}]})j",
       "questions[0].options_en"},
      {R"j({"version":1,"questions":[{"kind":"choice","text_en":"a","text_pt":"a","options_en":["x","y"],"options_pt":["x"]}]})j",
       "questions[0].options_pt"},
      {R"j({"version":1,"questions":[{"kind":"radio","text_en":"a","text_pt":"a"}]})j", "questions[0].kind"},
      {R"j({"version":1,"questions":[{"kind":"text","text_en":"a","text_pt":"a","ask":"detractor"}]})j", "questions[0].ask"},
      {R"j({"version":1,"questions":[{"kind":"text","text_en":" ","text_pt":"a"}]})j", "questions[0].text_en"},
      {R"j({"version":1,"questions":[{"id":77,"kind":"text","text_en":"a","text_pt":"a"}]})j", "questions[0].id"},
      {R"j({"version":1,"questions":[{"kind":"text","text_en":"a","text_pt":"a","colour":"red"}]})j", "questions[0].colour"},
      {R"j({"version":1,"questions":{"kind":"text"}})j", "\"questions\""},
  };
  for (const auto& b : bad) {
    auto r = app.Call("PATCH", "/api/v1/surveys/" + S(survey), b.body, &csm);
    EXPECT_EQ(r.status, 400) << b.body;
    EXPECT_NE(r.body.find(b.field), std::string::npos) << b.field << " " << r.body;
  }
  std::string six = R"j({"version":1,"questions":[)j";
  for (int i = 0; i < 6; ++i) six += std::string(i ? "," : "") + R"j({"kind":"text","text_en":"a","text_pt":"a"})j";
  EXPECT_EQ(app.Call("PATCH", "/api/v1/surveys/" + S(survey), six + "]}", &csm).status, 400);
  EXPECT_EQ(bj::parse(app.Call("GET", "/api/v1/surveys/" + S(survey), "", &csm).body).at("version"), 1);

  // Carla's link lists each question with the scores it follows, in her language.
  Resolved("Lentidão no portal");
  auto mails = SurveyMails();
  ASSERT_EQ(mails.size(), 1u);
  const std::string token = Token(mails[0]);
  auto p = bj::parse(app.Call("GET", "/api/v1/survey-links/" + token).body);
  const auto& asked = p.at("questions").as_array();
  ASSERT_EQ(asked.size(), 3u);
  EXPECT_EQ(asked[0].at("index"), 1);
  EXPECT_EQ(asked[0].at("text"), "What was the main reason?");
  EXPECT_EQ(asked[0].at("options").as_array().size(), 3u);
  EXPECT_EQ(asked[0].at("scores"), bj::parse("[0,1,2,3,4,5,6]"));
  EXPECT_EQ(asked[1].at("scores"), bj::parse("[9,10]"));
  EXPECT_EQ(asked[2].at("scores").as_array().size(), 11u);

  // Answers that do not fit the survey or the score record nothing.
  for (const char* body : {R"j({"score":3,"answers":[{"question":2,"text":"the speed"}]})j",
                           R"j({"score":3,"answers":[{"question":1,"choice":3}]})j",
                           R"j({"score":3,"answers":[{"question":1}]})j",
                           R"j({"score":3,"answers":[{"question":99,"text":"x"}]})j",
                           R"j({"score":3,"answers":[{"question":3,"text":"x"},{"question":3,"text":"y"}]})j",
                           R"j({"score":3,"answers":[{"choice":0}]})j",
                           R"j({"score":3,"answers":"Speed"})j"}) {
    EXPECT_EQ(Answer(token, body).status, 400) << body;
  }
  EXPECT_EQ(Answer(token, R"j({"score":3,"answers":[{"question":3,"text":")j" + std::string(2001, 'x') + "\"}]}").status,
            400);
  EXPECT_TRUE(bj::parse(app.Call("GET", "/api/v1/survey-links/" + token).body).at("answer").is_null());

  // The one-click score from the e-mail, then the page's comment and questions: added once.
  ASSERT_EQ(Answer(token, R"({"score":3})").status, 200);
  auto a = Answer(token, R"j({"score":3,"comment":"Demorou.","answers":[{"question":3,"text":"  Dois dias  "},{"question":1,"choice":0}]})j");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(bj::parse(a.body).at("answers"),
            bj::parse(R"j([{"question":1,"choice":0,"text":""},{"question":3,"choice":null,"text":"Dois dias"}])j"));
  EXPECT_EQ(Answer(token, R"j({"score":3,"answers":[{"question":1,"choice":2}]})j").status, 409);
  EXPECT_EQ(bj::parse(app.Call("GET", "/api/v1/survey-links/" + token).body).at("answer").at("answers").as_array().size(), 2u);

  // Bruno is happy and says what to keep doing.
  carla = app.Contact(banco, "bruno@bancohorizonte.com.br");
  Resolved("Senha expirada");
  mails = SurveyMails();
  ASSERT_EQ(mails.size(), 2u);
  ASSERT_EQ(Answer(Token(mails[1]), R"j({"score":10,"answers":[{"question":2,"text":"Fast, kind answers"},{"question":3,"text":""}]})j").status, 200);

  // The designer puts "Anything else?" first, rewords the reason, adds a question: the answers stay.
  auto r = app.Call("PATCH", "/api/v1/surveys/" + S(survey),
                    R"j({"version":1,"questions":[{"id":3,"kind":"text","text_en":"Anything else?","text_pt":"Algo mais?"},)j"
                    R"j({"id":1,"kind":"choice","text_en":"Main reason?","text_pt":"Principal motivo?","options_en":["Speed","Quality","Price"],)j"
                    R"j("options_pt":["Rapidez","Qualidade","Preço"],"ask":"negative"},)j"
                    R"j({"id":null,"kind":"text","text_en":"New one","text_pt":"Nova"}]})j",
                    &csm);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto changed = bj::parse(r.body);
  const auto& now_asked = changed.at("questions").as_array();
  ASSERT_EQ(now_asked.size(), 3u);
  EXPECT_EQ(now_asked[0].at("id"), 3);
  EXPECT_EQ(now_asked[1].at("id"), 1);
  EXPECT_EQ(now_asked[2].at("id"), 4);  // never 2 again: that was the removed question's

  auto res = bj::parse(app.Call("GET", "/api/v1/surveys/" + S(survey) + "/results", "", &csm).body);
  const auto& figures = res.at("questions").as_array();
  ASSERT_EQ(figures.size(), 3u);
  EXPECT_EQ(figures[0].at("id"), 3);
  EXPECT_EQ(figures[0].at("answered"), 1);  // Carla's; Bruno's empty text is not an answer
  EXPECT_EQ(figures[1].at("text_en"), "Main reason?");
  EXPECT_EQ(figures[1].at("answered"), 1);
  EXPECT_EQ(figures[1].at("counts"), bj::parse("[1,0,0]"));
  EXPECT_EQ(figures[2].at("answered"), 0);

  auto list = bj::parse(app.Call("GET", "/api/v1/surveys/" + S(survey) + "/responses", "", &csm).body);
  const auto& items = list.at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("answers"), bj::parse(R"j([{"question":2,"choice":null,"text":"Fast, kind answers"}])j"));
  EXPECT_EQ(items[1].at("answers").as_array().size(), 2u);
  auto csv = app.Call("GET", "/api/v1/surveys/" + S(survey) + "/responses?format=csv", "", &csm);
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find(",transactional,Anything else?,Main reason?,New one\r\n"), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find(",true,Dois dias,Speed,\r\n"), std::string::npos) << csv.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, SurveysTest, ::testing::Values("sqlite", "postgres"));

}  // namespace surveys_test
}  // namespace farol::testing
