#include "testing/test_env.h"

#include <libpq-fe.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <stdexcept>

#include "core/crypto.h"
#include "mail/intake_parts.h"
#include "report/pdf.h"

namespace farol::testing {

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "farol-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string PostgresServerUrl() {
  const char* url = std::getenv("FAROL_TEST_POSTGRES_URL");
  return url ? url : "";
}

namespace {

// Databases created by this process, dropped at exit.
struct PgDatabases {
  std::mutex mu;
  std::vector<std::string> names;
  ~PgDatabases() {
    const std::string server = PostgresServerUrl();
    if (server.empty()) return;
    PGconn* c = PQconnectdb(server.c_str());
    if (PQstatus(c) == CONNECTION_OK) {
      for (const std::string& n : names) PQclear(PQexec(c, ("DROP DATABASE IF EXISTS " + n + " WITH (FORCE)").c_str()));
    }
    PQfinish(c);
  }
};
PgDatabases& Databases() {
  static PgDatabases d;
  return d;
}

// Replaces the database name in a postgresql:// URL.
std::string WithDatabase(const std::string& url, const std::string& db) {
  const size_t scheme = url.find("://");
  const size_t slash = url.find('/', scheme + 3);
  const size_t query = url.find('?', scheme + 3);
  std::string base = url.substr(0, slash == std::string::npos ? query : slash);
  std::string rest = query == std::string::npos ? "" : url.substr(query);
  return base + "/" + db + rest;
}

}  // namespace

std::string FreshDatabaseUrl(const std::string& backend, const TempDir& dir) {
  if (backend == "sqlite") return "sqlite:" + dir.path() + "/farol.db";
  const std::string server = PostgresServerUrl();
  if (server.empty()) return "";
  crypto::Init();
  std::string name = "farol_t_" + crypto::HexEncode(crypto::RandomBytes(6));
  PGconn* c = PQconnectdb(server.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::string err = PQerrorMessage(c);
    PQfinish(c);
    throw std::runtime_error("cannot reach the test PostgreSQL server: " + err);
  }
  PGresult* r = PQexec(c, ("CREATE DATABASE " + name).c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  std::string err = PQerrorMessage(c);
  PQclear(r);
  PQfinish(c);
  if (!ok) throw std::runtime_error("CREATE DATABASE failed: " + err);
  {
    std::lock_guard lock(Databases().mu);
    Databases().names.push_back(name);
  }
  return WithDatabase(server, name);
}

Timestamp TestEpoch() { return FromUnixSeconds(1772452800); }  // 2026-03-02T12:00:00Z

TestApp::TestApp(const std::string& backend) : TestApp(backend, app::AppConfig{}) {}

TestApp::TestApp(const std::string& backend, app::AppConfig config) : clock_(TestEpoch()) {
  crypto::Init();
  url_ = FreshDatabaseUrl(backend, dir_);
  if (url_.empty()) return;
  store::StoreOptions so;
  so.url = url_;
  so.metrics = &metrics_;
  auto s = store::OpenStore(so);
  if (!s.ok()) throw std::runtime_error("OpenStore: " + s.status().ToString());
  store_ = std::move(*s);
  auto f = store::OpenLocalFileStore(dir_.path() + "/attachments");
  if (!f.ok()) throw std::runtime_error("OpenLocalFileStore: " + f.status().ToString());
  files_ = std::move(*f);
  config.tickets.max_attachment_bytes = 1024 * 1024;
  if (!config.mail_reader) config.mail_reader = mail::Reader();
  if (!config.html_sanitizer) config.html_sanitizer = mail::Sanitizer();
  if (!config.mail_writer) config.mail_writer = mail::Writer();
  if (!config.guardian.pdf) config.guardian.pdf = report::RenderPdf;
  app_ = std::make_unique<app::App>(*store_, *files_, clock_, metrics_, config);
  api_ = std::make_unique<http::Api>(*app_, http::ApiOptions{});
}

TestApp::~TestApp() {
  api_.reset();
  app_.reset();
  if (store_) store_->Close();
}

app::Authenticated TestApp::System() const {
  app::Authenticated a;
  a.actor = domain::Actor::System();
  return a;
}

app::Authenticated TestApp::Staff(const std::string& email, domain::Role role, int tier,
                                  const std::vector<int64_t>& teams) {
  app::UserInput in;
  in.email = email;
  in.name = email.substr(0, email.find('@'));
  in.role = role;
  in.tier = tier;
  in.password = kTestPassword;
  in.team_ids = teams;
  auto u = app_->directory().CreateUser(domain::Actor::System(), in);
  if (!u.ok()) throw std::runtime_error("CreateUser: " + u.status().ToString());
  auto actor = app_->auth().StaffActor(u->first.id);
  if (!actor.ok()) throw std::runtime_error("StaffActor: " + actor.status().ToString());
  app::Authenticated a;
  a.actor = *actor;
  return a;
}

int64_t TestApp::Organisation(const std::string& name, int employees) {
  app::OrganisationInput in;
  in.name = name;
  in.employee_count = employees;
  in.time_zone = "America/Sao_Paulo";
  auto o = app_->directory().CreateOrganisation(domain::Actor::System(), in);
  if (!o.ok()) throw std::runtime_error("CreateOrganisation: " + o.status().ToString());
  return o->id;
}

app::Authenticated TestApp::Contact(int64_t org, const std::string& email, bool manager) {
  app::ContactInput in;
  in.organisation_id = org;
  in.name = email.substr(0, email.find('@'));
  in.email = email;
  in.portal_user = true;
  in.manager = manager;
  in.password = kTestPassword;
  auto c = app_->directory().CreateContact(domain::Actor::System(), in);
  if (!c.ok()) throw std::runtime_error("CreateContact: " + c.status().ToString());
  auto actor = app_->auth().ActorByEmail(email);
  if (!actor.ok()) throw std::runtime_error("ActorByEmail: " + actor.status().ToString());
  app::Authenticated a;
  a.actor = *actor;
  return a;
}

int64_t TestApp::Team(const std::string& name) {
  app::TeamInput in;
  in.name = name;
  auto t = app_->directory().CreateTeam(domain::Actor::System(), in);
  if (!t.ok()) throw std::runtime_error("CreateTeam: " + t.status().ToString());
  return t->id;
}

http::HttpResponse TestApp::Call(const std::string& method, const std::string& target, const std::string& body,
                                 const app::Authenticated* as,
                                 const std::vector<std::pair<std::string, std::string>>& headers) {
  http::HttpRequest r;
  r.method = method;
  r.target = target;
  r.body = body;
  r.remote = "127.0.0.1";
  for (const auto& [k, v] : headers) r.headers.emplace_back(k, v);
  if (!body.empty() && !r.Header("content-type")) r.headers.emplace_back("content-type", "application/json");
  return as ? api_->HandleAs(r, *as) : api_->Handle(r);
}

}  // namespace farol::testing
