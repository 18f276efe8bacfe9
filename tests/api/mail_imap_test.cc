// Mail intake from a real IMAP server (Debian's Dovecot on loopback, started by the test with a
// throwaway configuration): messages delivered to the mailbox become tickets, are marked done on
// the server only once stored, are never taken twice, and arrive at once through IDLE.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "mail/imap.h"
#include "mail/poller.h"
#include "testing/mail_servers.h"
#include "testing/test_env.h"

namespace farol::testing::mail_imap {
namespace {

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(FAROL_SOURCE_DIR) + "/tests/fixtures/mail/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Message(int n) {
  return "From: Ana Souza <ana.souza@bancohorizonte.com.br>\r\nTo: suporte@farol.test\r\nSubject: Chamado " +
         std::to_string(n) + "\r\nMessage-ID: <imap-" + std::to_string(n) +
         "@bancohorizonte.com.br>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nTexto " +
         std::to_string(n) + ".\r\n";
}

// A new thread from cliente<n>, or (reply_to > 0) an answer to cliente<reply_to>'s thread from `who`.
std::string Thread(int n, int reply_to = 0, const std::string& who = "") {
  const std::string from = who.empty() ? "cliente" + std::to_string(n) : who;
  std::string m = "From: " + from + " <" + from + "@bancohorizonte.com.br>\r\nTo: suporte@farol.test\r\nSubject: " +
                  (reply_to ? "Re: Pedido " + std::to_string(reply_to) : "Pedido " + std::to_string(n)) +
                  "\r\nMessage-ID: <t" + std::to_string(n) + "@bancohorizonte.com.br>\r\n";
  if (reply_to) {
    m += "In-Reply-To: <t" + std::to_string(reply_to) + "@bancohorizonte.com.br>\r\nReferences: <t" +
         std::to_string(reply_to) + "@bancohorizonte.com.br>\r\n";
  }
  return m + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nTexto " + std::to_string(n) + ".\r\n";
}

TEST(ImapUidSet, FoldsRunsIntoRanges) {
  EXPECT_EQ(mail::UidSet({}), "");
  EXPECT_EQ(mail::UidSet({7}), "7");
  EXPECT_EQ(mail::UidSet({9, 3, 4, 5, 5}), "3:5,9");
  EXPECT_EQ(mail::UidSet({1, 3, 5, 6}), "1,3,5:6");
}

class MailImapTest : public ::testing::Test {
 protected:
  MailImapTest() : dovecot(dir.path() + "/dovecot") {}

  void SetUp() override {
    ASSERT_TRUE(dovecot.up()) << "Dovecot did not start (scripts/install-deps.sh installs dovecot-imapd):\n"
                              << dovecot.log();
    const auto admin = app.Staff("root@farol.test", domain::Role::kAdmin, 3, {});
    const int64_t banco = app.Organisation("Banco Horizonte", 12000);
    auto r = app.Call("PATCH", "/api/v1/organisations/" + std::to_string(banco),
                      R"({"email_domains":["bancohorizonte.com.br"]})", &admin);
    ASSERT_EQ(r.status, 200) << r.body;
    route.name = "support";
    imap.url = dovecot.url();
    imap.user = dovecot.user();
    imap.password = dovecot.password();
    imap.timeout = std::chrono::seconds(10);
  }

  int64_t Tickets() {
    int64_t n = 0;
    EXPECT_TRUE(app.store().Read([&](store::Tx& tx) -> Status {
      FAROL_ASSIGN_OR_RETURN(n, tx.connectionForTest().QueryInt("SELECT COUNT(*) FROM tickets"));
      return OkStatus();
    }).ok());
    return n;
  }

  TempDir dir;
  Dovecot dovecot;
  TestApp app;
  app::MailboxRoute route;
  mail::ImapConfig imap;
};

TEST_F(MailImapTest, DeliveredMessagesBecomeTicketsAndAreMarkedSeenOnlyOnce) {
  ASSERT_TRUE(dovecot.Deliver(Fixture("alternative.eml")));
  ASSERT_TRUE(dovecot.Deliver(Fixture("windows-1252-qp.eml")));  // a sender farol cannot place: triage
  ASSERT_TRUE(dovecot.Deliver(Fixture("out-of-office.eml")));     // ignored
  ASSERT_EQ(dovecot.Unseen().size(), 3u);

  auto session = mail::ImapSession::Open(imap);
  ASSERT_TRUE(session.ok()) << session.status().ToString() << "\n" << dovecot.log();
  EXPECT_TRUE((*session)->SupportsIdle());
  auto drained = mail::Drain(**session, app.app().mail(), route, &app.metrics());
  ASSERT_TRUE(drained.ok()) << drained.status().ToString();
  EXPECT_EQ(drained->taken, 3);
  EXPECT_EQ(Tickets(), 1);
  EXPECT_TRUE(dovecot.Unseen().empty());
  EXPECT_EQ(dovecot.Count("INBOX"), 3);  // marked seen where they are

  auto again = mail::Drain(**session, app.app().mail(), route, nullptr);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->taken, 0);
  EXPECT_EQ(Tickets(), 1);
}

TEST_F(MailImapTest, AMessageStoredButNotMarkedBeforeACrashIsNotTakenTwice) {
  ASSERT_TRUE(dovecot.Deliver(Message(1)));
  // farol stored it, then died before telling the server: the message is still unseen there.
  ASSERT_TRUE(app.app().mail().Take(route, Message(1)).ok());
  ASSERT_EQ(dovecot.Unseen().size(), 1u);
  auto session = mail::ImapSession::Open(imap);
  ASSERT_TRUE(session.ok());
  auto drained = mail::Drain(**session, app.app().mail(), route, nullptr);
  ASSERT_TRUE(drained.ok());
  EXPECT_EQ(drained->duplicates, 1);
  EXPECT_EQ(drained->taken, 0);
  EXPECT_EQ(Tickets(), 1);
  EXPECT_TRUE(dovecot.Unseen().empty());
}

TEST_F(MailImapTest, ADoneFolderReceivesEveryMessageTakenIn) {
  imap.done_folder = "Processed";
  ASSERT_TRUE(dovecot.Deliver(Message(1)));
  ASSERT_TRUE(dovecot.Deliver(Message(2)));
  auto session = mail::ImapSession::Open(imap);
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  auto drained = mail::Drain(**session, app.app().mail(), route, nullptr);
  ASSERT_TRUE(drained.ok()) << drained.status().ToString();
  EXPECT_EQ(dovecot.Count("INBOX"), 0);
  EXPECT_EQ(dovecot.Count("Processed"), 2);
  EXPECT_EQ(Tickets(), 2);
}

TEST_F(MailImapTest, BatchesTakeEachConversationInOrderAndTheRestSideBySide) {
  // Replies arrive right after the message they answer, in the same batch of five: taken in side
  // by side, a reply must still find its ticket (a colleague's answer, and the requester's own).
  std::vector<std::string> mail;
  for (int n = 1; n <= 12; ++n) {
    mail.push_back(Thread(n));
    if (n == 3) mail.push_back(Thread(103, 3, "colega"));
    if (n == 5) mail.push_back(Thread(105, 5, "cliente5"));
  }
  for (const std::string& m : mail) ASSERT_TRUE(dovecot.Deliver(m));
  auto session = mail::ImapSession::Open(imap);
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  mail::DrainOptions options;
  options.batch = 5;
  options.threads = 4;
  auto drained = mail::Drain(**session, app.app().mail(), route, &app.metrics(), options);
  ASSERT_TRUE(drained.ok()) << drained.status().ToString();
  EXPECT_EQ(drained->taken, 14);
  EXPECT_EQ(Tickets(), 12);
  EXPECT_TRUE(dovecot.Unseen().empty());
  int64_t replies = 0;
  ASSERT_TRUE(app.store().Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(replies, tx.connectionForTest().QueryInt(
                                        "SELECT COUNT(*) FROM mail_messages m JOIN mail_messages o "
                                        "ON o.ticket_id = m.ticket_id AND o.state = 'ticket' "
                                        "WHERE m.state = 'reply' AND m.direction = 'in'"));
    return OkStatus();
  }).ok());
  EXPECT_EQ(replies, 2);
}

TEST_F(MailImapTest, AWrongPasswordIsAPlainErrorThatNeverShowsThePassword) {
  imap.password = "wrong-secret-123";
  auto session = mail::ImapSession::Open(imap);
  ASSERT_FALSE(session.ok());
  EXPECT_EQ(session.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(session.status().message().find("refused the login"), std::string::npos) << session.status().message();
  EXPECT_EQ(session.status().message().find("wrong-secret-123"), std::string::npos);
  imap.url = "imap://127.0.0.1:" + std::to_string(FreePort()) + "/INBOX";
  auto nobody = mail::ImapSession::Open(imap);
  ASSERT_FALSE(nobody.ok());
  EXPECT_NE(nobody.status().message().find("cannot reach the IMAP server"), std::string::npos);
}

TEST_F(MailImapTest, ThePollerTakesNewMailInWithinASecondThroughIdle) {
  mail::MailboxSetup box;
  box.route = route;
  box.imap = imap;
  mail::MailPoller poller(app.app().mail(), {box}, &app.metrics());
  poller.Start();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // connected and idling
  const auto sent = std::chrono::steady_clock::now();
  ASSERT_TRUE(dovecot.Deliver(Message(7)));
  while (Tickets() == 0 && std::chrono::steady_clock::now() - sent < std::chrono::seconds(10)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const auto took = std::chrono::steady_clock::now() - sent;
  poller.Stop();
  ASSERT_EQ(Tickets(), 1);
  EXPECT_LT(took, std::chrono::seconds(2)) << "IDLE should bring new mail at once";
  EXPECT_TRUE(dovecot.Unseen().empty());
}

}  // namespace
}  // namespace farol::testing::mail_imap
