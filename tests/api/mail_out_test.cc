// E-mail out end to end, on SQLite and on PostgreSQL, through a real SMTP server (Debian's
// aiosmtpd on loopback): a staff member's public reply reaches the requester as a message their
// mail client threads with the conversation; their answer to it comes back onto the same ticket;
// a reply saved while the mail server is down is sent once it is back; internal notes and the
// customer's own words are never mailed to them.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "jobs/curl_sender.h"
#include "mail/intake_parts.h"
#include "mail/mime.h"
#include "testing/mail_servers.h"
#include "testing/test_env.h"

namespace farol::testing::mail_out {
namespace {

namespace bj = boost::json;

std::string S(int64_t v) { return std::to_string(v); }

app::AppConfig MailOn() {
  app::AppConfig c;
  c.mail_out.enabled = true;
  c.mail_out.from = {"Farol Support", "suporte@farol.test"};
  c.mail_out.public_url = "https://desk.farol.test";
  c.alerts.send_threads = 4;  // as `farol serve`
  return c;
}

class MailOutTest : public ::testing::TestWithParam<std::string> {
 protected:
  MailOutTest() : MailOutTest(MailOn()) {}
  explicit MailOutTest(app::AppConfig config) : app(GetParam(), config), smtp(dir.path() + "/maildir") {}

  void SetUp() override {
    if (!app.ok()) GTEST_SKIP() << "no " << GetParam() << " server here";
    ASSERT_TRUE(smtp.up()) << "python3-aiosmtpd is missing (scripts/install-deps.sh installs it)";
    admin = app.Staff("root@farol.test", domain::Role::kAdmin, 3, {});
    agent = app.Staff("ana.agent@farol.test", domain::Role::kAgent, 1, {});
    banco = app.Organisation("Banco Horizonte", 12000);
    auto r = app.Call("PATCH", "/api/v1/organisations/" + S(banco), R"({"email_domains":["bancohorizonte.com.br"]})", &admin);
    ASSERT_EQ(r.status, 200) << r.body;
    route.name = "support";
  }

  jobs::CurlSender Sender(int port) {
    jobs::CurlSenderOptions o;
    o.smtp.url = "smtp://127.0.0.1:" + S(port);
    o.smtp.from = "suporte@farol.test";
    o.timeout = std::chrono::seconds(5);
    return jobs::CurlSender(o);
  }

  app::AlertService::Delivered Deliver(int port) {
    auto sender = Sender(port);
    auto d = app.app().alerts().DeliverDue(sender);
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return d.ok() ? *d : app::AlertService::Delivered{};
  }

  // The customer's first message: opens a ticket. Returns the ticket's id.
  int64_t Opened() {
    auto r = app.app().mail().Take(route,
                                   "From: Carla Mendes <carla@bancohorizonte.com.br>\r\nTo: suporte@farol.test\r\n"
                                   "Subject: VPN caiu na agência\r\nMessage-ID: <first-1@bancohorizonte.com.br>\r\n"
                                   "Date: Mon, 02 Mar 2026 09:00:00 -0300\r\nMIME-Version: 1.0\r\n"
                                   "Content-Type: text/plain; charset=utf-8\r\n\r\nA VPN caiu às 8h.\r\n");
    EXPECT_TRUE(r.ok() && r->outcome == app::MailOutcome::kTicket);
    return r.ok() ? r->ticket_id : 0;
  }

  http::HttpResponse Reply(int64_t ticket, const std::string& body, const app::Authenticated& who) {
    return app.Call("POST", "/api/v1/tickets/" + S(ticket) + "/replies", body, &who);
  }

  std::vector<domain::InboundMail> Sent() {
    std::vector<domain::InboundMail> out;
    for (const std::string& raw : smtp.Messages()) {
      auto m = mail::ParseMessage(raw);
      EXPECT_TRUE(m.ok()) << m.status().ToString();
      if (m.ok()) out.push_back(*m);
    }
    return out;
  }

  int64_t Count(const std::string& sql) {
    int64_t n = -1;
    EXPECT_TRUE(app.store().Read([&](store::Tx& tx) -> Status {
      FAROL_ASSIGN_OR_RETURN(n, tx.connectionForTest().QueryInt(sql));
      return OkStatus();
    }).ok());
    return n;
  }

  std::vector<store::MailMessage> OutRows(int64_t ticket) {
    std::vector<store::MailMessage> rows;
    EXPECT_TRUE(app.store().Read([&](store::Tx& tx) -> Status {
      FAROL_ASSIGN_OR_RETURN(rows, tx.mail_messages().List("", ticket, 50, 0));
      return OkStatus();
    }).ok());
    std::erase_if(rows, [](const auto& m) { return m.direction != "out"; });
    return rows;
  }

  TempDir dir;
  TestApp app;
  SmtpServer smtp;
  app::Authenticated admin, agent;
  int64_t banco = 0;
  app::MailboxRoute route;
};

TEST_P(MailOutTest, AReplyReachesTheCustomerThreadedAndTheirAnswerComesBack) {
  const int64_t ticket = Opened();
  ASSERT_GT(ticket, 0);
  const auto r = Reply(ticket, R"({"body":"Reiniciamos o concentrador.\nPode testar?"})", agent);
  ASSERT_EQ(r.status, 201) << r.body;
  auto rows = OutRows(ticket);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].state, "queued");
  EXPECT_EQ(rows[0].to_addresses, "carla@bancohorizonte.com.br");

  EXPECT_EQ(Deliver(smtp.port()).sent, 1);
  const auto sent = Sent();
  ASSERT_EQ(sent.size(), 1u);
  const domain::InboundMail& m = sent[0];
  EXPECT_EQ(m.subject, "Re: VPN caiu na agência [#" + S(ticket) + "]");
  EXPECT_EQ(m.from.address, "suporte@farol.test");
  EXPECT_EQ(m.from.name, "Farol Support");
  ASSERT_EQ(m.to.size(), 1u);
  EXPECT_EQ(m.to[0].address, "carla@bancohorizonte.com.br");
  EXPECT_EQ(m.in_reply_to, "first-1@bancohorizonte.com.br");
  EXPECT_EQ(m.references, std::vector<std::string>{"first-1@bancohorizonte.com.br"});
  EXPECT_EQ(m.message_id, rows[0].message_id);
  // The words as written, the author, and how to answer, in the contact's language (pt-BR for a
  // contact made from an e-mail).
  EXPECT_NE(m.text.find("Reiniciamos o concentrador.\nPode testar?"), std::string::npos) << m.text;
  EXPECT_NE(m.text.find("ana.agent"), std::string::npos) << m.text;
  EXPECT_NE(m.text.find("Para responder, responda a este e-mail (mantenha #" + S(ticket) + " no assunto)."),
            std::string::npos) << m.text;
  EXPECT_NE(m.text.find("https://desk.farol.test/portal/tickets/" + S(ticket)), std::string::npos) << m.text;
  EXPECT_NE(m.html.find("Reiniciamos o concentrador.<br>"), std::string::npos) << m.html;
  EXPECT_EQ(OutRows(ticket)[0].state, "sent");
  // The mail log's original is the very message the server received.
  const auto raw = app.Call("GET", "/api/v1/mail/messages/" + S(rows[0].id) + "/raw", "", &admin);
  EXPECT_EQ(raw.status, 200);
  const auto original = mail::ParseMessage(raw.body);
  ASSERT_TRUE(original.ok()) << raw.body;
  EXPECT_EQ(original->message_id, m.message_id);
  EXPECT_EQ(original->subject, m.subject);
  EXPECT_EQ(original->text, m.text);
  EXPECT_EQ(original->html, m.html);

  // Carla's mail client answers it: threaded by In-Reply-To alone (no token in the subject).
  auto back = app.app().mail().Take(
      route, "From: Carla Mendes <carla@bancohorizonte.com.br>\r\nTo: suporte@farol.test\r\nSubject: Re: VPN caiu\r\n"
             "Message-ID: <answer-2@bancohorizonte.com.br>\r\nIn-Reply-To: <" + m.message_id + ">\r\n"
             "References: <first-1@bancohorizonte.com.br> <" + m.message_id + ">\r\n"
             "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nFuncionou, obrigada!\r\n");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->outcome, app::MailOutcome::kReply);
  EXPECT_EQ(back->ticket_id, ticket);

  // The next reply answers Carla's newest message and carries the whole thread.
  ASSERT_EQ(Reply(ticket, R"({"body":"Ótimo. Vamos encerrar."})", agent).status, 201);
  EXPECT_EQ(Deliver(smtp.port()).sent, 1);
  const auto both = Sent();
  ASSERT_EQ(both.size(), 2u);
  const auto& second = both[0].in_reply_to == "answer-2@bancohorizonte.com.br" ? both[0] : both[1];
  EXPECT_EQ(second.in_reply_to, "answer-2@bancohorizonte.com.br");
  EXPECT_EQ(second.references,
            (std::vector<std::string>{"first-1@bancohorizonte.com.br", m.message_id, "answer-2@bancohorizonte.com.br"}));
}

TEST_P(MailOutTest, OnlyStaffPublicRepliesAreMailedWithTheirFiles) {
  const auto carla = app.Contact(banco, "carla@bancohorizonte.com.br");  // a portal user already
  const int64_t ticket = Opened();
  ASSERT_GT(ticket, 0);
  // An internal note, and the customer's own reply in the portal: nothing is mailed.
  ASSERT_EQ(app.Call("POST", "/api/v1/tickets/" + S(ticket) + "/notes", R"({"body":"check the concentrator"})", &agent).status, 201);
  ASSERT_EQ(Reply(ticket, R"({"body":"Ainda sem VPN."})", carla).status, 201);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM deliveries"), 0);
  EXPECT_TRUE(OutRows(ticket).empty());

  // A reply with a file: the file goes along, byte for byte.
  const std::string log = "2026-03-02 08:00:01 tunnel down\n2026-03-02 08:00:02 peer unreachable\n";
  auto up = app.Call("POST", "/api/v1/tickets/" + S(ticket) + "/attachments?filename=vpn.log", log, &agent,
                     {{"content-type", "text/plain"}});
  ASSERT_EQ(up.status, 201) << up.body;
  const int64_t file = bj::parse(up.body).at("id").as_int64();
  ASSERT_EQ(Reply(ticket, R"({"body":"Segue o log.","attachment_ids":[)" + S(file) + "]}", agent).status, 201);
  EXPECT_EQ(Deliver(smtp.port()).sent, 1);
  const auto sent = Sent();
  ASSERT_EQ(sent.size(), 1u);
  ASSERT_EQ(sent[0].attachments.size(), 1u);
  EXPECT_EQ(sent[0].attachments[0].file_name, "vpn.log");
  EXPECT_EQ(sent[0].attachments[0].data, log);
}

TEST_P(MailOutTest, AReplySavedWhileTheMailServerIsDownIsSentWhenItIsBack) {
  const int64_t ticket = Opened();
  ASSERT_GT(ticket, 0);
  ASSERT_EQ(Reply(ticket, R"({"body":"Estamos verificando."})", agent).status, 201);
  const int down = FreePort();  // nothing listens there
  const auto first = Deliver(down);
  EXPECT_EQ(first.sent, 0);
  EXPECT_EQ(first.failed, 1);
  auto rows = OutRows(ticket);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].state, "queued");  // to be retried, with the reason shown
  EXPECT_NE(rows[0].reason.find("the mail server did not take the message"), std::string::npos) << rows[0].reason;
  EXPECT_TRUE(smtp.Messages().empty());
  // Not before its retry time; then once, to the server that is up.
  EXPECT_EQ(Deliver(smtp.port()).sent, 0);
  app.clock().Advance(std::chrono::seconds(31));
  EXPECT_EQ(Deliver(smtp.port()).sent, 1);
  EXPECT_EQ(Deliver(smtp.port()).sent, 0);
  EXPECT_EQ(smtp.Messages().size(), 1u);
  EXPECT_EQ(OutRows(ticket)[0].state, "sent");
  EXPECT_EQ(Sent()[0].message_id, rows[0].message_id);
}

TEST_P(MailOutTest, AReplyWhoseAttemptsRunOutIsFailedAndAnAdminCanSendItAgain) {
  const int64_t ticket = Opened();
  ASSERT_GT(ticket, 0);
  ASSERT_EQ(Reply(ticket, R"({"body":"Estamos verificando."})", agent).status, 201);
  const int down = FreePort();  // nothing listens there
  // Every attempt fails; each retry waits longer (30 s doubling). After the last (8th) one it is
  // dead, and the mail log says "failed" with the reason.
  int attempts = 0, dead = 0;
  for (int i = 0; i < 20 && dead == 0; ++i) {
    const auto d = Deliver(down);
    attempts += d.failed + d.dead;
    dead += d.dead;
    app.clock().Advance(std::chrono::hours(3));
  }
  EXPECT_EQ(dead, 1);
  EXPECT_EQ(attempts, 8);
  auto rows = OutRows(ticket);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].state, "failed");
  EXPECT_NE(rows[0].reason.find("the mail server did not take the message"), std::string::npos) << rows[0].reason;
  EXPECT_EQ(Deliver(smtp.port()).sent, 0) << "a dead delivery is not tried again by itself";
  auto failed = app.Call("GET", "/api/v1/mail/messages?state=failed", "", &admin);
  ASSERT_EQ(failed.status, 200);
  EXPECT_NE(failed.body.find(rows[0].message_id), std::string::npos) << failed.body;

  // The admin sends it again: it goes out once, and the mail log says "sent".
  auto retry = app.Call("POST", "/api/v1/alerts/deliveries/" + S(rows[0].delivery_id) + "/retry", "", &admin);
  ASSERT_TRUE(retry.status == 200 || retry.status == 204) << retry.status << " " << retry.body;
  EXPECT_EQ(Deliver(smtp.port()).sent, 1);
  EXPECT_EQ(smtp.Messages().size(), 1u);
  EXPECT_EQ(OutRows(ticket)[0].state, "sent");
}

TEST_P(MailOutTest, ManyRepliesAreSentOnceEachBySeveralThreads) {
  const auto carla = app.Contact(banco, "carla@bancohorizonte.com.br");
  std::set<std::string> expected;
  for (int i = 0; i < 24; ++i) {
    auto t = app.Call("POST", "/api/v1/tickets", R"({"subject":"Agência )" + S(i) + R"( sem rede","organisation_id":)" + S(banco) + "}", &carla);
    ASSERT_EQ(t.status, 201) << t.body;
    const int64_t id = bj::parse(t.body).at("id").as_int64();
    ASSERT_EQ(Reply(id, R"({"body":"Verificando."})", agent).status, 201);
    expected.insert("Re: Agência " + S(i) + " sem rede [#" + S(id) + "]");
  }
  const auto done = Deliver(smtp.port());
  EXPECT_EQ(done.sent, 24);
  EXPECT_EQ(done.failed + done.dead, 0);
  EXPECT_EQ(Deliver(smtp.port()).sent, 0);
  std::set<std::string> subjects;
  for (const auto& m : Sent()) subjects.insert(m.subject);
  EXPECT_EQ(smtp.Messages().size(), 24u);
  EXPECT_EQ(subjects, expected);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM mail_messages WHERE direction = 'out' AND state = 'sent'"), 24);
}

TEST_P(MailOutTest, NothingIsQueuedWithoutAMailServer) {
  TestApp off(GetParam());  // the default: no SMTP configured
  ASSERT_TRUE(off.ok());
  const auto a = off.Staff("bia@farol.test", domain::Role::kAgent, 1, {});
  const int64_t org = off.Organisation("Padaria", 10);
  const auto c = off.Contact(org, "joao@padaria.com.br");
  auto t = off.Call("POST", "/api/v1/tickets", R"({"subject":"Sem sistema","organisation_id":)" + S(org) + "}", &c);
  ASSERT_EQ(t.status, 201) << t.body;
  const int64_t id = bj::parse(t.body).at("id").as_int64();
  ASSERT_EQ(off.Call("POST", "/api/v1/tickets/" + S(id) + "/replies", R"({"body":"Olhando."})", &a).status, 201);
  int64_t n = -1;
  ASSERT_TRUE(off.store().Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(n, tx.connectionForTest().QueryInt("SELECT COUNT(*) FROM deliveries"));
    return OkStatus();
  }).ok());
  EXPECT_EQ(n, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, MailOutTest, ::testing::Values("sqlite", "postgres"));

// Notices (docs/EMAIL.md): "we opened ticket #N" and "ticket #N is resolved", on as in `farol serve`.
app::AppConfig NoticesOn() {
  app::AppConfig c = MailOn();
  c.mail_out.notify_opened = true;
  c.mail_out.notify_resolved = true;
  return c;
}

class MailNoticeTest : public MailOutTest {
 protected:
  MailNoticeTest() : MailOutTest(NoticesOn()) {}
};

TEST_P(MailNoticeTest, TheCustomerIsToldATicketWasOpenedAndResolvedInTheirLanguage) {
  const int64_t id = Opened();  // a new contact from the e-mail: Portuguese
  ASSERT_GT(id, 0);
  EXPECT_EQ(Deliver(smtp.port()).sent, 1);
  auto sent = Sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].to.at(0).address, "carla@bancohorizonte.com.br");
  EXPECT_EQ(sent[0].subject, "Re: VPN caiu na agência [#" + S(id) + "]");
  EXPECT_EQ(sent[0].in_reply_to, "first-1@bancohorizonte.com.br");  // it answers her e-mail
  EXPECT_NE(sent[0].text.find("Recebemos a sua solicitação e abrimos o chamado #" + S(id) + ": \"VPN caiu na agência\"."),
            std::string::npos)
      << sent[0].text;
  EXPECT_NE(sent[0].text.find("Farol Support"), std::string::npos) << sent[0].text;

  // Resolved by the agent: the resolved notice (a reply that resolves sends both).
  auto r = app.Call("PATCH", "/api/v1/tickets/" + S(id), R"({"status":"resolved"})", &admin);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Deliver(smtp.port()).sent, 1);
  sent = Sent();
  ASSERT_EQ(sent.size(), 2u);
  const auto& resolved = sent[0].text.find("foi resolvido") != std::string::npos ? sent[0] : sent[1];
  EXPECT_NE(resolved.text.find("O chamado #" + S(id) + " (\"VPN caiu na agência\") foi resolvido."), std::string::npos) << resolved.text;
  EXPECT_NE(resolved.text.find("responda a este e-mail e o chamado será reaberto"), std::string::npos);
  // Not a portal user: no link to rate on the portal.
  EXPECT_EQ(resolved.text.find("Conte-nos como foi"), std::string::npos) << resolved.text;
  // Both are in the mail log, on the ticket.
  EXPECT_EQ(OutRows(id).size(), 2u);
}

TEST_P(MailNoticeTest, APortalCustomerGetsTheRatingLinkAndChatsGetNoOpenedNotice) {
  const app::Authenticated carla = app.Contact(banco, "carla.portal@bancohorizonte.com.br");
  auto r = app.Call("POST", "/api/v1/tickets", R"({"subject":"Printer","description":"It jams"})", &carla);
  ASSERT_EQ(r.status, 201) << r.body;
  const int64_t id = bj::parse(r.body).at("id").as_int64();
  ASSERT_EQ(app.Call("PUT", "/api/v1/me/presence", R"({"status":"available"})", &agent).status, 200);
  ASSERT_EQ(app.Call("POST", "/api/v1/chats", R"({"message":"hello"})", &carla).status, 201);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM deliveries"), 1);  // the ticket's notice; none for the chat
  ASSERT_EQ(app.Call("PATCH", "/api/v1/tickets/" + S(id), R"({"status":"resolved"})", &admin).status, 200);
  EXPECT_EQ(Deliver(smtp.port()).sent, 2);
  std::string resolved;
  for (const auto& m : Sent()) {
    if (m.text.find("has been resolved") != std::string::npos) resolved = m.text;
  }
  EXPECT_NE(resolved.find("Ticket #" + S(id) + " (\"Printer\") has been resolved."), std::string::npos) << resolved;
  EXPECT_NE(resolved.find("Tell us how we did: https://desk.farol.test/portal/tickets/" + S(id)), std::string::npos) << resolved;
}

TEST_P(MailOutTest, NoNoticesUnlessTurnedOn) {
  const int64_t id = Opened();
  ASSERT_GT(id, 0);
  ASSERT_EQ(app.Call("PATCH", "/api/v1/tickets/" + S(id), R"({"status":"resolved"})", &admin).status, 200);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM deliveries"), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, MailNoticeTest, ::testing::Values("sqlite", "postgres"));

// A brand's mailbox with its own From (docs/EMAIL.md, "Brands"): the tickets it opens are answered
// from it, notices signed with its name, the Message-ID on its domain; other tickets keep the desk's.
class BrandMailTest : public MailOutTest {
 protected:
  static app::AppConfig Brands() {
    app::AppConfig c = MailOn();
    c.mail_out.mailbox_from["acme"] = {"Acme Care", "care@acme.test"};
    c.mail_out.notify_opened = true;
    return c;
  }
  BrandMailTest() : MailOutTest(Brands()) {}
};

TEST_P(BrandMailTest, ATicketFromABrandsMailboxIsAnsweredFromThatBrand) {
  app::MailboxRoute acme;
  acme.name = "acme";
  auto r = app.app().mail().Take(acme,
                                 "From: Carla Mendes <carla@bancohorizonte.com.br>\r\nTo: care@acme.test\r\n"
                                 "Subject: Fatura duplicada\r\nMessage-ID: <brand-1@bancohorizonte.com.br>\r\n"
                                 "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nVeio duas vezes.\r\n");
  ASSERT_TRUE(r.ok() && r->outcome == app::MailOutcome::kTicket);
  const int64_t branded = r->ticket_id;
  const int64_t plain = Opened();  // through "support", which has no From of its own
  ASSERT_EQ(Reply(branded, R"({"body":"Estornamos a segunda."})", agent).status, 201);
  ASSERT_EQ(Reply(plain, R"({"body":"Reiniciamos."})", agent).status, 201);
  EXPECT_EQ(Deliver(smtp.port()).sent, 4);  // two "opened" notices and two replies
  int brand_mails = 0, desk_mails = 0;
  for (const auto& m : Sent()) {
    const bool about_branded = m.subject.find("[#" + S(branded) + "]") != std::string::npos;
    if (about_branded) {
      ++brand_mails;
      EXPECT_EQ(m.from.address, "care@acme.test") << m.subject;
      EXPECT_EQ(m.from.name, "Acme Care");
      EXPECT_TRUE(m.message_id.ends_with("@acme.test")) << m.message_id;
      if (m.text.find("Estornamos") == std::string::npos) {
        EXPECT_NE(m.text.find("Acme Care"), std::string::npos) << "the notice is signed by the brand: " << m.text;
      }
    } else {
      ++desk_mails;
      EXPECT_EQ(m.from.address, "suporte@farol.test") << m.subject;
      EXPECT_TRUE(m.message_id.ends_with("@farol.test")) << m.message_id;
    }
  }
  EXPECT_EQ(brand_mails, 2);
  EXPECT_EQ(desk_mails, 2);
  const auto rows = OutRows(branded);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].from_address, "care@acme.test");
}

INSTANTIATE_TEST_SUITE_P(Backends, BrandMailTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace farol::testing::mail_out
