// Shared by the repositories: the outcome of an optimistic UPDATE ... WHERE id = $ AND version = $.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "store/sql.h"

namespace farol::store {

// OK if the UPDATE just run on `c` changed the row; otherwise kNotFound if row `id` of `table` is
// gone, or kStaleVersion ("The <what> was changed by someone else …") if its version moved.
inline Status CheckVersioned(sql::Connection& c, std::string_view table, int64_t id, std::string_view what) {
  if (c.changes() == 1) return OkStatus();
  const std::string sql = "SELECT 1 FROM " + std::string(table) + " WHERE id = $1";
  FAROL_ASSIGN_OR_RETURN(sql::Rows rows, c.Query(sql, {id}));
  if (rows.empty()) return NotFoundError(what, id);
  return StaleVersionError("The " + std::string(what) + " was changed by someone else since you loaded it; reload and try again.");
}

// A unique-name violation as the error people read: "A team named 'NOC' already exists."
inline Status NameTaken(const Status& s, std::string_view what, std::string_view name) {
  if (s.code() == StatusCode::kAlreadyExists) {
    return AlreadyExistsError("A " + std::string(what) + " named '" + std::string(name) + "' already exists.")
        .WithField("name", "is already in use");
  }
  return s;
}

}  // namespace farol::store
