// What differs between the SQL backends beyond the connection itself: the schema migrations,
// how the migration lock is taken, and full-text search. Each backend folder implements one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/sql.h"

namespace farol::store {

class Dialect {
 public:
  virtual ~Dialect() = default;
  virtual sql::Backend backend() const = 0;
  // Migration scripts; element i brings the schema from version i to i + 1.
  virtual const std::vector<std::string_view>& Migrations() const = 0;
  // Takes a lock that serialises migrations across processes for the rest of the session.
  virtual Status LockForMigration(sql::Connection& c) const = 0;
  virtual Status UnlockForMigration(sql::Connection& c) const = 0;
  // Whether the schema_version table exists yet.
  virtual StatusOr<bool> HasVersionTable(sql::Connection& c) const = 0;
  // Inserts searchable text. Parameters: $1 ticket_id, $2 text, $3 internal (0/1).
  virtual std::string_view InsertSearchTextSql() const = 0;
  // A boolean SQL condition on `t.id` that holds for tickets with some text matching parameter
  // `$<param>` (a value made by SearchTerm).
  virtual std::string SearchCondition(int param, bool include_internal) const = 0;
  // One word (from SearchWords) in the backend's query syntax, as a prefix when `prefix`.
  virtual std::string SearchTerm(std::string_view word, bool prefix) const = 0;
  // The recurrence suggestions' index of problem records (docs/GUARDIAN.md): removes record $1's
  // text; inserts it ($1 the record, $2 the text).
  virtual std::string_view DeleteProblemTextSql() const = 0;
  virtual std::string_view InsertProblemTextSql() const = 0;
  // Record ids whose text has any of the terms in $1 (made by AnyOf), best ranked first, at most $2.
  virtual std::string_view ProblemCandidatesSql() const = 0;
  // `words` (folded letters and digits) as a query matching text with any of them.
  virtual std::string AnyOf(const std::vector<std::string>& words) const = 0;
  // `condition`, marked as true for few rows, for planners that cannot know it from their
  // statistics (SQLite without STAT4 knows only averages per index column).
  virtual std::string Selective(const std::string& condition) const { return condition; }
};

// The words of what a person typed into a search box: runs of letters and digits (any
// non-ASCII byte counts as a letter); everything else separates words, so quotes, operators,
// '*', ':' and parentheses can never be query syntax. At most 16 words.
std::vector<std::string> SearchWords(std::string_view user_text);

}  // namespace farol::store
