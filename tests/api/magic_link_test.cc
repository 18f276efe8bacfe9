// Customers sign in to the portal with a link sent by e-mail, on SQLite and on PostgreSQL: the
// link reaches a real SMTP server (aiosmtpd on loopback) in the contact's language, signs them in
// once, and expires; nobody learns from the answers whether an address has an account; links
// are rationed per address, and an admin reading the outbox never sees one.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "jobs/curl_sender.h"
#include "mail/mime.h"
#include "testing/mail_servers.h"
#include "testing/test_env.h"

namespace farol::testing::magic_link {
namespace {

namespace bj = boost::json;

std::string S(int64_t v) { return std::to_string(v); }

app::AppConfig LinksOn() {
  app::AppConfig c;
  c.auth.email_links = true;
  c.auth.public_url = "https://desk.farol.test";
  return c;
}

class MagicLinkTest : public ::testing::TestWithParam<std::string> {
 protected:
  MagicLinkTest() : app(GetParam(), LinksOn()) {}

  void SetUp() override {
    if (!app.ok()) GTEST_SKIP() << "no " << GetParam() << " server here";
    admin = app.Staff("root@farol.test", domain::Role::kAdmin, 3, {});
    banco = app.Organisation("Banco Horizonte", 12000);
    carla = app.Contact(banco, "carla@bancohorizonte.com.br");
  }

  http::HttpResponse Ask(const std::string& email) {
    return app.Call("POST", "/api/v1/auth/magic-link", R"({"email":")" + email + R"("})");
  }
  http::HttpResponse Redeem(const std::string& token) {
    return app.Call("POST", "/api/v1/auth/magic-link/redeem", R"({"token":")" + token + R"("})");
  }

  // The sign-in link e-mails queued so far, oldest first.
  std::vector<store::Delivery> Links() {
    std::vector<store::Delivery> out;
    EXPECT_TRUE(app.store().Read([&](store::Tx& tx) -> Status {
      FAROL_ASSIGN_OR_RETURN(auto rows, tx.connectionForTest().Query("SELECT id FROM deliveries ORDER BY id"));
      for (size_t i = 0; i < rows.size(); ++i) {
        FAROL_ASSIGN_OR_RETURN(auto d, tx.deliveries().Get(rows.Int(i, 0)));
        if (d && d->event == app::kMagicLinkEvent) out.push_back(*d);
      }
      return OkStatus();
    }).ok());
    return out;
  }

  static std::string TokenIn(const std::string& text) {
    const std::string mark = "https://desk.farol.test/signin/link?token=";
    const size_t at = text.find(mark);
    if (at == std::string::npos) return "";
    const size_t start = at + mark.size();
    size_t end = start;
    while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '-' || text[end] == '_')) ++end;
    return text.substr(start, end - start);
  }

  TestApp app;
  app::Authenticated admin, carla;
  int64_t banco = 0;
};

TEST_P(MagicLinkTest, ALinkByEmailSignsTheCustomerInOnce) {
  TempDir dir;
  SmtpServer smtp(dir.path() + "/maildir");
  ASSERT_TRUE(smtp.up()) << "python3-aiosmtpd is missing (scripts/install-deps.sh installs it)";
  auto r = Ask("  Carla@BancoHorizonte.com.br ");
  EXPECT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(bj::parse(r.body).at("sent"), true);

  jobs::CurlSenderOptions o;
  o.smtp.url = "smtp://127.0.0.1:" + S(smtp.port());
  o.smtp.from = "suporte@farol.test";
  jobs::CurlSender sender(o);
  auto sent = app.app().alerts().DeliverDue(sender);
  ASSERT_TRUE(sent.ok());
  EXPECT_EQ(sent->sent, 1);
  ASSERT_EQ(smtp.Messages().size(), 1u);
  auto m = mail::ParseMessage(smtp.Messages()[0]);
  ASSERT_TRUE(m.ok());
  ASSERT_EQ(m->to.size(), 1u);
  EXPECT_EQ(m->to[0].address, "carla@bancohorizonte.com.br");
  EXPECT_EQ(m->subject, "Your sign-in link for the portal");
  EXPECT_NE(m->text.find("It works once, for 15 minutes."), std::string::npos) << m->text;
  const std::string token = TokenIn(m->text);
  ASSERT_GE(token.size(), 40u) << m->text;

  r = Redeem(token);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body = bj::parse(r.body);
  EXPECT_EQ(body.at("kind"), "contact");
  EXPECT_EQ(body.at("email"), "carla@bancohorizonte.com.br");
  ASSERT_NE(r.Header("Set-Cookie"), nullptr);
  const std::string cookie = r.Header("Set-Cookie")->substr(0, r.Header("Set-Cookie")->find(';'));
  auto session = app.Call("GET", "/api/v1/auth/session", "", nullptr, {{"cookie", cookie}});
  EXPECT_EQ(session.status, 200) << session.body;
  EXPECT_EQ(bj::parse(session.body).at("email"), "carla@bancohorizonte.com.br");

  // Once only, and the same refusal as for a link that never existed.
  const auto again = Redeem(token);
  EXPECT_EQ(again.status, 401);
  EXPECT_NE(again.body.find("This sign-in link is not valid any more. Ask for a new one."), std::string::npos) << again.body;
  const auto made_up = Redeem(std::string(43, 'A'));
  EXPECT_EQ(made_up.status, 401);
  EXPECT_EQ(bj::parse(made_up.body).at("detail"), bj::parse(again.body).at("detail"));

  // The outbox shows the e-mail to admins, never its link.
  auto list = app.Call("GET", "/api/v1/alerts/deliveries", "", &admin);
  EXPECT_EQ(list.status, 200);
  EXPECT_EQ(list.body.find(token), std::string::npos);
  EXPECT_NE(list.body.find("(a sign-in link for a customer: not shown)"), std::string::npos) << list.body;
}

TEST_P(MagicLinkTest, LinksExpireAndComeInTheContactsLanguage) {
  ASSERT_EQ(app.Call("PATCH", "/api/v1/auth/profile", R"({"locale":"pt-BR"})", &carla).status, 200);
  ASSERT_EQ(Ask("carla@bancohorizonte.com.br").status, 202);
  auto links = Links();
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].subject, "Seu link de acesso ao portal");
  EXPECT_NE(links[0].body.find("Ele funciona uma vez, por 15 minutos."), std::string::npos) << links[0].body;
  const std::string token = TokenIn(links[0].body);
  app.clock().Advance(std::chrono::minutes(15));
  EXPECT_EQ(Redeem(token).status, 401);  // expired at exactly 15 minutes
}

TEST_P(MagicLinkTest, TheAnswerSaysNothingAndOnlyPortalContactsGetLinks) {
  // A stranger, a staff member, a contact without portal access, a deactivated one: the same 202,
  // and nothing sent.
  const int64_t padaria = app.Organisation("Padaria", 10);
  app::ContactInput no_portal;
  no_portal.organisation_id = padaria;
  no_portal.name = "Joao";
  no_portal.email = "joao@padaria.com.br";
  ASSERT_TRUE(app.app().directory().CreateContact(domain::Actor::System(), no_portal).ok());
  const auto gone = app.Contact(padaria, "ex@padaria.com.br");
  ASSERT_EQ(app.Call("PATCH", "/api/v1/contacts/" + S(gone.actor.id), R"({"active":false})", &admin).status, 200);
  for (const char* who : {"nobody@nowhere.example", "root@farol.test", "joao@padaria.com.br", "ex@padaria.com.br"}) {
    const auto r = Ask(who);
    EXPECT_EQ(r.status, 202) << who;
    EXPECT_EQ(r.body, Ask("carla@bancohorizonte.com.br").body) << who;
  }
  EXPECT_EQ(Links().size(), 3u);  // Carla's three (her ration), nobody else's
  // Rationed: three links per address per quarter of an hour; a fourth is not sent.
  EXPECT_EQ(Ask("carla@bancohorizonte.com.br").status, 202);
  EXPECT_EQ(Links().size(), 3u);
  app.clock().Advance(std::chrono::minutes(16));
  EXPECT_EQ(Ask("carla@bancohorizonte.com.br").status, 202);
  EXPECT_EQ(Links().size(), 4u);
  // A contact deactivated after the link was sent cannot use it.
  const std::string token = TokenIn(Links().back().body);
  ASSERT_EQ(app.Call("PATCH", "/api/v1/contacts/" + S(carla.actor.id), R"({"active":false})", &admin).status, 200);
  EXPECT_EQ(Redeem(token).status, 401);
}

TEST_P(MagicLinkTest, BadRequestsAndNoMailServer) {
  EXPECT_EQ(Ask("").status, 400);
  EXPECT_EQ(Ask("not an address").status, 400);
  EXPECT_EQ(app.Call("POST", "/api/v1/auth/magic-link", R"({"email":"carla@bancohorizonte.com.br","x":1})").status, 400);
  EXPECT_EQ(app.Call("POST", "/api/v1/auth/magic-link", R"({"email":"carla@bancohorizonte.com.br","locale":"fr"})").status, 400);
  EXPECT_EQ(app.Call("POST", "/api/v1/auth/magic-link/redeem", R"({"token":7})").status, 400);
  EXPECT_EQ(Redeem("").status, 401);
  EXPECT_TRUE(Links().empty());
  TestApp off(GetParam());  // no mail server: the API says so instead of pretending
  ASSERT_TRUE(off.ok());
  const auto r = off.Call("POST", "/api/v1/auth/magic-link", R"({"email":"carla@bancohorizonte.com.br"})");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(r.body.find("Sign-in links need an e-mail server; sign in with your password."), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, MagicLinkTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace farol::testing::magic_link
