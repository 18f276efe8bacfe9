// Signing in and staying signed in: passwords, throttling, sessions on a fake clock, API tokens.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "testing/test_env.h"

namespace farol::testing {
namespace {

namespace bj = boost::json;
using std::chrono::hours;
using std::chrono::minutes;

class AuthApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    org = app.Organisation("Acme");
    agent = app.Staff("ana@farol.test", domain::Role::kAgent);
    admin = app.Staff("root@farol.test", domain::Role::kAdmin);
    contact = app.Contact(org, "carla@acme.test");
  }

  // Signs in through the real endpoint; returns {cookie header value, csrf token}.
  std::pair<std::string, std::string> SignIn(const std::string& email, const std::string& password = kTestPassword) {
    auto r = app.Call("POST", "/api/v1/auth/login", R"({"email":")" + email + R"(","password":")" + password + R"("})");
    if (r.status != 200) return {"", r.body};
    const std::string cookie = r.Header("Set-Cookie")->substr(0, r.Header("Set-Cookie")->find(';'));
    return {cookie, std::string(bj::parse(r.body).at("csrf_token").as_string())};
  }
  http::HttpResponse WithCookie(const std::string& method, const std::string& target, const std::string& cookie,
                                const std::string& csrf = "", const std::string& body = "") {
    std::vector<std::pair<std::string, std::string>> h = {{"cookie", cookie}};
    if (!csrf.empty()) h.emplace_back("x-csrf-token", csrf);
    return app.Call(method, target, body, nullptr, h);
  }
  http::HttpResponse Login(const std::string& email, const std::string& password) {
    return app.Call("POST", "/api/v1/auth/login", R"({"email":")" + email + R"(","password":")" + password + R"("})");
  }

  TestApp app;
  int64_t org = 0;
  app::Authenticated agent, admin, contact;
};

TEST_F(AuthApiTest, StaffAndPortalContactsSignInAndSeeWhoTheyAre) {
  auto [cookie, csrf] = SignIn("ANA@farol.test");  // e-mail addresses are case-insensitive
  ASSERT_FALSE(cookie.empty()) << csrf;
  auto me = bj::parse(WithCookie("GET", "/api/v1/auth/session", cookie).body);
  EXPECT_EQ(me.at("kind").as_string(), "staff");
  EXPECT_EQ(me.at("role").as_string(), "agent");
  auto [ccookie, ccsrf] = SignIn("carla@acme.test");
  ASSERT_FALSE(ccookie.empty()) << ccsrf;
  auto cme = bj::parse(WithCookie("GET", "/api/v1/auth/session", ccookie).body);
  EXPECT_EQ(cme.at("kind").as_string(), "contact");
  EXPECT_EQ(cme.at("organisation_id").as_int64(), org);
}

TEST_F(AuthApiTest, WrongCredentialsLookTheSameWhetherOrNotTheAccountExists) {
  auto wrong_pw = Login("ana@farol.test", "not the password");
  auto no_user = Login("nobody@farol.test", "not the password");
  EXPECT_EQ(wrong_pw.status, 401);
  EXPECT_EQ(no_user.status, 401);
  EXPECT_EQ(wrong_pw.body, no_user.body);
  EXPECT_EQ(Login("", "").status, 400);
}

TEST_F(AuthApiTest, RepeatedFailuresLockTheAccountForAWhile) {
  for (int i = 0; i < 5; ++i) ASSERT_EQ(Login("ana@farol.test", "guess " + std::to_string(i)).status, 401);
  auto locked = Login("ana@farol.test", kTestPassword);
  EXPECT_EQ(locked.status, 429) << "even the right password waits";
  ASSERT_NE(locked.Header("Retry-After"), nullptr);
  EXPECT_EQ(*locked.Header("Retry-After"), "900");
  EXPECT_NE(locked.body.find("Try again in 15 minutes"), std::string::npos) << locked.body;
  EXPECT_EQ(Login("root@farol.test", kTestPassword).status, 200) << "other accounts are not affected";
  app.clock().Advance(minutes(15));
  EXPECT_EQ(Login("ana@farol.test", kTestPassword).status, 200);
  // A success clears the count.
  for (int i = 0; i < 4; ++i) Login("ana@farol.test", "guess");
  EXPECT_EQ(Login("ana@farol.test", kTestPassword).status, 200);
  EXPECT_EQ(Login("ana@farol.test", "guess").status, 401);
}

TEST_F(AuthApiTest, SessionsExpireWhenIdleAndAreExtendedByUse) {
  auto [cookie, csrf] = SignIn("ana@farol.test");
  app.clock().Advance(hours(6));
  EXPECT_EQ(WithCookie("GET", "/api/v1/auth/session", cookie).status, 200);  // used: extended to 18:00 from now
  app.clock().Advance(hours(11));
  EXPECT_EQ(WithCookie("GET", "/api/v1/auth/session", cookie).status, 200);
  app.clock().Advance(hours(13));
  auto ended = WithCookie("GET", "/api/v1/auth/session", cookie);
  EXPECT_EQ(ended.status, 401);
  EXPECT_NE(ended.body.find("session has ended"), std::string::npos);
  // However busy, a session ends a week after sign-in.
  auto [c2, x2] = SignIn("ana@farol.test");
  for (int i = 0; i < 15; ++i) {  // 165 hours of steady use
    app.clock().Advance(hours(11));
    ASSERT_EQ(WithCookie("GET", "/api/v1/auth/session", c2).status, 200) << i;
  }
  app.clock().Advance(hours(4));  // 169 hours: past the 168-hour cap although used 4 hours ago
  EXPECT_EQ(WithCookie("GET", "/api/v1/auth/session", c2).status, 401);
}

TEST_F(AuthApiTest, ChangingThePasswordSignsOutEveryOtherSession) {
  auto [laptop, laptop_csrf] = SignIn("ana@farol.test");
  auto [phone, phone_csrf] = SignIn("ana@farol.test");
  auto wrong = WithCookie("POST", "/api/v1/auth/password", laptop, laptop_csrf,
                          R"({"current_password":"nope","new_password":"a new long password"})");
  EXPECT_EQ(wrong.status, 400);
  auto weak = WithCookie("POST", "/api/v1/auth/password", laptop, laptop_csrf,
                         R"({"current_password":"correct horse 1","new_password":"short"})");
  EXPECT_EQ(weak.status, 400);
  auto ok = WithCookie("POST", "/api/v1/auth/password", laptop, laptop_csrf,
                       R"({"current_password":"correct horse 1","new_password":"a new long password"})");
  ASSERT_EQ(ok.status, 204) << ok.body;
  EXPECT_EQ(WithCookie("GET", "/api/v1/auth/session", laptop).status, 200);
  EXPECT_EQ(WithCookie("GET", "/api/v1/auth/session", phone).status, 401);
  EXPECT_EQ(Login("ana@farol.test", kTestPassword).status, 401);
  EXPECT_EQ(Login("ana@farol.test", "a new long password").status, 200);
}

TEST_F(AuthApiTest, ApiTokensAreShownOnceStoredHashedAndRevocable) {
  auto created = app.Call("POST", "/api/v1/auth/tokens", R"({"name":"monitoring script"})", &agent);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string token(bj::parse(created.body).at("token").as_string());
  const int64_t id = bj::parse(created.body).at("id").as_int64();
  EXPECT_TRUE(token.starts_with("farol_"));
  auto bearer = app.Call("GET", "/api/v1/tickets", "", nullptr, {{"authorization", "Bearer " + token}});
  EXPECT_EQ(bearer.status, 200);
  // Writes with a Bearer token need no CSRF token (there is no cookie to ride on).
  auto write = app.Call("PATCH", "/api/v1/auth/profile", R"({"locale":"pt-BR"})", nullptr, {{"authorization", "Bearer " + token}});
  EXPECT_EQ(write.status, 200) << write.body;
  auto list = app.Call("GET", "/api/v1/auth/tokens", "", &agent);
  EXPECT_EQ(list.body.find(token), std::string::npos) << "never shown again";
  EXPECT_NE(list.body.find(token.substr(0, 12)), std::string::npos) << "its prefix identifies it";
  // Only a keyed digest is stored.
  bool stored_clear = true;
  ASSERT_TRUE(app.store().Read([&](store::Tx& tx) -> Status {
    auto rows = tx.connectionForTest().Query("SELECT token_digest FROM api_tokens");
    if (!rows.ok()) return rows.status();
    stored_clear = rows->Text(0, 0).find(token.substr(6)) != std::string::npos || rows->Text(0, 0) == token;
    return OkStatus();
  }).ok());
  EXPECT_FALSE(stored_clear);
  // Another user cannot revoke it; its owner can.
  EXPECT_EQ(app.Call("DELETE", "/api/v1/auth/tokens/" + std::to_string(id), "", &admin).status, 404);
  EXPECT_EQ(app.Call("DELETE", "/api/v1/auth/tokens/" + std::to_string(id), "", &agent).status, 204);
  EXPECT_EQ(app.Call("GET", "/api/v1/tickets", "", nullptr, {{"authorization", "Bearer " + token}}).status, 401);
  EXPECT_EQ(app.Call("GET", "/api/v1/tickets", "", nullptr, {{"authorization", "Bearer farol_forged"}}).status, 401);
  // Expired tokens stop working at their expiry.
  auto short_lived = app.Call("POST", "/api/v1/auth/tokens", R"({"name":"temp","expires_at":"2026-03-02T13:00:00Z"})", &agent);
  ASSERT_EQ(short_lived.status, 201);
  const std::string temp(bj::parse(short_lived.body).at("token").as_string());
  EXPECT_EQ(app.Call("GET", "/api/v1/tickets", "", nullptr, {{"authorization", "Bearer " + temp}}).status, 200);
  app.clock().Advance(hours(1));
  EXPECT_EQ(app.Call("GET", "/api/v1/tickets", "", nullptr, {{"authorization", "Bearer " + temp}}).status, 401);
}

TEST_F(AuthApiTest, PasswordsAreArgon2idHashes) {
  std::string hash;
  ASSERT_TRUE(app.store().Read([&](store::Tx& tx) -> Status {
    auto rows = tx.connectionForTest().Query("SELECT password_hash FROM users WHERE email = 'ana@farol.test'");
    if (!rows.ok()) return rows.status();
    hash = rows->Text(0, 0);
    return OkStatus();
  }).ok());
  EXPECT_TRUE(hash.starts_with("$argon2id$")) << hash;
  EXPECT_EQ(hash.find(kTestPassword), std::string::npos);
}

TEST_F(AuthApiTest, DeactivationEndsAccessAtOnce) {
  auto [cookie, csrf] = SignIn("ana@farol.test");
  auto token = app.Call("POST", "/api/v1/auth/tokens", R"({"name":"t"})", &agent);
  const std::string bearer = "Bearer " + std::string(bj::parse(token.body).at("token").as_string());
  ASSERT_EQ(app.Call("PATCH", "/api/v1/users/" + std::to_string(agent.actor.id), R"({"active":false})", &admin).status, 200);
  EXPECT_EQ(WithCookie("GET", "/api/v1/auth/session", cookie).status, 401);
  EXPECT_EQ(app.Call("GET", "/api/v1/tickets", "", nullptr, {{"authorization", bearer}}).status, 401);
  EXPECT_EQ(Login("ana@farol.test", kTestPassword).status, 401);
  // The same for a contact whose portal access is withdrawn.
  auto [ccookie, ccsrf] = SignIn("carla@acme.test");
  ASSERT_EQ(app.Call("PATCH", "/api/v1/contacts/" + std::to_string(contact.actor.id), R"({"portal_user":false})", &admin).status,
            200);
  EXPECT_EQ(WithCookie("GET", "/api/v1/auth/session", ccookie).status, 401);
  EXPECT_EQ(Login("carla@acme.test", kTestPassword).status, 401);
  // Admins cannot lock themselves out by accident.
  EXPECT_EQ(app.Call("PATCH", "/api/v1/users/" + std::to_string(admin.actor.id), R"({"active":false})", &admin).status, 409);
}

TEST_F(AuthApiTest, ProfileLanguageIsRememberedPerPerson) {
  auto [cookie, csrf] = SignIn("carla@acme.test");
  auto r = WithCookie("PATCH", "/api/v1/auth/profile", cookie, csrf, R"({"locale":"pt-BR"})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto [again, x] = SignIn("carla@acme.test");
  EXPECT_EQ(bj::parse(WithCookie("GET", "/api/v1/auth/session", again).body).at("locale").as_string(), "pt-BR");
  EXPECT_EQ(WithCookie("PATCH", "/api/v1/auth/profile", cookie, csrf, R"({"locale":"fr"})").status, 400);
  EXPECT_EQ(WithCookie("PATCH", "/api/v1/auth/profile", cookie, csrf, R"({"time_zone":"Mars/Olympus"})").status, 400);
}

}  // namespace
}  // namespace farol::testing

namespace farol::testing {
namespace {

// Verified credentials are cached for a second (app/auth_cache.h). Changes made through this
// process apply at once; a change made behind its back (another process) within that second.
TEST_F(AuthApiTest, CachedCredentialsNeverOutliveChangesToAccess) {
  auto manager = app.Staff("marcos@farol.test", domain::Role::kManager);
  auto token = app.Call("POST", "/api/v1/auth/tokens", R"({"name":"t"})", &manager);
  const std::vector<std::pair<std::string, std::string>> bearer = {
      {"authorization", "Bearer " + std::string(bj::parse(token.body).at("token").as_string())}};
  EXPECT_EQ(app.Call("POST", "/api/v1/teams", R"({"name":"NOC"})", nullptr, bearer).status, 201);  // now cached
  ASSERT_EQ(app.Call("PATCH", "/api/v1/users/" + std::to_string(manager.actor.id), R"({"role":"agent"})", &admin).status, 200);
  EXPECT_EQ(app.Call("POST", "/api/v1/teams", R"({"name":"NOC 2"})", nullptr, bearer).status, 403)
      << "a demotion applies to the very next request";

  // Behind the process's back: revoke the token in the database directly, as another farol
  // process sharing the database would.
  auto other = app.Call("POST", "/api/v1/auth/tokens", R"({"name":"u"})", &agent);
  const std::vector<std::pair<std::string, std::string>> agent_bearer = {
      {"authorization", "Bearer " + std::string(bj::parse(other.body).at("token").as_string())}};
  ASSERT_EQ(app.Call("GET", "/api/v1/tickets", "", nullptr, agent_bearer).status, 200);
  ASSERT_TRUE(app.store().Write([](store::Tx& tx) {
    return tx.connectionForTest().Query("UPDATE api_tokens SET revoked_at = 1").status();
  }).ok());
  EXPECT_EQ(app.Call("GET", "/api/v1/tickets", "", nullptr, agent_bearer).status, 200) << "still within the second";
  app.clock().Advance(std::chrono::seconds(1));
  EXPECT_EQ(app.Call("GET", "/api/v1/tickets", "", nullptr, agent_bearer).status, 401) << "one second later it is over";
}

}  // namespace
}  // namespace farol::testing
