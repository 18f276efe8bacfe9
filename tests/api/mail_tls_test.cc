// Mail over TLS with real servers on loopback (docs/EMAIL.md, "TLS"): Dovecot offering STARTTLS
// and IMAPS, aiosmtpd requiring STARTTLS (or TLS from the first byte) and a login, each with a
// throwaway self-signed certificate that the client is told to trust (ca_file). Also what happens
// when the server cannot encrypt, or its certificate is not trusted: a plain error, nothing sent.
#include <gtest/gtest.h>

#include "core/tls_policy.h"
#include "jobs/curl_sender.h"
#include "mail/imap.h"
#include "testing/mail_servers.h"
#include "testing/test_env.h"

namespace farol::testing {
namespace mail_tls_test {  // named: unity builds put several tests in one unit

TEST(TlsPolicy, PlainTextOnlyToLoopbackUnlessTold) {
  EXPECT_EQ(UrlHost("imap://mail.example.com:143/INBOX"), "mail.example.com");
  EXPECT_EQ(UrlHost("smtp://user:p%40ss@127.0.0.1:2525"), "127.0.0.1");
  EXPECT_EQ(UrlHost("smtp://[::1]:25"), "[::1]");
  EXPECT_EQ(UrlHost("smtp://localhost"), "localhost");
  EXPECT_EQ(UrlHost("no scheme"), "");
  EXPECT_TRUE(TlsRequired("imap://mail.example.com/INBOX", TlsMode::kAuto));
  EXPECT_TRUE(TlsRequired("smtp://10.0.0.5:25", TlsMode::kAuto));
  EXPECT_TRUE(TlsRequired("smtp://127.example.com:25", TlsMode::kAuto));  // a name, not loopback
  EXPECT_FALSE(TlsRequired("smtp://127.0.0.1:25", TlsMode::kAuto));
  EXPECT_FALSE(TlsRequired("smtp://localhost:25", TlsMode::kAuto));
  EXPECT_FALSE(TlsRequired("smtp://[::1]:25", TlsMode::kAuto));
  EXPECT_TRUE(TlsRequired("smtp://127.0.0.1:25", TlsMode::kRequired));
  EXPECT_FALSE(TlsRequired("smtp://mail.example.com:25", TlsMode::kOptional));
  EXPECT_EQ(ParseTlsMode("required"), TlsMode::kRequired);
  EXPECT_FALSE(ParseTlsMode("yes"));
}

class ImapTlsTest : public ::testing::Test {
 protected:
  ImapTlsTest() : cert(MakeTestCert(dir.path() + "/tls")), dovecot(dir.path() + "/dovecot", cert) {}
  void SetUp() override {
    ASSERT_TRUE(cert.ok()) << "openssl is missing (scripts/install-deps.sh installs it)";
    ASSERT_TRUE(dovecot.up()) << dovecot.log();
    imap.user = dovecot.user();
    imap.password = dovecot.password();
    imap.timeout = std::chrono::seconds(5);
  }
  // Dovecot's login lines say ", TLS," for a connection that was encrypted.
  int EncryptedLogins() const {
    const std::string log = dovecot.log();
    int n = 0;
    for (size_t at = log.find("Login: user=<"); at != std::string::npos; at = log.find("Login: user=<", at + 1)) {
      const std::string line = log.substr(at, log.find('\n', at) - at);
      if (line.find(", TLS") != std::string::npos) ++n;
    }
    return n;
  }

  TempDir dir;
  TestCert cert;
  Dovecot dovecot;
  mail::ImapConfig imap;
};

TEST_F(ImapTlsTest, StartTlsAndImapsWithThePrivateCaTrusted) {
  ASSERT_TRUE(dovecot.Deliver("From: a@b.test\r\nSubject: x\r\nMessage-ID: <tls-1@b.test>\r\n\r\nhello\r\n"));
  // STARTTLS, insisted on even though the server is on loopback.
  imap.url = "imap://127.0.0.1:" + std::to_string(dovecot.port()) + "/INBOX";
  imap.tls = TlsMode::kRequired;
  imap.ca_file = cert.cert;
  auto s = mail::ImapSession::Open(imap);
  ASSERT_TRUE(s.ok()) << s.status().ToString() << "\n" << dovecot.log();
  auto unseen = (*s)->Pending();
  ASSERT_TRUE(unseen.ok()) << unseen.status().ToString();
  EXPECT_EQ(unseen->size(), 1u);
  s->reset();
  EXPECT_EQ(EncryptedLogins(), 1) << dovecot.log();

  // TLS from the first byte.
  imap.url = "imaps://127.0.0.1:" + std::to_string(dovecot.imaps_port()) + "/INBOX";
  s = mail::ImapSession::Open(imap);
  ASSERT_TRUE(s.ok()) << s.status().ToString() << "\n" << dovecot.log();
  auto fetched = (*s)->Fetch(*unseen);
  ASSERT_TRUE(fetched.ok()) << fetched.status().ToString();
  ASSERT_EQ(fetched->size(), 1u);
  EXPECT_NE(fetched->front().second.find("hello"), std::string::npos);
  s->reset();
  EXPECT_EQ(EncryptedLogins(), 2) << dovecot.log();
}

TEST_F(ImapTlsTest, AnUntrustedCertificateIsRefusedInPlainWords) {
  imap.url = "imaps://127.0.0.1:" + std::to_string(dovecot.imaps_port()) + "/INBOX";
  auto s = mail::ImapSession::Open(imap);  // the self-signed certificate, not trusted
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("certificate is not trusted"), std::string::npos) << s.status().ToString();
  EXPECT_EQ(s.status().message().find(dovecot.password()), std::string::npos);
  EXPECT_EQ(EncryptedLogins(), 0);
}

TEST(ImapTls, AServerWithoutStartTlsGetsNoPassword) {
  TempDir dir;
  Dovecot plain(dir.path() + "/dovecot");  // ssl = no
  ASSERT_TRUE(plain.up()) << plain.log();
  mail::ImapConfig imap;
  imap.url = plain.url();
  imap.user = plain.user();
  imap.password = plain.password();
  imap.tls = TlsMode::kRequired;
  auto s = mail::ImapSession::Open(imap);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("does not offer STARTTLS"), std::string::npos) << s.status().ToString();
  EXPECT_EQ(plain.log().find("Login: user=<"), std::string::npos) << "no login was tried";
  // On loopback the default (auto) goes on in plain text: nothing crosses a network.
  imap.tls = TlsMode::kAuto;
  EXPECT_TRUE(mail::ImapSession::Open(imap).ok());
}

class SmtpTlsTest : public ::testing::Test {
 protected:
  SmtpTlsTest() : cert(MakeTestCert(dir.path() + "/tls")) {}

  app::SendResult Send(const SmtpServer& server, const std::string& scheme, TlsMode tls, const std::string& ca,
                       const std::string& user, const std::string& password) {
    jobs::CurlSenderOptions o;
    o.smtp.url = scheme + "://127.0.0.1:" + std::to_string(server.port());
    o.smtp.from = "suporte@farol.test";
    o.smtp.user = user;
    o.smtp.password = password;
    o.smtp.tls = tls;
    o.smtp.ca_file = ca;
    o.timeout = std::chrono::seconds(5);
    jobs::CurlSender sender(o);
    domain::AlertChannel mail;
    mail.kind = domain::AlertKind::kEmail;
    mail.emails = {"carla@bancohorizonte.com.br"};
    store::Delivery d;
    d.id = 7;
    d.event = "sla.breach";
    d.recipient = "carla@bancohorizonte.com.br";
    d.subject = "Teste por TLS";
    d.body = "Uma mensagem cifrada.";
    d.created_at = FromUnixSeconds(1'780'000'000);
    return sender.Send(mail, d);
  }

  TempDir dir;
  TestCert cert;
};

TEST_F(SmtpTlsTest, StartTlsAndALoginThenTheMessageArrives) {
  ASSERT_TRUE(cert.ok()) << "openssl is missing (scripts/install-deps.sh installs it)";
  SmtpServer server(dir.path() + "/mail", SmtpOptions{cert, false, "farol", "s3nha-smtp"});
  ASSERT_TRUE(server.up()) << "python3-aiosmtpd is missing (scripts/install-deps.sh installs it)";
  // Not trusting the certificate: refused before any login, nothing sent. (First: a connection
  // verified earlier would be reused by the same sending thread.)
  auto r = Send(server, "smtp", TlsMode::kRequired, "", "farol", "s3nha-smtp");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("certificate is not trusted"), std::string::npos) << r.error;
  EXPECT_TRUE(server.Messages().empty());

  r = Send(server, "smtp", TlsMode::kRequired, cert.cert, "farol", "s3nha-smtp");
  ASSERT_TRUE(r.ok) << r.error;
  auto got = server.Messages();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_NE(got[0].find("Teste por TLS"), std::string::npos) << got[0];

  // A wrong password: refused in plain words, the password never in the error, nothing delivered.
  r = Send(server, "smtp", TlsMode::kRequired, cert.cert, "farol", "errada-123");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("refused the login for farol"), std::string::npos) << r.error;
  EXPECT_EQ(r.error.find("errada-123"), std::string::npos);
  EXPECT_EQ(server.Messages().size(), 1u);
}

TEST_F(SmtpTlsTest, ImplicitTlsWithALogin) {
  ASSERT_TRUE(cert.ok());
  SmtpServer server(dir.path() + "/mail", SmtpOptions{cert, true, "farol", "s3nha-smtp"});
  ASSERT_TRUE(server.up());
  auto r = Send(server, "smtps", TlsMode::kAuto, cert.cert, "farol", "s3nha-smtp");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(server.Messages().size(), 1u);
}

TEST_F(SmtpTlsTest, AServerWithoutStartTlsGetsNoMailWhenTlsIsRequired) {
  SmtpServer plain(dir.path() + "/mail");
  ASSERT_TRUE(plain.up());
  auto r = Send(plain, "smtp", TlsMode::kRequired, "", "", "");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("does not offer STARTTLS"), std::string::npos) << r.error;
  EXPECT_TRUE(plain.Messages().empty());
  // On loopback, the default goes on in plain text.
  r = Send(plain, "smtp", TlsMode::kAuto, "", "", "");
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(plain.Messages().size(), 1u);
}

}  // namespace mail_tls_test
}  // namespace farol::testing
