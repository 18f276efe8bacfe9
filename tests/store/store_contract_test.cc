// The store contract: what the rest of farol relies on from store::Store, its repositories, its
// transactions and its migrations. One suite, run identically against a real SQLite file and a
// real PostgreSQL server (shared/DESIGN.md: "One contract test suite runs against both").
//
// PostgreSQL runs when FAROL_TEST_POSTGRES_URL names a server (scripts/with-postgres.sh starts a
// throwaway one); otherwise its half is skipped, or fails when FAROL_REQUIRE_POSTGRES=1 so that CI
// can never skip it silently.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "store/store.h"
#include "testing/test_env.h"

namespace farol::store {
namespace {

using domain::Category;
using domain::Channel;
using domain::Contact;
using domain::CustomFieldDef;
using domain::EventType;
using domain::Level;
using domain::LinkKind;
using domain::NetworkArea;
using domain::Organisation;
using domain::Role;
using domain::Segment;
using domain::Site;
using domain::Team;
using domain::Ticket;
using domain::TicketEvent;
using domain::TicketStatus;
using domain::TicketType;
using domain::User;
using std::chrono::minutes;

#define STORE_ASSERT_OK(expr)                          \
  do {                                                 \
    const ::farol::Status store_s_ = (expr);           \
    ASSERT_TRUE(store_s_.ok()) << store_s_.ToString(); \
  } while (0)

#define STORE_EXPECT_OK(expr)                          \
  do {                                                 \
    const ::farol::Status store_s_ = (expr);           \
    EXPECT_TRUE(store_s_.ok()) << store_s_.ToString(); \
  } while (0)

#define STORE_ASSERT_OK_AND_ASSIGN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                     \
  ASSERT_TRUE(tmp.ok()) << tmp.status().ToString();      \
  lhs = std::move(tmp).value()

#define STORE_ASSERT_OK_AND_ASSIGN(lhs, expr) \
  STORE_ASSERT_OK_AND_ASSIGN_IMPL_(FAROL_CONCAT_(store_so_, __LINE__), lhs, expr)

// ---- values -----------------------------------------------------------------------------

Timestamp T0() { return farol::testing::TestEpoch(); }
Timestamp At(minutes m) { return T0() + m; }

::testing::AssertionResult Contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "'" << text << "' does not mention '" << part << "'";
}

// A message meant for a person: it names the problem, not the SQL that found it.
::testing::AssertionResult IsPlainMessage(const Status& s) {
  std::string lower;
  for (char c : s.message())
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* leak : {"constraint", "sql", "violates", "duplicate key", "unique", "sqlite"}) {
    if (lower.find(leak) != std::string::npos) {
      return ::testing::AssertionFailure() << "message leaks '" << leak << "': " << s.message();
    }
  }
  if (s.message().empty()) return ::testing::AssertionFailure() << "empty message";
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult HasFieldError(const Status& s, const std::string& field) {
  for (const FieldError& f : s.field_errors()) {
    if (f.field == field && !f.message.empty()) return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "no field error for '" << field << "' in " << s.ToString();
}

User MakeUser(const std::string& email, const std::string& name, Role role = Role::kAgent) {
  User u;
  u.email = email;
  u.name = name;
  u.role = role;
  u.created_at = T0();
  u.updated_at = T0();
  return u;
}

Organisation MakeOrg(const std::string& name, int employees = 50) {
  Organisation o;
  o.name = name;
  o.employee_count = employees;
  o.time_zone = "America/Sao_Paulo";
  o.created_at = T0();
  o.updated_at = T0();
  return o;
}

Contact MakeContact(int64_t org, const std::string& email, const std::string& name) {
  Contact c;
  c.organisation_id = org;
  c.email = email;
  c.name = name;
  c.created_at = T0();
  c.updated_at = T0();
  return c;
}

Team MakeTeam(const std::string& name) {
  Team t;
  t.name = name;
  t.created_at = T0();
  t.updated_at = T0();
  return t;
}

Ticket MakeTicket(int64_t org, const std::string& subject, const std::string& description = "") {
  Ticket t;
  t.organisation_id = org;
  t.subject = subject;
  t.description = description;
  t.status = TicketStatus::kOpen;
  t.created_at = T0();
  t.updated_at = T0();
  return t;
}

// The value of a lookup that must have found something (else a failure and a default value, so
// that the test goes on to report what else is wrong instead of dereferencing nothing).
template <typename T>
T Found(const std::optional<T>& v) {
  if (!v) {
    ADD_FAILURE() << "expected a record, found none";
    return T{};
  }
  return *v;
}

std::vector<int64_t> Ids(const TicketPage& page) {
  std::vector<int64_t> ids;
  for (const TicketListItem& item : page.items) ids.push_back(item.ticket.id);
  return ids;
}

std::vector<int64_t> Sorted(std::vector<int64_t> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// ---- fixture ----------------------------------------------------------------------------

class StoreContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres" && farol::testing::PostgresServerUrl().empty()) {
      const char* require = std::getenv("FAROL_REQUIRE_POSTGRES");
      if (require != nullptr && std::string_view(require) == "1") {
        FAIL()
            << "FAROL_REQUIRE_POSTGRES=1 but FAROL_TEST_POSTGRES_URL is not set, so the PostgreSQL "
               "half of the store contract cannot run. Run the tests through "
               "scripts/with-postgres.sh, which starts a throwaway server and exports the URL.";
      }
      GTEST_SKIP() << "PostgreSQL not configured: set FAROL_TEST_POSTGRES_URL "
                      "(scripts/with-postgres.sh does) to run this backend";
    }
    url_ = NewDatabaseUrl();
    ASSERT_FALSE(url_.empty());
    OpenStoreAt(url_);
  }

  void TearDown() override {
    if (store_) store_->Close();
  }

  // A fresh, empty database of this test's backend (a new file, or a new PostgreSQL database).
  std::string NewDatabaseUrl() {
    dirs_.push_back(std::make_unique<farol::testing::TempDir>());
    return farol::testing::FreshDatabaseUrl(GetParam(), *dirs_.back());
  }

  void OpenStoreAt(const std::string& url) {
    StoreOptions options;
    options.url = url;
    auto s = OpenStore(options);
    ASSERT_TRUE(s.ok()) << "OpenStore(" << url << "): " << s.status().ToString();
    store_ = std::move(*s);
  }

  void CloseStore() {
    store_->Close();
    store_.reset();
  }

  // Runs `f` (Tx& -> StatusOr<T>) in a write / read transaction and returns what it returned.
  template <typename F>
  auto InWrite(F&& f) {
    return Run(true, std::forward<F>(f));
  }
  template <typename F>
  auto InRead(F&& f) {
    return Run(false, std::forward<F>(f));
  }
  template <typename F>
  auto Run(bool write, F&& f) -> StatusOr<std::remove_cvref_t<decltype(*f(std::declval<Tx&>()))>> {
    using T = std::remove_cvref_t<decltype(*f(std::declval<Tx&>()))>;
    std::optional<T> out;
    const TxFn fn = [&](Tx& tx) -> Status {
      auto r = f(tx);
      if (!r.ok()) return r.status();
      out.emplace(std::move(*r));
      return OkStatus();
    };
    const Status s = write ? store_->Write(fn) : store_->Read(fn);
    if (!s.ok()) return s;
    return std::move(*out);
  }

  Status Write(const TxFn& fn) { return store_->Write(fn); }
  Status Read(const TxFn& fn) { return store_->Read(fn); }

  int64_t Must(const StatusOr<int64_t>& r, const std::string& what) {
    EXPECT_TRUE(r.ok()) << what << ": " << r.status().ToString();
    return r.ok() ? *r : 0;
  }

  int64_t AddOrg(const std::string& name, int employees = 50) {
    return Must(
        InWrite([&](Tx& tx) { return tx.organisations().Insert(MakeOrg(name, employees)); }),
        "insert organisation " + name);
  }
  int64_t AddUser(const std::string& email, const std::string& name) {
    return Must(InWrite([&](Tx& tx) { return tx.users().Insert(MakeUser(email, name), ""); }),
                "insert user " + email);
  }
  int64_t AddContact(int64_t org, const std::string& email, const std::string& name) {
    return Must(
        InWrite([&](Tx& tx) { return tx.contacts().Insert(MakeContact(org, email, name), ""); }),
        "insert contact " + email);
  }
  int64_t AddTeam(const std::string& name) {
    return Must(InWrite([&](Tx& tx) { return tx.teams().Insert(MakeTeam(name)); }),
                "insert team " + name);
  }
  int64_t AddSite(int64_t org, const std::string& name) {
    return Must(InWrite([&](Tx& tx) {
                  return tx.sites().Insert(Site{0, org, name, "", "", "BR", true, 0});
                }),
                "insert site " + name);
  }
  int64_t AddArea(int64_t org, const std::string& name) {
    return Must(InWrite([&](Tx& tx) {
                  return tx.network_areas().Insert(NetworkArea{0, org, name, "", true, 0});
                }),
                "insert network area " + name);
  }
  int64_t AddCategory(const std::string& name, int64_t parent = 0) {
    return Must(InWrite([&](Tx& tx) {
                  return tx.categories().Insert(Category{0, parent, name, true, 0});
                }),
                "insert category " + name);
  }
  // Inserts the ticket and indexes its subject and description, as the ticket service does.
  int64_t AddTicket(const Ticket& t) {
    return Must(InWrite([&](Tx& tx) -> StatusOr<int64_t> {
                  FAROL_ASSIGN_OR_RETURN(const int64_t id, tx.tickets().Insert(t));
                  FAROL_RETURN_IF_ERROR(
                      tx.tickets().IndexText(id, t.subject + "\n" + t.description, false));
                  return id;
                }),
                "insert ticket " + t.subject);
  }
  std::optional<Ticket> GetTicket(int64_t id) {
    auto t = InRead([&](Tx& tx) { return tx.tickets().Get(id); });
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    return t.ok() ? *t : std::nullopt;
  }
  // A ticket that must exist.
  Ticket LoadTicket(int64_t id) { return Found(GetTicket(id)); }

  StatusOr<TicketPage> Query(const TicketQuery& q) {
    return InRead([&](Tx& tx) { return tx.tickets().Query(q); });
  }
  // The tickets whose text matches `text`, sorted, duplicates kept.
  std::vector<int64_t> Search(const std::string& text, bool include_internal = true) {
    TicketQuery q;
    q.filter.text = text;
    q.filter.text_includes_internal = include_internal;
    q.limit = 200;
    auto page = Query(q);
    EXPECT_TRUE(page.ok()) << "searching for '" << text << "': " << page.status().ToString();
    return page.ok() ? Sorted(Ids(*page)) : std::vector<int64_t>{};
  }

  // A varied queue for the filter and sort tests, with ties in every sort key.
  void BuildQueue() {
    acme_ = AddOrg("Acme");
    beta_ = AddOrg("Beta");
    gama_ = AddOrg("Acme Filial");
    maria_ = AddContact(acme_, "maria@acme.com", "maria");
    joao_ = AddContact(acme_, "joao@acme.com", "joao");
    pedro_ = AddContact(beta_, "pedro@beta.com", "pedro");
    ana_ = AddUser("ana@farol.dev", "ana");
    bruno_ = AddUser("bruno@farol.dev", "bruno");
    network_ = AddTeam("network");
    apps_ = AddTeam("apps");
    site_acme_ = AddSite(acme_, "recife");
    site_beta_ = AddSite(beta_, "natal");
    area_acme_ = AddArea(acme_, "core");
    area_beta_ = AddArea(beta_, "access");
    hardware_ = AddCategory("hardware");
    disks_ = AddCategory("disks", hardware_);
    software_ = AddCategory("software");

    const TicketStatus statuses[] = {
        TicketStatus::kNew,      TicketStatus::kOpen,     TicketStatus::kPendingCustomer,
        TicketStatus::kOpen,     TicketStatus::kResolved, TicketStatus::kClosed,
        TicketStatus::kCancelled};
    const TicketType types[] = {TicketType::kIncident, TicketType::kServiceRequest,
                                TicketType::kChange, TicketType::kIncident, TicketType::kProblem};
    const Channel channels[] = {Channel::kEmail, Channel::kPortal, Channel::kPhone, Channel::kEmail,
                                Channel::kMonitoring};
    const std::string subjects[] = {"link down", "disk|full", "link down", "printer", "vpn slow"};
    for (int i = 0; i < 17; ++i) {
      const int64_t org = i % 3 == 0 ? beta_ : (i % 3 == 1 ? acme_ : gama_);
      Ticket t = MakeTicket(org, subjects[i % 5]);
      t.status = statuses[i % 7];
      t.type = types[i % 5];
      t.priority = 1 + i % 4;
      t.channel = channels[i % 5];
      t.team_id = (i / 2) % 3 == 0 ? 0 : ((i / 2) % 3 == 1 ? network_ : apps_);
      t.assignee_id = i % 4 == 0 ? 0 : (i % 4 == 1 ? ana_ : bruno_);
      t.requester_id =
          org == acme_ ? (i % 2 == 0 ? maria_ : joao_) : (org == beta_ && i % 2 == 1 ? pedro_ : 0);
      t.site_id = org == acme_ ? site_acme_ : (org == beta_ ? site_beta_ : 0);
      t.network_area_id = org == acme_ && i % 2 == 0 ? area_acme_ : (org == beta_ ? area_beta_ : 0);
      if (i % 3 == 0) {
        t.category_id = hardware_;
        t.subcategory_id = i % 2 == 0 ? disks_ : 0;
      } else if (i % 3 == 1) {
        t.category_id = software_;
      }
      if (i % 2 == 0) t.tags.push_back("vip");
      if (i % 3 == 0) t.tags.insert(t.tags.begin(), "backup");
      t.tier = 1 + i % 3;
      t.tier_reached = t.tier;
      t.created_at = At(minutes(60 * (i % 6)));  // ties
      t.updated_at = At(minutes(60 * 24 + 15 * (i % 4)));
      if (t.status == TicketStatus::kResolved || t.status == TicketStatus::kClosed || i % 5 == 0) {
        t.resolved_at = At(minutes(60 * (i % 8)));
      }
      t.id = AddTicket(t);
      t.version = 1;
      tickets_.push_back(t);
    }
  }

  std::vector<int64_t> Matching(const std::function<bool(const Ticket&)>& pred) const {
    std::vector<int64_t> ids;
    for (const Ticket& t : tickets_) {
      if (pred(t)) ids.push_back(t.id);
    }
    return ids;
  }

  int64_t acme_ = 0, beta_ = 0, gama_ = 0, maria_ = 0, joao_ = 0, pedro_ = 0, ana_ = 0, bruno_ = 0;
  int64_t network_ = 0, apps_ = 0, site_acme_ = 0, site_beta_ = 0, area_acme_ = 0, area_beta_ = 0;
  int64_t hardware_ = 0, disks_ = 0, software_ = 0;
  std::vector<Ticket> tickets_;

  std::string url_;
  std::unique_ptr<Store> store_;

 private:
  std::vector<std::unique_ptr<farol::testing::TempDir>> dirs_;
};

// ---- opening, URLs, migrations ------------------------------------------------------------

TEST_P(StoreContract, OpensAnswersPingsAndRefusesWorkOnceClosed) {
  EXPECT_EQ(store_->backend_name(), GetParam());
  STORE_EXPECT_OK(store_->Ping());
  STORE_EXPECT_OK(Read([](Tx& tx) {
    EXPECT_FALSE(tx.writable());
    return OkStatus();
  }));
  STORE_EXPECT_OK(Write([](Tx& tx) {
    EXPECT_TRUE(tx.writable());
    return OkStatus();
  }));

  store_->Close();
  EXPECT_EQ(Write([](Tx&) { return OkStatus(); }).code(), StatusCode::kUnavailable);
  EXPECT_EQ(Read([](Tx&) { return OkStatus(); }).code(), StatusCode::kUnavailable);
  EXPECT_FALSE(store_->Ping().ok());
}

TEST_P(StoreContract, OpenStoreRefusesUrlsItCannotServeInPlainWords) {
  struct Case {
    std::string url;
    StatusCode code;
  };
  const Case cases[] = {
      {"sqlite::memory:", StatusCode::kInvalidArgument},
      {"sqlite:file:farol?mode=memory", StatusCode::kInvalidArgument},
      {"sqlite:", StatusCode::kInvalidArgument},
      {"mysql://farol:s3cret@db/farol", StatusCode::kInvalidArgument},
      {"./data/farol.db", StatusCode::kInvalidArgument},
      // Nothing listens on port 1: the server is unreachable, and the message must not show the
      // password.
      {"postgresql://farol:s3cret@127.0.0.1:1/farol?connect_timeout=5", StatusCode::kUnavailable},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.url);
    StoreOptions options;
    options.url = c.url;
    auto s = OpenStore(options);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.status().code(), c.code) << s.status().ToString();
    EXPECT_FALSE(s.status().message().empty());
    EXPECT_FALSE(Contains(s.status().message(), "s3cret"));
  }
  EXPECT_EQ(Migrate("mysql://farol@db/farol").status().code(), StatusCode::kInvalidArgument);
}

TEST_P(StoreContract, RedactUrlHidesPasswords) {
  const std::pair<std::string, std::string> cases[] = {
      {"postgresql://farol:s3cret@db.example:5432/farol",
       "postgresql://farol:***@db.example:5432/farol"},
      {"postgres://farol:s3cret@db/farol?sslmode=require",
       "postgres://farol:***@db/farol?sslmode=require"},
      {"postgresql://db/farol?user=farol&password=s3cret&sslmode=require",
       "postgresql://db/farol?user=farol&password=***&sslmode=require"},
      {"host=db user=farol password=s3cret dbname=farol",
       "host=db user=farol password=*** dbname=farol"},
      {"postgresql://farol@db:5432/farol", "postgresql://farol@db:5432/farol"},
      {"sqlite:./data/farol.db", "sqlite:./data/farol.db"},
  };
  for (const auto& [url, redacted] : cases) {
    EXPECT_EQ(RedactUrl(url), redacted) << url;
  }
}

TEST_P(StoreContract, FreshDatabaseIsAtTheLatestSchemaVersion) {
  STORE_ASSERT_OK_AND_ASSIGN(const MigrationReport report, Migrate(url_));
  EXPECT_GE(report.latest_version, 2);
  EXPECT_EQ(report.from_version, report.latest_version);
  EXPECT_EQ(report.to_version, report.latest_version);
  STORE_ASSERT_OK_AND_ASSIGN(
      const int64_t recorded, InRead([](Tx& tx) {
        return tx.connectionForTest().QueryInt("SELECT version FROM schema_version");
      }));
  EXPECT_EQ(recorded, report.latest_version);
}

TEST_P(StoreContract, MigratesStepByStepAndOnlyOpensTheLatestSchemaWithoutMigrating) {
  const std::string url = NewDatabaseUrl();
  STORE_ASSERT_OK_AND_ASSIGN(const MigrationReport v1, Migrate(url, 1));
  EXPECT_EQ(v1.from_version, 0);
  EXPECT_EQ(v1.to_version, 1);

  StoreOptions no_migrate;
  no_migrate.url = url;
  no_migrate.migrate = false;
  auto refused = OpenStore(no_migrate);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(refused.status().message(), "farol migrate"));

  STORE_ASSERT_OK_AND_ASSIGN(const MigrationReport up, Migrate(url));
  EXPECT_EQ(up.from_version, 1);
  EXPECT_EQ(up.to_version, up.latest_version);

  auto opened = OpenStore(no_migrate);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  (*opened)->Close();

  STORE_ASSERT_OK_AND_ASSIGN(const MigrationReport again, Migrate(url));
  EXPECT_EQ(again.from_version, up.latest_version);
  EXPECT_EQ(again.to_version, up.latest_version);
}

TEST_P(StoreContract, ConcurrentMigrationsOfOneDatabaseAgree) {
  const std::string url = NewDatabaseUrl();
  constexpr int kRunners = 4;
  std::vector<StatusOr<MigrationReport>> reports(kRunners, InternalError("did not run"));
  std::vector<std::thread> runners;
  for (int i = 0; i < kRunners; ++i) {
    runners.emplace_back([&, i] { reports[static_cast<size_t>(i)] = Migrate(url); });
  }
  for (std::thread& t : runners) t.join();
  int from_empty = 0;
  for (const auto& r : reports) {
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->to_version, r->latest_version);
    if (r->from_version == 0) ++from_empty;
  }
  EXPECT_EQ(from_empty, 1) << "exactly one runner should have found the database empty";
}

TEST_P(StoreContract, UpgradingAVersion1DatabaseKeepsItsRowsAndMakesThemSearchable) {
  // Make the database what a v1 build leaves behind: the v1 tables, no search index. (A store
  // cannot be opened on the database Migrate(url, 1) makes, as the test above shows, so the raw
  // rows are written through a store opened before the schema is taken back to version 1.)
  STORE_ASSERT_OK(Write([](Tx& tx) -> Status {
    sql::Connection& c = tx.connectionForTest();
    FAROL_RETURN_IF_ERROR(c.Query("DROP TABLE ticket_text").status());
    // What v3 to v12 added, so that this is the schema v1 really had.
    for (const char* table : {"problem_words", "problem_text", "problem_files", "problem_events", "problem_actions", "problem_links", "problem_tickets", "problem_organisations", "problems", "guardian_settings", "survey_question_answers", "survey_campaign_sends", "survey_campaigns", "survey_daily", "survey_alert_routes", "survey_followups", "survey_skips", "survey_responses", "survey_invitations", "surveys", "agent_presence", "chats", "chat_widgets", "magic_links", "monitoring_alerts", "monitoring_channels", "mail_messages", "contracts", "escalations",
                              "calendar_versions", "sla_policy_versions", "calendars", "sla_policies", "audit_log"}) {
      FAROL_RETURN_IF_ERROR(c.Query(std::string("DROP TABLE ") + table).status());
    }
    FAROL_RETURN_IF_ERROR(c.Query("DROP TABLE saved_filters").status());
    for (const char* table : {"deliveries", "alert_channels", "sla_timers"}) {
      FAROL_RETURN_IF_ERROR(c.Query(std::string("DROP TABLE ") + table).status());
    }
    for (const char* index : {"tickets_sla_due", "tickets_sla_unchecked"}) {
      FAROL_RETURN_IF_ERROR(c.Query(std::string("DROP INDEX ") + index).status());
    }
    for (const char* column : {"sla_due", "sla_warn", "sla_breached", "sla_checked"}) {
      FAROL_RETURN_IF_ERROR(c.Query(std::string("ALTER TABLE tickets DROP COLUMN ") + column).status());
    }
    for (const char* index : {"tickets_org_updated", "tickets_team_updated", "tickets_assignee_updated",
                              "tickets_priority_updated", "tickets_status_priority_updated"}) {
      FAROL_RETURN_IF_ERROR(c.Query(std::string("DROP INDEX ") + index).status());
    }
    return c.Query("UPDATE schema_version SET version = 1").status();
  }));
  STORE_ASSERT_OK_AND_ASSIGN(const MigrationReport at_v1, Migrate(url_, 1));
  ASSERT_EQ(at_v1.from_version, 1);

  int64_t ticket = 0;
  STORE_ASSERT_OK(Write([&](Tx& tx) -> Status {
    sql::Connection& c = tx.connectionForTest();
    FAROL_ASSIGN_OR_RETURN(
        const int64_t org,
        c.QueryInt("INSERT INTO organisations (name, employee_count, segment, time_zone, "
                   "email_domains, active, created_at, updated_at, version) "
                   "VALUES ($1, 40, 'smb', 'UTC', '', 1, $2, $2, 1) RETURNING id",
                   {"Legado Ltda", T0()}));
    FAROL_ASSIGN_OR_RETURN(
        ticket, c.QueryInt("INSERT INTO tickets (type, status, priority, impact, urgency, subject, "
                           "description, organisation_id, channel, created_by_kind, created_at, "
                           "updated_at) VALUES ('incident', 'open', 2, 2, 2, $1, $2, $3, 'email', "
                           "'system', $4, $4) RETURNING id",
                           {"Impressora fiscal parada",
                            "A emissão de notas falhou em nfe.acme.com.br", org, T0()}));
    constexpr std::string_view kEvent =
        "INSERT INTO ticket_events (ticket_id, type, at, author_kind, author_id, internal, data) "
        "VALUES ($1, $2, $3, 'system', 0, $4, $5)";
    FAROL_RETURN_IF_ERROR(c.Query(kEvent, {ticket, "public_reply", At(minutes(5)), 0,
                                           R"({"body":"Trocamos o cabeçote da impressora"})"})
                              .status());
    return c
        .Query(kEvent, {ticket, "internal_note", At(minutes(6)), 1,
                        R"({"body":"fornecedor atrasou a peça"})"})
        .status();
  }));
  EXPECT_EQ(ticket, 1001);
  CloseStore();

  StoreOptions no_migrate;
  no_migrate.url = url_;
  no_migrate.migrate = false;
  auto refused = OpenStore(no_migrate);
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(Contains(refused.status().message(), "farol migrate"));

  STORE_ASSERT_OK_AND_ASSIGN(const MigrationReport up, Migrate(url_));
  EXPECT_EQ(up.from_version, 1);
  EXPECT_EQ(up.to_version, up.latest_version);
  OpenStoreAt(url_);

  const auto t = GetTicket(ticket);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->subject, "Impressora fiscal parada");
  EXPECT_EQ(t->status, TicketStatus::kOpen);
  STORE_ASSERT_OK_AND_ASSIGN(const auto events,
                             InRead([&](Tx& tx) { return tx.tickets().Events(ticket, true); }));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].body, "Trocamos o cabeçote da impressora");

  EXPECT_EQ(Search("impressora"), std::vector<int64_t>{ticket});  // subject
  EXPECT_EQ(Search("emissao"), std::vector<int64_t>{ticket});     // description, accent folded
  EXPECT_EQ(Search("acme"), std::vector<int64_t>{ticket});        // a word of a host name
  EXPECT_EQ(Search("cabecote"), std::vector<int64_t>{ticket});    // the reply
  EXPECT_EQ(Search("fornecedor", true), std::vector<int64_t>{ticket});  // the note, for staff
  EXPECT_TRUE(Search("fornecedor", false).empty());                     // but not for contacts
}

TEST_P(StoreContract, ADatabaseNewerThanThisBuildIsRefusedAndLeftAlone) {
  STORE_ASSERT_OK(Write([](Tx& tx) {
    return tx.connectionForTest().Query("UPDATE schema_version SET version = 99").status();
  }));
  CloseStore();

  for (const bool migrate : {true, false}) {
    StoreOptions options;
    options.url = url_;
    options.migrate = migrate;
    auto s = OpenStore(options);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.status().code(), StatusCode::kFailedPrecondition);
    EXPECT_TRUE(Contains(s.status().message(), "newer"));
    EXPECT_TRUE(Contains(s.status().message(), "99"));
  }
  auto migrated = Migrate(url_);
  ASSERT_FALSE(migrated.ok());
  EXPECT_EQ(migrated.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(migrated.status().message(), "newer"));
  // Still version 99: nothing was changed by the attempts.
  EXPECT_TRUE(Contains(Migrate(url_).status().message(), "version 99"));
}

// ---- people and places --------------------------------------------------------------------

TEST_P(StoreContract, UsersAreStoredAndFoundByEmailIgnoringCase) {
  User ana = MakeUser("Ana.Souza@Example.COM", "Ana Souza", Role::kManager);
  ana.tier = 2;
  ana.locale = "pt-BR";
  ana.time_zone = "America/Sao_Paulo";
  ana.must_change_password = true;
  STORE_ASSERT_OK_AND_ASSIGN(const int64_t id,
                             InWrite([&](Tx& tx) { return tx.users().Insert(ana, "hash-1"); }));

  STORE_ASSERT_OK_AND_ASSIGN(const auto got, InRead([&](Tx& tx) { return tx.users().Get(id); }));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->id, id);
  EXPECT_EQ(got->email, "ana.souza@example.com");
  EXPECT_EQ(got->name, "Ana Souza");
  EXPECT_EQ(got->role, Role::kManager);
  EXPECT_EQ(got->tier, 2);
  EXPECT_TRUE(got->active);
  EXPECT_EQ(got->locale, "pt-BR");
  EXPECT_EQ(got->time_zone, "America/Sao_Paulo");
  EXPECT_TRUE(got->must_change_password);
  EXPECT_EQ(got->created_at, T0());
  EXPECT_EQ(got->version, 1);

  STORE_ASSERT_OK_AND_ASSIGN(const auto by_email, InRead([](Tx& tx) {
                               return tx.users().GetByEmail(" ANA.souza@example.com ");
                             }));
  ASSERT_TRUE(by_email.has_value());
  EXPECT_EQ(by_email->id, id);
  STORE_ASSERT_OK_AND_ASSIGN(const auto nobody, InRead([](Tx& tx) {
                               return tx.users().GetByEmail("nobody@example.com");
                             }));
  EXPECT_FALSE(nobody.has_value());
  STORE_ASSERT_OK_AND_ASSIGN(const auto missing,
                             InRead([](Tx& tx) { return tx.users().Get(424242); }));
  EXPECT_FALSE(missing.has_value());

  STORE_ASSERT_OK_AND_ASSIGN(const Credentials creds,
                             InRead([&](Tx& tx) { return tx.users().GetCredentials(id); }));
  EXPECT_EQ(creds.id, id);
  EXPECT_EQ(creds.password_hash, "hash-1");
  EXPECT_EQ(InRead([](Tx& tx) { return tx.users().GetCredentials(424242); }).status().code(),
            StatusCode::kNotFound);

  STORE_ASSERT_OK(
      Write([&](Tx& tx) { return tx.users().SetPassword(id, "hash-2", false, At(minutes(1))); }));
  STORE_ASSERT_OK_AND_ASSIGN(const Credentials changed,
                             InRead([&](Tx& tx) { return tx.users().GetCredentials(id); }));
  EXPECT_EQ(changed.password_hash, "hash-2");
  STORE_ASSERT_OK_AND_ASSIGN(const auto after, InRead([&](Tx& tx) { return tx.users().Get(id); }));
  ASSERT_TRUE(after.has_value());
  EXPECT_FALSE(after->must_change_password);
  EXPECT_EQ(after->version, 2);
  EXPECT_EQ(Write([](Tx& tx) { return tx.users().SetPassword(424242, "x", false, T0()); }).code(),
            StatusCode::kNotFound);

  STORE_ASSERT_OK_AND_ASSIGN(const int64_t count,
                             InRead([](Tx& tx) { return tx.users().Count(); }));
  EXPECT_EQ(count, 1);
}

TEST_P(StoreContract, UsersAreListedBySearchRoleActivityAndPage) {
  const int64_t team = AddTeam("Rede");
  std::vector<int64_t> ids;
  const std::vector<std::tuple<std::string, std::string, Role, bool>> people = {
      {"ana@acme.com", "Ana Souza", Role::kAgent, true},
      {"bruno@acme.com", "Bruno Lima", Role::kAdmin, true},
      {"carla@beta.com", "Carla Souza", Role::kAgent, false},
      {"davi@beta.com", "Davi 50% Rocha", Role::kCsm, true},
  };
  for (const auto& [email, name, role, active] : people) {
    User u = MakeUser(email, name, role);
    u.active = active;
    STORE_ASSERT_OK_AND_ASSIGN(const int64_t id,
                               InWrite([&](Tx& tx) { return tx.users().Insert(u, ""); }));
    ids.push_back(id);
  }
  STORE_ASSERT_OK(Write([&](Tx& tx) { return tx.teams().AddMember(team, ids[2]); }));

  auto list = [&](const ListOptions& o, std::optional<Role> role) {
    auto r = InRead([&](Tx& tx) { return tx.users().List(o, role); });
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::vector<int64_t> out;
    if (r.ok()) {
      for (const User& u : *r) out.push_back(u.id);
    }
    return out;
  };
  ListOptions all = ListOptions::First(100);
  EXPECT_EQ(list(all, std::nullopt), ids);
  ListOptions souza = all;
  souza.query = "SOUZA";
  EXPECT_EQ(list(souza, std::nullopt), (std::vector<int64_t>{ids[0], ids[2]}));
  ListOptions by_mail = all;
  by_mail.query = "@beta";
  EXPECT_EQ(list(by_mail, std::nullopt), (std::vector<int64_t>{ids[2], ids[3]}));
  ListOptions percent = all;
  percent.query = "50%";  // LIKE wildcards are plain text
  EXPECT_EQ(list(percent, std::nullopt), std::vector<int64_t>{ids[3]});
  ListOptions underscore = all;
  underscore.query = "a_a";
  EXPECT_TRUE(list(underscore, std::nullopt).empty());
  EXPECT_EQ(list(all, Role::kAgent), (std::vector<int64_t>{ids[0], ids[2]}));
  ListOptions active = all;
  active.active = true;
  EXPECT_EQ(list(active, std::nullopt), (std::vector<int64_t>{ids[0], ids[1], ids[3]}));
  ListOptions inactive = all;
  inactive.active = false;
  EXPECT_EQ(list(inactive, std::nullopt), std::vector<int64_t>{ids[2]});

  ListOptions page = ListOptions::First(3);
  EXPECT_EQ(list(page, std::nullopt), (std::vector<int64_t>{ids[0], ids[1], ids[2]}));
  page.after_id = ids[2];
  EXPECT_EQ(list(page, std::nullopt), std::vector<int64_t>{ids[3]});

  STORE_ASSERT_OK_AND_ASSIGN(const auto listed,
                             InRead([&](Tx& tx) { return tx.users().List(all, std::nullopt); }));
  ASSERT_EQ(listed.size(), 4u);
  EXPECT_TRUE(listed[0].team_ids.empty());
  EXPECT_EQ(listed[2].team_ids, std::vector<int64_t>{team});
}

TEST_P(StoreContract, TeamsKeepTheirMembersAndCannotBeDeletedWhileTicketsUseThem) {
  const int64_t ana = AddUser("ana@acme.com", "Ana");
  const int64_t bruno = AddUser("bruno@acme.com", "Bruno");
  Team network = MakeTeam("Network");
  network.description = "Routers and links";
  network.manager_id = ana;
  STORE_ASSERT_OK_AND_ASSIGN(const int64_t net,
                             InWrite([&](Tx& tx) { return tx.teams().Insert(network); }));
  const int64_t apps = AddTeam("Applications");

  STORE_ASSERT_OK(Write([&](Tx& tx) -> Status {
    FAROL_RETURN_IF_ERROR(tx.teams().AddMember(net, bruno));
    FAROL_RETURN_IF_ERROR(tx.teams().AddMember(net, ana));
    FAROL_RETURN_IF_ERROR(tx.teams().AddMember(net, ana));  // idempotent
    return tx.teams().AddMember(apps, ana);
  }));
  STORE_ASSERT_OK_AND_ASSIGN(const auto got, InRead([&](Tx& tx) { return tx.teams().Get(net); }));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->name, "Network");
  EXPECT_EQ(got->description, "Routers and links");
  EXPECT_EQ(got->manager_id, ana);
  EXPECT_EQ(got->member_ids, (std::vector<int64_t>{ana, bruno}));
  EXPECT_EQ(got->version, 1);
  STORE_ASSERT_OK_AND_ASSIGN(const auto teams_of_ana,
                             InRead([&](Tx& tx) { return tx.teams().TeamsOf(ana); }));
  EXPECT_EQ(Sorted(teams_of_ana), Sorted({net, apps}));
  STORE_ASSERT_OK_AND_ASSIGN(const auto ana_user,
                             InRead([&](Tx& tx) { return tx.users().Get(ana); }));
  ASSERT_TRUE(ana_user.has_value());
  EXPECT_EQ(Sorted(ana_user->team_ids), Sorted({net, apps}));

  STORE_ASSERT_OK_AND_ASSIGN(const auto listed, InRead([](Tx& tx) { return tx.teams().List(); }));
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].name, "Applications");  // by name
  EXPECT_EQ(listed[0].member_ids, std::vector<int64_t>{ana});
  EXPECT_EQ(listed[1].member_ids, (std::vector<int64_t>{ana, bruno}));

  STORE_ASSERT_OK(Write([&](Tx& tx) { return tx.teams().RemoveMember(net, bruno); }));
  STORE_ASSERT_OK_AND_ASSIGN(const auto bruno_teams,
                             InRead([&](Tx& tx) { return tx.teams().TeamsOf(bruno); }));
  EXPECT_TRUE(bruno_teams.empty());

  // A team that still has tickets stays, with its members.
  Ticket t = MakeTicket(AddOrg("Acme"), "Link down");
  t.team_id = net;
  const int64_t ticket = AddTicket(t);
  const Status refused = Write([&](Tx& tx) { return tx.teams().Delete(net); });
  EXPECT_EQ(refused.code(), StatusCode::kFailedPrecondition) << refused.ToString();
  EXPECT_TRUE(IsPlainMessage(refused));
  STORE_ASSERT_OK_AND_ASSIGN(const auto kept, InRead([&](Tx& tx) { return tx.teams().Get(net); }));
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->member_ids, std::vector<int64_t>{ana});

  // Once the ticket moved, the team can go, and its memberships with it.
  Ticket moved = LoadTicket(ticket);
  moved.team_id = apps;
  STORE_ASSERT_OK(Write([&](Tx& tx) { return tx.tickets().Update(moved, moved.version); }));
  STORE_ASSERT_OK(Write([&](Tx& tx) { return tx.teams().Delete(net); }));
  STORE_ASSERT_OK_AND_ASSIGN(const auto gone, InRead([&](Tx& tx) { return tx.teams().Get(net); }));
  EXPECT_FALSE(gone.has_value());
  STORE_ASSERT_OK_AND_ASSIGN(const auto ana_teams,
                             InRead([&](Tx& tx) { return tx.teams().TeamsOf(ana); }));
  EXPECT_EQ(ana_teams, std::vector<int64_t>{apps});
  EXPECT_EQ(Write([&](Tx& tx) { return tx.teams().Delete(net); }).code(), StatusCode::kNotFound);
}

TEST_P(StoreContract, OrganisationSegmentFollowsEmployeeCount) {
  const std::pair<int, Segment> cases[] = {
      {0, Segment::kSmb},         {99, Segment::kSmb},          {100, Segment::kMidMarket},
      {999, Segment::kMidMarket}, {1000, Segment::kEnterprise}, {250000, Segment::kEnterprise},
  };
  for (const auto& [employees, segment] : cases) {
    Organisation o = MakeOrg("Org " + std::to_string(employees), employees);
    o.segment = Segment::kEnterprise;  // ignored: the store derives it
    if (employees >= 1000) o.segment = Segment::kSmb;
    STORE_ASSERT_OK_AND_ASSIGN(const int64_t id,
                               InWrite([&](Tx& tx) { return tx.organisations().Insert(o); }));
    STORE_ASSERT_OK_AND_ASSIGN(const auto got,
                               InRead([&](Tx& tx) { return tx.organisations().Get(id); }));
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->segment, segment) << employees << " employees";
  }

  // An update re-derives it.
  const int64_t id = AddOrg("Growing", 50);
  STORE_ASSERT_OK_AND_ASSIGN(auto grown,
                             InRead([&](Tx& tx) { return tx.organisations().Get(id); }));
  ASSERT_TRUE(grown.has_value());
  ASSERT_EQ(grown->segment, Segment::kSmb);
  grown->employee_count = 5000;
  STORE_ASSERT_OK(Write([&](Tx& tx) { return tx.organisations().Update(*grown, 1); }));
  STORE_ASSERT_OK_AND_ASSIGN(const auto after,
                             InRead([&](Tx& tx) { return tx.organisations().Get(id); }));
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->segment, Segment::kEnterprise);
  EXPECT_EQ(after->employee_count, 5000);
}

TEST_P(StoreContract, OrganisationsAreStoredAndListed) {
  const int64_t csm = AddUser("csm@farol.dev", "Clara");
  Organisation acme = MakeOrg("Acme Telecom", 120);
  acme.csm_id = csm;
  acme.email_domains = {"acme.com", "acme.com.br"};
  acme.time_zone = "America/Recife";
  STORE_ASSERT_OK_AND_ASSIGN(const int64_t a,
                             InWrite([&](Tx& tx) { return tx.organisations().Insert(acme); }));
  Organisation off = MakeOrg("Beta 50% Ltda", 10);
  off.active = false;
  STORE_ASSERT_OK_AND_ASSIGN(const int64_t b,
                             InWrite([&](Tx& tx) { return tx.organisations().Insert(off); }));
  const int64_t c = AddOrg("Beta 500 Ltda", 10);

  STORE_ASSERT_OK_AND_ASSIGN(const auto got,
                             InRead([&](Tx& tx) { return tx.organisations().Get(a); }));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->name, "Acme Telecom");
  EXPECT_EQ(got->employee_count, 120);
  EXPECT_EQ(got->csm_id, csm);
  EXPECT_EQ(got->email_domains, (std::vector<std::string>{"acme.com", "acme.com.br"}));
  EXPECT_EQ(got->time_zone, "America/Recife");
  EXPECT_TRUE(got->active);
  EXPECT_EQ(got->created_at, T0());
  EXPECT_EQ(got->version, 1);
  STORE_ASSERT_OK_AND_ASSIGN(const auto missing,
                             InRead([](Tx& tx) { return tx.organisations().Get(424242); }));
  EXPECT_FALSE(missing.has_value());

  auto list = [&](ListOptions o) {
    auto r = InRead([&](Tx& tx) { return tx.organisations().List(o); });
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::vector<int64_t> out;
    if (r.ok()) {
      for (const Organisation& org : *r) out.push_back(org.id);
    }
    return out;
  };
  ListOptions all = ListOptions::First(100);
  EXPECT_EQ(list(all), (std::vector<int64_t>{a, b, c}));
  ListOptions beta = all;
  beta.query = "BETA";
  EXPECT_EQ(list(beta), (std::vector<int64_t>{b, c}));
  ListOptions percent = all;
  percent.query = "50%";
  EXPECT_EQ(list(percent), std::vector<int64_t>{b});
  ListOptions active = all;
  active.active = true;
  EXPECT_EQ(list(active), (std::vector<int64_t>{a, c}));
  ListOptions inactive = all;
  inactive.active = false;
  EXPECT_EQ(list(inactive), std::vector<int64_t>{b});
  ListOptions page = ListOptions::First(2);
  EXPECT_EQ(list(page), (std::vector<int64_t>{a, b}));
  page.after_id = b;
  EXPECT_EQ(list(page), std::vector<int64_t>{c});
}

TEST_P(StoreContract, SitesAndNetworkAreasBelongToTheirOrganisation) {
  const int64_t acme = AddOrg("Acme");
  const int64_t beta = AddOrg("Beta");
  STORE_ASSERT_OK_AND_ASSIGN(const int64_t recife, InWrite([&](Tx& tx) {
                               return tx.sites().Insert(Site{0, acme, "Recife", "Av. Boa Viagem 1",
                                                             "Recife", "BR", true, 0});
                             }));
  const int64_t natal = AddSite(acme, "Natal");
  const int64_t beta_recife = AddSite(beta, "Recife");  // the same name elsewhere is fine
  STORE_ASSERT_OK_AND_ASSIGN(const auto site,
                             InRead([&](Tx& tx) { return tx.sites().Get(recife); }));
  ASSERT_TRUE(site.has_value());
  EXPECT_EQ(site->organisation_id, acme);
  EXPECT_EQ(site->name, "Recife");
  EXPECT_EQ(site->address, "Av. Boa Viagem 1");
  EXPECT_EQ(site->city, "Recife");
  EXPECT_EQ(site->country, "BR");
  EXPECT_TRUE(site->active);
  EXPECT_EQ(site->version, 1);
  STORE_ASSERT_OK_AND_ASSIGN(const auto acme_sites,
                             InRead([&](Tx& tx) { return tx.sites().ListFor(acme); }));
  ASSERT_EQ(acme_sites.size(), 2u);
  EXPECT_EQ(acme_sites[0].id, natal);  // by name
  EXPECT_EQ(acme_sites[1].id, recife);
  STORE_ASSERT_OK_AND_ASSIGN(const auto beta_sites,
                             InRead([&](Tx& tx) { return tx.sites().ListFor(beta); }));
  ASSERT_EQ(beta_sites.size(), 1u);
  EXPECT_EQ(beta_sites[0].id, beta_recife);

  STORE_ASSERT_OK_AND_ASSIGN(
      const int64_t core, InWrite([&](Tx& tx) {
        return tx.network_areas().Insert(NetworkArea{0, acme, "Core", "MPLS backbone", true, 0});
      }));
  const int64_t access = AddArea(acme, "Access");
  AddArea(beta, "Core");
  STORE_ASSERT_OK_AND_ASSIGN(const auto area,
                             InRead([&](Tx& tx) { return tx.network_areas().Get(core); }));
  ASSERT_TRUE(area.has_value());
  EXPECT_EQ(area->organisation_id, acme);
  EXPECT_EQ(area->name, "Core");
  EXPECT_EQ(area->description, "MPLS backbone");
  STORE_ASSERT_OK_AND_ASSIGN(const auto areas,
                             InRead([&](Tx& tx) { return tx.network_areas().ListFor(acme); }));
  ASSERT_EQ(areas.size(), 2u);
  EXPECT_EQ(areas[0].id, access);
  EXPECT_EQ(areas[1].id, core);
  STORE_ASSERT_OK_AND_ASSIGN(const auto none,
                             InRead([](Tx& tx) { return tx.network_areas().Get(424242); }));
  EXPECT_FALSE(none.has_value());
}

TEST_P(StoreContract, ContactsKnowWhetherTheyHaveAPassword) {
  const int64_t acme = AddOrg("Acme");
  const int64_t beta = AddOrg("Beta");
  Contact maria = MakeContact(acme, "Maria@Acme.com", "Maria Silva");
  maria.phone = "+55 81 99999-0000";
  maria.portal_user = true;
  maria.manager = true;
  maria.locale = "pt-BR";
  maria.time_zone = "America/Recife";
  STORE_ASSERT_OK_AND_ASSIGN(
      const int64_t m, InWrite([&](Tx& tx) { return tx.contacts().Insert(maria, "hash-m"); }));
  const int64_t joao = AddContact(acme, "joao@acme.com", "João Souza");
  const int64_t pedro = AddContact(beta, "pedro@beta.com", "Pedro Souza");

  STORE_ASSERT_OK_AND_ASSIGN(const auto got, InRead([&](Tx& tx) { return tx.contacts().Get(m); }));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->organisation_id, acme);
  EXPECT_EQ(got->email, "maria@acme.com");
  EXPECT_EQ(got->name, "Maria Silva");
  EXPECT_EQ(got->phone, "+55 81 99999-0000");
  EXPECT_TRUE(got->portal_user);
  EXPECT_TRUE(got->manager);
  EXPECT_EQ(got->locale, "pt-BR");
  EXPECT_EQ(got->time_zone, "America/Recife");
  EXPECT_TRUE(got->has_password);
  EXPECT_EQ(got->version, 1);
  STORE_ASSERT_OK_AND_ASSIGN(const auto without,
                             InRead([&](Tx& tx) { return tx.contacts().Get(joao); }));
  ASSERT_TRUE(without.has_value());
  EXPECT_FALSE(without->has_password);
  STORE_ASSERT_OK_AND_ASSIGN(const auto by_email, InRead([](Tx& tx) {
                               return tx.contacts().GetByEmail("MARIA@acme.COM");
                             }));
  ASSERT_TRUE(by_email.has_value());
  EXPECT_EQ(by_email->id, m);
  STORE_ASSERT_OK_AND_ASSIGN(const Credentials creds,
                             InRead([&](Tx& tx) { return tx.contacts().GetCredentials(m); }));
  EXPECT_EQ(creds.password_hash, "hash-m");
  EXPECT_EQ(InRead([](Tx& tx) { return tx.contacts().GetCredentials(424242); }).status().code(),
            StatusCode::kNotFound);

  STORE_ASSERT_OK(
      Write([&](Tx& tx) { return tx.contacts().SetPassword(joao, "hash-j", At(minutes(1))); }));
  STORE_ASSERT_OK_AND_ASSIGN(const auto with,
                             InRead([&](Tx& tx) { return tx.contacts().Get(joao); }));
  ASSERT_TRUE(with.has_value());
  EXPECT_TRUE(with->has_password);
  EXPECT_EQ(with->version, 2);
  STORE_ASSERT_OK(Write([&](Tx& tx) { return tx.contacts().SetPassword(m, "", At(minutes(2))); }));
  STORE_ASSERT_OK_AND_ASSIGN(const auto cleared,
                             InRead([&](Tx& tx) { return tx.contacts().Get(m); }));
  ASSERT_TRUE(cleared.has_value());
  EXPECT_FALSE(cleared->has_password);
  EXPECT_EQ(Write([](Tx& tx) { return tx.contacts().SetPassword(424242, "x", T0()); }).code(),
            StatusCode::kNotFound);

  auto list = [&](int64_t org, const std::string& query) {
    ListOptions o = ListOptions::First(100);
    o.query = query;
    auto r = InRead([&](Tx& tx) { return tx.contacts().List(org, o); });
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::vector<int64_t> out;
    if (r.ok()) {
      for (const Contact& c : *r) out.push_back(c.id);
    }
    return out;
  };
  EXPECT_EQ(list(acme, ""), (std::vector<int64_t>{m, joao}));
  EXPECT_EQ(list(0, ""), (std::vector<int64_t>{m, joao, pedro}));
  EXPECT_EQ(list(0, "souza"), (std::vector<int64_t>{joao, pedro}));
  EXPECT_EQ(list(acme, "souza"), std::vector<int64_t>{joao});
  EXPECT_EQ(list(0, "@beta.com"), std::vector<int64_t>{pedro});
}

TEST_P(StoreContract, CategoriesNestOneLevel) {
  const int64_t network = AddCategory("Network");
  const int64_t access = AddCategory("Access", 0);
  const int64_t wan = AddCategory("WAN", network);
  const int64_t lan = AddCategory("LAN", network);
  const int64_t access_lan = AddCategory("LAN", access);  // the same name under another parent
  STORE_ASSERT_OK_AND_ASSIGN(const auto got,
                             InRead([&](Tx& tx) { return tx.categories().Get(wan); }));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->parent_id, network);
  EXPECT_EQ(got->name, "WAN");
  EXPECT_TRUE(got->active);
  EXPECT_EQ(got->version, 1);
  STORE_ASSERT_OK_AND_ASSIGN(const auto all, InRead([](Tx& tx) { return tx.categories().List(); }));
  std::vector<int64_t> order;
  for (const Category& c : all) order.push_back(c.id);
  // Top level first by name, then the children of each parent (in the order parents were made) by
  // name.
  EXPECT_EQ(order, (std::vector<int64_t>{access, network, lan, wan, access_lan}));
}

TEST_P(StoreContract, CustomFieldsAreDefinedPerTicketType) {
  CustomFieldDef circuit{0,
                         TicketType::kIncident,
                         "circuit",
                         "Circuit",
                         domain::CustomFieldType::kText,
                         {},
                         true,
                         true,
                         2,
                         0};
  CustomFieldDef site{0,
                      TicketType::kIncident,
                      "site_kind",
                      "Site kind",
                      domain::CustomFieldType::kSelect,
                      {"branch", "hq"},
                      false,
                      true,
                      1,
                      0};
  CustomFieldDef go_live{0,
                         TicketType::kChange,
                         "circuit",
                         "Go-live circuit",
                         domain::CustomFieldType::kDate,
                         {},
                         false,
                         false,
                         0,
                         0};
  STORE_ASSERT_OK_AND_ASSIGN(circuit.id,
                             InWrite([&](Tx& tx) { return tx.custom_fields().Insert(circuit); }));
  STORE_ASSERT_OK_AND_ASSIGN(site.id,
                             InWrite([&](Tx& tx) { return tx.custom_fields().Insert(site); }));
  STORE_ASSERT_OK_AND_ASSIGN(go_live.id,
                             InWrite([&](Tx& tx) { return tx.custom_fields().Insert(go_live); }));
  circuit.version = site.version = go_live.version = 1;

  STORE_ASSERT_OK_AND_ASSIGN(const auto got,
                             InRead([&](Tx& tx) { return tx.custom_fields().Get(site.id); }));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(*got, site);
  STORE_ASSERT_OK_AND_ASSIGN(const auto incident, InRead([](Tx& tx) {
                               return tx.custom_fields().List(TicketType::kIncident);
                             }));
  EXPECT_EQ(incident, (std::vector<CustomFieldDef>{site, circuit}));  // by position
  STORE_ASSERT_OK_AND_ASSIGN(const auto every,
                             InRead([](Tx& tx) { return tx.custom_fields().List(std::nullopt); }));
  EXPECT_EQ(every.size(), 3u);
  STORE_ASSERT_OK_AND_ASSIGN(const auto problems, InRead([](Tx& tx) {
                               return tx.custom_fields().List(TicketType::kProblem);
                             }));
  EXPECT_TRUE(problems.empty());

  site.label = "Kind of site";
  site.options = {"branch", "datacenter", "hq"};
  site.required = true;
  STORE_ASSERT_OK(Write([&](Tx& tx) { return tx.custom_fields().Update(site, 1); }));
  site.version = 2;
  STORE_ASSERT_OK_AND_ASSIGN(const auto updated,
                             InRead([&](Tx& tx) { return tx.custom_fields().Get(site.id); }));
  EXPECT_EQ(*updated, site);
}

TEST_P(StoreContract, SettingsPutInsertsOrReplaces) {
  STORE_ASSERT_OK_AND_ASSIGN(const auto none,
                             InRead([](Tx& tx) { return tx.settings().Get("priority_matrix"); }));
  EXPECT_FALSE(none.has_value());
  STORE_ASSERT_OK(Write([](Tx& tx) { return tx.settings().Put("priority_matrix", "v1"); }));
  STORE_ASSERT_OK(Write([](Tx& tx) { return tx.settings().Put("other", ""); }));
  STORE_ASSERT_OK(Write([](Tx& tx) { return tx.settings().Put("priority_matrix", "v2 ação"); }));
  STORE_ASSERT_OK_AND_ASSIGN(const auto value,
                             InRead([](Tx& tx) { return tx.settings().Get("priority_matrix"); }));
  EXPECT_EQ(value, std::optional<std::string>("v2 ação"));
  STORE_ASSERT_OK_AND_ASSIGN(const auto empty,
                             InRead([](Tx& tx) { return tx.settings().Get("other"); }));
  EXPECT_EQ(empty, std::optional<std::string>(""));
}

// Every unique rule answers kAlreadyExists with a plain message and names the field.
TEST_P(StoreContract, TakenUniqueValuesAreAlreadyExistsWithAFieldError) {
  const int64_t acme = AddOrg("Acme Telecom");
  const int64_t beta = AddOrg("Beta");
  const int64_t network = AddCategory("Network");
  struct Case {
    std::string what;
    std::function<StatusOr<int64_t>(Tx&)> first, second;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"user e-mail", [](Tx& tx) { return tx.users().Insert(MakeUser("ana@acme.com", "Ana"), ""); },
       [](Tx& tx) { return tx.users().Insert(MakeUser(" ANA@Acme.COM", "Ana 2"), ""); }, "email"},
      {"contact e-mail",
       [&](Tx& tx) {
         return tx.contacts().Insert(MakeContact(acme, "maria@acme.com", "Maria"), "");
       },
       [&](Tx& tx) {
         return tx.contacts().Insert(MakeContact(beta, "Maria@ACME.com", "Maria 2"), "");
       },
       "email"},
      {"organisation name", [](Tx& tx) { return tx.organisations().Insert(MakeOrg("Gama Redes")); },
       [](Tx& tx) { return tx.organisations().Insert(MakeOrg("GAMA redes")); }, "name"},
      {"team name", [](Tx& tx) { return tx.teams().Insert(MakeTeam("Service Desk")); },
       [](Tx& tx) { return tx.teams().Insert(MakeTeam("service desk")); }, "name"},
      {"site name",
       [&](Tx& tx) {
         return tx.sites().Insert(Site{0, acme, "Recife", "", "", "", true, 0});
       },
       [&](Tx& tx) {
         return tx.sites().Insert(Site{0, acme, "RECIFE", "", "", "", true, 0});
       },
       "name"},
      {"network area name",
       [&](Tx& tx) {
         return tx.network_areas().Insert(NetworkArea{0, acme, "Core", "", true, 0});
       },
       [&](Tx& tx) {
         return tx.network_areas().Insert(NetworkArea{0, acme, "core", "", true, 0});
       },
       "name"},
      {"category name",
       [&](Tx& tx) {
         return tx.categories().Insert(Category{0, network, "WAN", true, 0});
       },
       [&](Tx& tx) {
         return tx.categories().Insert(Category{0, network, "wan", true, 0});
       },
       "name"},
      {"top-level category name",
       [](Tx& tx) {
         return tx.categories().Insert(Category{0, 0, "Hardware", true, 0});
       },
       [](Tx& tx) {
         return tx.categories().Insert(Category{0, 0, "HARDWARE", true, 0});
       },
       "name"},
      {"custom field key",
       [](Tx& tx) {
         return tx.custom_fields().Insert(CustomFieldDef{0,
                                                         TicketType::kIncident,
                                                         "circuit",
                                                         "Circuit",
                                                         domain::CustomFieldType::kText,
                                                         {},
                                                         false,
                                                         true,
                                                         0,
                                                         0});
       },
       [](Tx& tx) {
         return tx.custom_fields().Insert(CustomFieldDef{0,
                                                         TicketType::kIncident,
                                                         "circuit",
                                                         "Other",
                                                         domain::CustomFieldType::kNumber,
                                                         {},
                                                         false,
                                                         true,
                                                         1,
                                                         0});
       },
       "key"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    STORE_ASSERT_OK(InWrite(c.first).status());
    const Status taken = InWrite(c.second).status();
    EXPECT_EQ(taken.code(), StatusCode::kAlreadyExists) << taken.ToString();
    EXPECT_TRUE(IsPlainMessage(taken));
    EXPECT_TRUE(HasFieldError(taken, c.field));
  }

  // Updates that take someone else's value are refused the same way, and change nothing.
  const int64_t bruno = AddUser("bruno@acme.com", "Bruno");
  STORE_ASSERT_OK_AND_ASSIGN(auto b, InRead([&](Tx& tx) { return tx.users().Get(bruno); }));
  ASSERT_TRUE(b.has_value());
  b->email = "Ana@acme.com";
  const Status taken = Write([&](Tx& tx) { return tx.users().Update(*b, 1); });
  EXPECT_EQ(taken.code(), StatusCode::kAlreadyExists);
  EXPECT_TRUE(IsPlainMessage(taken));
  EXPECT_TRUE(HasFieldError(taken, "email"));
  STORE_ASSERT_OK_AND_ASSIGN(const auto unchanged,
                             InRead([&](Tx& tx) { return tx.users().Get(bruno); }));
  ASSERT_TRUE(unchanged.has_value());
  EXPECT_EQ(unchanged->email, "bruno@acme.com");
  EXPECT_EQ(unchanged->version, 1);

  STORE_ASSERT_OK_AND_ASSIGN(auto org,
                             InRead([&](Tx& tx) { return tx.organisations().Get(beta); }));
  ASSERT_TRUE(org.has_value());
  org->name = "ACME TELECOM";
  const Status org_taken = Write([&](Tx& tx) { return tx.organisations().Update(*org, 1); });
  EXPECT_EQ(org_taken.code(), StatusCode::kAlreadyExists);
  EXPECT_TRUE(IsPlainMessage(org_taken));
  EXPECT_TRUE(HasFieldError(org_taken, "name"));
}

// Every versioned record: the right version writes and bumps it; a stale one changes nothing;
// an unknown id is kNotFound.
struct VersionedRecord {
  std::string what;
  std::function<StatusOr<int64_t>(Tx&)> insert;
  // The stored version and the text field the update changes.
  std::function<StatusOr<std::pair<int64_t, std::string>>(Tx&, int64_t)> read;
  std::function<Status(Tx&, int64_t id, const std::string& text, int64_t expected_version)> update;
};

template <typename T, typename RepoOf>
VersionedRecord Versioned(std::string what, T base, RepoOf repo, std::string T::*text,
                          std::function<StatusOr<int64_t>(Tx&, const T&)> insert) {
  VersionedRecord v;
  v.what = what;
  v.insert = [=](Tx& tx) { return insert(tx, base); };
  v.read = [=](Tx& tx, int64_t id) -> StatusOr<std::pair<int64_t, std::string>> {
    FAROL_ASSIGN_OR_RETURN(auto rec, repo(tx).Get(id));
    if (!rec) return NotFoundError(what, id);
    return std::make_pair((*rec).version, (*rec).*text);
  };
  v.update = [=](Tx& tx, int64_t id, const std::string& value, int64_t expected) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto rec, repo(tx).Get(id));
    T r = rec ? *rec : base;
    r.id = id;
    r.*text = value;
    return repo(tx).Update(r, expected);
  };
  return v;
}

TEST_P(StoreContract, UpdatesNeedTheCurrentVersion) {
  const int64_t org = AddOrg("Acme");
  const std::vector<VersionedRecord> records = {
      Versioned<User>(
          "user", MakeUser("ana@acme.com", "Ana"), [](Tx& tx) { return tx.users(); }, &User::name,
          [](Tx& tx, const User& u) { return tx.users().Insert(u, ""); }),
      Versioned<Team>(
          "team", MakeTeam("Network"), [](Tx& tx) { return tx.teams(); }, &Team::name,
          [](Tx& tx, const Team& t) { return tx.teams().Insert(t); }),
      Versioned<Organisation>(
          "organisation", MakeOrg("Beta"), [](Tx& tx) { return tx.organisations(); },
          &Organisation::name,
          [](Tx& tx, const Organisation& o) { return tx.organisations().Insert(o); }),
      Versioned<Site>(
          "site", Site{0, org, "Recife", "", "", "BR", true, 0}, [](Tx& tx) { return tx.sites(); },
          &Site::name, [](Tx& tx, const Site& s) { return tx.sites().Insert(s); }),
      Versioned<NetworkArea>(
          "network area", NetworkArea{0, org, "Core", "", true, 0},
          [](Tx& tx) { return tx.network_areas(); }, &NetworkArea::name,
          [](Tx& tx, const NetworkArea& a) { return tx.network_areas().Insert(a); }),
      Versioned<Contact>(
          "contact", MakeContact(org, "maria@acme.com", "Maria"),
          [](Tx& tx) { return tx.contacts(); }, &Contact::name,
          [](Tx& tx, const Contact& c) { return tx.contacts().Insert(c, ""); }),
      Versioned<Category>(
          "category", Category{0, 0, "Hardware", true, 0}, [](Tx& tx) { return tx.categories(); },
          &Category::name, [](Tx& tx, const Category& c) { return tx.categories().Insert(c); }),
      Versioned<CustomFieldDef>(
          "custom field",
          CustomFieldDef{0,
                         TicketType::kIncident,
                         "circuit",
                         "Circuit",
                         domain::CustomFieldType::kText,
                         {},
                         false,
                         true,
                         0,
                         0},
          [](Tx& tx) { return tx.custom_fields(); }, &CustomFieldDef::label,
          [](Tx& tx, const CustomFieldDef& d) { return tx.custom_fields().Insert(d); }),
      Versioned<Ticket>(
          "ticket", MakeTicket(org, "Link down"), [](Tx& tx) { return tx.tickets(); },
          &Ticket::subject, [](Tx& tx, const Ticket& t) { return tx.tickets().Insert(t); }),
  };
  for (const VersionedRecord& r : records) {
    SCOPED_TRACE(r.what);
    STORE_ASSERT_OK_AND_ASSIGN(const int64_t id, InWrite(r.insert));
    STORE_ASSERT_OK_AND_ASSIGN(const auto fresh, InRead([&](Tx& tx) { return r.read(tx, id); }));
    EXPECT_EQ(fresh.first, 1);

    STORE_ASSERT_OK(Write([&](Tx& tx) { return r.update(tx, id, "Renamed", 1); }));
    STORE_ASSERT_OK_AND_ASSIGN(const auto renamed, InRead([&](Tx& tx) { return r.read(tx, id); }));
    EXPECT_EQ(renamed, std::make_pair(int64_t{2}, std::string("Renamed")));

    const Status stale = Write([&](Tx& tx) { return r.update(tx, id, "Lost update", 1); });
    EXPECT_EQ(stale.code(), StatusCode::kStaleVersion) << stale.ToString();
    EXPECT_TRUE(IsPlainMessage(stale));
    STORE_ASSERT_OK_AND_ASSIGN(const auto kept, InRead([&](Tx& tx) { return r.read(tx, id); }));
    EXPECT_EQ(kept, renamed);

    const Status unknown = Write([&](Tx& tx) { return r.update(tx, 424242, "Nobody", 1); });
    EXPECT_EQ(unknown.code(), StatusCode::kNotFound) << unknown.ToString();
  }
}

// ---- tickets ------------------------------------------------------------------------------

TEST_P(StoreContract, TicketsAreNumberedFrom1001AndKeepEveryField) {
  const int64_t org = AddOrg("Acme Telecom");
  const int64_t requester = AddContact(org, "maria@acme.com", "Maria Silva");
  const int64_t agent = AddUser("ana@farol.dev", "Ana Souza");
  const int64_t team = AddTeam("Network");
  const int64_t site = AddSite(org, "Recife");
  const int64_t area = AddArea(org, "Core");
  const int64_t category = AddCategory("Network");
  const int64_t subcategory = AddCategory("WAN", category);

  Ticket full;
  full.type = TicketType::kChange;
  full.status = TicketStatus::kPendingVendor;
  full.priority = 2;
  full.impact = Level::kHigh;
  full.urgency = Level::kLow;
  full.priority_manual = true;
  full.subject = "Troca do roteador | filial Recife — ação";
  full.description = "Linha 1\nLinha 2 com acentuação";
  full.organisation_id = org;
  full.requester_id = requester;
  full.channel = Channel::kPhone;
  full.team_id = team;
  full.assignee_id = agent;
  full.tier = 2;
  full.tier_reached = 3;
  full.site_id = site;
  full.network_area_id = area;
  full.category_id = category;
  full.subcategory_id = subcategory;
  full.tags = {"backup", "vip"};
  full.custom = {{"circuit", "C-123"}, {"go_live", "2026-04-01"}};
  full.created_by = {domain::ActorKind::kStaff, agent};
  full.created_at = T0();
  full.updated_at = At(minutes(60));
  full.first_response_at = At(minutes(10));
  full.resolved_at = At(minutes(120));
  full.reopen_count = 1;
  full.reassignment_count = 2;
  full.escalation_count = 3;
  full.rating = domain::Rating{4, "bom atendimento", At(minutes(180))};

  const int64_t first = AddTicket(full);
  const int64_t second = AddTicket(MakeTicket(org, "Second"));
  EXPECT_EQ(first, 1001);
  EXPECT_EQ(second, 1002);

  Ticket expected = full;
  expected.id = first;
  expected.version = 1;
  EXPECT_EQ(GetTicket(first), expected);

  STORE_ASSERT_OK_AND_ASSIGN(const auto named,
                             InRead([&](Tx& tx) { return tx.tickets().GetWithNames(first); }));
  ASSERT_TRUE(named.has_value());
  EXPECT_EQ(named->ticket, expected);
  EXPECT_EQ(named->organisation_name, "Acme Telecom");
  EXPECT_EQ(named->requester_name, "Maria Silva");
  EXPECT_EQ(named->assignee_name, "Ana Souza");
  EXPECT_EQ(named->team_name, "Network");
  STORE_ASSERT_OK_AND_ASSIGN(const auto bare,
                             InRead([&](Tx& tx) { return tx.tickets().GetWithNames(second); }));
  ASSERT_TRUE(bare.has_value());
  EXPECT_EQ(bare->organisation_name, "Acme Telecom");
  EXPECT_EQ(bare->requester_name, "");
  EXPECT_EQ(bare->assignee_name, "");
  EXPECT_EQ(bare->team_name, "");

  EXPECT_EQ(GetTicket(424242), std::nullopt);
  STORE_ASSERT_OK_AND_ASSIGN(const auto none,
                             InRead([](Tx& tx) { return tx.tickets().GetWithNames(424242); }));
  EXPECT_FALSE(none.has_value());
}

TEST_P(StoreContract, TicketUpdatesNeedTheCurrentVersionAndCanClearFields) {
  const int64_t org = AddOrg("Acme");
  const int64_t agent = AddUser("ana@farol.dev", "Ana");
  Ticket t = MakeTicket(org, "Link down");
  t.assignee_id = agent;
  t.rating = domain::Rating{2, "slow", At(minutes(5))};
  const int64_t id = AddTicket(t);

  Ticket changed = LoadTicket(id);
  changed.status = TicketStatus::kResolved;
  changed.subject = "Link down in Recife";
  changed.assignee_id = 0;        // unassigned
  changed.rating = std::nullopt;  // rating withdrawn
  changed.resolved_at = At(minutes(30));
  changed.updated_at = At(minutes(30));
  STORE_ASSERT_OK(Write([&](Tx& tx) { return tx.tickets().Update(changed, 1); }));
  Ticket expected = changed;
  expected.version = 2;
  EXPECT_EQ(GetTicket(id), expected);

  Ticket lost = changed;
  lost.subject = "Lost update";
  const Status stale = Write([&](Tx& tx) { return tx.tickets().Update(lost, 1); });
  EXPECT_EQ(stale.code(), StatusCode::kStaleVersion);
  EXPECT_TRUE(IsPlainMessage(stale));
  EXPECT_EQ(GetTicket(id), expected);

  lost.id = 424242;
  EXPECT_EQ(Write([&](Tx& tx) { return tx.tickets().Update(lost, 1); }).code(),
            StatusCode::kNotFound);
}

TEST_P(StoreContract, TagFiltersFollowTicketUpdates) {
  const int64_t org = AddOrg("Acme");
  Ticket t = MakeTicket(org, "Backup failed");
  t.tags = {"backup", "vip"};
  const int64_t id = AddTicket(t);
  const int64_t other = AddTicket(MakeTicket(org, "Untagged"));
  auto tagged = [&](std::vector<std::string> tags) {
    TicketQuery q;
    q.filter.tags = std::move(tags);
    auto page = Query(q);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    return page.ok() ? Ids(*page) : std::vector<int64_t>{};
  };
  EXPECT_EQ(tagged({"backup"}), std::vector<int64_t>{id});
  EXPECT_EQ(tagged({"vip", "backup"}), std::vector<int64_t>{id});

  Ticket retagged = LoadTicket(id);
  retagged.tags = {"network", "vip"};
  STORE_ASSERT_OK(Write([&](Tx& tx) { return tx.tickets().Update(retagged, 1); }));
  EXPECT_TRUE(tagged({"backup"}).empty());
  EXPECT_EQ(tagged({"network"}), std::vector<int64_t>{id});
  EXPECT_EQ(tagged({"network", "vip"}), std::vector<int64_t>{id});
  EXPECT_EQ(LoadTicket(id).tags, (std::vector<std::string>{"network", "vip"}));

  // A refused update leaves the tags as they were.
  Ticket stale = retagged;
  stale.tags = {"stale"};
  EXPECT_EQ(Write([&](Tx& tx) { return tx.tickets().Update(stale, 1); }).code(),
            StatusCode::kStaleVersion);
  EXPECT_TRUE(tagged({"stale"}).empty());
  EXPECT_EQ(tagged({"network"}), std::vector<int64_t>{id});

  // Tags can be cleared, and an update that does not touch them keeps them.
  Ticket cleared = LoadTicket(id);
  cleared.tags.clear();
  STORE_ASSERT_OK(Write([&](Tx& tx) { return tx.tickets().Update(cleared, 2); }));
  EXPECT_TRUE(tagged({"vip"}).empty());
  Ticket other_ticket = LoadTicket(other);
  other_ticket.tags = {"vip"};
  STORE_ASSERT_OK(Write([&](Tx& tx) { return tx.tickets().Update(other_ticket, 1); }));
  other_ticket = LoadTicket(other);
  other_ticket.subject = "Untagged no more";
  STORE_ASSERT_OK(Write([&](Tx& tx) { return tx.tickets().Update(other_ticket, 2); }));
  EXPECT_EQ(tagged({"vip"}), std::vector<int64_t>{other});
}

TEST_P(StoreContract, EventsFormATimelineOldestFirstWithAuthorNames) {
  const int64_t org = AddOrg("Acme");
  const int64_t maria = AddContact(org, "maria@acme.com", "Maria Silva");
  const int64_t ana = AddUser("ana@farol.dev", "Ana Souza");
  const int64_t ticket = AddTicket(MakeTicket(org, "Link down"));
  const int64_t other = AddTicket(MakeTicket(org, "Other"));

  std::vector<TicketEvent> events(5);
  events[0].type = EventType::kCreated;
  events[0].fields = {{"subject", "Link down"}, {"priority", "3"}};
  events[1].type = EventType::kPublicReply;
  events[1].author = {domain::ActorKind::kContact, maria};
  events[1].body = "Still down ação";
  events[1].attachment_ids = {7, 8};
  events[2].type = EventType::kInternalNote;
  events[2].author = {domain::ActorKind::kStaff, ana};
  events[2].internal = true;
  events[2].body = "Vendor says tomorrow";
  events[3].type = EventType::kStatusChanged;
  events[3].author = {domain::ActorKind::kStaff, ana};
  events[3].field = "status";
  events[3].from = "new";
  events[3].to = "open";
  events[3].reason = "working on it";
  events[4].type = EventType::kLinked;
  events[4].author = {domain::ActorKind::kStaff, ana};
  events[4].field = "related";
  events[4].ref = other;
  for (size_t i = 0; i < events.size(); ++i) {
    events[i].ticket_id = ticket;
    events[i].at = At(minutes(static_cast<int>(i)));
    STORE_ASSERT_OK_AND_ASSIGN(
        events[i].id, InWrite([&](Tx& tx) { return tx.tickets().AppendEvent(events[i]); }));
    if (i > 0) {
      EXPECT_GT(events[i].id, events[i - 1].id);
    }
  }
  STORE_ASSERT_OK(Write([&](Tx& tx) {
    TicketEvent e;
    e.ticket_id = other;
    e.type = EventType::kCreated;
    e.at = T0();
    return tx.tickets().AppendEvent(e).status();
  }));
  events[1].author_name = "Maria Silva";
  for (size_t i = 2; i < events.size(); ++i) events[i].author_name = "Ana Souza";

  STORE_ASSERT_OK_AND_ASSIGN(const auto staff_view,
                             InRead([&](Tx& tx) { return tx.tickets().Events(ticket, true); }));
  EXPECT_EQ(staff_view, events);
  STORE_ASSERT_OK_AND_ASSIGN(const auto contact_view,
                             InRead([&](Tx& tx) { return tx.tickets().Events(ticket, false); }));
  std::vector<TicketEvent> visible = events;
  visible.erase(visible.begin() + 2);
  EXPECT_EQ(contact_view, visible);
  STORE_ASSERT_OK_AND_ASSIGN(const auto nothing,
                             InRead([](Tx& tx) { return tx.tickets().Events(424242, true); }));
  EXPECT_TRUE(nothing.empty());
}

TEST_P(StoreContract, TextSearchMatchesWordsPrefixesAndAccentsButNotNotesForContacts) {
  const int64_t org = AddOrg("Acme");
  const int64_t router = AddTicket(MakeTicket(org, "Roteador da filial não responde",
                                              "O roteador principal caiu após a atualização"));
  const int64_t printer =
      AddTicket(MakeTicket(org, "Impressora sem toner", "Pedido de ação urgente"));
  const int64_t backup = AddTicket(MakeTicket(org, "acao manual de backup"));
  STORE_ASSERT_OK(Write([&](Tx& tx) -> Status {
    FAROL_RETURN_IF_ERROR(tx.tickets().IndexText(
        printer, "Enviamos o técnico amanhã; a impressora volta hoje", false));
    FAROL_RETURN_IF_ERROR(
        tx.tickets().IndexText(router, "Fornecedor Vivo confirmou falha no circuito", true));
    return tx.tickets().IndexText(backup, "   ", false);  // blank text is ignored
  }));

  struct Case {
    std::string text;
    bool internal;
    std::vector<int64_t> expected;
  };
  const std::vector<Case> cases = {
      {"roteador", true, {router}},
      {"ROTEADOR", true, {router}},
      {"rotea", true, {router}},  // the last word is a prefix
      {"filial rotea", true, {router}},
      {"rotea filial", true, {}},         // other words are whole words
      {"roteador impressora", true, {}},  // every word must match
      {"nao responde", true, {router}},
      {"atualizacao", true, {router}},  // accents folded in the text...
      {"atualização", true, {router}},
      {"acao", true, {printer, backup}},
      {"ação", true, {printer, backup}},  // ...and in the query
      {"AÇÃO", true, {printer, backup}},
      {"tecnico", true, {printer}},     // a reply
      {"impressora", true, {printer}},  // matched twice, listed once
      {"fornecedor", true, {router}},   // a note, for staff
      {"fornecedor", false, {}},        // not for contacts
      {"vivo circuito", false, {}},
      {"roteador", false, {router}},
      {"inexistente", true, {}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Search(c.text, c.internal), Sorted(c.expected))
        << "'" << c.text << "' internal=" << c.internal;
  }
}

TEST_P(StoreContract, TextSearchFindsWordsInsideHostNamesAddressesAndPaths) {
  const int64_t org = AddOrg("Acme");
  const int64_t ticket =
      AddTicket(MakeTicket(org, "Sem acesso a srv01.acme.com.br",
                           "ana.lima@acme.com.br não recebe nada; ver /var/log/mail.err e v2.3.1"));
  AddTicket(MakeTicket(org, "Outro assunto"));
  for (const std::string text : {"srv01", "acme", "srv01.acme.com.br", "ana.lima@acme.com.br",
                                 "lima", "mail err", "/var/log/mail.err", "log", "v2.3.1"}) {
    EXPECT_EQ(Search(text), std::vector<int64_t>{ticket}) << "'" << text << "'";
  }
}

TEST_P(StoreContract, HostileSearchInputIsNeverAnError) {
  const int64_t org = AddOrg("Acme");
  const int64_t router = AddTicket(MakeTicket(org, "router offline", "core router"));
  const std::vector<std::pair<std::string, bool>> inputs = {
      // {input, whether it must find the router ticket}
      {"\"", false},
      {"AND OR NOT", false},
      {"*", false},
      {"(", false},
      {")", false},
      {":", false},
      {"'; DROP TABLE tickets;--", false},
      {"\"router", true},
      {"router\"", true},
      {"\"router\"", true},
      {"router*", true},
      {"(router)", true},
      {"router:", true},
      {"-router", true},
      {"+router", true},
      {"router AND", false},
      {"NEAR(router offline)", false},
      {"body:router", false},
      {"router:*", true},
      {"a & b | !c", false},
      {"<->", false},
      {"\\", false},
      {"%_", false},
      {"$1 ?1 ?", false},
      {"{}[]^~", false},
      {"—", false},
      {"«router»", true},
      {"🙂", false},
      {"router 🙂", false},
      {"'", false},
      {"''", false},
      {" \t\n ", false},
      {std::string(5000, 'x'), false},
      {"a b c d e f g h i j k l m n o p q r s t u v w x y z", false},
  };
  for (const auto& [input, finds_router] : inputs) {
    SCOPED_TRACE("search for '" + input.substr(0, 60) + "'");
    for (const bool internal : {true, false}) {
      TicketQuery q;
      q.filter.text = input;
      q.filter.text_includes_internal = internal;
      q.with_total = true;
      auto page = Query(q);
      ASSERT_TRUE(page.ok()) << page.status().ToString();
      if (finds_router) {
        EXPECT_EQ(Ids(*page), std::vector<int64_t>{router});
      }
      auto counts = InRead([&](Tx& tx) { return tx.tickets().CountByStatus(q.filter); });
      EXPECT_TRUE(counts.ok()) << counts.status().ToString();
    }
  }
  // And nothing was harmed.
  auto everything = Query(TicketQuery{});
  ASSERT_TRUE(everything.ok()) << everything.status().ToString();
  EXPECT_EQ(Ids(*everything), std::vector<int64_t>{router});
  EXPECT_EQ(Search("router"), std::vector<int64_t>{router});
}

bool HasTag(const Ticket& t, const std::string& tag) {
  return std::find(t.tags.begin(), t.tags.end(), tag) != t.tags.end();
}
bool InRange(const std::optional<Timestamp>& t, std::optional<Timestamp> from,
             std::optional<Timestamp> to) {
  return t && (!from || *t >= *from) && (!to || *t < *to);
}

TEST_P(StoreContract, EveryFilterSelectsExactlyTheMatchingTickets) {
  ASSERT_NO_FATAL_FAILURE(BuildQueue());
  struct Case {
    std::string name;
    std::function<void(TicketFilter&)> set;
    std::function<bool(const Ticket&)> matches;
  };
  using S = TicketStatus;
  const std::vector<Case> cases = {
      {"none", [](TicketFilter&) {}, [](const Ticket&) { return true; }},
      {"statuses",
       [](TicketFilter& f) {
         f.statuses = {S::kOpen, S::kResolved};
       },
       [](const Ticket& t) { return t.status == S::kOpen || t.status == S::kResolved; }},
      {"types", [](TicketFilter& f) { f.types = {TicketType::kChange}; },
       [](const Ticket& t) { return t.type == TicketType::kChange; }},
      {"priorities",
       [](TicketFilter& f) {
         f.priorities = {1, 2};
       },
       [](const Ticket& t) { return t.priority <= 2; }},
      {"channels",
       [](TicketFilter& f) {
         f.channels = {Channel::kEmail, Channel::kPhone};
       },
       [](const Ticket& t) {
         return t.channel == Channel::kEmail || t.channel == Channel::kPhone;
       }},
      {"team_ids", [&](TicketFilter& f) { f.team_ids = {network_}; },
       [&](const Ticket& t) { return t.team_id == network_; }},
      {"assignee_ids", [&](TicketFilter& f) { f.assignee_ids = {ana_}; },
       [&](const Ticket& t) { return t.assignee_id == ana_; }},
      {"unassigned", [](TicketFilter& f) { f.unassigned = true; },
       [](const Ticket& t) { return t.assignee_id == 0; }},
      {"unassigned or bruno",
       [&](TicketFilter& f) {
         f.unassigned = true;
         f.assignee_ids = {bruno_};
       },
       [&](const Ticket& t) { return t.assignee_id == 0 || t.assignee_id == bruno_; }},
      {"organisation_ids",
       [&](TicketFilter& f) {
         f.organisation_ids = {beta_, gama_};
       },
       [&](const Ticket& t) { return t.organisation_id == beta_ || t.organisation_id == gama_; }},
      {"requester_ids",
       [&](TicketFilter& f) {
         f.requester_ids = {maria_, pedro_};
       },
       [&](const Ticket& t) { return t.requester_id == maria_ || t.requester_id == pedro_; }},
      {"site_ids", [&](TicketFilter& f) { f.site_ids = {site_beta_}; },
       [&](const Ticket& t) { return t.site_id == site_beta_; }},
      {"network_area_ids", [&](TicketFilter& f) { f.network_area_ids = {area_acme_}; },
       [&](const Ticket& t) { return t.network_area_id == area_acme_; }},
      {"category_ids: category", [&](TicketFilter& f) { f.category_ids = {hardware_}; },
       [&](const Ticket& t) {
         return t.category_id == hardware_ || t.subcategory_id == hardware_;
       }},
      {"category_ids: subcategory or category",
       [&](TicketFilter& f) {
         f.category_ids = {disks_, software_};
       },
       [&](const Ticket& t) { return t.subcategory_id == disks_ || t.category_id == software_; }},
      {"tags: one", [](TicketFilter& f) { f.tags = {"vip"}; },
       [](const Ticket& t) { return HasTag(t, "vip"); }},
      {"tags: all of them",
       [](TicketFilter& f) {
         f.tags = {"vip", "backup"};
       },
       [](const Ticket& t) { return HasTag(t, "vip") && HasTag(t, "backup"); }},
      {"tags: unknown", [](TicketFilter& f) { f.tags = {"nope"}; },
       [](const Ticket&) { return false; }},
      {"tiers",
       [](TicketFilter& f) {
         f.tiers = {2, 3};
       },
       [](const Ticket& t) { return t.tier >= 2; }},
      {"created range",
       [](TicketFilter& f) {
         f.created.from = At(minutes(60));
         f.created.to = At(minutes(180));
       },
       [](const Ticket& t) { return InRange(t.created_at, At(minutes(60)), At(minutes(180))); }},
      {"updated from", [](TicketFilter& f) { f.updated.from = At(minutes(60 * 24 + 30)); },
       [](const Ticket& t) {
         return InRange(t.updated_at, At(minutes(60 * 24 + 30)), std::nullopt);
       }},
      {"updated to", [](TicketFilter& f) { f.updated.to = At(minutes(60 * 24 + 15)); },
       [](const Ticket& t) {
         return InRange(t.updated_at, std::nullopt, At(minutes(60 * 24 + 15)));
       }},
      {"resolved range",
       [](TicketFilter& f) {
         f.resolved.from = At(minutes(120));
         f.resolved.to = At(minutes(360));
       },
       [](const Ticket& t) { return InRange(t.resolved_at, At(minutes(120)), At(minutes(360))); }},
      {"contact scope: organisation", [&](TicketFilter& f) { f.scope_organisation_id = acme_; },
       [&](const Ticket& t) { return t.organisation_id == acme_; }},
      {"contact scope: own tickets",
       [&](TicketFilter& f) {
         f.scope_organisation_id = acme_;
         f.scope_requester_id = maria_;
       },
       [&](const Ticket& t) { return t.organisation_id == acme_ && t.requester_id == maria_; }},
      {"contact scope beats a wider filter",
       [&](TicketFilter& f) {
         f.organisation_ids = {acme_, beta_};
         f.scope_organisation_id = beta_;
       },
       [&](const Ticket& t) { return t.organisation_id == beta_; }},
      {"combined",
       [&](TicketFilter& f) {
         f.statuses = {S::kOpen, S::kNew, S::kClosed};
         f.tags = {"vip"};
         f.organisation_ids = {acme_, beta_};
       },
       [&](const Ticket& t) {
         return (t.status == S::kOpen || t.status == S::kNew || t.status == S::kClosed) &&
                HasTag(t, "vip") && (t.organisation_id == acme_ || t.organisation_id == beta_);
       }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::vector<int64_t> expected = Matching(c.matches);
    // The queue is built so that every filter keeps some tickets and drops others.
    if (c.name != "none") {
      EXPECT_LT(expected.size(), tickets_.size()) << "the case proves nothing";
    }
    if (c.name != "tags: unknown") {
      EXPECT_FALSE(expected.empty()) << "the case proves nothing";
    }
    TicketQuery q;
    c.set(q.filter);
    q.limit = 200;
    q.with_total = true;
    STORE_ASSERT_OK_AND_ASSIGN(const TicketPage page, Query(q));
    EXPECT_EQ(Sorted(Ids(page)), expected);
    EXPECT_EQ(page.total, static_cast<int64_t>(expected.size()));
    EXPECT_TRUE(page.next_cursor.empty());

    std::map<TicketStatus, int64_t> counts;
    for (const Ticket& t : tickets_) {
      if (c.matches(t)) ++counts[t.status];
    }
    const std::vector<std::pair<TicketStatus, int64_t>> expected_counts(counts.begin(),
                                                                        counts.end());
    STORE_ASSERT_OK_AND_ASSIGN(
        const auto by_status, InRead([&](Tx& tx) { return tx.tickets().CountByStatus(q.filter); }));
    EXPECT_EQ(by_status, expected_counts);
  }
}

TEST_P(StoreContract, FiltersCombineWithTextSearchAndContactScope) {
  ASSERT_NO_FATAL_FAILURE(BuildQueue());
  // Notes are never searched for a contact, and the scope still applies.
  const Ticket& mine = *std::find_if(tickets_.begin(), tickets_.end(),
                                     [&](const Ticket& t) { return t.requester_id == maria_; });
  const Ticket& theirs = *std::find_if(tickets_.begin(), tickets_.end(),
                                       [&](const Ticket& t) { return t.organisation_id == beta_; });
  STORE_ASSERT_OK(Write([&](Tx& tx) -> Status {
    FAROL_RETURN_IF_ERROR(tx.tickets().IndexText(mine.id, "modem queimado", false));
    FAROL_RETURN_IF_ERROR(tx.tickets().IndexText(mine.id, "cliente difícil", true));
    return tx.tickets().IndexText(theirs.id, "modem queimado", false);
  }));
  TicketQuery q;
  q.filter.text = "modem";
  q.filter.text_includes_internal = false;
  q.filter.scope_organisation_id = acme_;
  q.filter.scope_requester_id = maria_;
  q.with_total = true;
  STORE_ASSERT_OK_AND_ASSIGN(const TicketPage page, Query(q));
  EXPECT_EQ(Ids(page), std::vector<int64_t>{mine.id});
  EXPECT_EQ(page.total, 1);
  q.filter.text = "dificil";
  STORE_ASSERT_OK_AND_ASSIGN(const TicketPage notes, Query(q));
  EXPECT_TRUE(notes.items.empty());
  EXPECT_EQ(notes.total, 0);
  q.filter.text_includes_internal = true;
  STORE_ASSERT_OK_AND_ASSIGN(const TicketPage staff, Query(q));
  EXPECT_EQ(Ids(staff), std::vector<int64_t>{mine.id});
}

// The sort key as a user sees it in the list: a number, or a text (empty for "none").
std::pair<int64_t, std::string> SortKey(TicketSort sort, const TicketListItem& item) {
  const Ticket& t = item.ticket;
  switch (sort) {
    case TicketSort::kUpdated:
      return {ToUnixSeconds(t.updated_at), ""};
    case TicketSort::kCreated:
      return {ToUnixSeconds(t.created_at), ""};
    case TicketSort::kNumber:
      return {t.id, ""};
    case TicketSort::kPriority:
      return {t.priority, ""};
    case TicketSort::kStatus:
      return {0, std::string(domain::Name(t.status))};
    case TicketSort::kType:
      return {0, std::string(domain::Name(t.type))};
    case TicketSort::kSubject:
      return {0, t.subject};
    case TicketSort::kOrganisation:
      return {0, item.organisation_name};
    case TicketSort::kAssignee:
      return {0, item.assignee_name};
    case TicketSort::kTeam:
      return {0, item.team_name};
    case TicketSort::kSlaDue:  // not on the list item: StoreContract.SlaDueSortAndFilters checks it
      return {0, ""};
  }
  return {};
}

TEST_P(StoreContract, SlaDueSortAndFilters) {
  ASSERT_NO_FATAL_FAILURE(BuildQueue());
  ASSERT_GE(tickets_.size(), 5u);
  const Timestamp now = FromUnixSeconds(1'800'000'000);
  // Dues: a later, b sooner (at risk), c breached while running, d ended breached, e no clock.
  const int64_t a = tickets_[0].id, b = tickets_[1].id, c = tickets_[2].id, d = tickets_[3].id, e = tickets_[4].id;
  STORE_ASSERT_OK(Write([&](Tx& tx) -> Status {
    FAROL_RETURN_IF_ERROR(tx.sla_timers().Save(a, {now + std::chrono::hours(5), now + std::chrono::hours(1), false}, {}));
    FAROL_RETURN_IF_ERROR(tx.sla_timers().Save(b, {now + std::chrono::hours(1), now - std::chrono::minutes(1), false}, {}));
    FAROL_RETURN_IF_ERROR(tx.sla_timers().Save(c, {now - std::chrono::minutes(5), now - std::chrono::hours(1), false}, {}));
    FAROL_RETURN_IF_ERROR(tx.sla_timers().Save(d, {std::nullopt, std::nullopt, true}, {}));
    return tx.sla_timers().Save(e, {}, {});
  }));
  TicketQuery q;
  q.sort = TicketSort::kSlaDue;
  q.descending = false;
  q.limit = 2;  // pages of two: the cursor must carry the due instant
  std::vector<int64_t> order;
  while (true) {
    STORE_ASSERT_OK_AND_ASSIGN(const TicketPage page, Query(q));
    for (const auto& item : page.items) order.push_back(item.ticket.id);
    if (page.next_cursor.empty()) break;
    q.after = page.next_cursor;
  }
  ASSERT_EQ(order.size(), tickets_.size());
  EXPECT_EQ((std::vector<int64_t>(order.begin(), order.begin() + 3)), (std::vector<int64_t>{c, b, a}));
  TicketQuery f;
  f.limit = 200;
  f.filter.sla_now = now;
  f.filter.sla = SlaFilter::kAtRisk;
  STORE_ASSERT_OK_AND_ASSIGN(TicketPage page, Query(f));
  EXPECT_EQ(Ids(page), std::vector<int64_t>{b});
  f.filter.sla = SlaFilter::kBreached;
  STORE_ASSERT_OK_AND_ASSIGN(page, Query(f));
  EXPECT_EQ(Sorted(Ids(page)), Sorted(std::vector<int64_t>{c, d}));
  f.filter.sla = SlaFilter::kRunning;
  STORE_ASSERT_OK_AND_ASSIGN(page, Query(f));
  EXPECT_EQ(Sorted(Ids(page)), Sorted(std::vector<int64_t>{a, b, c}));
  STORE_ASSERT_OK_AND_ASSIGN(auto state, InRead([&](Tx& tx) { return tx.sla_timers().StateOf(d); }));
  EXPECT_TRUE(state.breached);
}

TEST_P(StoreContract, SlaTimersFireOnceAndAreNeverReArmed) {
  ASSERT_NO_FATAL_FAILURE(BuildQueue());
  const int64_t id = tickets_[0].id;
  const Timestamp t = FromUnixSeconds(1'800'000'000);
  auto timer = [](const char* clock, int threshold, std::optional<Timestamp> due) {
    SlaTimer s;
    s.clock = clock;
    s.threshold = threshold;
    s.due_at = due;
    return s;
  };
  STORE_ASSERT_OK(Write([&](Tx& tx) {
    return tx.sla_timers().Save(id, {}, {timer("first_response", 50, t), timer("first_response", 100, t + std::chrono::minutes(10)),
                                         timer("resolution", 50, std::nullopt)});
  }));
  STORE_ASSERT_OK_AND_ASSIGN(auto due, InRead([&](Tx& tx) { return tx.sla_timers().Due(t, 10); }));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].threshold, 50);
  STORE_ASSERT_OK_AND_ASSIGN(bool first, InWrite([&](Tx& tx) { return tx.sla_timers().Claim(due[0].id, t); }));
  STORE_ASSERT_OK_AND_ASSIGN(bool second, InWrite([&](Tx& tx) { return tx.sla_timers().Claim(due[0].id, t); }));
  EXPECT_TRUE(first);
  EXPECT_FALSE(second);
  // Re-arming replaces what has not fired and leaves the fired one alone, even if asked again.
  STORE_ASSERT_OK(Write([&](Tx& tx) {
    return tx.sla_timers().Save(id, {}, {timer("first_response", 50, t + std::chrono::hours(1)),
                                         timer("first_response", 100, t + std::chrono::hours(2))});
  }));
  STORE_ASSERT_OK_AND_ASSIGN(auto all, InRead([&](Tx& tx) { return tx.sla_timers().ListFor(id); }));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].threshold, 50);
  EXPECT_EQ(all[0].fired_at, t);
  EXPECT_EQ(all[0].due_at, t);
  EXPECT_EQ(all[1].due_at, t + std::chrono::hours(2));
  STORE_ASSERT_OK_AND_ASSIGN(due, InRead([&](Tx& tx) { return tx.sla_timers().Due(t + std::chrono::hours(3), 10); }));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].threshold, 100);
}

TEST_P(StoreContract, DeliveriesAreClaimedOnceLeasedRetriedAndRevived) {
  const Timestamp t = FromUnixSeconds(1'800'000'000);
  domain::AlertChannel ch;
  ch.name = "hook";
  ch.kind = domain::AlertKind::kWebhook;
  ch.url = "https://example.test/h";
  ch.secret = "0123456789abcdef";
  ch.emails = {"a@b.test", "c@d.test"};
  ch.created_at = t;
  STORE_ASSERT_OK_AND_ASSIGN(const int64_t ch_id, InWrite([&](Tx& tx) { return tx.alert_channels().Insert(ch); }));
  auto dup = InWrite([&](Tx& tx) { return tx.alert_channels().Insert(ch); });
  EXPECT_EQ(dup.status().code(), StatusCode::kInvalidArgument);
  STORE_ASSERT_OK_AND_ASSIGN(auto got, InRead([&](Tx& tx) { return tx.alert_channels().Get(ch_id); }));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->emails, ch.emails);
  EXPECT_EQ(got->secret, ch.secret);
  Delivery d;
  d.channel_id = ch_id;
  d.event = "test";
  d.body = "{}";
  d.next_attempt_at = d.created_at = t;
  STORE_ASSERT_OK_AND_ASSIGN(const int64_t id, InWrite([&](Tx& tx) { return tx.deliveries().Insert(d); }));
  STORE_ASSERT_OK_AND_ASSIGN(auto due, InRead([&](Tx& tx) { return tx.deliveries().Due(t, 10); }));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].channel_name, "hook");
  const Timestamp lease = t + std::chrono::minutes(2);
  STORE_ASSERT_OK_AND_ASSIGN(bool first, InWrite([&](Tx& tx) { return tx.deliveries().Claim(id, t, lease); }));
  STORE_ASSERT_OK_AND_ASSIGN(bool second, InWrite([&](Tx& tx) { return tx.deliveries().Claim(id, t, lease); }));
  EXPECT_TRUE(first);
  EXPECT_FALSE(second);
  // A worker that died mid-attempt: the delivery is due again when the lease ends.
  STORE_ASSERT_OK_AND_ASSIGN(due, InRead([&](Tx& tx) { return tx.deliveries().Due(lease - std::chrono::seconds(1), 10); }));
  EXPECT_TRUE(due.empty());
  STORE_ASSERT_OK_AND_ASSIGN(due, InRead([&](Tx& tx) { return tx.deliveries().Due(lease, 10); }));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].attempts, 1);
  STORE_ASSERT_OK(Write([&](Tx& tx) { return tx.deliveries().MarkFailed(id, "HTTP 500", std::nullopt); }));
  STORE_ASSERT_OK_AND_ASSIGN(auto dead, InRead([&](Tx& tx) { return tx.deliveries().List(DeliveryState::kDead, 10, 0); }));
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].last_error, "HTTP 500");
  STORE_ASSERT_OK(Write([&](Tx& tx) { return tx.deliveries().Revive(id, t + std::chrono::hours(1)); }));
  EXPECT_EQ(Write([&](Tx& tx) { return tx.deliveries().Revive(id, t); }).code(), StatusCode::kNotFound);
  STORE_ASSERT_OK_AND_ASSIGN(due, InRead([&](Tx& tx) { return tx.deliveries().Due(t + std::chrono::hours(1), 10); }));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].attempts, 0);
  STORE_ASSERT_OK(Write([&](Tx& tx) { return tx.deliveries().MarkSent(id, t + std::chrono::hours(1)); }));
  STORE_ASSERT_OK_AND_ASSIGN(auto n, InRead([&](Tx& tx) { return tx.deliveries().Count(DeliveryState::kSent); }));
  EXPECT_EQ(n, 1);
}

TEST_P(StoreContract, EverySortPagesThroughEachTicketExactlyOnceInOrder) {
  ASSERT_NO_FATAL_FAILURE(BuildQueue());
  const TicketSort sorts[] = {
      TicketSort::kUpdated,  TicketSort::kCreated, TicketSort::kNumber,  TicketSort::kPriority,
      TicketSort::kStatus,   TicketSort::kType,    TicketSort::kSubject, TicketSort::kOrganisation,
      TicketSort::kAssignee, TicketSort::kTeam};
  const int total = static_cast<int>(tickets_.size());
  std::vector<int64_t> all;
  for (const Ticket& t : tickets_) all.push_back(t.id);

  for (const TicketSort sort : sorts) {
    for (const bool descending : {false, true}) {
      // The whole list in one page is the reference order.
      TicketQuery one;
      one.sort = sort;
      one.descending = descending;
      one.limit = 200;
      STORE_ASSERT_OK_AND_ASSIGN(const TicketPage whole, Query(one));
      ASSERT_EQ(whole.items.size(), tickets_.size());
      for (size_t i = 1; i < whole.items.size(); ++i) {
        const auto prev =
            std::make_pair(SortKey(sort, whole.items[i - 1]), whole.items[i - 1].ticket.id);
        const auto cur = std::make_pair(SortKey(sort, whole.items[i]), whole.items[i].ticket.id);
        EXPECT_TRUE(descending ? prev > cur : prev < cur)
            << Name(sort) << (descending ? " desc" : " asc") << ": #" << prev.second << " before #"
            << cur.second;
      }

      for (const int limit : {1, 4, total}) {
        SCOPED_TRACE(std::string(Name(sort)) + (descending ? " desc" : " asc") + ", pages of " +
                     std::to_string(limit));
        std::vector<int64_t> seen;
        TicketQuery q = one;
        q.limit = limit;
        q.with_total = true;
        for (int pages = 0;; ++pages) {
          ASSERT_LE(pages, total) << "pagination does not end";
          STORE_ASSERT_OK_AND_ASSIGN(const TicketPage page, Query(q));
          EXPECT_EQ(page.total, total);
          for (const int64_t id : Ids(page)) seen.push_back(id);
          if (page.next_cursor.empty()) {
            break;
          }
          EXPECT_EQ(static_cast<int>(page.items.size()), limit);
          q.after = page.next_cursor;
        }
        EXPECT_EQ(seen, Ids(whole));  // each ticket once, in the same order
        EXPECT_EQ(Sorted(seen), Sorted(all));
      }
    }
  }
}

TEST_P(StoreContract, PagesOfAFilteredListStayWithinTheFilter) {
  ASSERT_NO_FATAL_FAILURE(BuildQueue());
  TicketQuery q;
  q.filter.tags = {"vip"};
  q.filter.statuses = {TicketStatus::kOpen, TicketStatus::kNew, TicketStatus::kClosed,
                       TicketStatus::kResolved};
  q.sort = TicketSort::kAssignee;
  q.descending = false;
  q.limit = 2;
  std::vector<int64_t> seen;
  for (int pages = 0; pages < 20; ++pages) {
    STORE_ASSERT_OK_AND_ASSIGN(const TicketPage page, Query(q));
    for (const int64_t id : Ids(page)) seen.push_back(id);
    if (page.next_cursor.empty()) break;
    q.after = page.next_cursor;
  }
  const auto expected = Matching([](const Ticket& t) {
    return HasTag(t, "vip") &&
           (t.status == TicketStatus::kOpen || t.status == TicketStatus::kNew ||
            t.status == TicketStatus::kClosed || t.status == TicketStatus::kResolved);
  });
  EXPECT_EQ(Sorted(seen), expected);
  EXPECT_EQ(std::set<int64_t>(seen.begin(), seen.end()).size(), seen.size());
}

TEST_P(StoreContract, ACursorOnlyContinuesTheListingThatMadeIt) {
  ASSERT_NO_FATAL_FAILURE(BuildQueue());
  TicketQuery q;
  q.sort = TicketSort::kPriority;
  q.descending = true;
  q.limit = 3;
  STORE_ASSERT_OK_AND_ASSIGN(const TicketPage first, Query(q));
  ASSERT_FALSE(first.next_cursor.empty());

  TicketQuery other_sort = q;
  other_sort.sort = TicketSort::kUpdated;
  other_sort.after = first.next_cursor;
  TicketQuery other_direction = q;
  other_direction.descending = false;
  other_direction.after = first.next_cursor;
  TicketQuery garbage = q;
  garbage.after = "not a cursor!";
  TicketQuery truncated = q;
  truncated.after = first.next_cursor.substr(0, 3);
  for (const TicketQuery& bad : {other_sort, other_direction, garbage, truncated}) {
    const auto page = Query(bad);
    ASSERT_FALSE(page.ok()) << "cursor '" << bad.after << "' accepted";
    EXPECT_EQ(page.status().code(), StatusCode::kInvalidArgument);
    EXPECT_TRUE(IsPlainMessage(page.status()));
  }
}

TEST_P(StoreContract, TotalIsOnlyCountedWhenAskedAndCoversEveryPage) {
  ASSERT_NO_FATAL_FAILURE(BuildQueue());
  TicketQuery q;
  q.limit = 5;
  STORE_ASSERT_OK_AND_ASSIGN(const TicketPage plain, Query(q));
  EXPECT_FALSE(plain.total.has_value());
  EXPECT_EQ(plain.items.size(), 5u);
  q.with_total = true;
  q.filter.organisation_ids = {acme_};
  STORE_ASSERT_OK_AND_ASSIGN(const TicketPage counted, Query(q));
  const auto acme_tickets = Matching([&](const Ticket& t) { return t.organisation_id == acme_; });
  EXPECT_EQ(counted.total, static_cast<int64_t>(acme_tickets.size()));
  q.after = counted.next_cursor;
  STORE_ASSERT_OK_AND_ASSIGN(const TicketPage second, Query(q));
  EXPECT_EQ(second.total, static_cast<int64_t>(acme_tickets.size()));
}

TEST_P(StoreContract, PageSizesAreKeptBetweenOneAnd200) {
  ASSERT_NO_FATAL_FAILURE(BuildQueue());
  TicketQuery q;
  q.limit = 0;
  STORE_ASSERT_OK_AND_ASSIGN(const TicketPage tiny, Query(q));
  EXPECT_EQ(tiny.items.size(), 1u);
  EXPECT_FALSE(tiny.next_cursor.empty());
  q.limit = -5;
  STORE_ASSERT_OK_AND_ASSIGN(const TicketPage negative, Query(q));
  EXPECT_EQ(negative.items.size(), 1u);
  q.limit = 1000000;
  STORE_ASSERT_OK_AND_ASSIGN(const TicketPage huge, Query(q));
  EXPECT_EQ(huge.items.size(), tickets_.size());
  EXPECT_TRUE(huge.next_cursor.empty());
}

// ---- links and attachments ----------------------------------------------------------------

TEST_P(StoreContract, LinksAreStoredBothWays) {
  const int64_t org = AddOrg("Acme");
  const int64_t maria = AddContact(org, "maria@acme.com", "Maria");
  Ticket outage = MakeTicket(org, "Backbone outage");
  outage.requester_id = maria;
  const int64_t a = AddTicket(outage);
  const int64_t b = AddTicket(MakeTicket(org, "Branch offline"));

  const std::pair<LinkKind, LinkKind> kinds[] = {{LinkKind::kRelated, LinkKind::kRelated},
                                                 {LinkKind::kDuplicateOf, LinkKind::kDuplicatedBy},
                                                 {LinkKind::kParentOf, LinkKind::kChildOf},
                                                 {LinkKind::kCausedBy, LinkKind::kCauses}};
  for (const auto& [kind, inverse] : kinds) {
    SCOPED_TRACE(std::string(domain::Name(kind)));
    STORE_ASSERT_OK(
        Write([&](Tx& tx) { return tx.tickets().AddLink(b, a, kind, At(minutes(1))); }));
    STORE_ASSERT_OK_AND_ASSIGN(const auto from_b,
                               InRead([&](Tx& tx) { return tx.tickets().Links(b); }));
    ASSERT_EQ(from_b.size(), 1u);
    EXPECT_EQ(from_b[0].ticket_id, b);
    EXPECT_EQ(from_b[0].other_id, a);
    EXPECT_EQ(from_b[0].kind, kind);
    EXPECT_EQ(from_b[0].created_at, At(minutes(1)));
    EXPECT_EQ(from_b[0].other_subject, "Backbone outage");
    EXPECT_EQ(from_b[0].other_status, TicketStatus::kOpen);
    EXPECT_EQ(from_b[0].other_organisation_id, org);
    EXPECT_EQ(from_b[0].other_requester_id, maria);
    STORE_ASSERT_OK_AND_ASSIGN(const auto from_a,
                               InRead([&](Tx& tx) { return tx.tickets().Links(a); }));
    ASSERT_EQ(from_a.size(), 1u);
    EXPECT_EQ(from_a[0].other_id, b);
    EXPECT_EQ(from_a[0].kind, inverse);
    EXPECT_EQ(from_a[0].other_subject, "Branch offline");

    const Status again =
        Write([&](Tx& tx) { return tx.tickets().AddLink(b, a, kind, At(minutes(2))); });
    EXPECT_EQ(again.code(), StatusCode::kAlreadyExists);
    EXPECT_TRUE(IsPlainMessage(again));
    EXPECT_EQ(
        Write([&](Tx& tx) { return tx.tickets().AddLink(a, b, inverse, At(minutes(2))); }).code(),
        StatusCode::kAlreadyExists);

    // Removing either side removes both.
    STORE_ASSERT_OK(Write([&](Tx& tx) { return tx.tickets().RemoveLink(a, b, inverse); }));
    STORE_ASSERT_OK_AND_ASSIGN(const auto left_b,
                               InRead([&](Tx& tx) { return tx.tickets().Links(b); }));
    STORE_ASSERT_OK_AND_ASSIGN(const auto left_a,
                               InRead([&](Tx& tx) { return tx.tickets().Links(a); }));
    EXPECT_TRUE(left_a.empty());
    EXPECT_TRUE(left_b.empty());
    EXPECT_EQ(Write([&](Tx& tx) { return tx.tickets().RemoveLink(b, a, kind); }).code(),
              StatusCode::kNotFound);
  }

  // The other ticket's status is read when listing, not copied when linking.
  STORE_ASSERT_OK(Write(
      [&](Tx& tx) { return tx.tickets().AddLink(b, a, LinkKind::kCausedBy, At(minutes(3))); }));
  const int64_t c = AddTicket(MakeTicket(org, "Another branch"));
  STORE_ASSERT_OK(Write(
      [&](Tx& tx) { return tx.tickets().AddLink(c, a, LinkKind::kCausedBy, At(minutes(4))); }));
  Ticket resolved = LoadTicket(a);
  resolved.status = TicketStatus::kResolved;
  STORE_ASSERT_OK(Write([&](Tx& tx) { return tx.tickets().Update(resolved, 1); }));
  STORE_ASSERT_OK_AND_ASSIGN(const auto links,
                             InRead([&](Tx& tx) { return tx.tickets().Links(b); }));
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].other_status, TicketStatus::kResolved);
  STORE_ASSERT_OK_AND_ASSIGN(const auto causes,
                             InRead([&](Tx& tx) { return tx.tickets().Links(a); }));
  ASSERT_EQ(causes.size(), 2u);
  EXPECT_EQ(causes[0].other_id, b);  // oldest first
  EXPECT_EQ(causes[1].other_id, c);
  EXPECT_EQ(causes[1].kind, LinkKind::kCauses);
}

TEST_P(StoreContract, AttachmentsAreListedPerTicketWithoutInternalOnesForContacts) {
  const int64_t org = AddOrg("Acme");
  const int64_t agent = AddUser("ana@farol.dev", "Ana");
  const int64_t ticket = AddTicket(MakeTicket(org, "Link down"));
  const int64_t other = AddTicket(MakeTicket(org, "Other"));
  Attachment log{0,
                 std::string(64, 'a'),
                 12345,
                 "text/plain",
                 "router.log",
                 ticket,
                 false,
                 {domain::ActorKind::kStaff, agent},
                 At(minutes(1))};
  Attachment secret{0,
                    std::string(64, 'b'),
                    99,
                    "application/pdf",
                    "contrato fornecedor.pdf",
                    ticket,
                    true,
                    {domain::ActorKind::kStaff, agent},
                    At(minutes(2))};
  Attachment elsewhere{0,  std::string(64, 'c'), 1, "image/png", "x.png", other, false,
                       {}, At(minutes(3))};
  for (Attachment* a : {&log, &secret, &elsewhere}) {
    STORE_ASSERT_OK_AND_ASSIGN(a->id, InWrite([&](Tx& tx) { return tx.attachments().Insert(*a); }));
  }
  auto same = [](const Attachment& x, const Attachment& y) {
    return x.id == y.id && x.sha256 == y.sha256 && x.size == y.size &&
           x.content_type == y.content_type && x.filename == y.filename &&
           x.ticket_id == y.ticket_id && x.internal == y.internal &&
           x.uploaded_by == y.uploaded_by && x.created_at == y.created_at;
  };
  STORE_ASSERT_OK_AND_ASSIGN(const auto got,
                             InRead([&](Tx& tx) { return tx.attachments().Get(secret.id); }));
  ASSERT_TRUE(got.has_value());
  EXPECT_TRUE(same(*got, secret));
  STORE_ASSERT_OK_AND_ASSIGN(const auto missing,
                             InRead([](Tx& tx) { return tx.attachments().Get(424242); }));
  EXPECT_FALSE(missing.has_value());

  STORE_ASSERT_OK_AND_ASSIGN(
      const auto staff, InRead([&](Tx& tx) { return tx.attachments().ListFor(ticket, true); }));
  ASSERT_EQ(staff.size(), 2u);
  EXPECT_TRUE(same(staff[0], log));
  EXPECT_TRUE(same(staff[1], secret));
  STORE_ASSERT_OK_AND_ASSIGN(
      const auto contact, InRead([&](Tx& tx) { return tx.attachments().ListFor(ticket, false); }));
  ASSERT_EQ(contact.size(), 1u);
  EXPECT_TRUE(same(contact[0], log));
}

// ---- sign-in state ------------------------------------------------------------------------

TEST_P(StoreContract, SessionsAreFoundByDigestTouchedAndSignedOut) {
  auto session = [](const std::string& digest, domain::ActorKind kind, int64_t subject,
                    Timestamp expires) {
    return SessionRecord{0, digest, kind, subject, "csrf-" + digest, T0(), T0(), expires};
  };
  const auto staff = domain::ActorKind::kStaff;
  const auto contact = domain::ActorKind::kContact;
  std::map<std::string, int64_t> ids;
  for (const SessionRecord& s :
       {session("d1", staff, 5, At(minutes(60))), session("d2", staff, 5, At(minutes(60))),
        session("d3", staff, 5, At(minutes(60))), session("d4", contact, 5, At(minutes(60))),
        session("d5", staff, 6, At(minutes(10))), session("d6", staff, 7, At(minutes(20)))}) {
    STORE_ASSERT_OK_AND_ASSIGN(ids[s.token_digest],
                               InWrite([&](Tx& tx) { return tx.sessions().Insert(s); }));
  }
  auto get = [&](const std::string& digest) {
    auto r = InRead([&](Tx& tx) { return tx.sessions().GetByDigest(digest); });
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::nullopt;
  };
  const auto d4 = get("d4");
  ASSERT_TRUE(d4.has_value());
  EXPECT_EQ(d4->id, ids["d4"]);
  EXPECT_EQ(d4->subject_kind, contact);
  EXPECT_EQ(d4->subject_id, 5);
  EXPECT_EQ(d4->csrf_token, "csrf-d4");
  EXPECT_EQ(d4->created_at, T0());
  EXPECT_EQ(d4->expires_at, At(minutes(60)));
  EXPECT_FALSE(get("unknown").has_value());

  STORE_ASSERT_OK(Write(
      [&](Tx& tx) { return tx.sessions().Touch(ids["d5"], At(minutes(5)), At(minutes(65))); }));
  EXPECT_EQ(Found(get("d5")).last_seen_at, At(minutes(5)));
  EXPECT_EQ(Found(get("d5")).expires_at, At(minutes(65)));

  // Staff user 5 signs out everywhere but d2; contact 5 is someone else.
  STORE_ASSERT_OK(Write([&](Tx& tx) { return tx.sessions().DeleteFor(staff, 5, ids["d2"]); }));
  EXPECT_FALSE(get("d1").has_value());
  EXPECT_TRUE(get("d2").has_value());
  EXPECT_FALSE(get("d3").has_value());
  EXPECT_TRUE(get("d4").has_value());
  STORE_ASSERT_OK(Write([&](Tx& tx) { return tx.sessions().DeleteFor(staff, 5); }));
  EXPECT_FALSE(get("d2").has_value());

  STORE_ASSERT_OK(Write([&](Tx& tx) { return tx.sessions().Delete(ids["d4"]); }));
  EXPECT_FALSE(get("d4").has_value());

  // d6 expires exactly now; d5 was extended.
  STORE_ASSERT_OK_AND_ASSIGN(const int64_t expired, InWrite([](Tx& tx) {
                               return tx.sessions().DeleteExpired(At(minutes(20)));
                             }));
  EXPECT_EQ(expired, 1);
  EXPECT_FALSE(get("d6").has_value());
  EXPECT_TRUE(get("d5").has_value());
}

TEST_P(StoreContract, ApiTokensAreRevokedOnlyByTheirOwnerAndOnlyOnce) {
  const int64_t ana = AddUser("ana@farol.dev", "Ana");
  const int64_t bruno = AddUser("bruno@farol.dev", "Bruno");
  ApiTokenRecord token{0,           ana,  "CI",         "digest-1",
                       "frl_ab12",  T0(), std::nullopt, At(minutes(60 * 24 * 90)),
                       std::nullopt};
  STORE_ASSERT_OK_AND_ASSIGN(token.id,
                             InWrite([&](Tx& tx) { return tx.api_tokens().Insert(token); }));
  ApiTokenRecord forever{0,    ana,          "Grafana",    "digest-2",  "frl_cd34",
                         T0(), std::nullopt, std::nullopt, std::nullopt};
  STORE_ASSERT_OK_AND_ASSIGN(forever.id,
                             InWrite([&](Tx& tx) { return tx.api_tokens().Insert(forever); }));

  auto get = [&](const std::string& digest) {
    auto r = InRead([&](Tx& tx) { return tx.api_tokens().GetByDigest(digest); });
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::nullopt;
  };
  auto got = get("digest-1");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->id, token.id);
  EXPECT_EQ(got->user_id, ana);
  EXPECT_EQ(got->name, "CI");
  EXPECT_EQ(got->prefix, "frl_ab12");
  EXPECT_EQ(got->created_at, T0());
  EXPECT_EQ(got->expires_at, token.expires_at);
  EXPECT_FALSE(got->last_used_at.has_value());
  EXPECT_FALSE(got->revoked_at.has_value());
  EXPECT_FALSE(Found(get("digest-2")).expires_at.has_value());
  EXPECT_FALSE(get("nope").has_value());

  STORE_ASSERT_OK_AND_ASSIGN(const auto listed,
                             InRead([&](Tx& tx) { return tx.api_tokens().ListFor(ana); }));
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].id, token.id);
  EXPECT_EQ(listed[1].id, forever.id);
  STORE_ASSERT_OK_AND_ASSIGN(const auto none,
                             InRead([&](Tx& tx) { return tx.api_tokens().ListFor(bruno); }));
  EXPECT_TRUE(none.empty());

  STORE_ASSERT_OK(
      Write([&](Tx& tx) { return tx.api_tokens().TouchLastUsed(token.id, At(minutes(3))); }));
  EXPECT_EQ(Found(get("digest-1")).last_used_at, At(minutes(3)));

  EXPECT_EQ(
      Write([&](Tx& tx) { return tx.api_tokens().Revoke(token.id, bruno, At(minutes(4))); }).code(),
      StatusCode::kNotFound);
  EXPECT_FALSE(Found(get("digest-1")).revoked_at.has_value());
  STORE_ASSERT_OK(
      Write([&](Tx& tx) { return tx.api_tokens().Revoke(token.id, ana, At(minutes(5))); }));
  EXPECT_EQ(Found(get("digest-1")).revoked_at, At(minutes(5)));
  EXPECT_EQ(
      Write([&](Tx& tx) { return tx.api_tokens().Revoke(token.id, ana, At(minutes(6))); }).code(),
      StatusCode::kNotFound);
  EXPECT_EQ(Found(get("digest-1")).revoked_at, At(minutes(5)));
  EXPECT_FALSE(Found(get("digest-2")).revoked_at.has_value());
  EXPECT_EQ(
      Write([&](Tx& tx) { return tx.api_tokens().Revoke(424242, ana, At(minutes(6))); }).code(),
      StatusCode::kNotFound);
}

TEST_P(StoreContract, LoginFailuresAreCountedPerKeySinceAnInstant) {
  STORE_ASSERT_OK(Write([](Tx& tx) -> Status {
    for (const int m : {0, 10, 20, 30}) {
      FAROL_RETURN_IF_ERROR(tx.login_failures().Add("ana@farol.dev", At(minutes(m))));
    }
    return tx.login_failures().Add("10.0.0.1", At(minutes(5)));
  }));
  auto count = [&](const std::string& key, int since) {
    auto r =
        InRead([&](Tx& tx) { return tx.login_failures().CountSince(key, At(minutes(since))); });
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : -1;
  };
  auto oldest = [&](const std::string& key, int since) {
    auto r =
        InRead([&](Tx& tx) { return tx.login_failures().OldestSince(key, At(minutes(since))); });
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::nullopt;
  };
  EXPECT_EQ(count("ana@farol.dev", 0), 4);
  EXPECT_EQ(count("ana@farol.dev", 10), 3);  // at or after
  EXPECT_EQ(count("ana@farol.dev", 31), 0);
  EXPECT_EQ(count("nobody", 0), 0);
  EXPECT_EQ(oldest("ana@farol.dev", 5), At(minutes(10)));
  EXPECT_EQ(oldest("ana@farol.dev", 10), At(minutes(10)));
  EXPECT_EQ(oldest("ana@farol.dev", 31), std::nullopt);
  EXPECT_EQ(oldest("nobody", 0), std::nullopt);

  STORE_ASSERT_OK(Write([](Tx& tx) { return tx.login_failures().DeleteBefore(At(minutes(20))); }));
  EXPECT_EQ(count("ana@farol.dev", 0), 2);
  EXPECT_EQ(count("10.0.0.1", 0), 0);
  STORE_ASSERT_OK(Write([](Tx& tx) -> Status {
    FAROL_RETURN_IF_ERROR(tx.login_failures().Add("10.0.0.1", At(minutes(40))));
    return tx.login_failures().Clear("ana@farol.dev");
  }));
  EXPECT_EQ(count("ana@farol.dev", 0), 0);
  EXPECT_EQ(count("10.0.0.1", 0), 1);
}

TEST_P(StoreContract, IdempotencyKeysAreStoredOncePerScope) {
  const IdempotencyRecord first{"staff:5", "key-1", "hash-a", 201, "1001", T0()};
  STORE_ASSERT_OK_AND_ASSIGN(
      const auto none, InRead([](Tx& tx) { return tx.idempotency().Get("staff:5", "key-1"); }));
  EXPECT_FALSE(none.has_value());
  STORE_ASSERT_OK(Write([&](Tx& tx) { return tx.idempotency().Put(first); }));

  const Status again = Write([](Tx& tx) {
    return tx.idempotency().Put({"staff:5", "key-1", "hash-b", 201, "1002", At(minutes(1))});
  });
  EXPECT_EQ(again.code(), StatusCode::kAlreadyExists);
  EXPECT_TRUE(IsPlainMessage(again));
  EXPECT_TRUE(HasFieldError(again, "key"));
  STORE_ASSERT_OK(Write([](Tx& tx) {
    return tx.idempotency().Put({"contact:5", "key-1", "hash-c", 201, "1003", At(minutes(30))});
  }));

  auto get = [&](const std::string& scope) {
    auto r = InRead([&](Tx& tx) { return tx.idempotency().Get(scope, "key-1"); });
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::nullopt;
  };
  const auto kept = get("staff:5");
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->scope, "staff:5");
  EXPECT_EQ(kept->key, "key-1");
  EXPECT_EQ(kept->request_hash, "hash-a");  // the first one stays
  EXPECT_EQ(kept->status, 201);
  EXPECT_EQ(kept->body, "1001");
  EXPECT_EQ(kept->created_at, T0());
  EXPECT_EQ(Found(get("contact:5")).body, "1003");

  STORE_ASSERT_OK(Write([](Tx& tx) { return tx.idempotency().DeleteBefore(At(minutes(10))); }));
  EXPECT_FALSE(get("staff:5").has_value());
  EXPECT_TRUE(get("contact:5").has_value());
}

// ---- transactions -------------------------------------------------------------------------

TEST_P(StoreContract, AFailedWriteLeavesNoTrace) {
  const int64_t org = AddOrg("Acme");
  struct Case {
    std::string name;
    std::function<Status(Tx&)>
        then;  // runs after the transaction wrote an organisation and a setting
    StatusCode code;
  };
  const std::vector<Case> cases = {
      {"the function returns an error",
       [](Tx&) { return FailedPreconditionError("changed my mind"); },
       StatusCode::kFailedPrecondition},
      {"the function throws", [](Tx&) -> Status { throw std::runtime_error("bug"); },
       StatusCode::kInternal},
      {"a later statement breaks a unique rule",
       [](Tx& tx) { return tx.organisations().Insert(MakeOrg("ACME")).status(); },
       StatusCode::kAlreadyExists},
      {"a later statement names a missing row",
       [](Tx& tx) { return tx.tickets().Insert(MakeTicket(424242, "Orphan")).status(); },
       StatusCode::kFailedPrecondition},
      {"a later statement fails after other writes",
       [&](Tx& tx) -> Status {
         FAROL_RETURN_IF_ERROR(tx.tickets().Insert(MakeTicket(org, "Written first")).status());
         FAROL_RETURN_IF_ERROR(tx.users().Insert(MakeUser("dup@acme.com", "One"), "").status());
         return tx.users().Insert(MakeUser("DUP@acme.com", "Two"), "").status();
       },
       StatusCode::kAlreadyExists},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const Status s = Write([&](Tx& tx) -> Status {
      FAROL_RETURN_IF_ERROR(tx.organisations().Insert(MakeOrg("Trace " + c.name)).status());
      FAROL_RETURN_IF_ERROR(tx.settings().Put("trace", c.name));
      return c.then(tx);
    });
    EXPECT_EQ(s.code(), c.code) << s.ToString();
    STORE_ASSERT_OK_AND_ASSIGN(const auto orgs, InRead([](Tx& tx) {
                                 return tx.organisations().List(ListOptions::First(100));
                               }));
    EXPECT_EQ(orgs.size(), 1u);
    STORE_ASSERT_OK_AND_ASSIGN(const auto setting,
                               InRead([](Tx& tx) { return tx.settings().Get("trace"); }));
    EXPECT_FALSE(setting.has_value());
    STORE_ASSERT_OK_AND_ASSIGN(const auto tickets, Query(TicketQuery{}));
    EXPECT_TRUE(tickets.items.empty());
    STORE_ASSERT_OK_AND_ASSIGN(const int64_t users,
                               InRead([](Tx& tx) { return tx.users().Count(); }));
    EXPECT_EQ(users, 0);
  }
  // The function's own error comes back as it was.
  const Status own = Write([](Tx&) { return FieldInvalidError("subject", "is too long"); });
  EXPECT_EQ(own.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(own.message(), "subject: is too long");
  EXPECT_TRUE(HasFieldError(own, "subject"));
}

// A function may look at a failed statement and carry on; whatever Write then answers must be
// true: OK means every write the function made is stored, an error means none is.
TEST_P(StoreContract, WriteNeverReportsSuccessForWritesItDidNotKeep) {
  AddOrg("Acme");
  const Status s = Write([](Tx& tx) -> Status {
    const Status taken = tx.organisations().Insert(MakeOrg("ACME")).status();
    EXPECT_EQ(taken.code(), StatusCode::kAlreadyExists);
    (void)tx.settings().Put("after", "yes");
    return OkStatus();
  });
  STORE_ASSERT_OK_AND_ASSIGN(const auto after,
                             InRead([](Tx& tx) { return tx.settings().Get("after"); }));
  if (s.ok()) {
    EXPECT_EQ(after, std::optional<std::string>("yes")) << "Write said OK but lost a write";
  } else {
    EXPECT_FALSE(after.has_value()) << "Write failed (" << s.ToString() << ") but kept a write";
  }
}

TEST_P(StoreContract, ReadTransactionsCannotWrite) {
  const Status s = Read([](Tx& tx) { return tx.settings().Put("sneaky", "write"); });
  EXPECT_FALSE(s.ok());
  STORE_ASSERT_OK_AND_ASSIGN(const auto value,
                             InRead([](Tx& tx) { return tx.settings().Get("sneaky"); }));
  EXPECT_FALSE(value.has_value());
}

TEST_P(StoreContract, AReadSeesOneSnapshotWhileOthersCommit) {
  AddOrg("Before");
  STORE_ASSERT_OK(Write([](Tx& tx) { return tx.settings().Put("phase", "before"); }));
  const Status s = Read([&](Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(const auto orgs, tx.organisations().List(ListOptions::First(100)));
    EXPECT_EQ(orgs.size(), 1u);
    // Another transaction commits while this one is open.
    const Status w = Write([](Tx& wtx) -> Status {
      FAROL_RETURN_IF_ERROR(wtx.organisations().Insert(MakeOrg("During")).status());
      return wtx.settings().Put("phase", "during");
    });
    EXPECT_TRUE(w.ok()) << w.ToString();
    FAROL_ASSIGN_OR_RETURN(const auto orgs_again, tx.organisations().List(ListOptions::First(100)));
    EXPECT_EQ(orgs_again.size(), 1u) << "the read saw a row committed after it began";
    FAROL_ASSIGN_OR_RETURN(const auto phase, tx.settings().Get("phase"));
    EXPECT_EQ(phase, std::optional<std::string>("before"))
        << "the read saw a value committed after it began";
    return OkStatus();
  });
  STORE_ASSERT_OK(s);
  STORE_ASSERT_OK_AND_ASSIGN(const auto orgs, InRead([](Tx& tx) {
                               return tx.organisations().List(ListOptions::First(100));
                             }));
  EXPECT_EQ(orgs.size(), 2u);
}

// 16 threads x 200 writes at once (SQLite: group commit through one writer; PostgreSQL: the
// pool). With `fail_every` n > 0, every n-th write of a thread changes its mind after writing:
// it must vanish without harming the writes that share its commit.
void ConcurrentWrites(Store& store, int fail_every) {
  constexpr int kThreads = 16;
  constexpr int kWrites = 200;
  auto fails = [&](int n) { return fail_every > 0 && n % fail_every == fail_every - 1; };
  std::atomic<int> unexpected{0};
  std::mutex mu;
  std::string first_error;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int n = 0; n < kWrites; ++n) {
        const std::string key = std::to_string(t) + "-" + std::to_string(n);
        const Status s = store.Write([&](Tx& tx) -> Status {
          FAROL_ASSIGN_OR_RETURN(const int64_t org,
                                 tx.organisations().Insert(MakeOrg("Org " + key)));
          FAROL_RETURN_IF_ERROR(tx.settings().Put("org " + key, std::to_string(org)));
          return fails(n) ? FailedPreconditionError("changed my mind") : OkStatus();
        });
        if (s.ok() == fails(n)) {
          ++unexpected;
          std::lock_guard lock(mu);
          if (first_error.empty()) first_error = key + ": " + s.ToString();
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(unexpected.load(), 0) << first_error;

  STORE_EXPECT_OK(store.Read([&](Tx& tx) -> Status {
    int64_t kept = 0;
    for (int t = 0; t < kThreads; ++t) {
      for (int n = 0; n < kWrites; ++n) {
        const std::string key = std::to_string(t) + "-" + std::to_string(n);
        FAROL_ASSIGN_OR_RETURN(const auto org_id, tx.settings().Get("org " + key));
        if (fails(n)) {
          EXPECT_FALSE(org_id.has_value()) << "failed write " << key << " left a trace";
          continue;
        }
        if (!org_id) {
          ADD_FAILURE() << "write " << key << " is missing";
          continue;
        }
        FAROL_ASSIGN_OR_RETURN(const auto org, tx.organisations().Get(std::stoll(*org_id)));
        EXPECT_TRUE(org && org->name == "Org " + key) << key;
        ++kept;
      }
    }
    const int expected =
        fail_every > 0 ? kThreads * (kWrites - kWrites / fail_every) : kThreads * kWrites;
    EXPECT_EQ(kept, expected);
    FAROL_ASSIGN_OR_RETURN(const int64_t orgs,
                           tx.connectionForTest().QueryInt("SELECT COUNT(*) FROM organisations"));
    EXPECT_EQ(orgs, expected);
    return OkStatus();
  }));
}

TEST_P(StoreContract, RacingWritersOfOneRecordHaveExactlyOneWinner) {
  const int64_t id = AddTicket(MakeTicket(AddOrg("Acme"), "Link down"));
  const Ticket loaded = LoadTicket(id);
  constexpr int kRacers = 8;
  std::vector<Status> updates(kRacers), puts(kRacers);
  std::vector<std::thread> racers;
  for (int i = 0; i < kRacers; ++i) {
    racers.emplace_back([&, i] {
      Ticket mine = loaded;  // everyone saw version 1
      mine.subject = "Edited by " + std::to_string(i);
      updates[static_cast<size_t>(i)] =
          store_->Write([&](Tx& tx) { return tx.tickets().Update(mine, loaded.version); });
      puts[static_cast<size_t>(i)] = store_->Write([&](Tx& tx) {
        return tx.idempotency().Put({"staff:1", "same-key", "hash", 201, std::to_string(i), T0()});
      });
    });
  }
  for (std::thread& t : racers) t.join();

  int winner = -1;
  for (int i = 0; i < kRacers; ++i) {
    const Status& s = updates[static_cast<size_t>(i)];
    if (s.ok()) {
      EXPECT_EQ(winner, -1) << "two updates of version 1 both succeeded";
      winner = i;
    } else {
      EXPECT_EQ(s.code(), StatusCode::kStaleVersion) << s.ToString();
    }
  }
  ASSERT_NE(winner, -1);
  const Ticket stored = LoadTicket(id);
  EXPECT_EQ(stored.version, 2);
  EXPECT_EQ(stored.subject, "Edited by " + std::to_string(winner));

  int stored_puts = 0;
  for (const Status& s : puts) {
    if (s.ok()) {
      ++stored_puts;
    } else {
      EXPECT_EQ(s.code(), StatusCode::kAlreadyExists) << s.ToString();
    }
  }
  EXPECT_EQ(stored_puts, 1);
}

TEST_P(StoreContract, SixteenThreadsWritingAtOnceAllCommit) { ConcurrentWrites(*store_, 0); }

TEST_P(StoreContract, AFailedWriteAmongConcurrentOnesTakesOnlyItselfBack) {
  ConcurrentWrites(*store_, 10);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContract, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace farol::store

namespace farol::store {
namespace {

// Statistics help the planner choose queue indexes, but on FTS5's shadow tables they sent its
// own queries down bad plans (bulk loads became ten times slower); Analyze leaves none there.
TEST_P(StoreContract, AnalyzeGathersStatisticsButNoneOnTheSearchIndexTables) {
  ASSERT_TRUE(Write([&](Tx& tx) -> Status {
    domain::Organisation o;
    o.name = "Acme";
    FAROL_ASSIGN_OR_RETURN(const int64_t org, tx.organisations().Insert(o));
    for (int i = 0; i < 50; ++i) {
      domain::Ticket t;
      t.subject = "printer " + std::to_string(i);
      t.organisation_id = org;
      FAROL_ASSIGN_OR_RETURN(const int64_t id, tx.tickets().Insert(t));
      FAROL_RETURN_IF_ERROR(tx.tickets().IndexText(id, t.subject, false));
    }
    return OkStatus();
  }).ok());
  ASSERT_TRUE(store_->Analyze(true).ok());
  ASSERT_TRUE(store_->Analyze(false).ok());
  if (GetParam() != std::string("sqlite")) return;  // PostgreSQL: autovacuum's statistics, nothing to check
  int64_t tickets_stats = 0, search_stats = 0;
  ASSERT_TRUE(Read([&](Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(tickets_stats, tx.connectionForTest().QueryInt("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'tickets'"));
    FAROL_ASSIGN_OR_RETURN(search_stats,
                           tx.connectionForTest().QueryInt("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl LIKE 'ticket_text%'"));
    return OkStatus();
  }).ok());
  EXPECT_GT(tickets_stats, 0);
  EXPECT_EQ(search_stats, 0);
}


// ---- calendars, SLA policies, contracts, escalations, audit (schema v7) -------------------

TEST_P(StoreContract, NamedTextsKeepEveryVersionAndRefuseStaleEditsAndTakenNames) {
  const domain::ActorRef admin{domain::ActorKind::kStaff, AddUser("admin@farol.dev", "Ada Admin")};
  // A fresh database has the default calendar and policy (the v7 upgrade made them).
  STORE_ASSERT_OK_AND_ASSIGN(auto first, InRead([&](Tx& tx) { return tx.calendars().Get(1); }));
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->name, "Default calendar");
  STORE_ASSERT_OK_AND_ASSIGN(auto created,
                             InWrite([&](Tx& tx) { return tx.calendars().Insert("São Paulo office", "timezone UTC\n", At(minutes(1)), admin); }));
  EXPECT_EQ(created.version, 1);
  EXPECT_GT(created.version_id, 0);
  auto taken = InWrite([&](Tx& tx) { return tx.calendars().Insert("são paulo OFFICE", "x", T0(), admin); });
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.status().code(), StatusCode::kAlreadyExists);
  EXPECT_TRUE(HasFieldError(taken.status(), "name"));
  EXPECT_TRUE(IsPlainMessage(taken.status()));
  // A rename keeps the version; new text makes a new version.
  STORE_ASSERT_OK_AND_ASSIGN(auto renamed, InWrite([&](Tx& tx) {
                               return tx.calendars().Update(created.id, "SP office", created.text, At(minutes(2)), admin, 1);
                             }));
  EXPECT_EQ(renamed.version, 2);
  EXPECT_EQ(renamed.version_id, created.version_id);
  STORE_ASSERT_OK_AND_ASSIGN(auto edited, InWrite([&](Tx& tx) {
                               return tx.calendars().Update(created.id, "SP office", "timezone America/Sao_Paulo\n",
                                                            At(minutes(3)), admin, 2);
                             }));
  EXPECT_GT(edited.version_id, created.version_id);
  EXPECT_EQ(edited.text, "timezone America/Sao_Paulo\n");
  auto stale = InWrite([&](Tx& tx) { return tx.calendars().Update(created.id, "Old", "y", At(minutes(4)), admin, 2); });
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), StatusCode::kStaleVersion);
  auto missing = InWrite([&](Tx& tx) { return tx.calendars().Update(999, "x", "y", T0(), admin, 1); });
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  STORE_ASSERT_OK_AND_ASSIGN(auto versions, InRead([&](Tx& tx) { return tx.calendars().Versions(created.id); }));
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].id, edited.version_id);  // newest first
  EXPECT_EQ(versions[0].since, At(minutes(3)));
  EXPECT_EQ(versions[0].author, admin);
  EXPECT_EQ(versions[0].author_name, "Ada Admin");
  EXPECT_EQ(versions[1].text, "timezone UTC\n");
  STORE_ASSERT_OK_AND_ASSIGN(auto all, InRead([&](Tx& tx) { return tx.calendars().AllVersions(); }));
  EXPECT_EQ(all.size(), 3u);  // the default calendar's and these two
  // Policies share the shape, in their own tables.
  STORE_ASSERT_OK_AND_ASSIGN(auto policies, InRead([&](Tx& tx) { return tx.sla_policies().List(); }));
  ASSERT_EQ(policies.size(), 1u);
  EXPECT_EQ(policies[0].id, 1);
  EXPECT_NE(policies[0].text.find("calendar 1"), std::string::npos);
  EXPECT_NE(policies[0].text.find("level "), std::string::npos);  // a new database gets the seed escalation matrix
  STORE_ASSERT_OK_AND_ASSIGN(auto gold,
                             InWrite([&](Tx& tx) { return tx.sla_policies().Insert("Gold", "calendar 1\n", T0(), admin); }));
  EXPECT_GT(gold.id, 1);  // identities continue after the rows the upgrade inserted with chosen ids
}

TEST_P(StoreContract, ContractsAreStoredWhole) {
  const int64_t org = AddOrg("Banco Horizonte");
  domain::Contract c;
  c.organisation_id = org;
  c.name = "NOC 24x7";
  c.starts_on = {2026, 1, 1};
  c.ends_on = domain::CivilDate{2026, 12, 31};
  c.renewal_on = domain::CivilDate{2026, 11, 1};
  c.starts_at = At(minutes(0));
  c.ends_at = At(minutes(60 * 24 * 365));
  c.monthly_value_minor = 1'250'000;
  c.currency = "BRL";
  c.policy_id = 1;
  c.calendar_id = 1;
  c.compliance = {{TicketType::kIncident, "resolution", 9500}, {TicketType::kChange, "first_response", 9025}};
  c.notes = "Renegociar em outubro";
  c.created_at = c.updated_at = T0();
  STORE_ASSERT_OK_AND_ASSIGN(c.id, InWrite([&](Tx& tx) { return tx.contracts().Insert(c); }));
  c.version = 1;
  STORE_ASSERT_OK_AND_ASSIGN(auto back, InRead([&](Tx& tx) { return tx.contracts().Get(c.id); }));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->name, c.name);
  EXPECT_EQ(back->starts_on, c.starts_on);
  EXPECT_EQ(back->ends_on, c.ends_on);
  EXPECT_EQ(back->renewal_on, c.renewal_on);
  EXPECT_EQ(back->starts_at, c.starts_at);
  EXPECT_EQ(back->ends_at, c.ends_at);
  EXPECT_EQ(back->monthly_value_minor, 1'250'000);
  EXPECT_EQ(back->compliance, c.compliance);
  EXPECT_EQ(back->notes, c.notes);
  EXPECT_EQ(back->calendar_id, 1);
  // Open-ended, no calendar of its own; a stale edit is refused.
  c.ends_on.reset();
  c.ends_at.reset();
  c.calendar_id = 0;
  STORE_ASSERT_OK(Write([&](Tx& tx) { return tx.contracts().Update(c, 1); }));
  EXPECT_EQ(Write([&](Tx& tx) { return tx.contracts().Update(c, 1); }).code(), StatusCode::kStaleVersion);
  STORE_ASSERT_OK_AND_ASSIGN(auto list, InRead([&](Tx& tx) { return tx.contracts().List(org); }));
  ASSERT_EQ(list.size(), 1u);
  EXPECT_FALSE(list[0].ends_on);
  EXPECT_FALSE(list[0].ends_at);
  EXPECT_EQ(list[0].calendar_id, 0);
  EXPECT_EQ(list[0].version, 2);
  STORE_ASSERT_OK_AND_ASSIGN(auto none, InRead([&](Tx& tx) { return tx.contracts().List(org + 100); }));
  EXPECT_TRUE(none.empty());
}

TEST_P(StoreContract, EscalationsFireOncePerLevelAndAreAcknowledgedOnce) {
  const int64_t org = AddOrg("Acme");
  const int64_t ticket = AddTicket(MakeTicket(org, "Link down"));
  const int64_t ana = AddUser("ana@farol.dev", "Ana");
  EscalationRow row;
  row.ticket_id = ticket;
  row.level = 1;
  row.name = "NOC / N1 team";
  row.cause = "created";
  row.fired_at = T0();
  row.deadline_at = At(minutes(120));
  row.recipients = {"Ana <ana@farol.dev>", "Bruno <bruno@farol.dev>"};
  row.channels = {"NOC Slack"};
  STORE_ASSERT_OK_AND_ASSIGN(row.id, InWrite([&](Tx& tx) { return tx.escalations().Insert(row); }));
  auto again = InWrite([&](Tx& tx) { return tx.escalations().Insert(row); });
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  EscalationRow second = row;
  second.level = 2;
  second.name = "NOC manager";
  second.cause = "unacknowledged";
  second.fired_at = At(minutes(120));
  second.deadline_at.reset();
  second.recipients = {};
  STORE_ASSERT_OK_AND_ASSIGN(second.id, InWrite([&](Tx& tx) { return tx.escalations().Insert(second); }));
  STORE_ASSERT_OK_AND_ASSIGN(bool acked, InWrite([&](Tx& tx) { return tx.escalations().Acknowledge(row.id, At(minutes(10)), ana, "link"); }));
  EXPECT_TRUE(acked);
  STORE_ASSERT_OK_AND_ASSIGN(bool twice, InWrite([&](Tx& tx) { return tx.escalations().Acknowledge(row.id, At(minutes(11)), ana, "app"); }));
  EXPECT_FALSE(twice);
  STORE_ASSERT_OK_AND_ASSIGN(auto found, InRead([&](Tx& tx) { return tx.escalations().Find(ticket, 1); }));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->acknowledged_at, At(minutes(10)));
  EXPECT_EQ(found->acknowledged_by_name, "Ana");
  EXPECT_EQ(found->ack_via, "link");
  EXPECT_EQ(found->recipients, row.recipients);
  EXPECT_EQ(found->channels, row.channels);
  EXPECT_EQ(found->ticket_subject, "Link down");
  EXPECT_EQ(found->deadline_at, At(minutes(120)));
  STORE_ASSERT_OK_AND_ASSIGN(auto open, InRead([&](Tx& tx) { return tx.escalations().List(false, 10, 0); }));
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].level, 2);
  EXPECT_TRUE(open[0].recipients.empty());
  STORE_ASSERT_OK_AND_ASSIGN(auto all, InRead([&](Tx& tx) { return tx.escalations().List(std::nullopt, 10, 0); }));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, second.id);  // newest first
  STORE_ASSERT_OK_AND_ASSIGN(auto older, InRead([&](Tx& tx) { return tx.escalations().List(std::nullopt, 10, second.id); }));
  ASSERT_EQ(older.size(), 1u);
  EXPECT_EQ(older[0].id, row.id);
  STORE_ASSERT_OK_AND_ASSIGN(auto by_level, InRead([&](Tx& tx) { return tx.escalations().ListFor(ticket); }));
  ASSERT_EQ(by_level.size(), 2u);
  EXPECT_EQ(by_level[0].level, 1);
}

TEST_P(StoreContract, SurveysInvitationsWorkOnceAndAnswersAreCountedPerScore) {
  const int64_t org = AddOrg("Acme");
  const int64_t carla = AddContact(org, "carla@acme.com", "Carla");
  const int64_t dario = AddContact(org, "dario@acme.com", "Dario");
  const int64_t ana = AddUser("ana@farol.dev", "Ana");
  Ticket t = MakeTicket(org, "VPN down");
  t.requester_id = carla;
  const int64_t ticket = AddTicket(t);

  Survey s;
  s.name = "CSAT after each ticket";
  s.scale = *domain::MakeScale(domain::SurveyKind::kCsat);
  s.question_en = "How satisfied are you?";
  s.question_pt = "Qual a sua satisfação?";
  s.ticket_types = {"incident", "service_request"};
  s.created_at = T0();
  STORE_ASSERT_OK_AND_ASSIGN(s.id, InWrite([&](Tx& tx) { return tx.surveys().Insert(s); }));
  STORE_ASSERT_OK_AND_ASSIGN(auto got, InRead([&](Tx& tx) { return tx.surveys().Get(s.id); }));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->scale.kind, domain::SurveyKind::kCsat);
  EXPECT_EQ(got->scale.points, 5);
  EXPECT_EQ(got->ticket_types, s.ticket_types);
  EXPECT_TRUE(got->channels.empty());
  EXPECT_EQ(got->send_on, "resolved");
  // Optimistic update: the version moves; an old version is refused.
  got->name = "CSAT";
  STORE_ASSERT_OK(Write([&](Tx& tx) { return tx.surveys().Update(*got, 1); }));
  EXPECT_EQ(Write([&](Tx& tx) { return tx.surveys().Update(*got, 1); }).code(), StatusCode::kStaleVersion);
  STORE_ASSERT_OK_AND_ASSIGN(auto sent_on_resolve, InRead([&](Tx& tx) { return tx.surveys().ActiveSentOn("resolved"); }));
  ASSERT_EQ(sent_on_resolve.size(), 1u);
  EXPECT_EQ(sent_on_resolve[0].name, "CSAT");
  STORE_ASSERT_OK_AND_ASSIGN(auto sent_on_close, InRead([&](Tx& tx) { return tx.surveys().ActiveSentOn("closed"); }));
  EXPECT_TRUE(sent_on_close.empty());

  // The throttle's facts: when a contact was last asked, and whether they have an open escalation.
  STORE_ASSERT_OK_AND_ASSIGN(auto never, InRead([&](Tx& tx) { return tx.surveys().LastInvitedAt(carla); }));
  EXPECT_FALSE(never.has_value());
  STORE_ASSERT_OK_AND_ASSIGN(bool escalated, InRead([&](Tx& tx) { return tx.surveys().HasOpenEscalation(carla); }));
  EXPECT_FALSE(escalated);
  EscalationRow esc;
  esc.ticket_id = ticket;
  esc.level = 1;
  esc.name = "N1";
  esc.cause = "created";
  esc.fired_at = T0();
  STORE_ASSERT_OK(Write([&](Tx& tx) { return tx.escalations().Insert(esc).status(); }));
  STORE_ASSERT_OK_AND_ASSIGN(escalated, InRead([&](Tx& tx) { return tx.surveys().HasOpenEscalation(carla); }));
  EXPECT_TRUE(escalated) << "an open ticket of hers was escalated";
  STORE_ASSERT_OK_AND_ASSIGN(escalated, InRead([&](Tx& tx) { return tx.surveys().HasOpenEscalation(dario); }));
  EXPECT_FALSE(escalated);

  SurveyInvitation inv;
  inv.survey_id = s.id;
  inv.contact_id = carla;
  inv.organisation_id = org;
  inv.ticket_id = ticket;
  inv.agent_id = ana;
  inv.token_digest = "digest-1";
  inv.locale = "pt-BR";
  inv.created_at = At(minutes(5));
  inv.expires_at = At(std::chrono::hours(24 * 14));
  STORE_ASSERT_OK_AND_ASSIGN(auto inv_id, InWrite([&](Tx& tx) { return tx.surveys().InsertInvitation(inv); }));
  ASSERT_TRUE(inv_id.has_value());
  // The same survey about the same ticket again: nothing inserted.
  inv.token_digest = "digest-2";
  STORE_ASSERT_OK_AND_ASSIGN(auto twice, InWrite([&](Tx& tx) { return tx.surveys().InsertInvitation(inv); }));
  EXPECT_FALSE(twice.has_value());
  STORE_ASSERT_OK_AND_ASSIGN(auto last, InRead([&](Tx& tx) { return tx.surveys().LastInvitedAt(carla); }));
  EXPECT_EQ(last, At(minutes(5)));
  STORE_ASSERT_OK_AND_ASSIGN(auto found, InRead([&](Tx& tx) { return tx.surveys().FindInvitation("digest-1"); }));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, *inv_id);
  EXPECT_EQ(found->agent_id, ana);
  EXPECT_EQ(found->team_id, 0);
  EXPECT_EQ(found->locale, "pt-BR");
  STORE_ASSERT_OK_AND_ASSIGN(auto missing, InRead([&](Tx& tx) { return tx.surveys().FindInvitation("digest-2"); }));
  EXPECT_FALSE(missing.has_value());
  // Answered once.
  STORE_ASSERT_OK_AND_ASSIGN(bool first, InWrite([&](Tx& tx) { return tx.surveys().MarkAnswered(*inv_id, At(minutes(30))); }));
  EXPECT_TRUE(first);
  STORE_ASSERT_OK_AND_ASSIGN(bool second, InWrite([&](Tx& tx) { return tx.surveys().MarkAnswered(*inv_id, At(minutes(31))); }));
  EXPECT_FALSE(second);

  // Answers: one with the invitation, and more (other invitations) for the distribution.
  auto answer = [&](int64_t contact, int score, const std::string& sentiment, Timestamp at, int64_t n) {
    SurveyInvitation v = inv;
    v.contact_id = contact;
    v.ticket_id = 0;
    v.token_digest = "d-" + std::to_string(n);
    SurveyResponse r;
    r.survey_id = s.id;
    r.contact_id = contact;
    r.organisation_id = org;
    r.agent_id = ana;
    r.ticket_type = "incident";
    r.channel = "email";
    r.score = score;
    r.sentiment = sentiment;
    r.answered_at = at;
    return InWrite([&](Tx& tx) -> StatusOr<int64_t> {
      FAROL_ASSIGN_OR_RETURN(auto id, tx.surveys().InsertInvitation(v));
      r.invitation_id = *id;
      return tx.surveys().InsertResponse(r);
    });
  };
  STORE_ASSERT_OK_AND_ASSIGN(const int64_t r1, answer(carla, 2, "unsatisfied", At(minutes(30)), 1));
  STORE_ASSERT_OK(answer(dario, 5, "satisfied", At(minutes(40)), 2).status());
  STORE_ASSERT_OK(answer(dario, 5, "satisfied", At(minutes(50)), 3).status());
  STORE_ASSERT_OK(answer(dario, 4, "satisfied", At(std::chrono::hours(48)), 4).status());  // after the period below
  SurveyFilter f;
  f.survey_id = s.id;
  f.from = T0();
  f.to = At(std::chrono::hours(24));
  STORE_ASSERT_OK_AND_ASSIGN(auto dist, InRead([&](Tx& tx) { return tx.surveys().Distribution(f); }));
  EXPECT_EQ(dist, (std::vector<std::pair<int, int64_t>>{{2, 1}, {5, 2}}));
  f.sentiment = "unsatisfied";
  STORE_ASSERT_OK_AND_ASSIGN(dist, InRead([&](Tx& tx) { return tx.surveys().Distribution(f); }));
  EXPECT_EQ(dist, (std::vector<std::pair<int, int64_t>>{{2, 1}}));
  f.sentiment.clear();
  f.transactional = false;
  STORE_ASSERT_OK_AND_ASSIGN(dist, InRead([&](Tx& tx) { return tx.surveys().Distribution(f); }));
  EXPECT_TRUE(dist.empty()) << "every answer here is transactional";
  f.transactional.reset();
  STORE_ASSERT_OK_AND_ASSIGN(auto list, InRead([&](Tx& tx) { return tx.surveys().Responses(f, 2, 0); }));
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].contact_name, "Dario");  // newest first
  EXPECT_EQ(list[0].agent_name, "Ana");
  EXPECT_EQ(list[0].organisation_name, "Acme");
  STORE_ASSERT_OK_AND_ASSIGN(auto rest, InRead([&](Tx& tx) { return tx.surveys().Responses(f, 2, list[1].id); }));
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].id, r1);
  // A comment is added once, to an answer that has none.
  STORE_ASSERT_OK_AND_ASSIGN(bool commented, InWrite([&](Tx& tx) { return tx.surveys().AddComment(r1, "Demorou."); }));
  EXPECT_TRUE(commented);
  STORE_ASSERT_OK_AND_ASSIGN(commented, InWrite([&](Tx& tx) { return tx.surveys().AddComment(r1, "Outra coisa"); }));
  EXPECT_FALSE(commented);
  // Skipped sends are counted per reason.
  STORE_ASSERT_OK(Write([&](Tx& tx) { return tx.surveys().CountSkip(s.id, "throttled"); }));
  STORE_ASSERT_OK(Write([&](Tx& tx) { return tx.surveys().CountSkip(s.id, "throttled"); }));
  STORE_ASSERT_OK(Write([&](Tx& tx) { return tx.surveys().CountSkip(s.id, "escalated"); }));
  STORE_ASSERT_OK_AND_ASSIGN(auto skips, InRead([&](Tx& tx) { return tx.surveys().Skips(s.id); }));
  EXPECT_EQ(skips, (std::vector<std::pair<std::string, int64_t>>{{"escalated", 1}, {"throttled", 2}}));
  STORE_ASSERT_OK_AND_ASSIGN(auto invited, InRead([&](Tx& tx) { return tx.surveys().CountInvitations(s.id, T0(), At(std::chrono::hours(24))); }));
  EXPECT_EQ(invited, 5);
}

// The report's counts per period come from the daily counts for whole UTC days and from the
// answers for the hours at the edges: for any bounds (a reader's midnight at -03:00, periods
// shorter than a day, a period narrowed by from/to) they equal a count straight from the list of
// answers, with and without a cut that reads the answers alone.
TEST_P(StoreContract, SurveyCellsCountEveryAnswerOnceWhateverTheBounds) {
  const int64_t org = AddOrg("Acme");
  const int64_t other = AddOrg("Globex");
  const int64_t carla = AddContact(org, "carla@acme.com", "Carla");
  Survey s;
  s.name = "NPS";
  s.scale = *domain::MakeScale(domain::SurveyKind::kNps);
  s.question_en = "Recommend?";
  s.question_pt = "Recomendaria?";
  s.created_at = T0();
  STORE_ASSERT_OK_AND_ASSIGN(s.id, InWrite([&](Tx& tx) { return tx.surveys().Insert(s); }));
  struct Given {
    int64_t at;
    bool transactional;
    int score;
    int64_t org;
  };
  std::vector<Given> given;
  uint64_t seed = 20261206;
  auto rnd = [&](uint64_t n) {  // a small LCG: the same answers on every run and backend
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (seed >> 33) % n;
  };
  const int64_t t0 = ToUnixSeconds(T0());
  STORE_ASSERT_OK(Write([&](Tx& tx) -> Status {
    for (int i = 0; i < 600; ++i) {
      // Every tenth exactly at a UTC midnight or a -03:00 midnight: the edges must hold them once.
      const int64_t day = static_cast<int64_t>(rnd(70));
      const int64_t at = i % 10 == 0 ? t0 - t0 % 86400 + day * 86400 + (i % 20 == 0 ? 0 : 3 * 3600)
                                     : t0 + static_cast<int64_t>(rnd(70 * 86400));
      Given g{at, rnd(4) != 0, static_cast<int>(rnd(11)), rnd(3) == 0 ? other : org};
      SurveyInvitation v;
      v.survey_id = s.id;
      v.contact_id = carla;
      v.organisation_id = g.org;
      v.token_digest = "cells-" + std::to_string(i);
      v.locale = "en";
      v.created_at = FromUnixSeconds(at);
      v.expires_at = FromUnixSeconds(at + 86400);
      FAROL_ASSIGN_OR_RETURN(auto inv, tx.surveys().InsertInvitation(v));
      SurveyResponse r;
      r.invitation_id = *inv;
      r.survey_id = s.id;
      r.contact_id = carla;
      r.organisation_id = g.org;
      r.transactional = g.transactional;
      r.score = g.score;
      r.sentiment = "n/a";
      r.answered_at = FromUnixSeconds(at);
      FAROL_RETURN_IF_ERROR(tx.surveys().InsertResponse(r).status());
      given.push_back(g);
    }
    return OkStatus();
  }));
  const int64_t midnight = t0 - t0 % 86400;
  const std::vector<std::vector<int64_t>> cases = {
      // months of 30 days at São Paulo's midnight (03:00 UTC)
      {midnight + 3 * 3600 - 86400, midnight + 3 * 3600 + 29 * 86400, midnight + 3 * 3600 + 59 * 86400,
       midnight + 3 * 3600 + 89 * 86400},
      // UTC midnights: every period whole days
      {midnight, midnight + 10 * 86400, midnight + 40 * 86400, midnight + 71 * 86400},
      // periods shorter than a day, and bounds on no hour at all
      {t0 + 5 * 86400 + 1234, t0 + 5 * 86400 + 7000, t0 + 5 * 86400 + 50000, t0 + 9 * 86400 + 17, t0 + 70 * 86400},
      // one period
      {t0 - 1000, t0 + 80 * 86400},
  };
  for (size_t k = 0; k < cases.size(); ++k) {
    std::vector<Timestamp> bounds;
    for (int64_t b : cases[k]) bounds.push_back(FromUnixSeconds(b));
    for (int variant = 0; variant < 4; ++variant) {
      SurveyFilter f;
      f.survey_id = s.id;
      f.from = FromUnixSeconds(cases[k].front() - 86400);
      f.to = FromUnixSeconds(cases[k].back() + 86400);
      if (variant == 1) {  // narrowed inside the bounds, off any day
        f.from = FromUnixSeconds(cases[k].front() + 4321);
        f.to = FromUnixSeconds(cases[k].back() - 9876);
      }
      if (variant == 2) f.transactional = false;
      if (variant == 3) f.organisation_id = other;  // a cut the daily counts do not have
      std::map<std::tuple<int, bool, int>, int64_t> want;
      const int64_t from = std::max<int64_t>(ToUnixSeconds(f.from), cases[k].front());
      const int64_t to = std::min<int64_t>(ToUnixSeconds(f.to), cases[k].back());
      for (const Given& g : given) {
        if (g.at < from || g.at >= to) continue;
        if (f.transactional && g.transactional != *f.transactional) continue;
        if (f.organisation_id && g.org != f.organisation_id) continue;
        int period = 0;
        while (g.at >= cases[k][static_cast<size_t>(period) + 1]) ++period;
        ++want[{period, g.transactional, g.score}];
      }
      STORE_ASSERT_OK_AND_ASSIGN(auto cells, InRead([&](Tx& tx) { return tx.surveys().Cells(f, bounds); }));
      std::map<std::tuple<int, bool, int>, int64_t> got;
      for (const auto& c : cells) got[{c.period, c.transactional, c.score}] += c.answers;
      EXPECT_EQ(got, want) << "bounds case " << k << ", variant " << variant;
      EXPECT_EQ(got.size(), cells.size()) << "each (period, kind, score) once";
    }
  }
}

TEST_P(StoreContract, TheAuditLogListsNewestFirstPerObject) {
  const int64_t ada = AddUser("ada@farol.dev", "Ada");
  for (int i = 0; i < 3; ++i) {
    STORE_ASSERT_OK(Write([&](Tx& tx) {
      return tx.audit()
          .Insert({0, At(minutes(i)), {domain::ActorKind::kStaff, ada}, "calendar.update", "calendar", i < 2 ? 7 : 8,
                   "version " + std::to_string(i), ""})
          .status();
    }));
  }
  STORE_ASSERT_OK_AND_ASSIGN(auto seven, InRead([&](Tx& tx) { return tx.audit().List("calendar", 7, 10, 0); }));
  ASSERT_EQ(seven.size(), 2u);
  EXPECT_EQ(seven[0].detail, "version 1");
  EXPECT_EQ(seven[0].actor_name, "Ada");
  EXPECT_EQ(seven[0].at, At(minutes(1)));
  STORE_ASSERT_OK_AND_ASSIGN(auto every, InRead([&](Tx& tx) { return tx.audit().List("", 0, 2, 0); }));
  ASSERT_EQ(every.size(), 2u);
  EXPECT_EQ(every[0].object_id, 8);
}

TEST_P(StoreContract, ASecretSettingIsCreatedOnceAndOpenTicketsAreListed) {
  STORE_ASSERT_OK_AND_ASSIGN(auto a, InWrite([&](Tx& tx) { return tx.settings().PutIfAbsent("k", "first"); }));
  STORE_ASSERT_OK_AND_ASSIGN(auto b, InWrite([&](Tx& tx) { return tx.settings().PutIfAbsent("k", "second"); }));
  EXPECT_EQ(a, "first");
  EXPECT_EQ(b, "first");
  const int64_t org = AddOrg("Acme");
  Ticket open = MakeTicket(org, "open");
  Ticket done = MakeTicket(org, "done");
  done.status = TicketStatus::kResolved;
  const int64_t x = AddTicket(open), y = AddTicket(done), z = AddTicket(open);
  (void)y;
  STORE_ASSERT_OK_AND_ASSIGN(auto ids, InRead([&](Tx& tx) { return tx.tickets().OpenIds(0, 10); }));
  EXPECT_EQ(ids, (std::vector<int64_t>{x, z}));
  STORE_ASSERT_OK_AND_ASSIGN(auto after, InRead([&](Tx& tx) { return tx.tickets().OpenIds(x, 10); }));
  EXPECT_EQ(after, (std::vector<int64_t>{z}));
}

TEST_P(StoreContract, ADeliveryMayGoToOnePersonsAddress) {
  Delivery d;
  d.recipient = "marcos@farolnet.example";
  d.event = "escalation.level";
  d.subject = "Escalation level 2";
  d.body = "text";
  d.next_attempt_at = d.created_at = T0();
  STORE_ASSERT_OK_AND_ASSIGN(d.id, InWrite([&](Tx& tx) { return tx.deliveries().Insert(d); }));
  STORE_ASSERT_OK_AND_ASSIGN(auto due, InRead([&](Tx& tx) { return tx.deliveries().Due(At(minutes(1)), 10); }));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].channel_id, 0);
  EXPECT_EQ(due[0].recipient, "marcos@farolnet.example");
  EXPECT_EQ(due[0].channel_name, "marcos@farolnet.example");
}

TEST_P(StoreContract, UpgradingToVersion7MovesTheSlaPolicyOutOfSettings) {
  // What a v6 database holds: policy versions in settings, each with its calendar inline.
  const int64_t org = AddOrg("Acme");
  AddTicket(MakeTicket(org, "an old ticket"));
  STORE_ASSERT_OK(Write([](Tx& tx) -> Status {
    sql::Connection& c = tx.connectionForTest();
    for (const char* table : {"problem_words", "problem_text", "problem_files", "problem_events", "problem_actions", "problem_links", "problem_tickets", "problem_organisations", "problems", "guardian_settings", "survey_question_answers", "survey_campaign_sends", "survey_campaigns", "survey_daily", "survey_alert_routes", "survey_followups", "survey_skips", "survey_responses", "survey_invitations", "surveys", "agent_presence", "chats", "chat_widgets", "magic_links", "monitoring_alerts", "monitoring_channels", "mail_messages", "contracts", "escalations",
                              "calendar_versions", "sla_policy_versions", "calendars", "sla_policies", "audit_log"}) {
      FAROL_RETURN_IF_ERROR(c.Query(std::string("DROP TABLE ") + table).status());
    }
    FAROL_RETURN_IF_ERROR(c.Query("ALTER TABLE deliveries DROP COLUMN recipient").status());
    FAROL_RETURN_IF_ERROR(tx.settings().Put("sla_policy.versions", "0,1000"));
    FAROL_RETURN_IF_ERROR(tx.settings().Put(
        "sla_policy@0", "timezone UTC\nalways_open true\npause pending_customer\nwarn 50\ncalls_count_as_response true\n"
                        "target incident P1 15 240\n"));
    const std::string office =
        "timezone America/Sao_Paulo\nalways_open false\nweek mon 08:00-12:00 13:00-18:00\nholiday 12-25\n"
        "pause pending_customer pending_vendor\nwarn 50 90\ncalls_count_as_response false\nola 3 30\n"
        "target incident P1 30 480\n";
    FAROL_RETURN_IF_ERROR(tx.settings().Put("sla_policy@1000", office));
    FAROL_RETURN_IF_ERROR(tx.settings().Put("sla_policy", office));
    return c.Query("UPDATE schema_version SET version = 6").status();
  }));
  CloseStore();
  STORE_ASSERT_OK_AND_ASSIGN(const MigrationReport up, Migrate(url_));
  EXPECT_EQ(up.from_version, 6);
  OpenStoreAt(url_);
  STORE_ASSERT_OK_AND_ASSIGN(auto calendars, InRead([&](Tx& tx) { return tx.calendars().Versions(1); }));
  ASSERT_EQ(calendars.size(), 2u);
  EXPECT_EQ(calendars[1].since, FromUnixSeconds(0));
  EXPECT_EQ(calendars[1].text, "timezone UTC\nalways_open true\n");
  EXPECT_EQ(calendars[0].since, FromUnixSeconds(1000));
  EXPECT_NE(calendars[0].text.find("week mon 08:00-12:00 13:00-18:00"), std::string::npos);
  STORE_ASSERT_OK_AND_ASSIGN(auto policies, InRead([&](Tx& tx) { return tx.sla_policies().Versions(1); }));
  ASSERT_EQ(policies.size(), 2u);
  EXPECT_EQ(policies[1].since, FromUnixSeconds(0));
  EXPECT_NE(policies[1].text.find("calendar 1\n"), std::string::npos);
  EXPECT_NE(policies[1].text.find("responses default public_reply phone_call"), std::string::npos);
  EXPECT_NE(policies[0].text.find("ola 3 30"), std::string::npos);
  EXPECT_EQ(policies[0].text.find("timezone"), std::string::npos);  // the calendar is named, not inline
  EXPECT_EQ(policies[0].text.find("level "), std::string::npos);    // an upgrade adds no escalation matrix
  STORE_ASSERT_OK_AND_ASSIGN(auto left, InRead([&](Tx& tx) { return tx.settings().Get("sla_policy.versions"); }));
  EXPECT_FALSE(left.has_value());
}

}  // namespace
}  // namespace farol::store
