// The PostgreSQL backend (libpq): a pool of connections, each transaction on one connection,
// prepared statements cached per connection. Several farol processes may share one database:
// nothing here keeps state that other processes would need to see.
#include "store/postgres/postgres_store.h"

#include <libpq-fe.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <unordered_map>

#include "core/strings.h"
#include "store/dialect.h"
#include "store/migrate.h"

namespace farol::store {

extern const std::vector<std::string_view>& PostgresMigrations();

namespace {

std::string Trimmed(const char* s) { return s ? Trim(s) : std::string(); }

Status PgResultError(PGconn* conn, PGresult* res, std::string_view what) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const std::string msg = std::string(what) + ": " +
                          (res ? Trimmed(PQresultErrorMessage(res)) : Trimmed(PQerrorMessage(conn)));
  const std::string code = state ? state : "";
  if (code == "23505") return AlreadyExistsError(msg);
  if (code == "23503" || code == "23502" || code == "23514") return FailedPreconditionError(msg);
  if (code == "40001" || code == "40P01" || code == "55P03") {
    return UnavailableError("the database asked to retry (" + code + "): " + msg);
  }
  if (code.starts_with("08") || code.starts_with("57") || PQstatus(conn) != CONNECTION_OK) {
    return UnavailableError("the database connection failed: " + msg);
  }
  return InternalError(msg);
}

// Accents folded before indexing and searching, so "ação" finds "acao" without the unaccent
// extension (which needs superuser rights to install).
constexpr std::string_view kFold =
    "translate(lower(%s), 'áàâãäåéèêëíìîïóòôõöúùûüçñýÿ', 'aaaaaaeeeeiiiiooooouuuucnyy')";
// Indexed text is also cut at ASCII punctuation, as SearchWords cuts what people type (and
// as SQLite's tokenizer does). Otherwise the 'simple' parser keeps "srv01.acme.com",
// "ana@acme.com" or "/var/log/mail.err" as single lexemes, and neither "acme" nor the whole
// address (searched as its words) finds them. The 0002 migration indexes old rows the same way.
constexpr std::string_view kFoldText =
    "translate(lower(%s), 'áàâãäåéèêëíìîïóòôõöúùûüçñýÿ!\"#$%&''()*+,-./:;<=>?@[]^_`{|}~', "
    "'aaaaaaeeeeiiiiooooouuuucnyy                               ')";

std::string Fold(std::string_view expr, std::string_view fold = kFold) {
  std::string out(fold);
  out.replace(out.find("%s"), 2, expr);
  return out;
}

class PgConnection final : public sql::Connection {
 public:
  static StatusOr<std::unique_ptr<PgConnection>> Open(const std::string& url) {
    PGconn* conn = PQconnectdb(url.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
      Status s = UnavailableError("Cannot connect to PostgreSQL at " + RedactUrl(url) + ": " +
                                  Trimmed(PQerrorMessage(conn)));
      PQfinish(conn);
      return s;
    }
    auto c = std::unique_ptr<PgConnection>(new PgConnection(conn));
    FAROL_RETURN_IF_ERROR(c->Exec("SET client_min_messages = warning; SET TIME ZONE 'UTC'"));
    return c;
  }

  ~PgConnection() override { PQfinish(conn_); }

  using sql::Connection::Query;
  sql::Backend backend() const override { return sql::Backend::kPostgres; }

  bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

  // PostgreSQL aborts a transaction at its first failed statement, and a COMMIT then quietly
  // rolls back. These let the store notice that, and say which statement it was.
  bool in_failed_transaction() const { return PQtransactionStatus(conn_) == PQTRANS_INERROR; }
  const Status& first_error() const { return first_error_; }
  void ClearFirstError() { first_error_ = OkStatus(); }

  Status Exec(std::string_view sql) override {
    const std::string text(sql);
    PGresult* res = PQexec(conn_, text.c_str());
    const auto st = PQresultStatus(res);
    Status s = (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) ? OkStatus()
                                                                 : PgResultError(conn_, res, "SQL failed");
    PQclear(res);
    Remember(s);
    return s;
  }

  StatusOr<sql::Rows> Query(std::string_view sql, std::span<const sql::Param> params) override {
    FAROL_ASSIGN_OR_RETURN(const std::string* name, Prepare(sql));
    std::vector<std::string> text(params.size());
    std::vector<const char*> values(params.size());
    for (size_t i = 0; i < params.size(); ++i) {
      const auto& v = params[i].value();
      if (std::holds_alternative<std::monostate>(v)) {
        values[i] = nullptr;
        continue;
      }
      if (const auto* n = std::get_if<int64_t>(&v)) {
        text[i] = std::to_string(*n);
      } else if (const auto* d = std::get_if<double>(&v)) {
        text[i] = std::to_string(*d);
      } else {
        text[i] = std::string(std::get<std::string_view>(v));
      }
      values[i] = text[i].c_str();
    }
    PGresult* res = PQexecPrepared(conn_, name->c_str(), static_cast<int>(params.size()),
                                   values.data(), nullptr, nullptr, 0);
    const auto st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      Status s = PgResultError(conn_, res, "SQL statement failed");
      PQclear(res);
      Remember(s);
      return s;
    }
    const int nrows = PQntuples(res);
    const int ncols = PQnfields(res);
    sql::Rows rows(ncols);
    for (int r = 0; r < nrows; ++r) {
      for (int c = 0; c < ncols; ++c) {
        if (PQgetisnull(res, r, c)) {
          rows.Add(std::nullopt);
        } else {
          rows.Add(std::string(PQgetvalue(res, r, c), static_cast<size_t>(PQgetlength(res, r, c))));
        }
      }
    }
    const char* tuples = PQcmdTuples(res);
    changes_ = (tuples && *tuples) ? std::atoll(tuples) : 0;
    PQclear(res);
    return rows;
  }

  int64_t changes() const override { return changes_; }

 private:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}

  void Remember(const Status& s) {
    if (!s.ok() && first_error_.ok()) first_error_ = s;
  }

  StatusOr<const std::string*> Prepare(std::string_view sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) return &it->second;
    if (cache_.size() > 1000) {
      FAROL_RETURN_IF_ERROR(Exec("DEALLOCATE ALL"));
      cache_.clear();
    }
    std::string name = "s" + std::to_string(++counter_);
    const std::string text(sql);
    PGresult* res = PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
      Status s = PgResultError(conn_, res, "preparing SQL");
      PQclear(res);
      Remember(s);
      return s;
    }
    PQclear(res);
    auto [pos, inserted] = cache_.emplace(text, std::move(name));
    return &pos->second;
  }

  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  PGconn* conn_;
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> cache_;
  int64_t counter_ = 0;
  int64_t changes_ = 0;
  Status first_error_;
};

class PgDialect final : public Dialect {
 public:
  sql::Backend backend() const override { return sql::Backend::kPostgres; }
  const std::vector<std::string_view>& Migrations() const override { return PostgresMigrations(); }
  Status LockForMigration(sql::Connection& c) const override {
    // A transaction-scoped advisory lock: concurrent `farol migrate` runs queue up here.
    return c.Exec("BEGIN; SELECT pg_advisory_xact_lock(7270237310)");
  }
  Status UnlockForMigration(sql::Connection&) const override { return OkStatus(); }
  StatusOr<bool> HasVersionTable(sql::Connection& c) const override {
    FAROL_ASSIGN_OR_RETURN(sql::Rows r, c.Query("SELECT to_regclass('schema_version') IS NOT NULL"));
    return !r.empty() && (r.Text(0, 0) == "t" || r.Text(0, 0) == "true");
  }
  std::string_view InsertSearchTextSql() const override {
    static const std::string sql =
        "INSERT INTO ticket_text (ticket_id, tsv, internal) VALUES ($1, to_tsvector('simple', " +
        Fold("$2::text", kFoldText) + "), $3)";
    return sql;
  }
  std::string SearchCondition(int param, bool include_internal) const override {
    return "t.id IN (SELECT ticket_id FROM ticket_text WHERE tsv @@ to_tsquery('simple', " +
           Fold("$" + std::to_string(param) + "::text") + ")" +
           (include_internal ? ")" : " AND internal = 0)");
  }
  std::string SearchTerm(std::string_view word, bool prefix) const override {
    // SearchWords leaves only letters and digits, which to_tsquery takes as one plain lexeme.
    return std::string(word) + (prefix ? ":*" : "");
  }
  std::string_view DeleteProblemTextSql() const override { return "DELETE FROM problem_text WHERE problem_id = $1"; }
  std::string_view InsertProblemTextSql() const override {
    static const std::string sql =
        "INSERT INTO problem_text (problem_id, tsv) VALUES ($1, to_tsvector('simple', " + Fold("$2::text", kFoldText) + "))";
    return sql;
  }
  std::string_view ProblemCandidatesSql() const override {
    return "SELECT problem_id FROM problem_text, to_tsquery('simple', $1::text) q WHERE tsv @@ q "
           "ORDER BY ts_rank(tsv, q) DESC, problem_id LIMIT $2";
  }
  std::string AnyOf(const std::vector<std::string>& words) const override {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : " | ") + SearchTerm(w, false);
    return out;
  }
};

const PgDialect& PgDialectOnce() {
  static const PgDialect* d = new PgDialect();
  return *d;
}

class PgStore final : public Store {
 public:
  PgStore(std::string url, int pool_size, metrics::Registry* metrics)
      : url_(std::move(url)), pool_size_(std::max(1, pool_size)) {
    if (metrics) {
      commit_latency_ = &metrics->GetHistogram(
          "farol_store_commit_duration_seconds",
          "Time from the start of a write transaction to its durable commit.", "backend=\"postgres\"",
          metrics::LatencyBuckets());
    }
  }
  ~PgStore() override { Close(); }

  Status Read(const TxFn& fn) override {
    return Run(fn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", false);
  }

  Status Write(const TxFn& fn) override {
    const auto start = std::chrono::steady_clock::now();
    Status s = Run(fn, "BEGIN", true);
    if (commit_latency_ && s.ok()) {
      commit_latency_->Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return s;
  }

  Status Ping() override {
    return Read([](Tx& tx) { return tx.connectionForTest().Query("SELECT 1").status(); });
  }

  std::string_view backend_name() const override { return "postgres"; }

  Status Analyze(bool full) override {
    if (!full) return OkStatus();  // autovacuum keeps PostgreSQL's statistics current
    return Write([](Tx& tx) { return tx.connectionForTest().Exec("ANALYZE"); });
  }

  void Close() override {
    std::unique_lock lock(mu_);
    closed_ = true;
    cv_.notify_all();  // acquirers waiting for a connection give up
    // Transactions still running on other threads finish first; their connections close once
    // returned.
    cv_.wait(lock, [&] { return free_.size() == all_.size(); });
    free_.clear();
    all_.clear();
  }

 private:
  Status Run(const TxFn& fn, const char* begin, bool writable) {
    FAROL_ASSIGN_OR_RETURN(PgConnection * conn, Acquire());
    conn->ClearFirstError();
    Status s = conn->Exec(begin);
    if (s.ok()) {
      try {
        Tx tx(*conn, PgDialectOnce(), writable);
        s = fn(tx);
      } catch (const std::exception& e) {
        s = InternalError(std::string("transaction threw: ") + e.what());
      }
      // fn carried on past a failed statement: PostgreSQL has already discarded the transaction,
      // so report the statement that failed instead of a COMMIT that silently rolled back.
      if (s.ok() && conn->in_failed_transaction()) {
        s = conn->first_error().ok() ? InternalError("a statement failed; the transaction was rolled back")
                                     : conn->first_error();
      }
      if (s.ok()) {
        s = conn->Exec("COMMIT");
      } else {
        (void)conn->Exec("ROLLBACK");
      }
    }
    Release(conn);
    return s;
  }

  StatusOr<PgConnection*> Acquire() {
    std::unique_lock lock(mu_);
    while (true) {
      if (closed_) return UnavailableError("the database is closed");
      while (!free_.empty()) {
        PgConnection* c = free_.back();
        free_.pop_back();
        if (c->healthy()) return c;
        Drop(c);  // a server restart broke it; open a fresh one below
      }
      if (static_cast<int>(all_.size()) < pool_size_) {
        lock.unlock();
        auto conn = PgConnection::Open(url_);
        lock.lock();
        if (!conn.ok()) return conn.status();
        all_.push_back(std::move(*conn));
        return all_.back().get();
      }
      cv_.wait(lock);
    }
  }

  void Drop(PgConnection* c) {
    std::erase_if(all_, [&](const std::unique_ptr<PgConnection>& p) { return p.get() == c; });
  }

  void Release(PgConnection* c) {
    bool closing;
    {
      std::lock_guard lock(mu_);
      if (c->healthy()) {
        free_.push_back(c);
      } else {
        Drop(c);
      }
      closing = closed_;
    }
    if (closing) {
      cv_.notify_all();  // Close() may be waiting for this one
    } else {
      cv_.notify_one();
    }
  }

  const std::string url_;
  const int pool_size_;
  metrics::Histogram* commit_latency_ = nullptr;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConnection>> all_;
  std::vector<PgConnection*> free_;
  bool closed_ = false;
};

}  // namespace

StatusOr<std::unique_ptr<Store>> OpenPostgresStore(const StoreOptions& options) {
  FAROL_ASSIGN_OR_RETURN(auto conn, PgConnection::Open(options.url));
  if (options.migrate) {
    FAROL_RETURN_IF_ERROR(RunMigrations(*conn, PgDialectOnce(), 0).status());
  } else {
    FAROL_RETURN_IF_ERROR(CheckSchemaCurrent(*conn, PgDialectOnce()));
  }
  return std::unique_ptr<Store>(new PgStore(options.url, options.pool_size, options.metrics));
}

StatusOr<MigrationReport> MigratePostgres(const std::string& url, int target_version) {
  FAROL_ASSIGN_OR_RETURN(auto conn, PgConnection::Open(url));
  return RunMigrations(*conn, PgDialectOnce(), target_version);
}

}  // namespace farol::store
