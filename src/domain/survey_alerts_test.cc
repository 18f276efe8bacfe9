// The survey notices of the closed loop (docs/SURVEYS.md, "The closed loop") as each alert
// channel renders them: the exact webhook payload, the Portuguese words, and hostile text quoted.
#include <gtest/gtest.h>

#include "core/time.h"
#include "domain/alerts.h"

namespace farol::domain {
namespace survey_alerts_test {  // named: unity builds put several tests in one unit

Timestamp Iso(const char* iso) { return *ParseIso8601(iso); }

SurveyNotice Detractor() {
  SurveyNotice n;
  n.survey = "NPS após chamado";
  n.kind = "nps";
  n.score = 3;
  n.max = 10;
  n.sentiment = "detractor";
  n.comment = "Two days \"down\"\nand nobody called";
  n.contact = "Rui Ramos <rui@acme.test>";
  n.organisation = "Acme Telecom";
  n.ticket_id = 1042;
  n.ticket_subject = "Link down";
  n.team = "NOC";
  n.followup_id = 7;
  n.owner = "Carol Success";
  n.due = Iso("2026-03-09T15:00:00Z");
  n.at = Iso("2026-03-02T12:00:00Z");
  n.link = "https://desk.example/followups/7";
  return n;
}

TEST(SurveyAlerts, TheWebhookPayloadCarriesTheAnswerAndItsFollowUp) {
  AlertChannel hook;
  hook.kind = AlertKind::kWebhook;
  const RenderedAlert w = RenderSurveyNotice(hook, Detractor());
  EXPECT_EQ(w.body,
            R"j({"event":"survey.answer","survey":{"name":"NPS após chamado","kind":"nps"},)j"
            R"j("answer":{"score":3,"max":10,"sentiment":"detractor","comment":"Two days \"down\"\nand nobody called"},)j"
            R"j("contact":"Rui Ramos <rui@acme.test>","organisation":"Acme Telecom",)j"
            R"j("ticket":{"id":1042,"subject":"Link down"},"team":"NOC",)j"
            R"j("followup":{"id":7,"owner":"Carol Success","due":"2026-03-09T15:00:00Z"},)j"
            R"j("url":"https://desk.example/followups/7","at":"2026-03-02T12:00:00Z",)j"
            R"j("text":"Survey answer 3/10 (detractor) from Rui Ramos <rui@acme.test> (Acme Telecom)"})j");

  // A happy answer about no ticket opens no follow-up: both are null, not empty objects.
  SurveyNotice happy = Detractor();
  happy.score = 10;
  happy.sentiment = "promoter";
  happy.ticket_id = 0;
  happy.followup_id = 0;
  happy.link = "";
  const RenderedAlert h = RenderSurveyNotice(hook, happy);
  EXPECT_NE(h.body.find(R"j("ticket":null,"team":"NOC","followup":null,"url":"")j"), std::string::npos) << h.body;
}

TEST(SurveyAlerts, ThePersonalMailIsInTheReadersLanguageAndZone) {
  AlertChannel mail;
  mail.kind = AlertKind::kEmail;
  mail.language = "pt-BR";
  mail.time_zone = "America/Sao_Paulo";
  const RenderedAlert m = RenderSurveyNotice(mail, Detractor());
  EXPECT_EQ(m.subject, "[farol] Resposta de pesquisa 3/10 (detrator) de Rui Ramos <rui@acme.test> (Acme Telecom)");
  EXPECT_NE(m.body.find("Nota: 3/10 — detrator\n"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("Chamado: #1042 Link down\n"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("Responsável pelo acompanhamento: Carol Success\n"), std::string::npos) << m.body;
  // 15:00 UTC is 12:00 in São Paulo.
  EXPECT_NE(m.body.find("Primeiro contato até: 2026-03-09 12:00 (America/Sao_Paulo)"), std::string::npos) << m.body;

  SurveyNotice late = Detractor();
  late.overdue = true;
  late.owner = "";
  const RenderedAlert o = RenderSurveyNotice(mail, late);
  EXPECT_EQ(o.subject, "[farol] Acompanhamento de pesquisa sem contato no prazo: Rui Ramos <rui@acme.test> (Acme Telecom)");
  EXPECT_NE(o.body.find("ninguém (a organização não tem CSM)"), std::string::npos) << o.body;

  mail.language = "en";
  mail.time_zone = "UTC";
  const RenderedAlert e = RenderSurveyNotice(mail, Detractor());
  EXPECT_EQ(e.subject, "[farol] Survey answer 3/10 (detractor) from Rui Ramos <rui@acme.test> (Acme Telecom)");
  EXPECT_NE(e.body.find("First contact by: 2026-03-09 15:00 (UTC)"), std::string::npos) << e.body;
}

TEST(SurveyAlerts, ChatChannelsGetOneQuotedText) {
  AlertChannel slack;
  slack.kind = AlertKind::kSlack;
  SurveyNotice late = Detractor();
  late.overdue = true;
  const RenderedAlert s = RenderSurveyNotice(slack, late);
  EXPECT_EQ(s.body.rfind(R"j({"text":":alarm_clock: Survey follow-up not contacted in time: Rui Ramos)j", 0), 0u) << s.body;
  EXPECT_NE(s.body.find(R"j(Comment: Two days \"down\"\nand nobody called\n)j"), std::string::npos) << s.body;
  AlertChannel telegram;
  telegram.kind = AlertKind::kTelegram;
  telegram.chat_id = "-100200300";
  const RenderedAlert t = RenderSurveyNotice(telegram, Detractor());
  EXPECT_EQ(t.body.rfind(R"j({"chat_id":"-100200300","text":"Survey answer 3/10 (detractor))j", 0), 0u) << t.body;
  EXPECT_NE(t.body.find(R"j("disable_web_page_preview":true})j"), std::string::npos) << t.body;
}

}  // namespace survey_alerts_test
}  // namespace farol::domain
