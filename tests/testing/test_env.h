// Test fixtures shared by every suite: temporary folders, throwaway databases (SQLite files and
// fresh PostgreSQL databases on the server the test script started), and an in-process farol
// (store + app + HTTP API) driven by a fake clock.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/app.h"
#include "core/clock.h"
#include "core/metrics.h"
#include "http/api.h"
#include "store/file_store.h"
#include "store/store.h"

namespace farol::testing {

// A fresh folder under $TMPDIR, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The PostgreSQL server URL the test script exported (FAROL_TEST_POSTGRES_URL), or empty.
std::string PostgresServerUrl();

// A database URL for one test: "sqlite" gives a file in `dir`; "postgres" creates a fresh,
// empty database on the test server (dropped when the process exits) or returns "" if there is
// no test server.
std::string FreshDatabaseUrl(const std::string& backend, const TempDir& dir);

// 2026-03-02T12:00:00Z, a Monday: the fake clock's default start.
Timestamp TestEpoch();

// farol in-process on a fresh database with a fake clock, plus helpers to call the API.
class TestApp {
 public:
  explicit TestApp(const std::string& backend = "sqlite");
  // With the app configured by `config` (e-mail on, a public address, …).
  TestApp(const std::string& backend, app::AppConfig config);
  ~TestApp();

  bool ok() const { return store_ != nullptr; }  // false: backend not available here
  app::App& app() { return *app_; }
  http::Api& api() { return *api_; }
  store::Store& store() { return *store_; }
  FakeClock& clock() { return clock_; }
  store::FileStore& files() { return *files_; }
  metrics::Registry& metrics() { return metrics_; }
  const TempDir& dir() const { return dir_; }
  const std::string& url() const { return url_; }

  // Creates a staff user (password "correct horse 1") and returns a caller for it.
  app::Authenticated Staff(const std::string& email, domain::Role role, int tier = 1,
                           const std::vector<int64_t>& teams = {});
  // Creates an organisation.
  int64_t Organisation(const std::string& name, int employees = 50);
  // Creates a portal contact (password "correct horse 1") and returns a caller for it.
  app::Authenticated Contact(int64_t org, const std::string& email, bool manager = false);
  int64_t Team(const std::string& name);
  // The system actor wrapped as a caller (for setup through the API).
  app::Authenticated System() const;

  // Calls the API in-process as `as` (no authentication step), or anonymously through the full
  // authentication path when `as` is null.
  http::HttpResponse Call(const std::string& method, const std::string& target, const std::string& body = "",
                          const app::Authenticated* as = nullptr,
                          const std::vector<std::pair<std::string, std::string>>& headers = {});

 private:
  TempDir dir_;
  std::string url_;
  FakeClock clock_;
  metrics::Registry metrics_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<store::FileStore> files_;
  std::unique_ptr<app::App> app_;
  std::unique_ptr<http::Api> api_;
};

inline constexpr const char* kTestPassword = "correct horse 1";

}  // namespace farol::testing
