// The ticket API as a user meets it, in-process on a real SQLite file with a fake clock.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>

#include "testing/test_env.h"

namespace farol::testing {
namespace {

namespace bj = boost::json;
using std::chrono::minutes;

bj::value J(const http::HttpResponse& r) { return bj::parse(r.body); }
std::string S(const bj::value& v, std::string_view key) {
  const auto& x = v.at(key);
  return x.is_string() ? std::string(x.as_string()) : bj::serialize(x);
}

class TicketsApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    org = app.Organisation("Banco Horizonte", 12000);
    other_org = app.Organisation("Padaria", 20);
    n1 = app.Team("N1");
    n2 = app.Team("N2");
    agent = app.Staff("ana@farol.test", domain::Role::kAgent, 1, {n1});
    engineer = app.Staff("bruno@farol.test", domain::Role::kAgent, 2, {n2});
    customer = app.Contact(org, "carla@horizonte.test");
  }

  http::HttpResponse Post(const std::string& target, const std::string& body, const app::Authenticated& as,
                          std::vector<std::pair<std::string, std::string>> headers = {}) {
    return app.Call("POST", target, body, &as, headers);
  }
  http::HttpResponse Patch(const std::string& target, const std::string& body, const app::Authenticated& as,
                           std::vector<std::pair<std::string, std::string>> headers = {}) {
    return app.Call("PATCH", target, body, &as, headers);
  }
  http::HttpResponse Get(const std::string& target, const app::Authenticated& as) {
    return app.Call("GET", target, "", &as);
  }
  int64_t NewTicket(const std::string& extra = "", const app::Authenticated* as = nullptr) {
    auto r = Post("/api/v1/tickets",
                  R"({"organisation_id":)" + std::to_string(org) + R"(,"subject":"VPN down")" + extra + "}",
                  as ? *as : agent);
    EXPECT_EQ(r.status, 201) << r.body;
    return J(r).at("id").as_int64();
  }
  int64_t CountTickets() {
    auto sys = app.System();
    return J(app.Call("GET", "/api/v1/tickets/counts", "", &sys)).at("total").as_int64();
  }
  std::string T(int64_t id, const std::string& suffix = "") { return "/api/v1/tickets/" + std::to_string(id) + suffix; }

  TestApp app;
  int64_t org = 0, other_org = 0, n1 = 0, n2 = 0;
  app::Authenticated agent, engineer, customer;
};

TEST_F(TicketsApiTest, WholeLifeCycleWithExactTimestamps) {
  // The customer opens a ticket in the portal at 12:00.
  auto created = Post("/api/v1/tickets", R"({"subject":"Link down at HQ","description":"No internet","urgency":"high"})",
                      customer);
  ASSERT_EQ(created.status, 201) << created.body;
  bj::value t = J(created);
  const int64_t id = t.at("id").as_int64();
  EXPECT_EQ(id, 1001);
  EXPECT_EQ(S(t, "status"), "new");
  EXPECT_EQ(S(t, "channel"), "portal");
  EXPECT_EQ(S(t, "priority"), "P2");  // medium impact x high urgency
  EXPECT_EQ(t.at("requester_id").as_int64(), customer.actor.id);
  EXPECT_EQ(S(t, "created_at"), "2026-03-02T12:00:00Z");
  EXPECT_EQ(*created.Header("Location"), "/api/v1/tickets/1001");

  // 12:07 the agent takes it for N1.
  app.clock().Advance(minutes(7));
  auto assigned = Patch(T(id), R"({"team_id":)" + std::to_string(n1) + R"(,"assignee_id":)" +
                                   std::to_string(agent.actor.id) + "}",
                        agent);
  ASSERT_EQ(assigned.status, 200) << assigned.body;
  EXPECT_EQ(S(J(assigned), "assignee_name"), "ana");
  // 12:15 first public reply, asking for information (new -> pending_customer in one step).
  app.clock().Advance(minutes(8));
  auto replied = Post(T(id, "/replies"), R"({"body":"Which site?","status":"pending_customer"})", agent);
  ASSERT_EQ(replied.status, 201) << replied.body;
  EXPECT_EQ(S(J(replied), "status"), "pending_customer");
  EXPECT_EQ(S(J(replied), "first_response_at"), "2026-03-02T12:15:00Z");
  // 13:00 the customer answers: back to open by itself.
  app.clock().Advance(minutes(45));
  auto answer = Post(T(id, "/replies"), R"({"body":"Matriz, 3rd floor"})", customer);
  ASSERT_EQ(answer.status, 201);
  EXPECT_EQ(S(J(answer), "status"), "open");
  // 13:30 internal note, then resolved.
  app.clock().Advance(minutes(30));
  ASSERT_EQ(Post(T(id, "/notes"), R"({"body":"carrier ticket 4411"})", agent).status, 201);
  auto resolved = Patch(T(id), R"({"status":"resolved"})", agent);
  ASSERT_EQ(resolved.status, 200);
  EXPECT_EQ(S(J(resolved), "resolved_at"), "2026-03-02T13:30:00Z");
  EXPECT_TRUE(J(resolved).at("first_contact_resolution").as_bool());
  // The customer rates it.
  app.clock().Advance(minutes(10));
  auto rated = Post(T(id, "/rating"), R"({"stars":5,"comment":"fast!"})", customer);
  ASSERT_EQ(rated.status, 200) << rated.body;
  EXPECT_EQ(J(rated).at("rating").at("stars").as_int64(), 5);

  // The staff timeline has every step, to the second; the customer's has only the public ones.
  auto events = J(Get(T(id, "/events"), agent)).at("items").as_array();
  std::vector<std::string> seen;
  for (const auto& e : events) seen.push_back(S(e, "type") + "@" + S(e, "at").substr(11, 5));
  EXPECT_EQ(seen, (std::vector<std::string>{"created@12:00", "team_changed@12:07", "assigned@12:07",
                                            "public_reply@12:15", "status_changed@12:15",
                                            "public_reply@13:00", "status_changed@13:00", "internal_note@13:30",
                                            "status_changed@13:30", "rated@13:40"}));
  auto public_events = J(Get(T(id, "/events"), customer)).at("items").as_array();
  for (const auto& e : public_events) EXPECT_FALSE(e.at("internal").as_bool());
  EXPECT_EQ(public_events.size(), 7u);
  EXPECT_EQ(S(events[3].at("author"), "name"), "ana");

  // Closed is final.
  ASSERT_EQ(Patch(T(id), R"({"status":"closed"})", agent).status, 200);
  auto reopen = Patch(T(id), R"({"status":"open"})", agent);
  EXPECT_EQ(reopen.status, 409);
  EXPECT_NE(reopen.body.find("can no longer change"), std::string::npos);
}

TEST_F(TicketsApiTest, EscalationToTheNextTierHandsOverToTheTeam) {
  const int64_t id = NewTicket(R"(,"team_id":)" + std::to_string(n1) + R"(,"assignee_id":)" + std::to_string(agent.actor.id));
  auto up = Post(T(id, "/escalate"), R"({"reason":"BGP analysis","team_id":)" + std::to_string(n2) + "}", agent);
  ASSERT_EQ(up.status, 200) << up.body;
  const bj::value t = J(up);
  EXPECT_EQ(S(t, "tier"), "N2");
  EXPECT_EQ(S(t, "team_name"), "N2");
  EXPECT_TRUE(t.at("assignee_id").is_null()) << "the new team picks it up";
  EXPECT_EQ(t.at("escalation_count").as_int64(), 1);
  ASSERT_EQ(Post(T(id, "/escalate"), "", agent).status, 200);
  auto beyond = Post(T(id, "/escalate"), "", agent);
  EXPECT_EQ(beyond.status, 409);
  EXPECT_NE(beyond.body.find("N3"), std::string::npos);
}

TEST_F(TicketsApiTest, RetriedCreateWithAnIdempotencyKeyNeverDuplicates) {
  const std::string body = R"({"organisation_id":)" + std::to_string(org) + R"(,"subject":"once only"})";
  auto first = Post("/api/v1/tickets", body, agent, {{"idempotency-key", "abc-123"}});
  ASSERT_EQ(first.status, 201);
  auto retry = Post("/api/v1/tickets", body, agent, {{"idempotency-key", "abc-123"}});
  EXPECT_EQ(retry.status, 200);
  EXPECT_EQ(*retry.Header("Idempotent-Replayed"), "true");
  EXPECT_EQ(J(retry).at("id"), J(first).at("id"));
  EXPECT_EQ(CountTickets(), 1);
  auto different = Post("/api/v1/tickets", R"({"organisation_id":)" + std::to_string(org) + R"(,"subject":"other"})",
                        agent, {{"idempotency-key", "abc-123"}});
  EXPECT_EQ(different.status, 400);
  EXPECT_NE(different.body.find("Idempotency-Key"), std::string::npos);
  // The key belongs to its caller: another user's identical key is another request.
  auto other_user = Post("/api/v1/tickets", body, engineer, {{"idempotency-key", "abc-123"}});
  EXPECT_EQ(other_user.status, 201);
  EXPECT_EQ(CountTickets(), 2);
}

TEST_F(TicketsApiTest, StaleEditsGet412AndChangeNothing) {
  const int64_t id = NewTicket();
  auto got = Get(T(id), agent);
  EXPECT_EQ(*got.Header("ETag"), "\"1\"");
  auto mine = Patch(T(id), R"({"subject":"VPN down for everyone"})", agent, {{"if-match", "\"1\""}});
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(*mine.Header("ETag"), "\"2\"");
  // A colleague who loaded version 1 tries to overwrite.
  auto theirs = Patch(T(id), R"({"subject":"stale edit"})", engineer, {{"if-match", "\"1\""}});
  EXPECT_EQ(theirs.status, 412);
  EXPECT_NE(theirs.body.find("changed by someone else"), std::string::npos);
  EXPECT_EQ(S(J(Get(T(id), agent)), "subject"), "VPN down for everyone");
  auto stale_reply = Post(T(id, "/replies"), R"({"body":"x"})", engineer, {{"if-match", "\"1\""}});
  EXPECT_EQ(stale_reply.status, 412);
  auto not_modified = app.Call("GET", T(id), "", &agent, {{"if-none-match", "\"2\""}});
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_EQ(Patch(T(id), R"({"subject":"x"})", agent, {{"if-match", "banana"}}).status, 400);
}

TEST_F(TicketsApiTest, BadInputGetsClearErrorsAndChangesNothing) {
  struct Case {
    std::string body;
    int status;
    std::string says;
  } cases[] = {
      {R"({"organisation_id":1,"subject":"x")", 400, "not valid JSON"},
      {R"([1,2,3])", 400, "must be a JSON object"},
      {"", 400, "needs a JSON object"},
      {R"({"organisation_id":")" + std::to_string(org) + R"(","subject":"x"})", 400, "organisation_id"},
      {R"({"organisation_id":1,"subject":5})", 400, "must be a string"},
      {R"({"organisation_id":1,"subject":"x","colour":"red"})", 400, "is not a known field"},
      {R"({"organisation_id":999,"subject":"x"})", 400, "no such organisation"},
      {R"({"organisation_id":1,"subject":"x","priority":"P7","priority_reason":"r"})", 400, "P1, P2, P3, P4"},
      {R"({"organisation_id":1,"subject":"x","priority":"P1"})", 400, "priority_reason"},
      {R"({"organisation_id":1,"subject":"x","status":"resolved"})", 400, "starts as new or open"},
      {R"({"organisation_id":1,"subject":"x","team_id":9999})", 400, "no such team"},
      {R"({"organisation_id":1,"subject":"x","assignee_id":-4})", 400, "positive whole number"},
      {"{\"organisation_id\":1,\"subject\":\"bad \xff\xfe utf8\"}", 400, "UTF-8"},
      {R"({"organisation_id":1,"subject":")" + std::string(300, 'a') + R"("})", 400, "at most 200"},
      {R"({"organisation_id":1,"subject":"x","tags":["ok","NOT OK"]})", 400, "tag"},
      {R"({"organisation_id":1,"subject":"x","assignee_id":)" + std::to_string(engineer.actor.id) +
           R"(,"team_id":)" + std::to_string(n1) + "}",
       400, "not a member of the ticket's team"},
  };
  for (const Case& c : cases) {
    auto r = Post("/api/v1/tickets", c.body, agent);
    EXPECT_EQ(r.status, c.status) << c.body;
    EXPECT_NE(r.body.find(c.says), std::string::npos) << c.body << " -> " << r.body;
    EXPECT_EQ(*r.Header("Content-Type"), "application/problem+json");
  }
  EXPECT_EQ(CountTickets(), 0) << "no bad request created anything";
  // Several problems are reported at once, each with its field.
  auto many = Post("/api/v1/tickets", R"({"subject":"","impact":"huge","tier":"N9"})", agent);
  ASSERT_EQ(many.status, 400);
  std::set<std::string> fields;
  const bj::value problem = J(many);
  for (const auto& e : problem.at("errors").as_array()) fields.insert(S(e, "field"));
  EXPECT_TRUE(fields.contains("impact"));
  EXPECT_TRUE(fields.contains("tier"));
  // Unknown ids in the path are plain 404s; non-numeric ones too.
  EXPECT_EQ(Get("/api/v1/tickets/424242", agent).status, 404);
  EXPECT_EQ(Get("/api/v1/tickets/abc", agent).status, 404);
  EXPECT_EQ(Get("/api/v1/tickets/1;DROP", agent).status, 404);
  // The wrong media type is refused before anything happens.
  auto text = app.Call("POST", "/api/v1/tickets", "subject=x", &agent, {{"content-type", "text/plain"}});
  EXPECT_EQ(text.status, 415);
  // Query parameters are checked as strictly as bodies.
  EXPECT_EQ(Get("/api/v1/tickets?status=opened", agent).status, 400);
  EXPECT_EQ(Get("/api/v1/tickets?limit=5000", agent).status, 400);
  EXPECT_EQ(Get("/api/v1/tickets?colour=red", agent).status, 400);
  EXPECT_EQ(Get("/api/v1/tickets?created_from=yesterday", agent).status, 400);
  EXPECT_EQ(Get("/api/v1/tickets?cursor=garbage", agent).status, 400);
}

TEST_F(TicketsApiTest, SqlMetacharactersAreJustText) {
  const std::string evil = R"(Robert'); DROP TABLE tickets;-- \" %_ *)";
  bj::object body{{"organisation_id", org}, {"subject", evil}, {"description", "1' OR '1'='1"}};
  auto r = Post("/api/v1/tickets", bj::serialize(body), agent);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(S(J(r), "subject"), evil);
  for (const std::string q : {"Robert", "DROP TABLE", "%27%20OR%20%271%27%3D%271", "%22", "*", "(", "NOT%20AND%20OR"}) {
    auto search = Get("/api/v1/tickets?q=" + q, agent);
    EXPECT_EQ(search.status, 200) << q << " " << search.body;
  }
  EXPECT_EQ(J(Get("/api/v1/tickets?q=robert", agent)).at("items").as_array().size(), 1u);
  EXPECT_EQ(CountTickets(), 1);
}

TEST_F(TicketsApiTest, FullTextSearchFindsRepliesAndFoldsAccents) {
  const int64_t a = NewTicket();
  const int64_t b = NewTicket(R"(,"description":"A conexão caiu às 10h")");
  ASSERT_EQ(Post(T(a, "/replies"), R"({"body":"Trocamos o transceptor óptico"})", agent).status, 201);
  auto ids = [&](const std::string& q) {
    std::set<int64_t> out;
    const bj::value list = J(Get("/api/v1/tickets?q=" + q, agent));
    for (const auto& t : list.at("items").as_array()) out.insert(t.at("id").as_int64());
    return out;
  };
  EXPECT_EQ(ids("transceptor"), std::set<int64_t>{a});
  EXPECT_EQ(ids("optico"), std::set<int64_t>{a}) << "accents folded";
  EXPECT_EQ(ids("conexao"), std::set<int64_t>{b});
  EXPECT_EQ(ids("conex"), std::set<int64_t>{b}) << "prefix of the last word";
  EXPECT_EQ(ids("vpn"), (std::set<int64_t>{a, b}));
  EXPECT_EQ(ids("vpn%20caiu"), std::set<int64_t>{b}) << "all words must match";
  EXPECT_EQ(ids("vpn%20transceptor"), std::set<int64_t>{a}) << "words may sit in different texts of the ticket";
}

TEST_F(TicketsApiTest, QueuesFilterSortAndPageWithoutGapsOrRepeats) {
  std::vector<int64_t> ids;
  for (int i = 0; i < 25; ++i) {
    app.clock().Advance(minutes(1));
    ids.push_back(NewTicket(i % 3 == 0 ? R"(,"impact":"high","urgency":"high","tags":["vip"])" : ""));
  }
  ASSERT_EQ(Patch(T(ids[1]), R"({"assignee_id":)" + std::to_string(agent.actor.id) + "}", agent).status, 200);
  ASSERT_EQ(Patch(T(ids[2]), R"({"status":"pending_vendor"})", agent).status, 200);
  auto count = [&](const std::string& query) {
    auto r = Get("/api/v1/tickets?total=true&" + query, agent);
    EXPECT_EQ(r.status, 200) << query << r.body;
    return J(r).at("total").as_int64();
  };
  EXPECT_EQ(count("priority=P1"), 9);
  EXPECT_EQ(count("tag=vip"), 9);
  EXPECT_EQ(count("tag=vip&priority=P1"), 9);
  EXPECT_EQ(count("assignee_id=me"), 1);
  EXPECT_EQ(count("assignee_id=none"), 24);
  EXPECT_EQ(count("status=pending_vendor,pending_customer"), 1);
  EXPECT_EQ(count("status=new&status=pending_vendor"), 25);
  EXPECT_EQ(count("organisation_id=" + std::to_string(other_org)), 0);
  EXPECT_EQ(count("created_from=2026-03-02T12:10:00Z&created_to=2026-03-02T12:20:00Z"), 10);
  auto counts = J(Get("/api/v1/tickets/counts", agent));
  EXPECT_EQ(counts.at("by_status").at("new").as_int64(), 24);
  EXPECT_EQ(counts.at("by_status").at("pending_vendor").as_int64(), 1);

  for (const std::string sort : {"number", "priority", "updated", "subject", "status"}) {
    for (const std::string order : {"asc", "desc"}) {
      std::vector<int64_t> seen;
      std::string cursor;
      int pages = 0;
      do {
        auto r = Get("/api/v1/tickets?limit=7&sort=" + sort + "&order=" + order +
                         (cursor.empty() ? "" : "&cursor=" + cursor),
                     agent);
        ASSERT_EQ(r.status, 200) << r.body;
        const bj::value page = J(r);
        for (const auto& t : page.at("items").as_array()) seen.push_back(t.at("id").as_int64());
        cursor = page.at("next_cursor").is_null() ? "" : std::string(page.at("next_cursor").as_string());
        ++pages;
      } while (!cursor.empty() && pages < 10);
      std::vector<int64_t> sorted = seen;
      std::sort(sorted.begin(), sorted.end());
      EXPECT_EQ(sorted, ids) << sort << " " << order << ": every ticket exactly once";
      EXPECT_EQ(pages, 4) << sort << " " << order;
    }
  }
  // Sorting by number really orders.
  auto asc = J(Get("/api/v1/tickets?sort=number&order=asc&limit=3", agent)).at("items").as_array();
  EXPECT_EQ(asc[0].at("id").as_int64(), ids[0]);
  EXPECT_EQ(asc[2].at("id").as_int64(), ids[2]);
}

TEST_F(TicketsApiTest, AttachmentsAreSniffedContentAddressedAndSafeToDownload) {
  const int64_t id = NewTicket(R"(,"requester_id":)" + std::to_string(customer.actor.id));
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89", 33);
  auto up = Post(T(id, "/attachments?filename=screenshot.txt"), png, customer, {{"content-type", "text/plain"}});
  ASSERT_EQ(up.status, 201) << up.body;
  EXPECT_EQ(S(J(up), "content_type"), "image/png") << "the bytes decide, not the name or the header";
  const int64_t att = J(up).at("id").as_int64();
  auto again = Post(T(id, "/attachments?filename=copy.png"), png, agent, {{"content-type", "image/png"}});
  ASSERT_EQ(again.status, 201);
  EXPECT_EQ(S(J(again), "sha256"), S(J(up), "sha256"));
  size_t files = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(app.dir().path() + "/attachments")) {
    if (e.is_regular_file()) ++files;
  }
  EXPECT_EQ(files, 1u) << "identical bytes are stored once";

  auto down = Get("/api/v1/attachments/" + std::to_string(att), customer);
  ASSERT_EQ(down.status, 200);
  EXPECT_FALSE(down.file_path.empty());
  EXPECT_EQ(*down.Header("Content-Type"), "image/png");
  EXPECT_EQ(down.Header("Content-Disposition")->rfind("attachment;", 0), 0u);
  EXPECT_NE(down.Header("Content-Security-Policy")->find("sandbox"), std::string::npos);

  auto html = Post(T(id, "/attachments?filename=page.html"), "<html><script>alert(1)</script></html>", agent,
                   {{"content-type", "text/html"}});
  ASSERT_EQ(html.status, 201);
  auto html_down = Get("/api/v1/attachments/" + std::to_string(J(html).at("id").as_int64()), agent);
  EXPECT_EQ(*html_down.Header("Content-Type"), "application/octet-stream") << "never served as a page";

  for (const std::string name : {"..", "../../etc/passwd", "a%2Fb", "dir\\file", "%00x", "", "%FF"}) {
    auto bad = Post(T(id, "/attachments?filename=" + name), "data", agent, {{"content-type", "text/plain"}});
    EXPECT_EQ(bad.status, 400) << "'" << name << "' -> " << bad.body;
  }
  auto empty = Post(T(id, "/attachments?filename=empty.txt"), "", agent, {{"content-type", "text/plain"}});
  EXPECT_EQ(empty.status, 400);
  auto list = J(Get(T(id, "/attachments"), agent)).at("items").as_array();
  EXPECT_EQ(list.size(), 3u) << "refused uploads left nothing behind";
  // Replies can reference the ticket's files.
  auto reply = Post(T(id, "/replies"), R"({"body":"see attached","attachment_ids":[)" + std::to_string(att) + "]}", agent);
  EXPECT_EQ(reply.status, 201) << reply.body;
  auto foreign = Post(T(NewTicket(), "/replies"), R"({"body":"x","attachment_ids":[)" + std::to_string(att) + "]}", agent);
  EXPECT_EQ(foreign.status, 400) << "a file of another ticket";
}

TEST_F(TicketsApiTest, LinksAndMerges) {
  const int64_t problem = NewTicket(R"(,"type":"problem")");
  const int64_t incident = NewTicket();
  auto link = Post(T(incident, "/links"), R"({"ticket_id":)" + std::to_string(problem) + R"(,"kind":"caused_by"})", agent);
  ASSERT_EQ(link.status, 201) << link.body;
  auto inverse = J(Get(T(problem, "/links"), agent)).at("items").as_array();
  ASSERT_EQ(inverse.size(), 1u);
  EXPECT_EQ(S(inverse[0], "kind"), "causes");
  EXPECT_EQ(inverse[0].at("other_id").as_int64(), incident);
  EXPECT_EQ(Post(T(incident, "/links"), R"({"ticket_id":)" + std::to_string(problem) + R"(,"kind":"caused_by"})", agent).status,
            409);
  EXPECT_EQ(Post(T(incident, "/links"), R"({"ticket_id":)" + std::to_string(incident) + R"(,"kind":"related"})", agent).status,
            409);
  EXPECT_EQ(app.Call("DELETE", T(problem, "/links/causes/" + std::to_string(incident)), "", &agent).status, 204);
  EXPECT_EQ(J(Get(T(incident, "/links"), agent)).at("items").as_array().size(), 0u);

  const int64_t dup = NewTicket();
  auto merged = Post(T(dup, "/merge"), R"({"into_id":)" + std::to_string(incident) + "}", agent);
  ASSERT_EQ(merged.status, 200) << merged.body;
  EXPECT_EQ(J(merged).at("id").as_int64(), incident);
  auto source = J(Get(T(dup), agent));
  EXPECT_EQ(S(source, "status"), "closed");
  EXPECT_EQ(source.at("merged_into").as_int64(), incident);
  auto reply = Post(T(dup, "/replies"), R"({"body":"hello"})", agent);
  EXPECT_EQ(reply.status, 409);
  EXPECT_NE(reply.body.find("merged into"), std::string::npos);
  const int64_t foreign = J(Post("/api/v1/tickets", R"({"organisation_id":)" + std::to_string(other_org) + R"(,"subject":"x"})",
                                 agent)).at("id").as_int64();
  EXPECT_EQ(Post(T(foreign, "/merge"), R"({"into_id":)" + std::to_string(incident) + "}", agent).status, 409)
      << "never across organisations";
}

TEST_F(TicketsApiTest, CustomFieldsAreTypedPerTicketType) {
  auto admin = app.Staff("root@farol.test", domain::Role::kAdmin);
  ASSERT_EQ(Post("/api/v1/custom-fields",
                 R"({"ticket_type":"incident","key":"circuit_id","label":"Circuit","type":"text","required":true})", admin)
                .status,
            201);
  ASSERT_EQ(Post("/api/v1/custom-fields", R"({"ticket_type":"incident","key":"users","label":"Users","type":"number"})", admin)
                .status,
            201);
  auto missing = Post("/api/v1/tickets", R"({"organisation_id":)" + std::to_string(org) + R"(,"subject":"x"})", agent);
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(missing.body.find("custom_fields.circuit_id"), std::string::npos);
  auto ok = Post("/api/v1/tickets", R"({"organisation_id":)" + std::to_string(org) +
                                        R"(,"subject":"x","custom_fields":{"circuit_id":"CIR-9","users":42}})",
                 agent);
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(S(J(ok).at("custom_fields"), "users"), "42");
  const int64_t id = J(ok).at("id").as_int64();
  EXPECT_EQ(Patch(T(id), R"({"custom_fields":{"users":"lots"}})", agent).status, 400);
  EXPECT_EQ(Patch(T(id), R"({"custom_fields":{"circuit_id":null}})", agent).status, 400) << "required";
  // A change request has no such required field.
  EXPECT_EQ(Post("/api/v1/tickets", R"({"organisation_id":)" + std::to_string(org) + R"(,"type":"change","subject":"x"})", agent)
                .status,
            201);
}

TEST_F(TicketsApiTest, PriorityMatrixDrivesNewTickets) {
  auto admin = app.Staff("root@farol.test", domain::Role::kAdmin);
  auto put = app.Call("PUT", "/api/v1/settings/priority-matrix",
                      R"({"impact_by_urgency":{"high":{"high":"P1","medium":"P1","low":"P2"},"medium":{"high":"P2","medium":"P2","low":"P3"},"low":{"high":"P3","medium":"P3","low":"P4"}}})",
                      &admin);
  ASSERT_EQ(put.status, 200) << put.body;
  const int64_t id = NewTicket();
  EXPECT_EQ(S(J(Get(T(id), agent)), "priority"), "P2");
  auto bad = app.Call("PUT", "/api/v1/settings/priority-matrix", R"({"impact_by_urgency":{"high":{"high":"P0"}}})", &admin);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(S(J(Get("/api/v1/settings/priority-matrix", agent)).at("impact_by_urgency").at("medium"), "medium"), "P2")
      << "the refused matrix changed nothing";
}

}  // namespace
}  // namespace farol::testing

namespace farol::testing {
namespace {

// Details found while documenting the API (each once answered differently).
TEST_F(TicketsApiTest, ProtocolDetailsBehaveAsDocumented) {
  // 405 says which methods the address accepts.
  auto wrong = app.Call("DELETE", "/api/v1/tickets", "", &agent);
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(*wrong.Header("Allow"), "GET, POST");
  EXPECT_NE(wrong.body.find("\"code\":\"method_not_allowed\""), std::string::npos);
  // If-None-Match accepts weak tags and lists.
  const int64_t id = NewTicket();
  EXPECT_EQ(app.Call("GET", T(id), "", &agent, {{"if-none-match", "W/\"1\""}}).status, 304);
  EXPECT_EQ(app.Call("GET", T(id), "", &agent, {{"if-none-match", "\"7\", \"1\""}}).status, 304);
  EXPECT_EQ(app.Call("GET", T(id), "", &agent, {{"if-none-match", "\"7\""}}).status, 200);
  // Location only where something was created.
  EXPECT_EQ(Get(T(id), agent).Header("Location"), nullptr);
  // Customers open tickets through the portal only.
  auto phone = Post("/api/v1/tickets", R"({"subject":"x","channel":"phone"})", customer);
  EXPECT_EQ(phone.status, 400);
  EXPECT_NE(phone.body.find("through the portal"), std::string::npos);
  // Paged directory lists say when there is no next page.
  auto admin = app.Staff("root@farol.test", domain::Role::kAdmin);
  for (int i = 0; i < 3; ++i) app.Organisation("Org " + std::to_string(i));
  auto page1 = J(Get("/api/v1/organisations?limit=3", admin));
  ASSERT_TRUE(page1.at("next_after").is_int64());
  auto page2 = J(Get("/api/v1/organisations?limit=3&after=" + std::to_string(page1.at("next_after").as_int64()), admin));
  EXPECT_EQ(page2.at("items").as_array().size(), 2u);
  EXPECT_TRUE(page2.at("next_after").is_null());
  EXPECT_EQ(Get("/api/v1/teams?after=1", admin).status, 400);
  EXPECT_EQ(Get("/api/v1/categories?colour=red", admin).status, 400);
  // active=false lists only deactivated ones.
  ASSERT_EQ(Patch("/api/v1/organisations/" + std::to_string(other_org), R"({"active":false})", admin).status, 200);
  auto inactive = J(Get("/api/v1/organisations?active=false", admin)).at("items").as_array();
  ASSERT_EQ(inactive.size(), 1u);
  EXPECT_EQ(inactive[0].at("id").as_int64(), other_org);
  // The priority matrix refuses members it does not know, even inside a row.
  auto odd = app.Call("PUT", "/api/v1/settings/priority-matrix",
                      R"({"impact_by_urgency":{"high":{"high":"P1","medium":"P2","low":"P3","extra":"P1"},"medium":{"high":"P2","medium":"P3","low":"P4"},"low":{"high":"P3","medium":"P4","low":"P4"}}})",
                      &admin);
  EXPECT_EQ(odd.status, 400);
}

}  // namespace
}  // namespace farol::testing

namespace farol::testing {
namespace {

TEST_F(TicketsApiTest, PhoneCallsAreLoggedAndResolvingOnTheCallIsFirstContactResolution) {
  const int64_t id = NewTicket(R"(,"channel":"phone","requester_id":)" + std::to_string(customer.actor.id));
  app.clock().Advance(minutes(3));
  auto logged = Post(T(id, "/calls"),
                     R"({"direction":"inbound","caller":"Carla, +55 11 5555-0101","duration_seconds":420,"notes":"reset the VPN profile with her","outcome":"resolved"})",
                     agent);
  ASSERT_EQ(logged.status, 201) << logged.body;
  EXPECT_EQ(S(J(logged), "status"), "resolved");
  EXPECT_TRUE(J(logged).at("first_contact_resolution").as_bool());
  auto events = J(Get(T(id, "/events"), agent)).at("items").as_array();
  const auto& call = events[1];
  EXPECT_EQ(S(call, "type"), "call_logged");
  EXPECT_EQ(S(call.at("call"), "caller"), "Carla, +55 11 5555-0101");
  EXPECT_EQ(call.at("call").at("duration_seconds").as_int64(), 420);
  EXPECT_TRUE(call.at("internal").as_bool()) << "call notes are internal unless said otherwise";
  EXPECT_EQ(J(Get(T(id, "/events"), customer)).at("items").as_array().size(), 2u) << "the customer sees creation and resolution";
  // A call that leaves work to do does not resolve anything.
  const int64_t other = NewTicket();
  auto follow = Post(T(other, "/calls"), R"({"caller":"Bruno","outcome":"follow_up","internal":false})", agent);
  EXPECT_EQ(S(J(follow), "status"), "new");
  EXPECT_EQ(Post(T(other, "/calls"), R"({"caller":"","duration_seconds":-5})", agent).status, 400);
}

TEST_F(TicketsApiTest, ACallThatIsANewContactOpensItsTicketInOneStep) {
  const int64_t before = CountTickets();
  app.clock().Advance(minutes(1));
  // The caller's problem solved on the line: a phone ticket, resolved, first-contact resolution.
  auto r = Post("/api/v1/calls",
                R"({"organisation_id":)" + std::to_string(org) + R"(,"requester_id":)" +
                    std::to_string(customer.actor.id) +
                    R"(,"subject":"Impressora não imprime","type":"service_request","caller":"Carla, ramal 2231",)"
                    R"("direction":"inbound","duration_seconds":300,"notes":"reinstalei o driver com ela","outcome":"resolved"})",
                agent);
  ASSERT_EQ(r.status, 201) << r.body;
  const auto t = J(r);
  EXPECT_EQ(S(t, "channel"), "phone");
  EXPECT_EQ(S(t, "type"), "service_request");
  EXPECT_EQ(S(t, "status"), "resolved");
  EXPECT_TRUE(t.at("first_contact_resolution").as_bool());
  const int64_t id = t.at("id").as_int64();
  auto events = J(Get(T(id, "/events"), agent)).at("items").as_array();
  ASSERT_EQ(events.size(), 3u);  // created, the call, resolved: one instant
  EXPECT_EQ(S(events[0], "type"), "created");
  EXPECT_EQ(S(events[1], "type"), "call_logged");
  EXPECT_EQ(S(events[1].at("call"), "caller"), "Carla, ramal 2231");
  EXPECT_EQ(S(events[0], "at"), S(events[2], "at"));
  EXPECT_EQ(CountTickets(), before + 1);

  // A visit that leaves work to do: in_person, still new.
  r = Post("/api/v1/calls",
           R"({"organisation_id":)" + std::to_string(org) +
               R"j(,"subject":"Visita técnica","channel":"in_person","caller":"Bruno (recepção)","outcome":"follow_up"})j",
           agent);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(S(J(r), "channel"), "in_person");
  EXPECT_EQ(S(J(r), "status"), "new");
  EXPECT_TRUE(J(r).at("first_contact_resolution").is_null());

  // Bad input changes nothing: the ticket's field errors, the call's, another channel.
  r = Post("/api/v1/calls", R"({"organisation_id":)" + std::to_string(org) + R"(,"subject":"","caller":"Carla"})", agent);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("\"subject\""), std::string::npos) << r.body;
  r = Post("/api/v1/calls", R"({"organisation_id":)" + std::to_string(org) + R"(,"subject":"x","caller":"","duration_seconds":-1})", agent);
  EXPECT_EQ(r.status, 400);
  for (const char* f : {"\"caller\"", "\"duration_seconds\""}) EXPECT_NE(r.body.find(f), std::string::npos) << f << " " << r.body;
  r = Post("/api/v1/calls", R"({"organisation_id":)" + std::to_string(org) + R"(,"subject":"x","caller":"y","channel":"email"})", agent);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("a call is phone or in_person"), std::string::npos) << r.body;
  // Customers do not log calls.
  EXPECT_EQ(Post("/api/v1/calls", R"({"subject":"x","caller":"y"})", customer).status, 403);
  EXPECT_EQ(CountTickets(), before + 2);
}

}  // namespace
}  // namespace farol::testing
