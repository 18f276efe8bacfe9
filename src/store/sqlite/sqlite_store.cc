// The embedded SQLite backend: WAL mode, synchronous=FULL (a commit is on disk when it returns),
// one writer thread that groups concurrent write transactions into shared commits, and a pool
// of read connections that see consistent snapshots alongside the writer.
#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <semaphore>
#include <thread>
#include <unordered_map>

#include <spdlog/spdlog.h>

#include "core/strings.h"
#include "store/dialect.h"
#include "store/migrate.h"

namespace farol::store {

extern const std::vector<std::string_view>& SqliteMigrations();

namespace {

// ---- connection ---------------------------------------------------------------------------

Status SqliteError(sqlite3* db, int rc, std::string_view what) {
  const int ext = db ? sqlite3_extended_errcode(db) : rc;
  const std::string msg = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (ext) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return AlreadyExistsError(msg);
    case SQLITE_CONSTRAINT_FOREIGNKEY:
    case SQLITE_CONSTRAINT_NOTNULL:
    case SQLITE_CONSTRAINT_CHECK:
      return FailedPreconditionError(msg);
    default:
      break;
  }
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
    return UnavailableError("the database is busy: " + msg);
  }
  if ((rc & 0xff) == SQLITE_FULL) return UnavailableError("the disk is full: " + msg);
  return InternalError(msg);
}

// FAROL_SLOW_SQL_MS: statements taking at least this long are logged (0 or unset: off).
double SlowSqlThreshold() {
  static const double ms = [] {
    const char* v = std::getenv("FAROL_SLOW_SQL_MS");
    return v ? std::atof(v) : 0.0;
  }();
  return ms;
}

// "$12" -> "?12": PostgreSQL-style placeholders to SQLite numbered ones, outside quotes.
std::string RewritePlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;
  for (char ch : sql) {
    if (quote) {
      if (ch == quote) quote = 0;
      out += ch;
    } else if (ch == '\'' || ch == '"') {
      quote = ch;
      out += ch;
    } else if (ch == '$') {
      out += '?';
    } else {
      out += ch;
    }
  }
  return out;
}

class SqliteConnection final : public sql::Connection {
 public:
  static StatusOr<std::unique_ptr<SqliteConnection>> Open(const std::string& path) {
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                   nullptr);
    if (rc != SQLITE_OK) {
      Status s = UnavailableError("Cannot open the SQLite database at " + path + ": " +
                                  (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
      sqlite3_close(db);
      return s;
    }
    auto conn = std::unique_ptr<SqliteConnection>(new SqliteConnection(db));
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, 10000);
    // WAL lets readers run beside the writer; synchronous=FULL makes every commit durable
    // (the WAL is fsync'd before COMMIT returns).
    // Switching a new file to WAL answers SQLITE_BUSY at once, without the busy handler, while
    // another connection holds a lock (several `farol migrate` runs starting together), so it
    // waits here as the busy timeout would.
    Status s = conn->Exec("PRAGMA journal_mode = WAL");
    for (int attempt = 0; s.code() == StatusCode::kUnavailable && attempt < 1000; ++attempt) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      s = conn->Exec("PRAGMA journal_mode = WAL");
    }
    if (!s.ok()) return s;
    s = conn->Exec(
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; "
        "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -16000; PRAGMA mmap_size = 268435456;");
    if (!s.ok()) return s;
    return conn;
  }

  ~SqliteConnection() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  using sql::Connection::Query;
  sql::Backend backend() const override { return sql::Backend::kSqlite; }

  Status Exec(std::string_view sql) override {
    char* err = nullptr;
    const std::string text(sql);
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (err) sqlite3_free(err);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, "SQL script failed");
    return OkStatus();
  }

  StatusOr<sql::Rows> Query(std::string_view sql, std::span<const sql::Param> params) override {
    const auto start = SlowSqlThreshold() ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point();
    auto rows = Run(sql, params);
    if (SlowSqlThreshold()) {
      const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      // The SQL text only: parameters may hold personal data or secrets.
      if (ms >= SlowSqlThreshold()) spdlog::warn("slow SQL ({:.1f} ms): {}", ms, sql.substr(0, 500));
    }
    return rows;
  }

  StatusOr<sql::Rows> Run(std::string_view sql, std::span<const sql::Param> params) {
    FAROL_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql));
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    int index = 1;
    for (const sql::Param& p : params) {
      int rc = SQLITE_OK;
      const auto& v = p.value();
      if (std::holds_alternative<std::monostate>(v)) {
        rc = sqlite3_bind_null(stmt, index);
      } else if (const auto* i = std::get_if<int64_t>(&v)) {
        rc = sqlite3_bind_int64(stmt, index, *i);
      } else if (const auto* d = std::get_if<double>(&v)) {
        rc = sqlite3_bind_double(stmt, index, *d);
      } else {
        const auto& s = std::get<std::string_view>(v);
        rc = sqlite3_bind_text64(stmt, index, s.data(), s.size(), SQLITE_STATIC, SQLITE_UTF8);
      }
      if (rc != SQLITE_OK && rc != SQLITE_RANGE) return SqliteError(db_, rc, "binding a value");
      ++index;
    }
    const int ncols = sqlite3_column_count(stmt);
    sql::Rows rows(ncols);
    rows.Reserve(ncols);  // most statements answer one row
    while (true) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        Status s = SqliteError(db_, rc, "SQL statement failed");
        sqlite3_reset(stmt);
        return s;
      }
      for (int c = 0; c < ncols; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_NULL:
            rows.Add(std::nullopt);
            break;
          case SQLITE_INTEGER:
            rows.Add(std::to_string(sqlite3_column_int64(stmt, c)));
            break;
          default: {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
            rows.Add(std::string(text ? text : "", static_cast<size_t>(sqlite3_column_bytes(stmt, c))));
          }
        }
      }
    }
    changes_ = sqlite3_changes64(db_);
    sqlite3_reset(stmt);  // releases the read snapshot of a finished SELECT
    return rows;
  }

  int64_t changes() const override { return changes_; }

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}

  StatusOr<sqlite3_stmt*> Prepare(std::string_view sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) return it->second;
    if (cache_.size() > 1000) {  // dynamic queue filters: keep the cache bounded
      for (auto& [text, stmt] : cache_) sqlite3_finalize(stmt);
      cache_.clear();
    }
    const std::string rewritten = RewritePlaceholders(sql);
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, rewritten.c_str(), static_cast<int>(rewritten.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, "preparing SQL");
    cache_.emplace(std::string(sql), stmt);
    return stmt;
  }

  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*, Hash, std::equal_to<>> cache_;
  int64_t changes_ = 0;
};

// ---- dialect ------------------------------------------------------------------------------

class SqliteDialect final : public Dialect {
 public:
  sql::Backend backend() const override { return sql::Backend::kSqlite; }
  const std::vector<std::string_view>& Migrations() const override { return SqliteMigrations(); }
  Status LockForMigration(sql::Connection& c) const override { return c.Exec("BEGIN IMMEDIATE"); }
  Status UnlockForMigration(sql::Connection&) const override { return OkStatus(); }
  StatusOr<bool> HasVersionTable(sql::Connection& c) const override {
    FAROL_ASSIGN_OR_RETURN(sql::Rows r, c.Query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"));
    return !r.empty();
  }
  std::string_view InsertSearchTextSql() const override {
    return "INSERT INTO ticket_text (ticket_id, body, internal) VALUES ($1, $2, $3)";
  }
  std::string SearchCondition(int param, bool include_internal) const override {
    return "t.id IN (SELECT ticket_id FROM ticket_text WHERE ticket_text MATCH $" +
           std::to_string(param) + (include_internal ? ")" : " AND internal = 0)");
  }
  std::string Selective(const std::string& condition) const override {
    return "likelihood(" + condition + ", 0.05)";
  }
  std::string_view DeleteProblemTextSql() const override { return "DELETE FROM problem_text WHERE rowid = $1"; }
  std::string_view InsertProblemTextSql() const override {
    return "INSERT INTO problem_text (rowid, body, problem_id) VALUES ($1, $2, $1)";
  }
  std::string_view ProblemCandidatesSql() const override {
    // bm25 by default: FTS5's `rank`.
    return "SELECT rowid FROM problem_text WHERE problem_text MATCH $1 ORDER BY rank LIMIT $2";
  }
  std::string AnyOf(const std::vector<std::string>& words) const override {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : " OR ") + SearchTerm(w, false);
    return out;
  }
  std::string SearchTerm(std::string_view word, bool prefix) const override {
    // A quoted FTS5 string: the word is matched as text, never as syntax.
    return "\"" + std::string(word) + "\"" + (prefix ? "*" : "");
  }
};

// Gathers planner statistics (all of them, or only where SQLite thinks they are stale).
// FTS5 runs its own queries on its shadow tables (ticket_text_*, problem_text_*), written for the default plans;
// statistics on them turned bulk loads superlinear (docs/PERFORMANCE.md). So they are dropped,
// and the connection reloads what remains.
Status AnalyzeOn(sql::Connection& c, bool full) {
  return c.Exec(std::string(full ? "ANALYZE;" : "PRAGMA optimize;") +
                " DELETE FROM sqlite_stat1 WHERE tbl LIKE 'ticket\\_text%' ESCAPE '\\'"
                " OR tbl LIKE 'problem\\_text%' ESCAPE '\\';"
                " ANALYZE sqlite_schema;");
}

// After an upgrade of a database that already held data, the new indexes have no statistics
// and the planner may prefer them over better ones: gather them. (Not for a new database:
// statistics of empty tables mislead more than none.)
Status AnalyzeAfterUpgrade(sql::Connection& c, const MigrationReport& r) {
  if (r.from_version == 0 || r.to_version == r.from_version) return OkStatus();
  FAROL_RETURN_IF_ERROR(c.Exec("BEGIN IMMEDIATE"));
  Status s = AnalyzeOn(c, true);
  (void)c.Exec(s.ok() ? "COMMIT" : "ROLLBACK");
  return s;
}

const SqliteDialect& SqliteDialectOnce() {
  static const SqliteDialect* d = new SqliteDialect();
  return *d;
}

// ---- store --------------------------------------------------------------------------------

class SqliteStore final : public Store {
 public:
  SqliteStore(std::string path, std::unique_ptr<SqliteConnection> writer, int pool_size,
              metrics::Registry* metrics)
      : path_(std::move(path)), writer_(std::move(writer)), pool_size_(std::max(1, pool_size)) {
    if (metrics) {
      commit_latency_ = &metrics->GetHistogram(
          "farol_store_commit_duration_seconds",
          "Time from the start of a write transaction batch to its durable commit.", "backend=\"sqlite\"",
          metrics::LatencyBuckets());
      batch_size_ = &metrics->GetHistogram("farol_store_commit_batch_size",
                                           "Write transactions sharing one commit (group commit).",
                                           "backend=\"sqlite\"", {1, 2, 4, 8, 16, 32, 64, 128, 256});
    }
    writer_thread_ = std::thread([this] { WriterLoop(); });
  }

  ~SqliteStore() override { Close(); }

  Status Read(const TxFn& fn) override {
    FAROL_ASSIGN_OR_RETURN(SqliteConnection * conn, AcquireReader());
    Status s = conn->Query("BEGIN").status();  // prepared once per connection, unlike Exec
    if (s.ok()) {
      try {
        Tx tx(*conn, SqliteDialectOnce(), false);
        s = fn(tx);
      } catch (const std::exception& e) {
        s = InternalError(std::string("read transaction threw: ") + e.what());
      }
      (void)conn->Query(s.ok() ? "COMMIT" : "ROLLBACK");
    }
    ReleaseReader(conn);
    return s;
  }

  Status Write(const TxFn& fn) override {
    Job job(&fn);
    {
      std::lock_guard lock(mu_);
      if (closed_) return UnavailableError("the database is closed");
      queue_.push_back(&job);
    }
    cv_.notify_one();
    job.done.acquire();
    return job.result;
  }

  Status Ping() override {
    return Read([](Tx& tx) { return tx.connectionForTest().Query("SELECT 1").status(); });
  }

  std::string_view backend_name() const override { return "sqlite"; }

  Status Analyze(bool full) override {
    return Write([full](Tx& tx) { return AnalyzeOn(tx.connectionForTest(), full); });
  }

  void Close() override {
    {
      std::lock_guard lock(mu_);
      if (closed_) return;
      closed_ = true;
    }
    cv_.notify_all();
    if (writer_thread_.joinable()) writer_thread_.join();
    std::unique_lock lock(pool_mu_);
    readers_closed_ = true;
    pool_cv_.notify_all();  // acquirers waiting for a reader give up
    // Read transactions still running on other threads finish first: their connections are
    // closed only once returned.
    pool_cv_.wait(lock, [&] { return free_readers_.size() == readers_.size(); });
    free_readers_.clear();
    readers_.clear();
    writer_.reset();  // the last close checkpoints the WAL into the main file
  }

 private:
  struct Job {
    explicit Job(const TxFn* f) : fn(f) {}
    const TxFn* fn;
    Status result;
    std::binary_semaphore done{0};
  };

  void WriterLoop() {
    std::vector<Job*> batch;
    while (true) {
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return !queue_.empty() || closed_; });
        if (queue_.empty()) return;  // closed and drained
        const size_t n = std::min<size_t>(queue_.size(), 512);
        batch.assign(queue_.begin(), queue_.begin() + static_cast<long>(n));
        queue_.erase(queue_.begin(), queue_.begin() + static_cast<long>(n));
      }
      RunBatch(batch);
      for (Job* job : batch) job->done.release();
      batch.clear();
    }
  }

  void RunBatch(const std::vector<Job*>& batch) {
    const auto start = std::chrono::steady_clock::now();
    Status begin = writer_->Query("BEGIN IMMEDIATE").status();
    if (!begin.ok()) {
      for (Job* job : batch) job->result = begin;
      return;
    }
    // Each job runs in its own savepoint so a failing one rolls back alone while the others
    // share the commit. A batch of one needs no savepoint: the transaction is the job.
    const bool isolate = batch.size() > 1;
    for (Job* job : batch) {
      Status s = isolate ? writer_->Query("SAVEPOINT job").status() : OkStatus();
      if (s.ok()) {
        try {
          Tx tx(*writer_, SqliteDialectOnce(), true);
          s = (*job->fn)(tx);
        } catch (const std::exception& e) {
          s = InternalError(std::string("write transaction threw: ") + e.what());
        }
      }
      if (isolate) {
        if (!s.ok()) (void)writer_->Query("ROLLBACK TO job");
        (void)writer_->Query("RELEASE job");
      }
      job->result = std::move(s);
    }
    if (!isolate && !batch.front()->result.ok()) {
      (void)writer_->Query("ROLLBACK");
      ObserveCommit(start, batch.size());
      return;
    }
    Status commit = writer_->Query("COMMIT").status();
    if (!commit.ok()) {
      (void)writer_->Exec("ROLLBACK");
      for (Job* job : batch) {
        if (job->result.ok()) job->result = commit;
      }
    }
    ObserveCommit(start, batch.size());
  }

  void ObserveCommit(std::chrono::steady_clock::time_point start, size_t jobs) {
    if (!commit_latency_) return;
    commit_latency_->Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    batch_size_->Observe(static_cast<double>(jobs));
  }

  StatusOr<SqliteConnection*> AcquireReader() {
    std::unique_lock lock(pool_mu_);
    while (true) {
      if (readers_closed_) return UnavailableError("the database is closed");
      if (!free_readers_.empty()) {
        SqliteConnection* c = free_readers_.back();
        free_readers_.pop_back();
        return c;
      }
      if (static_cast<int>(readers_.size()) < pool_size_) {
        auto conn = SqliteConnection::Open(path_);
        if (!conn.ok()) return conn.status();
        // Read() promises a read-only transaction; without this a write slipped into one would
        // commit on its own, outside the writer thread and its group commit.
        FAROL_RETURN_IF_ERROR((*conn)->Exec("PRAGMA query_only = ON"));
        readers_.push_back(std::move(*conn));
        return readers_.back().get();
      }
      pool_cv_.wait(lock);
    }
  }

  void ReleaseReader(SqliteConnection* c) {
    bool closing;
    {
      std::lock_guard lock(pool_mu_);
      free_readers_.push_back(c);
      closing = readers_closed_;
    }
    if (closing) {
      pool_cv_.notify_all();  // Close() may be waiting for this one
    } else {
      pool_cv_.notify_one();
    }
  }

  const std::string path_;
  std::unique_ptr<SqliteConnection> writer_;
  const int pool_size_;
  metrics::Histogram* commit_latency_ = nullptr;
  metrics::Histogram* batch_size_ = nullptr;

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job*> queue_;
  bool closed_ = false;
  std::thread writer_thread_;

  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<SqliteConnection>> readers_;
  std::vector<SqliteConnection*> free_readers_;
  bool readers_closed_ = false;  // guarded by pool_mu_
};

StatusOr<std::string> PathFromUrl(std::string_view url) {
  std::string_view path = url;
  if (path.starts_with("sqlite://")) {
    path.remove_prefix(9);
  } else if (path.starts_with("sqlite:")) {
    path.remove_prefix(7);
  }
  if (path.empty()) return InvalidArgumentError("The SQLite URL has no path; use sqlite:./data/farol.db");
  if (path == ":memory:" || path.find("mode=memory") != path.npos) {
    return InvalidArgumentError("farol needs a database file (every connection must see the same data); "
                                "use a path such as sqlite:/tmp/farol.db");
  }
  return std::string(path);
}

StatusOr<std::unique_ptr<SqliteConnection>> OpenForMigration(std::string_view url) {
  FAROL_ASSIGN_OR_RETURN(std::string path, PathFromUrl(url));
  std::error_code ec;
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (ec) return UnavailableError("Cannot create the folder " + parent.string() + ": " + ec.message());
  return SqliteConnection::Open(path);
}

}  // namespace

StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const StoreOptions& options) {
  FAROL_ASSIGN_OR_RETURN(std::string path, PathFromUrl(options.url));
  FAROL_ASSIGN_OR_RETURN(auto writer, OpenForMigration(options.url));
  if (options.migrate) {
    FAROL_ASSIGN_OR_RETURN(const MigrationReport report, RunMigrations(*writer, SqliteDialectOnce(), 0));
    FAROL_RETURN_IF_ERROR(AnalyzeAfterUpgrade(*writer, report));
  } else {
    FAROL_RETURN_IF_ERROR(CheckSchemaCurrent(*writer, SqliteDialectOnce()));
  }
  return std::unique_ptr<Store>(
      new SqliteStore(std::move(path), std::move(writer), options.pool_size, options.metrics));
}

StatusOr<MigrationReport> MigrateSqlite(const std::string& url, int target_version) {
  FAROL_ASSIGN_OR_RETURN(auto conn, OpenForMigration(url));
  FAROL_ASSIGN_OR_RETURN(const MigrationReport report, RunMigrations(*conn, SqliteDialectOnce(), target_version));
  FAROL_RETURN_IF_ERROR(AnalyzeAfterUpgrade(*conn, report));
  return report;
}

}  // namespace farol::store
