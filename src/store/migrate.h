// Versioned schema migrations, shared by both backends: the scripts come from the Dialect, the
// bookkeeping (a one-row schema_version table) is the same everywhere.
#pragma once

#include "store/dialect.h"
#include "store/sql.h"
#include "store/store.h"

namespace farol::store {

// The schema version recorded in the database (0 for an empty database).
StatusOr<int> ReadSchemaVersion(sql::Connection& c, const Dialect& d);

// Applies migrations up to `target` (0 = latest) in one transaction, serialised across
// processes. A database newer than this build is refused and left untouched.
StatusOr<MigrationReport> RunMigrations(sql::Connection& c, const Dialect& d, int target);

// kFailedPrecondition unless the schema is exactly the latest version, with a message that
// says what to do (run `farol migrate`, or upgrade farol).
Status CheckSchemaCurrent(sql::Connection& c, const Dialect& d);

}  // namespace farol::store
