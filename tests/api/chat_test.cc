// Live chat through the API, on SQLite and on PostgreSQL: a portal contact or a web-site visitor
// (through a widget's public key) talks with an agent; agents set their presence and pick chats
// up; nobody available, or nobody picking up in time, tells the contact in their language and
// leaves an ordinary ticket; replies are e-mailed only once the chat is over; a visitor's token
// opens their one chat and nothing else.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "testing/test_env.h"

namespace farol::testing::chat {
namespace {

namespace bj = boost::json;

std::string S(int64_t v) { return std::to_string(v); }

app::AppConfig MailOn() {
  app::AppConfig c;
  c.mail_out.enabled = true;
  c.mail_out.from = {"Farol Support", "suporte@farol.test"};
  c.mail_out.public_url = "https://desk.farol.test";
  return c;  // pick-up timeout: the default 3 minutes; presence lapses after 2
}

bj::value J(const http::HttpResponse& r) { return bj::parse(r.body); }

class ChatTest : public ::testing::TestWithParam<std::string> {
 protected:
  ChatTest() : app(GetParam(), MailOn()) {}

  void SetUp() override {
    if (!app.ok()) GTEST_SKIP() << "no " << GetParam() << " server here";
    admin = app.Staff("root@farol.test", domain::Role::kAdmin, 3, {});
    ana = app.Staff("ana@farol.test", domain::Role::kAgent, 1, {});
    bruno = app.Staff("bruno@farol.test", domain::Role::kAgent, 1, {});
    banco = app.Organisation("Banco Horizonte", 12000);
    other = app.Organisation("Loja Vento", 40);
    carla = app.Contact(banco, "carla@bancohorizonte.com.br");
    diego = app.Contact(other, "diego@lojavento.com.br");
  }

  http::HttpResponse Call(const std::string& method, const std::string& target, const std::string& body,
                          const app::Authenticated& as) {
    return app.Call(method, target, body, &as);
  }
  void Available(const app::Authenticated& agent, const std::string& status = "available") {
    auto r = Call("PUT", "/api/v1/me/presence", R"({"status":")" + status + R"("})", agent);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  // A portal chat started by `who`; returns the chat object.
  bj::object Start(const app::Authenticated& who, const std::string& message) {
    auto r = Call("POST", "/api/v1/chats", bj::serialize(bj::object{{"message", message}}), who);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? J(r).at("chat").as_object() : bj::object{};
  }
  std::string State(int64_t id) {
    auto r = Call("GET", "/api/v1/chats/" + S(id), "", admin);
    return r.status == 200 ? std::string(J(r).at("chat").at("state").as_string()) : "http " + S(r.status);
  }
  // The conversation as `who` sees it: "author: body" per line.
  std::vector<std::string> Lines(int64_t id, const app::Authenticated& who) {
    auto r = Call("GET", "/api/v1/chats/" + S(id), "", who);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    if (r.status != 200) return out;
    const bj::value v = J(r);
    for (const auto& m : v.at("messages").as_array()) {
      out.push_back(std::string(m.at("author").as_string()) + ": " + std::string(m.at("body").as_string()));
    }
    return out;
  }
  int Missed() {
    auto n = app.app().chats().MissOverdue();
    EXPECT_TRUE(n.ok()) << n.status().message();
    return n.ok() ? *n : -1;
  }
  int64_t Count(const std::string& sql) {
    int64_t n = -1;
    EXPECT_TRUE(app.store().Read([&](store::Tx& tx) -> Status {
      FAROL_ASSIGN_OR_RETURN(n, tx.connectionForTest().QueryInt(sql));
      return OkStatus();
    }).ok());
    return n;
  }
  // A widget for Banco Horizonte; returns its key.
  std::string Widget(int rate = 30) {
    auto r = Call("POST", "/api/v1/chat/widgets",
                  R"({"name":"Site","organisation_id":)" + S(banco) + R"(,"rate_per_minute":)" + S(rate) + "}", admin);
    EXPECT_EQ(r.status, 201) << r.body;
    widget_id = r.status == 201 ? J(r).at("id").as_int64() : 0;
    return r.status == 201 ? std::string(J(r).at("key").as_string()) : "";
  }
  http::HttpResponse Visit(const std::string& method, int64_t id, const std::string& path, const std::string& token,
                           const std::string& body = "") {
    return app.Call(method, "/api/v1/visitor/chats/" + S(id) + path, body, nullptr, {{"x-chat-token", token}});
  }

  TestApp app;
  app::Authenticated admin, ana, bruno, carla, diego;
  int64_t banco = 0, other = 0, widget_id = 0;
};

TEST_P(ChatTest, ACustomerAndAnAgentTalkAndRepliesAreMailedOnlyAfterTheChat) {
  Available(ana);
  Available(bruno);
  const bj::object chat = Start(carla, "O boleto de novembro não abre\nJá tentei duas vezes.");
  const int64_t id = chat.at("ticket_id").as_int64();
  EXPECT_EQ(chat.at("state").as_string(), "waiting");
  EXPECT_EQ(chat.at("subject").as_string(), "Chat: O boleto de novembro não abre");

  // The chat is a ticket on the chat channel, for the contact's organisation.
  auto t = J(Call("GET", "/api/v1/tickets/" + S(id), "", admin));
  EXPECT_EQ(t.at("channel").as_string(), "chat");
  EXPECT_EQ(t.at("organisation_id").as_int64(), banco);

  auto waiting = J(Call("GET", "/api/v1/chats?state=waiting", "", ana)).at("items").as_array();
  ASSERT_EQ(waiting.size(), 1u);
  EXPECT_EQ(waiting[0].at("requester_name").as_string(), carla.actor.name);

  auto picked = Call("POST", "/api/v1/chats/" + S(id) + "/pickup", "", ana);
  ASSERT_EQ(picked.status, 200) << picked.body;
  EXPECT_EQ(J(picked).at("state").as_string(), "active");
  EXPECT_EQ(J(picked).at("agent_name").as_string(), ana.actor.name);
  EXPECT_EQ(J(Call("GET", "/api/v1/tickets/" + S(id), "", admin)).at("assignee_id").as_int64(), ana.actor.id);
  // Bruno is too late; Ana picking up again changes nothing.
  auto late = Call("POST", "/api/v1/chats/" + S(id) + "/pickup", "", bruno);
  EXPECT_EQ(late.status, 409) << late.body;
  EXPECT_NE(late.body.find("already picked up this chat"), std::string::npos) << late.body;
  EXPECT_EQ(Call("POST", "/api/v1/chats/" + S(id) + "/pickup", "", ana).status, 200);

  EXPECT_EQ(Call("POST", "/api/v1/chats/" + S(id) + "/messages", R"({"body":"Olá Carla, vou gerar outro."})", ana).status, 201);
  EXPECT_EQ(Call("POST", "/api/v1/chats/" + S(id) + "/messages", R"({"body":"Obrigada!"})", carla).status, 201);
  const std::vector<std::string> expected = {"customer: O boleto de novembro não abre\nJá tentei duas vezes.",
                                             "agent: Olá Carla, vou gerar outro.", "customer: Obrigada!"};
  EXPECT_EQ(Lines(id, carla), expected);
  EXPECT_EQ(Lines(id, ana), expected);
  // The agent's line was read live: no e-mail.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM deliveries"), 0);
  // The first response of the ticket is the agent's first line.
  EXPECT_FALSE(J(Call("GET", "/api/v1/tickets/" + S(id), "", admin)).at("first_response_at").is_null());

  auto ended = Call("POST", "/api/v1/chats/" + S(id) + "/end", "", carla);
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(J(ended).at("state").as_string(), "ended");
  EXPECT_FALSE(J(ended).at("ended_at").is_null());
  EXPECT_EQ(Call("POST", "/api/v1/chats/" + S(id) + "/end", "", ana).status, 200);  // already over: no change
  // After the chat the ticket goes on by e-mail, like any other.
  EXPECT_EQ(Call("POST", "/api/v1/chats/" + S(id) + "/messages", R"({"body":"Segue o novo boleto."})", ana).status, 201);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM deliveries"), 1);
}

TEST_P(ChatTest, WithNobodyAvailableTheCustomerIsToldAtOnceAndTheTicketStays) {
  Available(ana, "away");
  const bj::object chat = Start(carla, "Is anyone there?");
  const int64_t id = chat.at("ticket_id").as_int64();
  EXPECT_EQ(chat.at("state").as_string(), "missed");
  const auto lines = Lines(id, carla);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1], "system: No agent is available right now. Your message is kept as ticket #" + S(id) +
                          ": we will answer here and by e-mail as soon as we can.");
  // An ordinary ticket now: an agent's reply is e-mailed.
  EXPECT_EQ(Call("POST", "/api/v1/tickets/" + S(id) + "/replies", R"({"body":"Yes, here."})", ana).status, 201);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM deliveries"), 1);
  EXPECT_EQ(Call("POST", "/api/v1/chats/" + S(id) + "/pickup", "", ana).status, 409);
}

TEST_P(ChatTest, AChatNobodyPicksUpIsMissedAfterThreeMinutesOnce) {
  Available(ana);
  const int64_t id = Start(carla, "Hello").at("ticket_id").as_int64();
  app.clock().Advance(std::chrono::seconds(179));
  EXPECT_EQ(Missed(), 0);
  EXPECT_EQ(State(id), "waiting");
  app.clock().Advance(std::chrono::seconds(1));
  EXPECT_EQ(Missed(), 1);
  EXPECT_EQ(State(id), "missed");
  EXPECT_EQ(Missed(), 0);
  const auto lines = Lines(id, carla);
  ASSERT_EQ(lines.size(), 2u);  // told once
  EXPECT_EQ(lines[1].rfind("system: No agent could take this chat in time. Your message is kept as ticket #" + S(id), 0), 0u)
      << lines[1];
  // The customer can still write on the ticket.
  EXPECT_EQ(Call("POST", "/api/v1/chats/" + S(id) + "/messages", R"({"body":"ok"})", carla).status, 201);
}

TEST_P(ChatTest, AnAgentsFirstReplyPicksUpAWaitingChat) {
  Available(bruno);
  const int64_t id = Start(carla, "Hello").at("ticket_id").as_int64();
  EXPECT_EQ(Call("POST", "/api/v1/tickets/" + S(id) + "/replies", R"({"body":"Hi Carla"})", bruno).status, 201);
  auto r = J(Call("GET", "/api/v1/chats/" + S(id), "", carla));
  EXPECT_EQ(r.at("chat").at("state").as_string(), "active");
  EXPECT_EQ(r.at("chat").at("agent_name").as_string(), bruno.actor.name);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM deliveries"), 0);
}

TEST_P(ChatTest, PresenceLapsesWithoutAHeartbeat) {
  Available(ana);
  auto list = J(Call("GET", "/api/v1/chat/presence", "", bruno)).at("items").as_array();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].at("status").as_string(), "available");
  app.clock().Advance(std::chrono::seconds(121));
  list = J(Call("GET", "/api/v1/chat/presence", "", bruno)).at("items").as_array();
  EXPECT_EQ(list[0].at("status").as_string(), "offline");
  EXPECT_EQ(Start(carla, "anyone?").at("state").as_string(), "missed");
  Available(ana);  // the app's heartbeat
  EXPECT_EQ(Start(carla, "now?").at("state").as_string(), "waiting");
  EXPECT_EQ(Call("PUT", "/api/v1/me/presence", R"({"status":"busy"})", ana).status, 400);
  EXPECT_EQ(Call("PUT", "/api/v1/me/presence", R"({"status":"available"})", carla).status, 403);
}

TEST_P(ChatTest, AVisitorChatsThroughTheWidgetWithATokenForTheirChatOnly) {
  const std::string key = Widget();
  ASSERT_TRUE(key.starts_with("fwid_"));
  auto info = app.Call("GET", "/api/v1/chat-widgets/" + key);
  ASSERT_EQ(info.status, 200) << info.body;
  EXPECT_EQ(J(info).at("organisation_name").as_string(), "Banco Horizonte");
  EXPECT_FALSE(J(info).at("agents_available").as_bool());
  Available(ana);
  EXPECT_TRUE(J(app.Call("GET", "/api/v1/chat-widgets/" + key)).at("agents_available").as_bool());

  auto start = [&](const std::string& email, const std::string& message, const std::string& locale = "pt-BR") {
    return app.Call("POST", "/api/v1/chat-widgets/" + key + "/chats",
                    bj::serialize(bj::object{{"name", "Eva Lima"}, {"email", email}, {"message", message}, {"locale", locale}}));
  };
  auto r = start("Eva@BancoHorizonte.com.br", "Preciso de ajuda");
  ASSERT_EQ(r.status, 201) << r.body;
  const int64_t id = J(r).at("chat").at("ticket_id").as_int64();
  const std::string token(J(r).at("token").as_string());
  EXPECT_TRUE(J(r).at("chat").at("from_widget").as_bool());
  // The visitor became a contact of the widget's organisation (not a portal user).
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contacts WHERE email = 'eva@bancohorizonte.com.br' AND organisation_id = " +
                  S(banco) + " AND portal_user = 0 AND locale = 'pt-BR'"),
            1);

  auto seen = Visit("GET", id, "", token);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(J(seen).at("messages").as_array().size(), 1u);
  ASSERT_EQ(Call("POST", "/api/v1/chats/" + S(id) + "/pickup", "", ana).status, 200);
  EXPECT_EQ(Call("POST", "/api/v1/chats/" + S(id) + "/messages", R"({"body":"Claro, Eva."})", ana).status, 201);
  EXPECT_EQ(Visit("POST", id, "/messages", token, R"({"body":"Obrigada"})").status, 201);
  auto now = J(Visit("GET", id, "", token));
  EXPECT_EQ(now.at("chat").at("state").as_string(), "active");
  EXPECT_EQ(now.at("messages").as_array().size(), 3u);
  EXPECT_EQ(now.at("messages").at(1).at("author_name").as_string(), ana.actor.name);

  // Another visitor's token opens only their own chat.
  auto r2 = start("joao@bancohorizonte.com.br", "Oi");
  ASSERT_EQ(r2.status, 201);
  const int64_t id2 = J(r2).at("chat").at("ticket_id").as_int64();
  const std::string token2(J(r2).at("token").as_string());
  EXPECT_EQ(Visit("GET", id, "", token2).status, 401);
  EXPECT_EQ(Visit("POST", id, "/messages", token2, R"({"body":"x"})").status, 401);
  EXPECT_EQ(Visit("GET", id2, "", token).status, 401);
  EXPECT_EQ(Visit("GET", id, "", "fchat_wrong").status, 401);
  EXPECT_EQ(Visit("GET", id, "", "").status, 401);
  EXPECT_EQ(app.Call("GET", "/api/v1/visitor/chats/" + S(id)).status, 401);  // no token at all
  EXPECT_EQ(app.Call("GET", "/api/v1/tickets/" + S(id), "", nullptr, {{"x-chat-token", token}}).status, 401);
  // Still 3 lines: the refused ones changed nothing.
  EXPECT_EQ(J(Visit("GET", id, "", token)).at("messages").as_array().size(), 3u);

  EXPECT_EQ(Visit("POST", id, "/end", token).status, 200);
  EXPECT_EQ(State(id), "ended");

  // An address of another organisation's contact cannot chat as them here.
  auto foreign = start("diego@lojavento.com.br", "hi");
  EXPECT_EQ(foreign.status, 400) << foreign.body;
  // Revoked, the key stops at once.
  ASSERT_EQ(Call("POST", "/api/v1/chat/widgets/" + S(widget_id) + "/revoke", "", admin).status, 204);
  EXPECT_EQ(start("eva@bancohorizonte.com.br", "again").status, 401);
  EXPECT_EQ(app.Call("GET", "/api/v1/chat-widgets/" + key).status, 401);
  EXPECT_EQ(app.Call("GET", "/api/v1/chat-widgets/fwid_nothing").status, 401);
}

TEST_P(ChatTest, TheWidgetIsRateLimitedAndTheNoticeSpeaksTheVisitorsLanguage) {
  const std::string key = Widget(2);
  auto start = [&](const std::string& email) {
    return app.Call("POST", "/api/v1/chat-widgets/" + key + "/chats",
                    R"({"name":"Eva","email":")" + email + R"(","message":"Oi","locale":"pt-BR"})");
  };
  auto a = start("a@bancohorizonte.com.br");
  ASSERT_EQ(a.status, 201) << a.body;
  EXPECT_EQ(J(a).at("chat").at("state").as_string(), "missed");  // nobody available
  const int64_t id = J(a).at("chat").at("ticket_id").as_int64();
  auto lines = J(Visit("GET", id, "", std::string(J(a).at("token").as_string()))).at("messages").as_array();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1].at("body").as_string(),
            "Nenhum atendente está disponível agora. A sua mensagem ficou registrada no chamado #" + S(id) +
                ": responderemos aqui e por e-mail assim que possível.");
  EXPECT_EQ(start("b@bancohorizonte.com.br").status, 201);
  auto third = start("c@bancohorizonte.com.br");
  EXPECT_EQ(third.status, 429) << third.body;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM chats"), 2);
  app.clock().Advance(std::chrono::seconds(30));
  EXPECT_EQ(start("c@bancohorizonte.com.br").status, 201);
}

TEST_P(ChatTest, BadRequestsGetClearErrorsAndChangeNothing) {
  const std::string key = Widget();
  Available(ana);
  auto post = [&](const std::string& body) { return app.Call("POST", "/api/v1/chat-widgets/" + key + "/chats", body); };
  EXPECT_EQ(post("not json").status, 400);
  EXPECT_EQ(post(R"({"name":"Eva","email":"eva@bancohorizonte.com.br","message":""})").status, 400);
  EXPECT_EQ(post(R"({"name":"","email":"eva@bancohorizonte.com.br","message":"x"})").status, 400);
  auto bad_email = post(R"({"name":"Eva","email":"eva","message":"x"})");
  EXPECT_EQ(bad_email.status, 400);
  EXPECT_NE(bad_email.body.find("give an e-mail address"), std::string::npos) << bad_email.body;
  EXPECT_EQ(post(R"({"name":"Eva","email":"eva@bancohorizonte.com.br","message":"x","locale":"fr"})").status, 400);
  EXPECT_EQ(post(R"({"name":"Eva","email":"eva@bancohorizonte.com.br","message":"x","extra":1})").status, 400);
  EXPECT_EQ(post(R"({"name":"Eva","email":"eva@bancohorizonte.com.br","message":7})").status, 400);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM chats"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contacts WHERE email = 'eva@bancohorizonte.com.br'"), 0);

  EXPECT_EQ(Call("POST", "/api/v1/chats", R"({"message":""})", carla).status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/chats", R"({"message":"hi"})", ana).status, 403);  // agents do not start chats
  const int64_t id = Start(carla, "hello").at("ticket_id").as_int64();
  EXPECT_EQ(Call("GET", "/api/v1/chats/" + S(id), "", diego).status, 404);  // another customer's chat
  EXPECT_EQ(Call("POST", "/api/v1/chats/" + S(id) + "/messages", R"({"body":"x"})", diego).status, 404);
  EXPECT_EQ(Call("POST", "/api/v1/chats/" + S(id) + "/end", "", diego).status, 404);
  EXPECT_EQ(Call("POST", "/api/v1/chats/" + S(id) + "/pickup", "", carla).status, 403);
  EXPECT_EQ(Call("GET", "/api/v1/chats", "", carla).status, 403);
  EXPECT_EQ(Call("GET", "/api/v1/chats?state=lost", "", ana).status, 400);
  EXPECT_EQ(Call("GET", "/api/v1/chats/999999", "", ana).status, 404);
  EXPECT_EQ(Call("POST", "/api/v1/chats/" + S(id) + "/messages", R"({"body":""})", carla).status, 400);
  EXPECT_EQ(Lines(id, carla).size(), 1u);
  // A ticket that is not a chat is not one.
  auto plain = Call("POST", "/api/v1/tickets", R"({"subject":"s","description":"d","type":"incident","organisation_id":)" + S(banco) + "}", admin);
  ASSERT_EQ(plain.status, 201) << plain.body;
  EXPECT_EQ(Call("GET", "/api/v1/chats/" + S(J(plain).at("id").as_int64()), "", admin).status, 404);
  // Widgets are the admins' to make.
  EXPECT_EQ(Call("POST", "/api/v1/chat/widgets", R"({"name":"x","organisation_id":)" + S(banco) + "}", ana).status, 403);
  EXPECT_EQ(Call("POST", "/api/v1/chat/widgets", R"({"name":"x","organisation_id":999999})", admin).status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/chat/widgets", R"({"name":"x","organisation_id":)" + S(banco) + R"(,"rate_per_minute":0})", admin).status, 400);
  auto edited = Call("PATCH", "/api/v1/chat/widgets/" + S(widget_id), R"({"name":"Site novo","rate_per_minute":5})", admin);
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(J(edited).at("name").as_string(), "Site novo");
  EXPECT_EQ(J(edited).at("key").as_string(), key);  // the key stays
}

TEST_P(ChatTest, AChatTakesAtMostSixtyLinesAMinute) {
  Available(ana);
  const int64_t id = Start(carla, "hello").at("ticket_id").as_int64();
  int accepted = 0, refused = 0;
  for (int i = 0; i < 61; ++i) {
    const int s = Call("POST", "/api/v1/chats/" + S(id) + "/messages", R"({"body":"line )" + S(i) + R"("})", carla).status;
    if (s == 201) ++accepted;
    if (s == 429) ++refused;
  }
  EXPECT_EQ(accepted, 60);
  EXPECT_EQ(refused, 1);
  EXPECT_EQ(Lines(id, carla).size(), 61u);
}

INSTANTIATE_TEST_SUITE_P(Backends, ChatTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace farol::testing::chat
