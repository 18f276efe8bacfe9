// E-mail intake end to end in-process, on a real SQLite file and on PostgreSQL: real-world-shaped
// messages (tests/fixtures/mail) become tickets and replies exactly once; machines' mail is
// ignored; strangers wait for triage; unreadable mail is quarantined with its bytes and can be
// retried; threading follows Message-IDs first and the [#id] token second, never across
// organisations.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "mail/intake_parts.h"
#include "testing/test_env.h"

namespace farol::testing::mail_intake {
namespace {

namespace bj = boost::json;
using app::MailOutcome;

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(FAROL_SOURCE_DIR) + "/tests/fixtures/mail/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string S(int64_t v) { return std::to_string(v); }

// A plain message from `from` with these headers and body.
std::string Message(const std::string& from, const std::string& id, const std::string& subject,
                    const std::string& body, const std::string& extra_headers = "") {
  return "From: " + from + "\r\nTo: suporte@farol.test\r\nSubject: " + subject + "\r\nMessage-ID: <" + id +
         ">\r\nDate: Mon, 02 Mar 2026 09:00:00 -0300\r\n" + extra_headers +
         "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n";
}

class MailIntakeTest : public ::testing::TestWithParam<std::string> {
 protected:
  explicit MailIntakeTest(app::AppConfig config = {}) : app(GetParam(), std::move(config)) {}

  void SetUp() override {
    if (!app.ok()) GTEST_SKIP() << "no " << GetParam() << " server here";
    admin = app.Staff("root@farol.test", domain::Role::kAdmin, 3, {});
    agent = app.Staff("ana.agent@farol.test", domain::Role::kAgent, 1, {});
    support = app.Team("Service desk");
    banco = app.Organisation("Banco Horizonte", 12000);
    padaria = app.Organisation("Padaria Pão Quente", 12);
    Domains(banco, R"(["bancohorizonte.com.br"])");
    Domains(padaria, R"(["padaria.com.br"])");
    route.name = "support";
    route.team_id = support;
  }

  void Domains(int64_t org, const std::string& list) {
    auto r = app.Call("PATCH", "/api/v1/organisations/" + S(org), R"({"email_domains":)" + list + "}", &admin);
    ASSERT_EQ(r.status, 200) << r.body;
  }

  app::MailResult Take(const std::string& raw) {
    auto r = app.app().mail().Take(route, raw);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : app::MailResult{};
  }

  bj::value Ticket(int64_t id) {
    auto r = app.Call("GET", "/api/v1/tickets/" + S(id), "", &admin);
    EXPECT_EQ(r.status, 200) << r.body;
    return bj::parse(r.body);
  }
  bj::array Events(int64_t id) {
    auto r = app.Call("GET", "/api/v1/tickets/" + S(id) + "/events", "", &admin);
    EXPECT_EQ(r.status, 200) << r.body;
    auto v = bj::parse(r.body);
    return v.is_array() ? v.as_array() : v.at("items").as_array();
  }
  int64_t TicketCount() {
    int64_t n = 0;
    EXPECT_TRUE(app.store().Read([&](store::Tx& tx) -> Status {
      FAROL_ASSIGN_OR_RETURN(n, tx.connectionForTest().QueryInt("SELECT COUNT(*) FROM tickets"));
      return OkStatus();
    }).ok());
    return n;
  }
  store::MailMessage Row(int64_t id) {
    auto m = app.app().mail().Get(domain::Actor::System(), id);
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    return m.ok() ? *m : store::MailMessage{};
  }

  TestApp app;
  app::Authenticated admin, agent;
  int64_t support = 0, banco = 0, padaria = 0;
  app::MailboxRoute route;
};

TEST_P(MailIntakeTest, ANewThreadOpensATicketForANewContactOfTheSendersDomain) {
  const auto r = Take(Fixture("alternative.eml"));
  ASSERT_EQ(r.outcome, MailOutcome::kTicket);
  const auto t = Ticket(r.ticket_id);
  EXPECT_EQ(t.at("subject"), "Impressora do 3º andar não imprime");
  EXPECT_EQ(t.at("channel"), "email");
  EXPECT_EQ(t.at("organisation_id"), banco);
  EXPECT_EQ(t.at("team_id"), support);
  EXPECT_EQ(t.at("description"), "Bom dia,\n\nA impressora do 3º andar não imprime desde ontem.\n\nAna");
  EXPECT_EQ(t.at("requester_name"), "Ana Souza");
  const auto contact = app.Call("GET", "/api/v1/contacts/" + S(t.at("requester_id").as_int64()), "", &admin);
  EXPECT_NE(contact.body.find("ana.souza@bancohorizonte.com.br"), std::string::npos) << contact.body;

  const store::MailMessage row = Row(r.message_row);
  EXPECT_EQ(row.state, "ticket");
  EXPECT_EQ(row.message_id, "CAF1234abcd@mail.gmail.com");
  EXPECT_EQ(row.ticket_id, r.ticket_id);
  EXPECT_NE(row.event_id, 0);
  EXPECT_NE(row.html.find("<b>não imprime</b>"), std::string::npos) << row.html;
  // The original is kept, byte for byte.
  EXPECT_EQ(*app.app().mail().Raw(admin.actor, r.message_row), Fixture("alternative.eml"));
}

TEST_P(MailIntakeTest, ANewThreadIsShownWithoutItsSignatureAndTheOriginalKeepsIt) {
  const std::string raw = Message("Joana Lima <joana@bancohorizonte.com.br>", "sig-1@banco", "Link da agência 12 caiu",
                                  "O link caiu às 8h.\r\nPodem ver?\r\n\r\n-- \r\nJoana Lima\r\nBanco Horizonte | (11) 5555-0000");
  const auto r = Take(raw);
  ASSERT_EQ(r.outcome, MailOutcome::kTicket);
  EXPECT_EQ(Ticket(r.ticket_id).at("description"), "O link caiu às 8h.\nPodem ver?");
  EXPECT_EQ(*app.app().mail().Raw(admin.actor, r.message_row), raw);
}

TEST_P(MailIntakeTest, AReFetchedMessageIsNeverAddedTwice) {
  const auto first = Take(Fixture("alternative.eml"));
  ASSERT_EQ(first.outcome, MailOutcome::kTicket);
  const size_t events = Events(first.ticket_id).size();
  const auto again = Take(Fixture("alternative.eml"));
  EXPECT_EQ(again.outcome, MailOutcome::kDuplicate);
  EXPECT_EQ(TicketCount(), 1);
  EXPECT_EQ(Events(first.ticket_id).size(), events);
}

TEST_P(MailIntakeTest, RepliesJoinByMessageIdThenByTheSubjectToken) {
  const auto first = Take(Fixture("alternative.eml"));
  ASSERT_EQ(first.outcome, MailOutcome::kTicket);
  ASSERT_EQ(first.ticket_id, 1001) << "the fixtures' [#1001] token names the first ticket";
  // Gmail: In-Reply-To / References name the first message; the quote is trimmed for display.
  const auto gmail = Take(Fixture("gmail-reply.eml"));
  EXPECT_EQ(gmail.outcome, MailOutcome::kReply);
  EXPECT_EQ(gmail.ticket_id, first.ticket_id);
  // Outlook dropped the thread headers: the [#1001] token in the subject still finds it, and
  // Pedro, a colleague at the same bank, joins the conversation.
  const auto outlook = Take(Fixture("outlook-reply.eml"));
  EXPECT_EQ(outlook.outcome, MailOutcome::kReply);
  EXPECT_EQ(outlook.ticket_id, first.ticket_id);
  std::vector<std::string> replies;
  for (const auto& e : Events(first.ticket_id)) {
    if (e.at("type") == "public_reply") replies.emplace_back(e.at("body").as_string());
  }
  EXPECT_EQ(replies, (std::vector<std::string>{"Funcionou, obrigada!", "No 2º andar também está com problema."}));
  EXPECT_EQ(TicketCount(), 1);
}

TEST_P(MailIntakeTest, ATokenNeverCarriesMailIntoAnotherOrganisationsTicket) {
  ASSERT_EQ(Take(Fixture("alternative.eml")).ticket_id, 1001);
  const auto r = Take(Message("Carlos <carlos@padaria.com.br>", "guess@padaria.com.br", "Re: [#1001] oi",
                              "Quero ver esse chamado."));
  EXPECT_EQ(r.outcome, MailOutcome::kTicket);
  EXPECT_NE(r.ticket_id, 1001);
  EXPECT_EQ(Ticket(r.ticket_id).at("organisation_id"), padaria);
  for (const auto& e : Events(1001)) EXPECT_NE(e.at("type"), "public_reply");
}

TEST_P(MailIntakeTest, AutoRepliesBouncesAndBulkMailOpenNothing) {
  ASSERT_EQ(Take(Fixture("alternative.eml")).outcome, MailOutcome::kTicket);
  const auto oof = Take(Fixture("out-of-office.eml"));
  EXPECT_EQ(oof.outcome, MailOutcome::kIgnored);
  EXPECT_NE(oof.reason.find("automatic reply"), std::string::npos);
  const auto bounce = Take(Fixture("bounce.eml"));
  EXPECT_EQ(bounce.outcome, MailOutcome::kIgnored);
  EXPECT_NE(bounce.reason.find("bounce"), std::string::npos);
  const auto bulk = Take(Message("news@bancohorizonte.com.br", "n1@x", "Newsletter", "Ofertas", "Precedence: bulk\r\n"));
  EXPECT_EQ(bulk.outcome, MailOutcome::kIgnored);
  EXPECT_EQ(TicketCount(), 1);
  EXPECT_EQ(Row(oof.message_row).state, "ignored");
  for (const auto& e : Events(1001)) EXPECT_NE(e.at("type"), "public_reply");
}

TEST_P(MailIntakeTest, AStrangerWaitsForTriageUntilAcceptedForAnOrganisation) {
  const auto r = Take(Message("Zé <ze@gmail.com>", "ze-1@gmail.com", "Preciso de ajuda", "Minha VPN caiu."));
  ASSERT_EQ(r.outcome, MailOutcome::kTriage);
  EXPECT_NE(r.reason.find("gmail.com"), std::string::npos);
  EXPECT_EQ(TicketCount(), 0);
  // Agents triage (it makes a contact and a ticket); the guardian, who does neither, may not.
  const auto guardian = app.Staff("gui@farol.test", domain::Role::kGuardian);
  EXPECT_EQ(app.app().mail().Accept(guardian.actor, r.message_row, padaria, route).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(app.app().mail().List(guardian.actor, "triage", 50, 0).status().code(), StatusCode::kPermissionDenied);
  auto waiting = app.app().mail().List(agent.actor, "triage", 50, 0);
  ASSERT_TRUE(waiting.ok());
  ASSERT_EQ(waiting->size(), 1u);
  EXPECT_EQ(waiting->front().from_address, "ze@gmail.com");
  auto accepted = app.app().mail().Accept(agent.actor, r.message_row, padaria, route);
  ASSERT_TRUE(accepted.ok()) << accepted.status().ToString();
  EXPECT_EQ(accepted->outcome, MailOutcome::kTicket);
  EXPECT_EQ(Ticket(accepted->ticket_id).at("organisation_id"), padaria);
  EXPECT_EQ(Row(r.message_row).state, "ticket");
  // Accepting twice changes nothing.
  EXPECT_EQ(app.app().mail().Accept(admin.actor, r.message_row, padaria, route).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(TicketCount(), 1);
  // The sender is now a contact: the next message opens a ticket at once.
  EXPECT_EQ(Take(Message("Zé <ze@gmail.com>", "ze-2@gmail.com", "Outra coisa", "E a impressora.")).outcome,
            MailOutcome::kTicket);
}

TEST_P(MailIntakeTest, FilesAreStoredAndInlineImagesPointAtThem) {
  const auto r = Take(Fixture("mixed-attachments.eml"));
  ASSERT_EQ(r.outcome, MailOutcome::kTicket);
  auto files = bj::parse(app.Call("GET", "/api/v1/tickets/" + S(r.ticket_id) + "/attachments", "", &admin).body);
  const bj::array& list = files.is_array() ? files.as_array() : files.at("items").as_array();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].at("filename"), "print.png");
  EXPECT_EQ(list[1].at("filename"), "relatório.pdf");
  const std::string src = "src=\"/api/v1/attachments/" + S(list[0].at("id").as_int64()) + "\"";
  EXPECT_NE(Row(r.message_row).html.find(src), std::string::npos) << Row(r.message_row).html;
}

TEST_P(MailIntakeTest, AReplyToAClosedTicketOpensAFollowUp) {
  ASSERT_EQ(Take(Fixture("alternative.eml")).ticket_id, 1001);
  for (const char* status : {"resolved", "closed"}) {
    auto u = app.Call("PATCH", "/api/v1/tickets/1001", std::string(R"({"status":")") + status + "\"}", &admin);
    ASSERT_EQ(u.status, 200) << u.body;
  }
  const auto r = Take(Fixture("gmail-reply.eml"));
  EXPECT_EQ(r.outcome, MailOutcome::kTicket);
  EXPECT_NE(r.ticket_id, 1001);
  EXPECT_EQ(std::string(Ticket(r.ticket_id).at("description").as_string()).substr(0, 20), "Follow-up to #1001\n\n");
}

INSTANTIATE_TEST_SUITE_P(Backends, MailIntakeTest, ::testing::Values("sqlite", "postgres"));

// A reader that cannot read anything until it is "fixed", and a loop limit of 3 messages an hour.
bool reader_fixed = false;

app::AppConfig Strict() {
  app::AppConfig c;
  c.mail.loop_limit = 3;  // (the test app allows files of at most 1 MB)
  c.mail_reader = [](std::string_view raw) -> StatusOr<domain::InboundMail> {
    if (!reader_fixed) return Status(StatusCode::kInvalidArgument, "the MIME structure is damaged");
    return mail::Reader()(raw);
  };
  return c;
}

class StrictMailIntakeTest : public MailIntakeTest {
 protected:
  StrictMailIntakeTest() : MailIntakeTest(Strict()) { reader_fixed = true; }
};

TEST_P(StrictMailIntakeTest, UnreadableMailIsQuarantinedWithItsBytesAndCanBeRetried) {
  reader_fixed = false;
  const std::string raw = Fixture("alternative.eml");
  const auto r = Take(raw);
  ASSERT_EQ(r.outcome, MailOutcome::kQuarantined);
  EXPECT_NE(r.reason.find("damaged"), std::string::npos);
  EXPECT_EQ(TicketCount(), 0);
  EXPECT_EQ(Take(raw).outcome, MailOutcome::kDuplicate);  // fetched again: still one row
  auto list = app.app().mail().List(admin.actor, "quarantined", 50, 0);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(*app.app().mail().Raw(admin.actor, r.message_row), raw);
  EXPECT_EQ(app.app().mail().List(agent.actor, "quarantined", 50, 0).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(app.app().mail().Raw(agent.actor, r.message_row).status().code(), StatusCode::kNotFound);

  reader_fixed = true;  // a farol that reads it (say, after an upgrade)
  auto retried = app.app().mail().Retry(admin.actor, r.message_row, route);
  ASSERT_TRUE(retried.ok()) << retried.status().ToString();
  EXPECT_EQ(retried->outcome, MailOutcome::kTicket);
  EXPECT_EQ(Row(r.message_row).state, "ticket");
  EXPECT_EQ(Row(r.message_row).attempts, 2);
  EXPECT_EQ(TicketCount(), 1);
  EXPECT_EQ(app.app().mail().Retry(admin.actor, r.message_row, route).status().code(), StatusCode::kFailedPrecondition);
}

TEST_P(StrictMailIntakeTest, AFileOverTheLimitIsLeftOutWithANote) {
  const auto r = Take(Fixture("mixed-attachments.eml"));  // print.png is small; the PDF is small too
  ASSERT_EQ(r.outcome, MailOutcome::kTicket);
  const std::string big(1'500'000, 'x');
  const std::string raw =
      "From: ana.souza@bancohorizonte.com.br\r\nSubject: Log\r\nMessage-ID: <big-1@banco>\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSegue o log.\r\n"
      "--b\r\nContent-Type: text/plain; name=app.log\r\nContent-Disposition: attachment; filename=app.log\r\n\r\n" +
      big + "\r\n--b--\r\n";
  const auto b = Take(raw);
  ASSERT_EQ(b.outcome, MailOutcome::kTicket);
  EXPECT_NE(std::string(Ticket(b.ticket_id).at("description").as_string()).find("app.log: 1 MB, larger than the limit"),
            std::string::npos);
  auto files = bj::parse(app.Call("GET", "/api/v1/tickets/" + S(b.ticket_id) + "/attachments", "", &admin).body);
  EXPECT_EQ((files.is_array() ? files.as_array() : files.at("items").as_array()).size(), 0u);
}

TEST_P(StrictMailIntakeTest, AFloodFromOneSenderIsTakenForAMailLoop) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Take(Message("robot@padaria.com.br", "loop-" + S(i) + "@padaria", "Alerta " + S(i), "x")).outcome,
              MailOutcome::kTicket);
  }
  const auto fourth = Take(Message("robot@padaria.com.br", "loop-3@padaria", "Alerta 3", "x"));
  EXPECT_EQ(fourth.outcome, MailOutcome::kIgnored);
  EXPECT_NE(fourth.reason.find("mail loop"), std::string::npos);
  // An hour later the sender is heard again.
  app.clock().Advance(std::chrono::minutes(61));
  EXPECT_EQ(Take(Message("robot@padaria.com.br", "loop-4@padaria", "Alerta 4", "x")).outcome, MailOutcome::kTicket);
}

INSTANTIATE_TEST_SUITE_P(Backends, StrictMailIntakeTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace farol::testing::mail_intake
