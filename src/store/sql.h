// A deliberately small SQL connection interface, implemented for SQLite (store/sqlite) and
// PostgreSQL (store/postgres), so that the repositories are written once in portable SQL.
//
// SQL text uses PostgreSQL-style placeholders ($1, $2, ...); the SQLite adapter rewrites them.
// Values are bound as text/integers and results come back materialised. Statements are prepared
// once per connection and cached by their text.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"
#include "core/time.h"

namespace farol::store::sql {

// A bound parameter. Borrowed: the referenced text must outlive the Query() call.
class Param {
 public:
  Param() : v_(std::monostate{}) {}  // SQL NULL
  Param(std::nullptr_t) : v_(std::monostate{}) {}
  Param(int v) : v_(static_cast<int64_t>(v)) {}
  Param(long v) : v_(static_cast<int64_t>(v)) {}
  Param(long long v) : v_(static_cast<int64_t>(v)) {}
  Param(bool v) : v_(static_cast<int64_t>(v ? 1 : 0)) {}
  Param(double v) : v_(v) {}
  Param(std::string_view v) : v_(v) {}
  Param(const std::string& v) : v_(std::string_view(v)) {}
  Param(const char* v) : v_(std::string_view(v)) {}
  Param(Timestamp t) : v_(static_cast<int64_t>(ToUnixSeconds(t))) {}

  bool is_null() const { return std::holds_alternative<std::monostate>(v_); }
  const std::variant<std::monostate, int64_t, double, std::string_view>& value() const { return v_; }

 private:
  std::variant<std::monostate, int64_t, double, std::string_view> v_;
};

// NULL when `id` is 0 (our "no reference" value), else the id.
inline Param OptId(int64_t id) { return id == 0 ? Param() : Param(static_cast<long long>(id)); }
inline Param OptTime(const std::optional<Timestamp>& t) { return t ? Param(*t) : Param(); }

// A materialised result set. Accessors on NULL cells return 0 / "" / nullopt.
class Rows {
 public:
  Rows() = default;
  explicit Rows(int columns) : columns_(columns) {}

  size_t size() const { return columns_ == 0 ? 0 : cells_.size() / static_cast<size_t>(columns_); }
  bool empty() const { return size() == 0; }
  int columns() const { return columns_; }

  bool IsNull(size_t row, int col) const { return !At(row, col).has_value(); }
  int64_t Int(size_t row, int col) const;
  double Real(size_t row, int col) const;
  const std::string& Text(size_t row, int col) const;
  std::optional<int64_t> OptInt(size_t row, int col) const;
  Timestamp Time(size_t row, int col) const { return FromUnixSeconds(Int(row, col)); }
  std::optional<Timestamp> OptTime(size_t row, int col) const;
  bool Bool(size_t row, int col) const { return Int(row, col) != 0; }

  // For adapters.
  void Add(std::optional<std::string> cell) { cells_.push_back(std::move(cell)); }
  void Reserve(size_t cells) { cells_.reserve(cells); }

 private:
  const std::optional<std::string>& At(size_t row, int col) const {
    return cells_[row * static_cast<size_t>(columns_) + static_cast<size_t>(col)];
  }
  int columns_ = 0;
  std::vector<std::optional<std::string>> cells_;  // row-major, text form
};

enum class Backend { kSqlite, kPostgres };

// One database connection. Not thread-safe: a connection is used by one thread at a time.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Backend backend() const = 0;
  // Runs a script of statements without parameters (migrations, BEGIN/COMMIT).
  virtual Status Exec(std::string_view sql) = 0;
  // Runs one statement. Constraint violations map to kAlreadyExists (unique) and
  // kFailedPrecondition (foreign key, check); lock timeouts to kUnavailable.
  virtual StatusOr<Rows> Query(std::string_view sql, std::span<const Param> params) = 0;
  StatusOr<Rows> Query(std::string_view sql, std::initializer_list<Param> params = {}) {
    return Query(sql, std::span<const Param>(params.begin(), params.size()));
  }
  // Runs a statement that returns one integer column in one row (COUNT, RETURNING id).
  StatusOr<int64_t> QueryInt(std::string_view sql, std::initializer_list<Param> params = {});
  // Number of rows changed by the last INSERT/UPDATE/DELETE run through Query().
  virtual int64_t changes() const = 0;
};

}  // namespace farol::store::sql
