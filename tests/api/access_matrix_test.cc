// The authorisation matrix: every route of the API, called by every kind of caller, gets the
// expected answer. A route registered without a row here fails the test, so new endpoints cannot
// ship without their access rules being decided and checked.
//
// Callers: six staff roles, a portal contact of organisation A, the manager contact of A, a
// contact of organisation B (the cross-organisation attacker), and an anonymous caller.
// Expected answers: 'A' allowed (2xx), 'D' denied (403), 'N' reported as not found (404: the
// caller may not learn that the object exists), 'U' unauthenticated (401).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <functional>
#include <map>
#include <set>

#include "app/app.h"
#include "testing/test_env.h"

namespace farol::testing {
namespace {

namespace bj = boost::json;

enum Caller { kAgent, kManager, kCsm, kGuardian, kDirector, kAdmin, kContactA, kManagerA, kContactB, kAnonymous, kCallers };
const char* kCallerNames[] = {"agent",     "manager",   "csm",       "guardian",  "director",
                              "admin",     "contact A", "manager contact A", "contact B", "anonymous"};

struct Request {
  std::string method;
  std::string target;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers = {};
};

class World {
 public:
  World() {
    org_a = app.Organisation("Org A");
    org_b = app.Organisation("Org B");
    team = app.Team("N1");
    callers[kAgent] = app.Staff("agent@farol.test", domain::Role::kAgent, 1, {team});
    callers[kManager] = app.Staff("manager@farol.test", domain::Role::kManager);
    callers[kCsm] = app.Staff("csm@farol.test", domain::Role::kCsm);
    callers[kGuardian] = app.Staff("guardian@farol.test", domain::Role::kGuardian);
    callers[kDirector] = app.Staff("director@farol.test", domain::Role::kDirector);
    callers[kAdmin] = app.Staff("admin@farol.test", domain::Role::kAdmin);
    callers[kContactA] = app.Contact(org_a, "ca@a.test");
    callers[kManagerA] = app.Contact(org_a, "ma@a.test", true);
    callers[kContactB] = app.Contact(org_b, "cb@b.test");
    login_user = app.Staff("login@farol.test", domain::Role::kAgent);
    site_a = Create("/api/v1/organisations/" + Id(org_a) + "/sites", R"({"name":"HQ"})");
    area_a = Create("/api/v1/organisations/" + Id(org_a) + "/network-areas", R"({"name":"Core"})");
    category = Create("/api/v1/categories", R"({"name":"Network"})");
    custom_field = Create("/api/v1/custom-fields",
                          R"({"ticket_type":"incident","key":"circuit","label":"Circuit","type":"text"})");
    ticket_a = TicketOf(kContactA);
    attachment_a = Attach(ticket_a);
  }

  static std::string Id(int64_t id) { return std::to_string(id); }

  // A Slack alert channel made by the system.
  int64_t Channel(const std::string& name) {
    return Create("/api/v1/alerts/channels", R"({"name":")" + name + R"(","kind":"slack","url":"https://hooks.example.test/z"})");
  }

  int64_t Create(const std::string& target, const std::string& body) {
    auto sys = app.System();
    auto r = app.Call("POST", target, body, &sys);
    if (r.status != 201) throw std::runtime_error(target + " -> " + std::to_string(r.status) + " " + r.body);
    return bj::parse(r.body).at("id").as_int64();
  }

  // A fresh ticket of organisation A requested by contact A (or of B by contact B).
  int64_t TicketOf(Caller requester, const std::string& status = "") {
    const app::Authenticated& who = callers[requester];
    auto r = app.Call("POST", "/api/v1/tickets", R"({"subject":"printer on fire","description":"help"})", &who);
    if (r.status != 201) throw std::runtime_error("ticket: " + r.body);
    const int64_t id = bj::parse(r.body).at("id").as_int64();
    if (!status.empty()) {
      auto sys = app.System();
      auto u = app.Call("PATCH", "/api/v1/tickets/" + Id(id), R"({"status":")" + status + R"("})", &sys);
      if (u.status != 200) throw std::runtime_error("status: " + u.body);
    }
    return id;
  }

  // A P1 incident of organisation A whose first escalation level has fired (the seed matrix).
  int64_t Escalated() {
    auto sys = app.System();
    auto r = app.Call("POST", "/api/v1/tickets",
                      R"({"organisation_id":)" + Id(org_a) + R"(,"requester_id":)" + Id(callers[kContactA].actor.id) +
                          R"(,"subject":"core router down","priority":"P1","priority_reason":"whole site down"})",
                      &sys);
    if (r.status != 201) throw std::runtime_error("P1 ticket: " + r.body);
    const int64_t id = bj::parse(r.body).at("id").as_int64();
    auto fired = app.app().alerts().FireDue();
    if (!fired.ok()) throw std::runtime_error("firing: " + fired.status().ToString());
    if (fired->escalations < 1) {
      std::string timers;
      (void)app.store().Read([&](store::Tx& tx) -> Status {
        auto list = tx.sla_timers().ListFor(id);
        for (const auto& t : *list) timers += t.clock + ":" + std::to_string(t.threshold) + " due " + (t.due_at ? FormatIso8601(*t.due_at) : "-") + " fired " + (t.fired_at ? "y" : "n") + "; ";
        return OkStatus();
      });
      throw std::runtime_error("the first level did not fire: " + timers + " now " + FormatIso8601(app.clock().SystemNow()));
    }
    return id;
  }

  // A signed acknowledgement link's token for level 1 of ticket `id`, sent to the admin.
  // A message from contact A taken in by mail (the ticket it opened is A's).
  app::MailResult MailFromA(const std::string& id) {
    app::MailboxRoute route;
    route.name = "support";
    auto r = app.app().mail().Take(route, "From: ca@a.test\r\nSubject: Mail\r\nMessage-ID: <" + id +
                                              ">\r\n\r\nHello by mail.\r\n");
    if (!r.ok()) throw std::runtime_error(r.status().ToString());
    return *r;
  }
  // A message from a sender farol cannot place (waiting for triage), or one it cannot read.
  int64_t Triage(Caller c) {
    app::MailboxRoute route;
    auto r = app.app().mail().Take(route, "From: stranger" + std::to_string(c) +
                                              "@nowhere.test\r\nSubject: Hi\r\nMessage-ID: <t" + std::to_string(c) +
                                              "@nowhere.test>\r\n\r\nHello.\r\n");
    if (!r.ok() || r->outcome != app::MailOutcome::kTriage) throw std::runtime_error("triage message");
    return r->message_row;
  }
  int64_t Quarantined() {
    auto r = app.app().mail().Take(app::MailboxRoute{}, "no headers at all");
    if (!r.ok()) throw std::runtime_error(r.status().ToString());
    return r->message_row;
  }

  // A chat widget for organisation A; its public key in `key`, its id returned.
  int64_t ChatWidget(std::string* key = nullptr) {
    auto sys = app.System();
    auto r = app.Call("POST", "/api/v1/chat/widgets", R"({"name":"Site","rate_per_minute":10000,"organisation_id":)" + Id(org_a) + "}", &sys);
    if (r.status != 201) throw std::runtime_error("chat widget -> " + r.body);
    const bj::value v = bj::parse(r.body);
    if (key) *key = std::string(v.at("key").as_string());
    return v.at("id").as_int64();
  }
  // A chat a visitor of A's web site started; its token in `token`.
  int64_t VisitorChat(std::string* token) {
    if (widget_key.empty()) ChatWidget(&widget_key);
    auto r = app.Call("POST", "/api/v1/chat-widgets/" + widget_key + "/chats",
                      R"({"name":"Visitor","email":"visitor)" + std::to_string(++visitors) + R"(@a.test","message":"hi"})");
    if (r.status != 201) throw std::runtime_error("visitor chat -> " + r.body);
    const bj::value v = bj::parse(r.body);
    *token = std::string(v.at("token").as_string());
    return v.at("chat").at("ticket_id").as_int64();
  }
  // A waiting chat contact A started (an agent is available, so it waits to be picked up).
  int64_t ChatOfA() {
    auto agent = callers[kAgent];
    if (app.Call("PUT", "/api/v1/me/presence", R"({"status":"available"})", &agent).status != 200) {
      throw std::runtime_error("presence");
    }
    auto r = app.Call("POST", "/api/v1/chats", R"({"message":"hello"})", &callers[kContactA]);
    if (r.status != 201) throw std::runtime_error("chat -> " + r.body);
    return bj::parse(r.body).at("chat").at("ticket_id").as_int64();
  }

  // A monitoring channel for organisation A; its key (shown once) in `key`, its id returned.
  int64_t MonitoringChannel(const std::string& name, std::string* key = nullptr) {
    auto sys = app.System();
    auto r = app.Call("POST", "/api/v1/monitoring/channels", R"({"name":")" + name + R"(","organisation_id":)" + Id(org_a) + "}", &sys);
    if (r.status != 201) throw std::runtime_error("monitoring channel -> " + std::to_string(r.status) + " " + r.body);
    const bj::value v = bj::parse(r.body);
    if (key) *key = std::string(v.at("key").as_string());
    return v.at("id").as_int64();
  }

  int64_t Survey(const std::string& name) {
    auto sys = app.System();
    auto r = app.Call("POST", "/api/v1/surveys", R"({"name":")" + name + R"(","kind":"csat"})", &sys);
    if (r.status != 201) throw std::runtime_error("survey -> " + std::to_string(r.status) + " " + r.body);
    return bj::parse(r.body).at("id").as_int64();
  }

  // A problem record in the guardian's log (as the system).
  int64_t Problem(const std::string& title) {
    auto sys = app.System();
    auto r = app.Call("POST", "/api/v1/problems", R"({"title":")" + title + R"("})", &sys);
    if (r.status != 201) throw std::runtime_error("problem -> " + std::to_string(r.status) + " " + r.body);
    return bj::parse(r.body).at("id").as_int64();
  }

  // An action on a new problem record, owned by the admin (as the system).
  int64_t ProblemAction(const std::string& title) {
    return Create("/api/v1/problems/" + Id(Problem(title)) + "/actions",
                  R"({"kind":"immediate","title":")" + title + R"(","owner_user_id":)" + Id(callers[kAdmin].actor.id) +
                      R"(,"due_at":"2027-01-04T12:00:00Z"})");
  }

  // A file on a new problem record (as the system).
  int64_t ProblemFile() {
    auto sys = app.System();
    auto r = app.Call("POST", "/api/v1/problems/" + Id(Problem("with a file")) + "/attachments?filename=n.txt", "notes", &sys);
    if (r.status != 201) throw std::runtime_error("problem file -> " + std::to_string(r.status) + " " + r.body);
    return bj::parse(r.body).at("id").as_int64();
  }

  // A relational campaign of a new survey (as the system).
  int64_t Campaign(const std::string& name) {
    auto sys = app.System();
    auto r = app.Call("POST", "/api/v1/survey-campaigns",
                      R"({"survey_id":)" + std::to_string(Survey(name)) + R"(,"name":")" + name +
                          R"(","next_run_at":"2027-01-04T12:00:00Z"})",
                      &sys);
    if (r.status != 201) throw std::runtime_error("campaign -> " + std::to_string(r.status) + " " + r.body);
    return bj::parse(r.body).at("id").as_int64();
  }

  // An unhappy answer of contact A's to survey `survey`, with its follow-up (as the system).
  int64_t FollowUp(int64_t survey) {
    int64_t id = 0;
    static int n = 0;
    Status s = app.store().Write([&](store::Tx& tx) -> Status {
      const Timestamp now = app.clock().SystemNow();
      store::SurveyInvitation inv;
      inv.survey_id = survey;
      inv.contact_id = callers[kContactA].actor.id;
      inv.organisation_id = org_a;
      inv.token_digest = "matrix-" + std::to_string(++n);
      inv.locale = "en";
      inv.created_at = now;
      inv.expires_at = now + std::chrono::hours(1);
      FAROL_ASSIGN_OR_RETURN(auto inv_id, tx.surveys().InsertInvitation(inv));
      store::SurveyResponse r;
      r.invitation_id = inv_id.value_or(0);
      r.survey_id = survey;
      r.contact_id = inv.contact_id;
      r.organisation_id = org_a;
      r.transactional = false;
      r.score = 1;
      r.sentiment = "unsatisfied";
      r.answered_at = now;
      FAROL_ASSIGN_OR_RETURN(r.id, tx.surveys().InsertResponse(r));
      store::SurveyFollowUp f;
      f.response_id = r.id;
      f.survey_id = survey;
      f.organisation_id = org_a;
      f.contact_id = r.contact_id;
      f.score = 1;
      f.sentiment = "unsatisfied";
      f.created_at = now;
      FAROL_ASSIGN_OR_RETURN(id, tx.surveys().InsertFollowUp(f));
      return OkStatus();
    });
    if (!s.ok()) throw std::runtime_error("follow-up -> " + s.ToString());
    return id;
  }

  std::string AckToken(int64_t id) {
    std::string token;
    Status s = app.store().Write([&](store::Tx& tx) -> Status {
      FAROL_ASSIGN_OR_RETURN(auto row, tx.escalations().Find(id, 1));
      if (!row) return NotFoundError("no level 1");
      FAROL_ASSIGN_OR_RETURN(token, app.app().escalations().SignToken(tx, row->id, callers[kAdmin].actor.id,
                                                                      app.clock().SystemNow() + std::chrono::hours(1)));
      return OkStatus();
    });
    if (!s.ok()) throw std::runtime_error(s.ToString());
    return token;
  }

  // A contract of organisation A (made once).
  int64_t Contract() {
    if (!contract_a) {
      contract_a = Create("/api/v1/contracts", R"({"organisation_id":)" + Id(org_a) +
                                                    R"(,"name":"Support","starts_on":"2025-01-01","monthly_value_minor":5000000,)"
                                                    R"("currency":"BRL","policy_id":1,"compliance_targets":[{"type":"incident","percent":95}]})");
    }
    return contract_a;
  }

  int64_t Attach(int64_t ticket) {
    auto sys = app.System();
    auto r = app.Call("POST", "/api/v1/tickets/" + Id(ticket) + "/attachments?filename=log.txt", "some log lines",
                      &sys, {{"content-type", "text/plain"}});
    if (r.status != 201) throw std::runtime_error("attach: " + r.body);
    return bj::parse(r.body).at("id").as_int64();
  }

  // Sign-in links on (they need a mail server), so that asking for one is answered.
  static app::AppConfig Config() {
    app::AppConfig c;
    c.auth.email_links = true;
    // The guardian's monthly reports are e-mailed as PDFs: mail on, so that sending them is answered.
    c.guardian.mail_enabled = true;
    c.mail_out.from = {"Farol", "support@farol.test"};
    return c;
  }
  TestApp app{"sqlite", Config()};
  int64_t org_a = 0, org_b = 0, team = 0, site_a = 0, area_a = 0, category = 0, custom_field = 0;
  int64_t ticket_a = 0, attachment_a = 0, contract_a = 0, escalated = 0;
  std::string widget_key;
  int visitors = 0;
  app::Authenticated callers[kCallers];
  app::Authenticated login_user;
};

struct Row {
  std::string method;
  std::string pattern;
  // One letter per caller, in the order of `Caller`.
  std::string expected;
  // Builds the request for a caller (creating any fresh objects it needs as the system).
  std::function<Request(World&, Caller)> make;
};

std::vector<Row> Matrix() {
  using W = World;
  auto get = [](std::function<std::string(W&)> target) {
    return [target](W& w, Caller) { return Request{"GET", target(w), ""}; };
  };
  auto fixed = [](std::string method, std::function<std::string(W&)> target, std::string body) {
    return [=](W& w, Caller) { return Request{method, target(w), body}; };
  };
  const std::string kAll = "AAAAAAAAAA";
  //                                    agent manager csm guardian director admin cA mA cB anon
  return {
      {"GET", "/healthz", kAll, get([](W&) { return "/healthz"; })},
      {"GET", "/readyz", kAll, get([](W&) { return "/readyz"; })},
      {"GET", "/metrics", kAll, get([](W&) { return "/metrics"; })},
      {"GET", "/api/v1/openapi.json", kAll, get([](W&) { return "/api/v1/openapi.json"; })},
      {"POST", "/api/v1/auth/login", kAll,
       fixed("POST", [](W&) { return "/api/v1/auth/login"; },
             R"({"email":"login@farol.test","password":"correct horse 1"})")},
      {"POST", "/api/v1/auth/logout", "AAAAAAAAAU", fixed("POST", [](W&) { return "/api/v1/auth/logout"; }, "")},
      {"GET", "/api/v1/auth/session", "AAAAAAAAAU", get([](W&) { return "/api/v1/auth/session"; })},
      {"PATCH", "/api/v1/auth/profile", "AAAAAAAAAU",
       fixed("PATCH", [](W&) { return "/api/v1/auth/profile"; }, R"({"locale":"pt-BR"})")},
      {"POST", "/api/v1/auth/password", "AAAAAAAAAU",
       fixed("POST", [](W&) { return "/api/v1/auth/password"; },
             R"({"current_password":"correct horse 1","new_password":"another horse 22"})")},
      {"GET", "/api/v1/auth/tokens", "AAAAAADDDU", get([](W&) { return "/api/v1/auth/tokens"; })},
      {"POST", "/api/v1/auth/tokens", "AAAAAADDDU",
       fixed("POST", [](W&) { return "/api/v1/auth/tokens"; }, R"({"name":"ci"})")},
      {"DELETE", "/api/v1/auth/tokens/{id}", "AAAAAADDDU",
       [](W& w, Caller c) {
         const domain::Actor owner = c < kContactA ? w.callers[c].actor : w.callers[kAgent].actor;
         auto t = w.app.app().auth().CreateApiToken(owner, "to revoke", std::nullopt);
         return Request{"DELETE", "/api/v1/auth/tokens/" + W::Id(t->record.id), ""};
       }},

      {"GET", "/api/v1/users", "AAAAAADDDU", get([](W&) { return "/api/v1/users"; })},
      {"POST", "/api/v1/users", "DDDDDADDDU",
       [](W&, Caller c) {
         return Request{"POST", "/api/v1/users",
                        R"({"email":"new-)" + std::to_string(c) + R"(@farol.test","name":"New","role":"agent"})"};
       }},
      {"GET", "/api/v1/users/{id}", "AAAAAADDDU",
       get([](W& w) { return "/api/v1/users/" + W::Id(w.callers[kAgent].actor.id); })},
      {"PATCH", "/api/v1/users/{id}", "DDDDDADDDU",
       fixed("PATCH", [](W& w) { return "/api/v1/users/" + W::Id(w.login_user.actor.id); }, R"({"tier":"N2"})")},
      {"POST", "/api/v1/users/{id}/password", "DDDDDADDDU",
       fixed("POST", [](W& w) { return "/api/v1/users/" + W::Id(w.callers[kDirector].actor.id) + "/password"; },
             R"({"password":"correct horse 1","must_change_password":false})")},

      {"GET", "/api/v1/teams", "AAAAAADDDU", get([](W&) { return "/api/v1/teams"; })},
      {"POST", "/api/v1/teams", "DADDDADDDU",
       [](W&, Caller c) { return Request{"POST", "/api/v1/teams", R"({"name":"T)" + std::to_string(c) + R"("})"}; }},
      {"GET", "/api/v1/teams/{id}", "AAAAAADDDU", get([](W& w) { return "/api/v1/teams/" + W::Id(w.team); })},
      {"PATCH", "/api/v1/teams/{id}", "DADDDADDDU",
       fixed("PATCH", [](W& w) { return "/api/v1/teams/" + W::Id(w.team); }, R"({"description":"first line"})")},
      {"DELETE", "/api/v1/teams/{id}", "DADDDADDDU",
       [](W& w, Caller c) {
         return Request{"DELETE", "/api/v1/teams/" + W::Id(w.Create("/api/v1/teams", R"({"name":"Gone)" + std::to_string(c) + R"("})")), ""};
       }},
      {"PUT", "/api/v1/teams/{id}/members/{user_id}", "DADDDADDDU",
       fixed("PUT", [](W& w) { return "/api/v1/teams/" + W::Id(w.team) + "/members/" + W::Id(w.login_user.actor.id); }, "")},
      {"DELETE", "/api/v1/teams/{id}/members/{user_id}", "DADDDADDDU",
       fixed("DELETE", [](W& w) { return "/api/v1/teams/" + W::Id(w.team) + "/members/" + W::Id(w.login_user.actor.id); }, "")},

      {"GET", "/api/v1/organisations", "AAAAAAAAAU", get([](W&) { return "/api/v1/organisations"; })},
      {"POST", "/api/v1/organisations", "DDADDADDDU",
       [](W&, Caller c) {
         return Request{"POST", "/api/v1/organisations", R"({"name":"New org )" + std::to_string(c) + R"("})"};
       }},
      {"GET", "/api/v1/organisations/{id}", "AAAAAAAANU",
       get([](W& w) { return "/api/v1/organisations/" + W::Id(w.org_a); })},
      {"PATCH", "/api/v1/organisations/{id}", "DDADDADDDU",
       fixed("PATCH", [](W& w) { return "/api/v1/organisations/" + W::Id(w.org_a); }, R"({"employee_count":120})")},
      {"GET", "/api/v1/organisations/{id}/sites", "AAAAAAAANU",
       get([](W& w) { return "/api/v1/organisations/" + W::Id(w.org_a) + "/sites"; })},
      {"POST", "/api/v1/organisations/{id}/sites", "DDADDADDDU",
       [](W& w, Caller c) {
         return Request{"POST", "/api/v1/organisations/" + W::Id(w.org_a) + "/sites",
                        R"({"name":"Branch )" + std::to_string(c) + R"("})"};
       }},
      {"GET", "/api/v1/sites/{id}", "AAAAAAAANU", get([](W& w) { return "/api/v1/sites/" + W::Id(w.site_a); })},
      {"PATCH", "/api/v1/sites/{id}", "DDADDADDDU",
       fixed("PATCH", [](W& w) { return "/api/v1/sites/" + W::Id(w.site_a); }, R"({"city":"Recife"})")},
      {"GET", "/api/v1/organisations/{id}/network-areas", "AAAAAAAANU",
       get([](W& w) { return "/api/v1/organisations/" + W::Id(w.org_a) + "/network-areas"; })},
      {"POST", "/api/v1/organisations/{id}/network-areas", "DDADDADDDU",
       [](W& w, Caller c) {
         return Request{"POST", "/api/v1/organisations/" + W::Id(w.org_a) + "/network-areas",
                        R"({"name":"Area )" + std::to_string(c) + R"("})"};
       }},
      {"GET", "/api/v1/network-areas/{id}", "AAAAAAAANU",
       get([](W& w) { return "/api/v1/network-areas/" + W::Id(w.area_a); })},
      {"PATCH", "/api/v1/network-areas/{id}", "DDADDADDDU",
       fixed("PATCH", [](W& w) { return "/api/v1/network-areas/" + W::Id(w.area_a); }, R"({"description":"x"})")},

      {"GET", "/api/v1/contacts", "AAAAAADDDU", get([](W&) { return "/api/v1/contacts"; })},
      {"POST", "/api/v1/contacts", "AAADDADDDU",
       [](W& w, Caller c) {
         return Request{"POST", "/api/v1/contacts",
                        R"({"organisation_id":)" + W::Id(w.org_a) + R"(,"name":"New","email":"n)" + std::to_string(c) +
                            R"(@a.test"})"};
       }},
      {"GET", "/api/v1/contacts/{id}", "AAAAAAANNU",
       get([](W& w) { return "/api/v1/contacts/" + W::Id(w.callers[kContactA].actor.id); })},
      {"PATCH", "/api/v1/contacts/{id}", "AAADDADDDU",
       fixed("PATCH", [](W& w) { return "/api/v1/contacts/" + W::Id(w.callers[kContactA].actor.id); },
             R"({"phone":"+55 11 5555-0000"})")},

      {"GET", "/api/v1/categories", "AAAAAAAAAU", get([](W&) { return "/api/v1/categories"; })},
      {"POST", "/api/v1/categories", "DDDDDADDDU",
       [](W&, Caller c) { return Request{"POST", "/api/v1/categories", R"({"name":"Cat )" + std::to_string(c) + R"("})"}; }},
      {"PATCH", "/api/v1/categories/{id}", "DDDDDADDDU",
       fixed("PATCH", [](W& w) { return "/api/v1/categories/" + W::Id(w.category); }, R"({"name":"Networking"})")},
      {"GET", "/api/v1/custom-fields", "AAAAAAAAAU", get([](W&) { return "/api/v1/custom-fields"; })},
      {"POST", "/api/v1/custom-fields", "DDDDDADDDU",
       [](W&, Caller c) {
         return Request{"POST", "/api/v1/custom-fields",
                        R"({"ticket_type":"change","key":"k)" + std::to_string(c) + R"(","label":"K","type":"boolean"})"};
       }},
      {"PATCH", "/api/v1/custom-fields/{id}", "DDDDDADDDU",
       fixed("PATCH", [](W& w) { return "/api/v1/custom-fields/" + W::Id(w.custom_field); }, R"({"label":"Circuit ID"})")},
      {"GET", "/api/v1/settings/priority-matrix", "AAAAAADDDU",
       get([](W&) { return "/api/v1/settings/priority-matrix"; })},
      {"PUT", "/api/v1/settings/priority-matrix", "DDDDDADDDU",
       fixed("PUT", [](W&) { return "/api/v1/settings/priority-matrix"; },
             R"({"impact_by_urgency":{"high":{"high":"P1","medium":"P2","low":"P3"},"medium":{"high":"P2","medium":"P3","low":"P4"},"low":{"high":"P3","medium":"P4","low":"P4"}}})")},

      {"GET", "/api/v1/tickets", "AAAAAAAAAU", get([](W&) { return "/api/v1/tickets"; })},
      {"GET", "/api/v1/tickets/counts", "AAAAAAAAAU", get([](W&) { return "/api/v1/tickets/counts"; })},
      {"POST", "/api/v1/tickets", "AAADDAAAAU",
       [](W& w, Caller c) {
         const bool contact = c == kContactA || c == kManagerA || c == kContactB;
         return Request{"POST", "/api/v1/tickets",
                        contact ? std::string(R"({"subject":"mine"})")
                                : R"({"organisation_id":)" + W::Id(w.org_a) + R"(,"subject":"for A"})"};
       }},
      {"GET", "/api/v1/tickets/{id}", "AAAAAAAANU", get([](W& w) { return "/api/v1/tickets/" + W::Id(w.ticket_a); })},
      {"PATCH", "/api/v1/tickets/{id}", "AADDDADDDU",
       fixed("PATCH", [](W& w) { return "/api/v1/tickets/" + W::Id(w.ticket_a); }, R"({"urgency":"high"})")},
      {"GET", "/api/v1/tickets/{id}/events", "AAAAAAAANU",
       get([](W& w) { return "/api/v1/tickets/" + W::Id(w.ticket_a) + "/events"; })},
      {"POST", "/api/v1/tickets/{id}/replies", "AAADDAAANU",
       fixed("POST", [](W& w) { return "/api/v1/tickets/" + W::Id(w.ticket_a) + "/replies"; }, R"({"body":"hello"})")},
      {"POST", "/api/v1/tickets/{id}/notes", "AAAAAADDDU",
       fixed("POST", [](W& w) { return "/api/v1/tickets/" + W::Id(w.ticket_a) + "/notes"; }, R"({"body":"note"})")},
      {"POST", "/api/v1/tickets/{id}/escalate", "AADDDADDDU",
       [](W& w, Caller) { return Request{"POST", "/api/v1/tickets/" + W::Id(w.TicketOf(kContactA)) + "/escalate", ""}; }},
      {"POST", "/api/v1/tickets/{id}/merge", "AADDDADDDU",
       [](W& w, Caller) {
         const int64_t target = w.TicketOf(kContactA);
         return Request{"POST", "/api/v1/tickets/" + W::Id(w.TicketOf(kContactA)) + "/merge",
                        R"({"into_id":)" + W::Id(target) + "}"};
       }},
      {"GET", "/api/v1/tickets/{id}/links", "AAAAAAAANU",
       get([](W& w) { return "/api/v1/tickets/" + W::Id(w.ticket_a) + "/links"; })},
      {"POST", "/api/v1/tickets/{id}/links", "AADDDADDDU",
       [](W& w, Caller) {
         return Request{"POST", "/api/v1/tickets/" + W::Id(w.ticket_a) + "/links",
                        R"({"ticket_id":)" + W::Id(w.TicketOf(kContactA)) + R"(,"kind":"related"})"};
       }},
      {"DELETE", "/api/v1/tickets/{id}/links/{kind}/{other_id}", "AADDDADDDU",
       [](W& w, Caller) {
         const int64_t other = w.TicketOf(kContactA);
         auto sys = w.app.System();
         w.app.Call("POST", "/api/v1/tickets/" + W::Id(w.ticket_a) + "/links",
                    R"({"ticket_id":)" + W::Id(other) + R"(,"kind":"caused_by"})", &sys);
         return Request{"DELETE", "/api/v1/tickets/" + W::Id(w.ticket_a) + "/links/caused_by/" + W::Id(other), ""};
       }},
      {"GET", "/api/v1/tickets/{id}/attachments", "AAAAAAAANU",
       get([](W& w) { return "/api/v1/tickets/" + W::Id(w.ticket_a) + "/attachments"; })},
      {"POST", "/api/v1/tickets/{id}/attachments", "AAADDAAANU",
       fixed("POST", [](W& w) { return "/api/v1/tickets/" + W::Id(w.ticket_a) + "/attachments?filename=screen.png"; },
             "\x89PNG\r\n\x1a\n fake image bytes")},
      {"GET", "/api/v1/attachments/{id}", "AAAAAAAANU",
       get([](W& w) { return "/api/v1/attachments/" + W::Id(w.attachment_a); })},
      {"POST", "/api/v1/tickets/{id}/calls", "AAADDADDDU",
       fixed("POST", [](W& w) { return "/api/v1/tickets/" + W::Id(w.ticket_a) + "/calls"; },
             R"({"caller":"Carla","duration_seconds":120,"notes":"asked for an update"})")},
      {"POST", "/api/v1/calls", "AAADDADDDU",
       [](W& w, Caller c) {
         return Request{"POST", "/api/v1/calls",
                        R"({"organisation_id":)" + W::Id(w.org_a) + R"(,"subject":"Call )" + std::to_string(c) +
                            R"(","caller":"Carla","duration_seconds":60})"};
       }},
      {"GET", "/api/v1/tickets/{id}/live", "AAAAAAAANU",
       get([](W& w) { return "/api/v1/tickets/" + W::Id(w.ticket_a) + "/live"; })},
      {"GET", "/api/v1/saved-filters", "AAAAAADDDU", get([](W&) { return "/api/v1/saved-filters"; })},
      {"POST", "/api/v1/saved-filters", "AAAAAADDDU",
       [](W&, Caller c) {
         return Request{"POST", "/api/v1/saved-filters", R"({"name":"Mine )" + std::to_string(c) + R"(","query":"status=open"})"};
       }},
      {"DELETE", "/api/v1/saved-filters/{id}", "AAAAAADDDU",
       [](W& w, Caller c) {
         // A filter of the caller's own when it is staff (anyone else's is simply not found).
         const auto& owner = c < kContactA ? w.callers[c] : w.callers[kAgent];
         auto f = w.app.app().directory().CreateSavedFilter(owner.actor, "to delete " + std::to_string(c), "status=new");
         return Request{"DELETE", "/api/v1/saved-filters/" + W::Id(f->id), ""};
       }},
      {"GET", "/api/v1/settings/sla-policy", "AAAAAADDDU", get([](W&) { return "/api/v1/settings/sla-policy"; })},
      {"PUT", "/api/v1/settings/sla-policy", "DDDDDADDDU",
       fixed("PUT", [](W&) { return "/api/v1/settings/sla-policy"; },
             R"({"calendar":{"timezone":"UTC","always_open":true},)"
             R"("targets":[{"type":"incident","priority":"P1","first_response_minutes":15,"resolution_minutes":240}]})")},
      {"GET", "/api/v1/tickets/{id}/sla", "AAAAAADDDU",
       get([](W& w) { return "/api/v1/tickets/" + W::Id(w.ticket_a) + "/sla"; })},
      {"GET", "/api/v1/sla/clocks", "AAAAAADDDU",
       get([](W& w) { return "/api/v1/sla/clocks?ids=" + W::Id(w.ticket_a) + "," + W::Id(w.ticket_a); })},
      {"GET", "/api/v1/reports/ola", "AAAAAADDDU",
       get([](W&) { return "/api/v1/reports/ola?from=2020-01-01&to=2030-01-01"; })},
      {"GET", "/api/v1/reports/sla", "AAAAAADDDU",
       get([](W&) { return "/api/v1/reports/sla?from=2020-01-01&to=2030-01-01&by=team"; })},
      {"POST", "/api/v1/sla/simulate", "AAAAAADDDU",
       fixed("POST", [](W&) { return "/api/v1/sla/simulate"; },
             R"({"calendar":{"timezone":"UTC","always_open":true},)"
             R"("targets":{"first_response_minutes":60,"resolution_minutes":240},)"
             R"("events":[{"at":"2026-11-23T12:00:00Z","type":"created"}],"now":"2026-11-23T13:00:00Z"})")},
      {"GET", "/api/v1/alerts/channels", "DDDDDADDDU", get([](W&) { return "/api/v1/alerts/channels"; })},
      {"POST", "/api/v1/alerts/channels", "DDDDDADDDU",
       [](W&, Caller c) {
         return Request{"POST", "/api/v1/alerts/channels",
                        R"({"name":"hook )" + std::to_string(c) + R"(","kind":"slack","url":"https://hooks.example.test/x"})"};
       }},
      {"PUT", "/api/v1/alerts/channels/{id}", "DDDDDADDDU",
       [](W& w, Caller c) {
         const int64_t id = w.Channel("edit " + std::to_string(c));
         return Request{"PUT", "/api/v1/alerts/channels/" + W::Id(id),
                        R"({"name":"edited )" + std::to_string(c) + R"(","kind":"slack","url":"https://hooks.example.test/y","version":1})"};
       }},
      {"POST", "/api/v1/alerts/channels/{id}/test", "DDDDDADDDU",
       [](W& w, Caller c) {
         return Request{"POST", "/api/v1/alerts/channels/" + W::Id(w.Channel("test " + std::to_string(c))) + "/test", ""};
       }},
      {"GET", "/api/v1/alerts/deliveries", "DDDDDADDDU", get([](W&) { return "/api/v1/alerts/deliveries?state=dead"; })},
      {"POST", "/api/v1/alerts/deliveries/{id}/retry", "DDDDDADDDU",
       [](W& w, Caller c) {
         auto d = w.app.app().alerts().TestChannel(domain::Actor::System(), w.Channel("retry " + std::to_string(c)));
         if (!d.ok()) throw std::runtime_error(d.status().ToString());
         const int64_t id = d->id;
         Status s = w.app.store().Write([&](store::Tx& tx) { return tx.deliveries().MarkFailed(id, "refused", std::nullopt); });
         if (!s.ok()) throw std::runtime_error(s.ToString());
         return Request{"POST", "/api/v1/alerts/deliveries/" + W::Id(id) + "/retry", ""};
       }},
      {"GET", "/api/v1/calendars", "AAAAAADDDU", get([](W&) { return "/api/v1/calendars"; })},
      {"POST", "/api/v1/calendars", "DDDDDADDDU",
       [](W&, Caller c) {
         return Request{"POST", "/api/v1/calendars",
                        R"({"name":"Office )" + std::to_string(c) + R"(","timezone":"America/Sao_Paulo","week":{"mon":[["08:00","18:00"]]}})"};
       }},
      {"GET", "/api/v1/calendars/{id}", "AAAAAADDDU", get([](W&) { return "/api/v1/calendars/1"; })},
      {"PUT", "/api/v1/calendars/{id}", "DDDDDADDDU",
       [](W& w, Caller c) {
         const int64_t id = w.Create("/api/v1/calendars", R"({"name":"Edit )" + std::to_string(c) + R"(","timezone":"UTC","always_open":true})");
         return Request{"PUT", "/api/v1/calendars/" + W::Id(id),
                        R"({"name":"Edited )" + std::to_string(c) + R"(","timezone":"UTC","always_open":true,"version":1})"};
       }},
      {"GET", "/api/v1/calendars/{id}/versions", "AAAAAADDDU", get([](W&) { return "/api/v1/calendars/1/versions"; })},
      {"POST", "/api/v1/calendars/{id}/holidays", "DDDDDADDDU",
       fixed("POST", [](W&) { return "/api/v1/calendars/1/holidays"; }, R"({"text":"12-25 Natal\n2026-11-20"})")},
      {"POST", "/api/v1/calendars/{id}/reapply", "DDDDDADDDU",
       fixed("POST", [](W&) { return "/api/v1/calendars/1/reapply"; }, R"({"reason":"Carnival was missing"})")},
      {"GET", "/api/v1/sla/policies", "AAAAAADDDU", get([](W&) { return "/api/v1/sla/policies"; })},
      {"POST", "/api/v1/sla/policies", "DDDDDADDDU",
       [](W&, Caller c) {
         return Request{"POST", "/api/v1/sla/policies",
                        R"({"name":"Gold )" + std::to_string(c) + R"(","calendar_id":1,"targets":[{"type":"incident","priority":"P1","first_response_minutes":15,"resolution_minutes":120}]})"};
       }},
      {"GET", "/api/v1/sla/policies/{id}", "AAAAAADDDU", get([](W&) { return "/api/v1/sla/policies/1"; })},
      {"PUT", "/api/v1/sla/policies/{id}", "DDDDDADDDU",
       [](W& w, Caller c) {
         const std::string targets = R"("targets":[{"type":"incident","priority":"P1","first_response_minutes":15,"resolution_minutes":120}])";
         const int64_t id = w.Create("/api/v1/sla/policies", R"({"name":"Silver )" + std::to_string(c) + R"(","calendar_id":1,)" + targets + "}");
         return Request{"PUT", "/api/v1/sla/policies/" + W::Id(id),
                        R"({"name":"Bronze )" + std::to_string(c) + R"(","calendar_id":1,"version":1,)" + targets + "}"};
       }},
      {"GET", "/api/v1/contracts", "DAADAADDDU", get([](W&) { return "/api/v1/contracts"; })},
      {"POST", "/api/v1/contracts", "DDADDADDDU",
       [](W& w, Caller c) {
         const int64_t org = w.Create("/api/v1/organisations", R"({"name":"Customer )" + std::to_string(c) + R"("})");
         return Request{"POST", "/api/v1/contracts",
                        R"({"organisation_id":)" + W::Id(org) + R"(,"name":"NOC","starts_on":"2026-01-01","monthly_value_minor":100000,"currency":"BRL","policy_id":1})"};
       }},
      {"GET", "/api/v1/contracts/{id}", "DAADAADDDU", get([](W& w) { return "/api/v1/contracts/" + W::Id(w.Contract()); })},
      {"PUT", "/api/v1/contracts/{id}", "DDADDADDDU",
       [](W& w, Caller c) {
         const int64_t org = w.Create("/api/v1/organisations", R"({"name":"Renewal )" + std::to_string(c) + R"("})");
         const std::string body = R"({"organisation_id":)" + W::Id(org) +
                                  R"(,"name":"NOC","starts_on":"2026-01-01","monthly_value_minor":100000,"currency":"BRL","policy_id":1)";
         const int64_t id = w.Create("/api/v1/contracts", body + "}");
         return Request{"PUT", "/api/v1/contracts/" + W::Id(id), body + R"(,"renewal_on":"2026-11-01","version":1})"};
       }},
      {"GET", "/api/v1/contracts/{id}/compliance", "DAADAADDDU",
       get([](W& w) { return "/api/v1/contracts/" + W::Id(w.Contract()) + "/compliance?from=2026-01-01&to=2026-02-01"; })},
      {"GET", "/api/v1/audit", "DDDDDADDDU", get([](W&) { return "/api/v1/audit"; })},
      {"GET", "/api/v1/mail/messages", "DDDDDADDDU", get([](W&) { return "/api/v1/mail/messages?state=quarantined"; })},
      {"POST", "/api/v1/mail/messages", "DDDDDADDDU",
       [](W&, Caller c) {
         return Request{"POST", "/api/v1/mail/messages",
                        "From: ca@a.test\r\nSubject: Upload\r\nMessage-ID: <up" + std::to_string(c) + "@a.test>\r\n\r\nx\r\n"};
       }},
      {"GET", "/api/v1/mail/messages/{id}", "AAAAAANNNU",
       get([](W& w) { return "/api/v1/mail/messages/" + W::Id(w.MailFromA("get@a.test").message_row); })},
      {"GET", "/api/v1/mail/messages/{id}/raw", "AAAAAANNNU",
       get([](W& w) { return "/api/v1/mail/messages/" + W::Id(w.MailFromA("raw@a.test").message_row) + "/raw"; })},
      {"POST", "/api/v1/mail/messages/{id}/retry", "DDDDDADDDU",
       fixed("POST", [](W& w) { return "/api/v1/mail/messages/" + W::Id(w.Quarantined()) + "/retry"; }, "")},
      {"POST", "/api/v1/mail/messages/{id}/accept", "AAADDADDDU",
       [](W& w, Caller c) {
         return Request{"POST", "/api/v1/mail/messages/" + W::Id(w.Triage(c)) + "/accept",
                        R"({"organisation_id":)" + W::Id(w.org_a) + "}"};
       }},
      {"GET", "/api/v1/tickets/{id}/emails", "AAAAAADDNU",
       get([](W& w) { return "/api/v1/tickets/" + W::Id(w.MailFromA("list@a.test").ticket_id) + "/emails"; })},
      {"GET", "/api/v1/tickets/{id}/escalations", "AAAAAAAANU",
       get([](W& w) { return "/api/v1/tickets/" + W::Id(w.ticket_a) + "/escalations"; })},
      {"POST", "/api/v1/tickets/{id}/escalations/{level}/acknowledge", "AAAAAADDDU",
       [](W& w, Caller) {
         if (!w.escalated) w.escalated = w.Escalated();  // acknowledging again changes nothing, and answers the same
         return Request{"POST", "/api/v1/tickets/" + W::Id(w.escalated) + "/escalations/1/acknowledge", ""};
       }},
      {"POST", "/api/v1/tickets/{id}/escalation-request", "DDDDDDAANU",
       [](W& w, Caller) {
         return Request{"POST", "/api/v1/tickets/" + W::Id(w.Escalated()) + "/escalation-request",
                        R"({"reason":"nobody answered in an hour"})"};
       }},
      {"GET", "/api/v1/escalations", "AAAAAADDDU", get([](W&) { return "/api/v1/escalations?state=all"; })},
      {"GET", "/api/v1/escalations/ack/{token}", kAll,
       get([](W& w) { return "/api/v1/escalations/ack/" + w.AckToken(w.Escalated()); })},
      {"POST", "/api/v1/escalations/ack/{token}", kAll,
       fixed("POST", [](W& w) { return "/api/v1/escalations/ack/" + w.AckToken(w.Escalated()); }, "")},
      {"POST", "/api/v1/channels/{key}/alerts", kAll,
       [](W& w, Caller c) {
         std::string key;
         w.MonitoringChannel("probe " + std::to_string(c), &key);
         return Request{"POST", "/api/v1/channels/" + key + "/alerts",
                        R"({"title":"Link down at HQ","severity":"critical","labels":{"site":"hq"}})"};
       }},
      // Anyone may ask; the answer never says whether the address has an account.
      {"POST", "/api/v1/auth/magic-link", kAll,
       fixed("POST", [](W&) { return "/api/v1/auth/magic-link"; }, R"({"email":"ca@a.test"})")},
      {"POST", "/api/v1/auth/magic-link/redeem", "UUUUUUUUUU",
       fixed("POST", [](W&) { return "/api/v1/auth/magic-link/redeem"; }, R"({"token":"not-a-link"})")},
      {"GET", "/api/v1/monitoring/channels", "DDDDDADDDU", get([](W&) { return "/api/v1/monitoring/channels"; })},
      {"POST", "/api/v1/monitoring/channels", "DDDDDADDDU",
       [](W& w, Caller c) {
         return Request{"POST", "/api/v1/monitoring/channels",
                        R"({"name":"Zabbix )" + std::to_string(c) + R"(","organisation_id":)" + W::Id(w.org_a) + "}"};
       }},
      {"PATCH", "/api/v1/monitoring/channels/{id}", "DDDDDADDDU",
       [](W& w, Caller c) {
         return Request{"PATCH", "/api/v1/monitoring/channels/" + W::Id(w.MonitoringChannel("edit " + std::to_string(c))),
                        R"({"rate_per_minute":10})"};
       }},
      {"POST", "/api/v1/monitoring/channels/{id}/revoke", "DDDDDADDDU",
       [](W& w, Caller c) {
         return Request{"POST", "/api/v1/monitoring/channels/" + W::Id(w.MonitoringChannel("revoke " + std::to_string(c))) + "/revoke", ""};
       }},
      // Surveys: survey.read (managers, CSMs, directors, admins) reads, survey.write (CSMs, admins)
      // designs; the respondent's link needs no sign-in (an unknown token is 404 for everyone).
      {"GET", "/api/v1/surveys", "DAADAADDDU", get([](W&) { return "/api/v1/surveys"; })},
      {"POST", "/api/v1/surveys", "DDADDADDDU",
       fixed("POST", [](W&) { return "/api/v1/surveys"; }, R"({"name":"CSAT","kind":"csat"})")},
      {"GET", "/api/v1/surveys/{id}", "DAADAADDDU", get([](W& w) { return "/api/v1/surveys/" + W::Id(w.Survey("read")); })},
      {"PATCH", "/api/v1/surveys/{id}", "DDADDADDDU",
       [](W& w, Caller c) {
         return Request{"PATCH", "/api/v1/surveys/" + W::Id(w.Survey("edit " + std::to_string(c))), R"({"version":1,"link_days":7})"};
       }},
      {"GET", "/api/v1/surveys/{id}/results", "DAADAADDDU",
       get([](W& w) { return "/api/v1/surveys/" + W::Id(w.Survey("results")) + "/results"; })},
      {"GET", "/api/v1/surveys/{id}/responses", "DAADAADDDU",
       get([](W& w) { return "/api/v1/surveys/" + W::Id(w.Survey("answers")) + "/responses"; })},
      {"GET", "/api/v1/survey-followups", "DAADAADDDU", get([](W&) { return "/api/v1/survey-followups"; })},
      {"GET", "/api/v1/survey-followups/{id}", "DAADAADDDU",
       get([](W& w) { return "/api/v1/survey-followups/" + W::Id(w.FollowUp(w.Survey("loop read"))); })},
      {"PATCH", "/api/v1/survey-followups/{id}", "DDADDADDDU",
       [](W& w, Caller c) {
         return Request{"PATCH", "/api/v1/survey-followups/" + W::Id(w.FollowUp(w.Survey("loop " + std::to_string(c)))),
                        R"({"version":1,"state":"contacted"})"};
       }},
      {"GET", "/api/v1/survey-campaigns", "DAADAADDDU", get([](W&) { return "/api/v1/survey-campaigns"; })},
      {"POST", "/api/v1/survey-campaigns", "DDADDADDDU",
       [](W& w, Caller c) {
         return Request{"POST", "/api/v1/survey-campaigns",
                        R"({"survey_id":)" + W::Id(w.Survey("campaign " + std::to_string(c))) +
                            R"(,"name":"Semestral","next_run_at":"2027-01-04T12:00:00Z"})"};
       }},
      {"GET", "/api/v1/survey-campaigns/{id}", "DAADAADDDU",
       get([](W& w) { return "/api/v1/survey-campaigns/" + W::Id(w.Campaign("read")); })},
      {"PATCH", "/api/v1/survey-campaigns/{id}", "DDADDADDDU",
       [](W& w, Caller c) {
         return Request{"PATCH", "/api/v1/survey-campaigns/" + W::Id(w.Campaign("edit " + std::to_string(c))),
                        R"({"version":1,"every_months":3})"};
       }},
      {"GET", "/api/v1/survey-alert-routes", "DAADAADDDU", get([](W&) { return "/api/v1/survey-alert-routes"; })},
      {"PUT", "/api/v1/survey-alert-routes", "DDADDADDDU", fixed("PUT", [](W&) { return "/api/v1/survey-alert-routes"; }, R"({"items":[]})")},
      {"GET", "/api/v1/survey-links/{token}", "NNNNNNNNNN", get([](W&) { return "/api/v1/survey-links/not-a-token"; })},
      {"POST", "/api/v1/survey-links/{token}/answer", "NNNNNNNNNN",
       fixed("POST", [](W&) { return "/api/v1/survey-links/not-a-token/answer"; }, R"({"score":5})")},
      {"GET", "/api/v1/monitoring/alerts", "DDDDDADDDU", get([](W&) { return "/api/v1/monitoring/alerts"; })},
      // The guardian's problem log (docs/GUARDIAN.md): problem.read (managers, CSMs, the guardian,
      // directors, admins) reads, problem.write (managers, the guardian, admins) records and
      // changes, every staff role raises a ticket as a customer error; customers never.
      {"GET", "/api/v1/problems", "DAAAAADDDU", get([](W&) { return "/api/v1/problems"; })},
      {"POST", "/api/v1/problems", "DADADADDDU", fixed("POST", [](W&) { return "/api/v1/problems"; }, R"({"title":"Late delivery"})")},
      {"GET", "/api/v1/problems/{id}", "DAAAAADDDU", get([](W& w) { return "/api/v1/problems/" + W::Id(w.Problem("read")); })},
      {"PATCH", "/api/v1/problems/{id}", "DADADADDDU",
       [](W& w, Caller c) {
         return Request{"PATCH", "/api/v1/problems/" + W::Id(w.Problem("edit " + std::to_string(c))),
                        R"({"version":1,"impact":"A day without invoices"})"};
       }},
      {"POST", "/api/v1/tickets/{id}/raise-problem", "AAAAAADDDU",
       fixed("POST", [](W& w) { return "/api/v1/tickets/" + W::Id(w.ticket_a) + "/raise-problem"; }, "{}")},
      {"GET", "/api/v1/guardian/settings", "AAAAAADDDU", get([](W&) { return "/api/v1/guardian/settings"; })},
      {"PUT", "/api/v1/guardian/settings", "DADADADDDU",
       fixed("PUT", [](W&) { return "/api/v1/guardian/settings"; }, R"({"gut":{"preset":"seed"}})")},
      {"POST", "/api/v1/guardian/gut-preview", "AAAAAADDDU",
       fixed("POST", [](W&) { return "/api/v1/guardian/gut-preview"; }, R"({"gravity":2,"urgency":3,"tendency":3})")},
      // Action plans: problem.write plans and changes (an owner records completion); every staff
      // member lists the actions of their teams (the agent's team has none here: an empty list).
      {"POST", "/api/v1/problems/{id}/actions", "DADADADDDU",
       [](W& w, Caller c) {
         return Request{"POST", "/api/v1/problems/" + W::Id(w.Problem("plan " + std::to_string(c))) + "/actions",
                        R"({"kind":"immediate","title":"Resend","owner_user_id":)" + W::Id(w.callers[kAdmin].actor.id) +
                            R"(,"due_at":"2027-01-04T12:00:00Z"})"};
       }},
      {"PATCH", "/api/v1/problem-actions/{id}", "DADADADDDU",
       [](W& w, Caller c) {
         return Request{"PATCH", "/api/v1/problem-actions/" + W::Id(w.ProblemAction("act " + std::to_string(c))),
                        R"({"version":1,"title":"Resend today"})"};
       }},
      {"GET", "/api/v1/problem-actions", "AAAAAADDDU", get([](W&) { return "/api/v1/problem-actions"; })},
      {"GET", "/api/v1/problems/{id}/events", "DAAAAADDDU",
       get([](W& w) { return "/api/v1/problems/" + W::Id(w.Problem("events")) + "/events"; })},
      {"POST", "/api/v1/problems/{id}/comments", "DAAAAADDDU",
       fixed("POST", [](W& w) { return "/api/v1/problems/" + W::Id(w.Problem("talk")) + "/comments"; }, R"({"body":"Seen it"})")},
      {"POST", "/api/v1/problems/{id}/attachments", "DADADADDDU",
       fixed("POST", [](W& w) { return "/api/v1/problems/" + W::Id(w.Problem("file")) + "/attachments?filename=x.txt"; }, "bytes")},
      {"GET", "/api/v1/problem-files/{id}", "DAAAAADDDU", get([](W& w) { return "/api/v1/problem-files/" + W::Id(w.ProblemFile()); })},
      {"GET", "/api/v1/problems/{id}/suggestions", "DAAAAADDDU",
       get([](W& w) { return "/api/v1/problems/" + W::Id(w.Problem("alike")) + "/suggestions"; })},
      {"GET", "/api/v1/tickets/{id}/problem-suggestions", "DAAAAADDDU",
       get([](W& w) { return "/api/v1/tickets/" + W::Id(w.ticket_a) + "/problem-suggestions"; })},
      {"POST", "/api/v1/guardian/suggest", "DAAAAADDDU",
       fixed("POST", [](W&) { return "/api/v1/guardian/suggest"; }, R"({"text":"Late delivery"})")},
      {"POST", "/api/v1/problems/from-email", "DADADADDDU",
       [](W&, Caller c) {
         return Request{"POST", "/api/v1/problems/from-email",
                        "From: Ana <ana@farol.test>\r\nTo: ca@a.test\r\nSubject: Sorry " + std::to_string(c) +
                            "\r\nMessage-ID: <apology-" + std::to_string(c) + "@farol.test>\r\n\r\nWe are sorry.\r\n"};
       }},
      {"GET", "/api/v1/guardian/reports/monthly", "DAAAAADDDU",
       get([](W&) { return "/api/v1/guardian/reports/monthly?month=2026-03"; })},
      {"POST", "/api/v1/guardian/reports/monthly/send", "DADADADDDU",
       fixed("POST", [](W&) { return "/api/v1/guardian/reports/monthly/send"; }, R"({"month":"2026-03"})")},

      // Live chat. The widget's key is public; a visitor's token opens their one chat, whoever sends it.
      {"GET", "/api/v1/chat-widgets/{key}", kAll,
       [](W& w, Caller) {
         if (w.widget_key.empty()) w.ChatWidget(&w.widget_key);
         return Request{"GET", "/api/v1/chat-widgets/" + w.widget_key, ""};
       }},
      {"POST", "/api/v1/chat-widgets/{key}/chats", kAll,
       [](W& w, Caller c) {
         if (w.widget_key.empty()) w.ChatWidget(&w.widget_key);
         return Request{"POST", "/api/v1/chat-widgets/" + w.widget_key + "/chats",
                        R"({"name":"V","email":"v)" + std::to_string(c) + R"(@a.test","message":"hi"})"};
       }},
      {"GET", "/api/v1/visitor/chats/{id}", kAll,
       [](W& w, Caller) {
         std::string token;
         const int64_t id = w.VisitorChat(&token);
         return Request{"GET", "/api/v1/visitor/chats/" + W::Id(id), "", {{"x-chat-token", token}}};
       }},
      {"POST", "/api/v1/visitor/chats/{id}/messages", kAll,
       [](W& w, Caller) {
         std::string token;
         const int64_t id = w.VisitorChat(&token);
         return Request{"POST", "/api/v1/visitor/chats/" + W::Id(id) + "/messages", R"({"body":"hello"})", {{"x-chat-token", token}}};
       }},
      {"POST", "/api/v1/visitor/chats/{id}/end", kAll,
       [](W& w, Caller) {
         std::string token;
         const int64_t id = w.VisitorChat(&token);
         return Request{"POST", "/api/v1/visitor/chats/" + W::Id(id) + "/end", "", {{"x-chat-token", token}}};
       }},
      {"GET", "/api/v1/visitor/chats/{id}/live", kAll,
       [](W& w, Caller) {
         std::string token;
         const int64_t id = w.VisitorChat(&token);
         return Request{"GET", "/api/v1/visitor/chats/" + W::Id(id) + "/live", "", {{"x-chat-token", token}}};
       }},
      {"POST", "/api/v1/chats", "DDDDDDAAAU", fixed("POST", [](W&) { return "/api/v1/chats"; }, R"({"message":"hello"})")},
      {"GET", "/api/v1/chats", "AAAAAADDDU", get([](W&) { return "/api/v1/chats"; })},
      {"GET", "/api/v1/chats/{id}", "AAAAAAAANU", get([](W& w) { return "/api/v1/chats/" + W::Id(w.ChatOfA()); })},
      {"POST", "/api/v1/chats/{id}/messages", "AAADDAAANU",
       fixed("POST", [](W& w) { return "/api/v1/chats/" + W::Id(w.ChatOfA()) + "/messages"; }, R"({"body":"hello"})")},
      {"POST", "/api/v1/chats/{id}/pickup", "AADDDADDDU",
       fixed("POST", [](W& w) { return "/api/v1/chats/" + W::Id(w.ChatOfA()) + "/pickup"; }, "")},
      {"POST", "/api/v1/chats/{id}/end", "AAADDAAANU",
       fixed("POST", [](W& w) { return "/api/v1/chats/" + W::Id(w.ChatOfA()) + "/end"; }, "")},
      {"PUT", "/api/v1/me/presence", "AAADDADDDU",
       fixed("PUT", [](W&) { return "/api/v1/me/presence"; }, R"({"status":"away"})")},
      {"GET", "/api/v1/chat/presence", "AAAAAADDDU", get([](W&) { return "/api/v1/chat/presence"; })},
      {"GET", "/api/v1/chat/widgets", "DDDDDADDDU", get([](W&) { return "/api/v1/chat/widgets"; })},
      {"POST", "/api/v1/chat/widgets", "DDDDDADDDU",
       [](W& w, Caller) {
         return Request{"POST", "/api/v1/chat/widgets", R"({"name":"Site","organisation_id":)" + W::Id(w.org_a) + "}"};
       }},
      {"PATCH", "/api/v1/chat/widgets/{id}", "DDDDDADDDU",
       fixed("PATCH", [](W& w) { return "/api/v1/chat/widgets/" + W::Id(w.ChatWidget()); }, R"({"rate_per_minute":10})")},
      {"POST", "/api/v1/chat/widgets/{id}/revoke", "DDDDDADDDU",
       fixed("POST", [](W& w) { return "/api/v1/chat/widgets/" + W::Id(w.ChatWidget()) + "/revoke"; }, "")},
      {"POST", "/api/v1/tickets/{id}/rating", "DDDDDDADNU",
       [](W& w, Caller) {
         return Request{"POST", "/api/v1/tickets/" + W::Id(w.TicketOf(kContactA, "resolved")) + "/rating",
                        R"({"stars":5,"comment":"thanks"})"};
       }},
  };
}

char Classify(int status) {
  if (status >= 200 && status < 300) return 'A';
  if (status == 403) return 'D';
  if (status == 404) return 'N';
  if (status == 401) return 'U';
  return '?';
}

TEST(AccessMatrixTest, EveryRouteAnswersEveryCallerAsDecided) {
  World w;
  const std::vector<Row> rows = Matrix();
  // Every route of the router has a row, and every row names a real route.
  for (const auto& route : w.app.api().router().routes()) {
    const bool covered = std::any_of(rows.begin(), rows.end(), [&](const Row& r) {
      return r.method == route.method && r.pattern == route.pattern;
    });
    EXPECT_TRUE(covered) << route.method << " " << route.pattern << " has no row in the access matrix";
  }
  int checked = 0;
  for (const Row& row : rows) {
    const bool exists = std::any_of(w.app.api().router().routes().begin(), w.app.api().router().routes().end(),
                                    [&](const auto& r) { return r.method == row.method && r.pattern == row.pattern; });
    EXPECT_TRUE(exists) << row.method << " " << row.pattern << " is in the matrix but not a route";
    ASSERT_EQ(row.expected.size(), static_cast<size_t>(kCallers)) << row.pattern;
    for (int c = 0; c < kCallers; ++c) {
      const Request req = row.make(w, static_cast<Caller>(c));
      std::vector<std::pair<std::string, std::string>> headers = req.headers;
      if (row.pattern.ends_with("/attachments") && req.method == "POST") headers.emplace_back("content-type", "image/png");
      const http::HttpResponse res = c == kAnonymous
                                         ? w.app.Call(req.method, req.target, req.body, nullptr, headers)
                                         : w.app.Call(req.method, req.target, req.body, &w.callers[c], headers);
      EXPECT_EQ(Classify(res.status), row.expected[static_cast<size_t>(c)])
          << row.method << " " << row.pattern << " as " << kCallerNames[c] << " -> " << res.status << " "
          << res.body.substr(0, 300);
      ++checked;
    }
  }
  EXPECT_GE(checked, 600);
}

// Denials must not leak: a contact of another organisation gets the same 404 for a ticket that
// exists as for one that does not, with the same body.
TEST(AccessMatrixTest, OtherOrganisationsTicketsLookExactlyLikeMissingOnes) {
  World w;
  const auto& cb = w.callers[kContactB];
  const int64_t missing = 999999;
  for (const std::string suffix : {"", "/events", "/links", "/attachments"}) {
    auto existing = w.app.Call("GET", "/api/v1/tickets/" + World::Id(w.ticket_a) + suffix, "", &cb);
    auto absent = w.app.Call("GET", "/api/v1/tickets/" + World::Id(missing) + suffix, "", &cb);
    EXPECT_EQ(existing.status, 404) << suffix;
    EXPECT_EQ(absent.status, 404) << suffix;
    const std::string a = existing.body, b = absent.body;
    EXPECT_EQ(a.substr(0, a.find("Ticket #")), b.substr(0, b.find("Ticket #"))) << suffix;
  }
  // Listing and searching never show organisation A's tickets to B.
  auto list = w.app.Call("GET", "/api/v1/tickets?q=printer", "", &cb);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(bj::parse(list.body).at("items").as_array().size(), 0u);
  // Filtering by organisation A explicitly does not widen the scope.
  list = w.app.Call("GET", "/api/v1/tickets?organisation_id=" + World::Id(w.org_a), "", &cb);
  EXPECT_EQ(bj::parse(list.body).at("items").as_array().size(), 0u);
  // Opening a ticket for organisation A is refused, and nothing is created.
  auto created = w.app.Call("POST", "/api/v1/tickets",
                            R"({"organisation_id":)" + World::Id(w.org_a) + R"(,"subject":"sneaky"})", &cb);
  EXPECT_EQ(created.status, 400);
  auto sys = w.app.System();
  auto all = w.app.Call("GET", "/api/v1/tickets?q=sneaky", "", &sys);
  EXPECT_EQ(bj::parse(all.body).at("items").as_array().size(), 0u);
}

// A plain contact sees only its own tickets; the organisation's manager contact sees all of them.
TEST(AccessMatrixTest, ManagerContactSeesTheWholeOrganisation) {
  World w;
  const int64_t by_manager = w.TicketOf(kManagerA);
  auto as_contact = w.app.Call("GET", "/api/v1/tickets", "", &w.callers[kContactA]);
  auto as_manager = w.app.Call("GET", "/api/v1/tickets", "", &w.callers[kManagerA]);
  std::set<int64_t> contact_ids, manager_ids;
  const bj::value contact_list = bj::parse(as_contact.body), manager_list = bj::parse(as_manager.body);
  for (const auto& t : contact_list.at("items").as_array()) contact_ids.insert(t.at("id").as_int64());
  for (const auto& t : manager_list.at("items").as_array()) manager_ids.insert(t.at("id").as_int64());
  EXPECT_TRUE(contact_ids.contains(w.ticket_a));
  EXPECT_FALSE(contact_ids.contains(by_manager));
  EXPECT_TRUE(manager_ids.contains(w.ticket_a));
  EXPECT_TRUE(manager_ids.contains(by_manager));
  EXPECT_EQ(w.app.Call("GET", "/api/v1/tickets/" + World::Id(by_manager), "", &w.callers[kContactA]).status, 404);
}

// Internal notes and internal files never reach customers, in any view.
TEST(AccessMatrixTest, InternalNotesAndFilesAreInvisibleToContacts) {
  World w;
  auto agent = w.callers[kAgent];
  ASSERT_EQ(w.app.Call("POST", "/api/v1/tickets/" + World::Id(w.ticket_a) + "/notes",
                       R"({"body":"customer is difficult zebra"})", &agent).status, 201);
  auto file = w.app.Call("POST", "/api/v1/tickets/" + World::Id(w.ticket_a) + "/attachments?filename=internal.txt&internal=true",
                         "internal bytes", &agent, {{"content-type", "text/plain"}});
  ASSERT_EQ(file.status, 201) << file.body;
  const int64_t file_id = bj::parse(file.body).at("id").as_int64();
  for (Caller c : {kContactA, kManagerA}) {
    const auto& who = w.callers[c];
    auto events = w.app.Call("GET", "/api/v1/tickets/" + World::Id(w.ticket_a) + "/events", "", &who);
    EXPECT_EQ(events.body.find("zebra"), std::string::npos);
    EXPECT_EQ(events.body.find("internal.txt"), std::string::npos);
    auto files = w.app.Call("GET", "/api/v1/tickets/" + World::Id(w.ticket_a) + "/attachments", "", &who);
    EXPECT_EQ(files.body.find("internal.txt"), std::string::npos);
    EXPECT_EQ(w.app.Call("GET", "/api/v1/attachments/" + World::Id(file_id), "", &who).status, 404);
    auto search = w.app.Call("GET", "/api/v1/tickets?q=zebra", "", &who);
    EXPECT_EQ(bj::parse(search.body).at("items").as_array().size(), 0u) << "notes are not searchable by customers";
  }
  auto staff_search = w.app.Call("GET", "/api/v1/tickets?q=zebra", "", &agent);
  EXPECT_EQ(bj::parse(staff_search.body).at("items").as_array().size(), 1u);
}

}  // namespace
}  // namespace farol::testing
