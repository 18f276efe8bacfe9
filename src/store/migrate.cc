#include "store/migrate.h"

namespace farol::store {

StatusOr<int> ReadSchemaVersion(sql::Connection& c, const Dialect& d) {
  FAROL_ASSIGN_OR_RETURN(bool exists, d.HasVersionTable(c));
  if (!exists) return 0;
  FAROL_ASSIGN_OR_RETURN(sql::Rows r, c.Query("SELECT version FROM schema_version"));
  if (r.empty()) return 0;
  return static_cast<int>(r.Int(0, 0));
}

namespace {

Status NewerThanBuild(int version, int latest) {
  return FailedPreconditionError(
      "The database schema is version " + std::to_string(version) +
      ", newer than this farol build understands (version " + std::to_string(latest) +
      "). Upgrade farol, or point it at a different database; nothing was changed.");
}

}  // namespace

StatusOr<MigrationReport> RunMigrations(sql::Connection& c, const Dialect& d, int target) {
  const int latest = static_cast<int>(d.Migrations().size());
  if (target <= 0 || target > latest) target = latest;
  FAROL_RETURN_IF_ERROR(d.LockForMigration(c));  // begins the transaction
  auto rollback = [&](Status s) {
    (void)d.UnlockForMigration(c);
    (void)c.Exec("ROLLBACK");
    return s;
  };
  auto exists = d.HasVersionTable(c);
  if (!exists.ok()) return rollback(exists.status());
  if (!*exists) {
    Status s = c.Exec("CREATE TABLE schema_version (version INTEGER NOT NULL); "
                      "INSERT INTO schema_version (version) VALUES (0);");
    if (!s.ok()) return rollback(s);
  }
  auto version = ReadSchemaVersion(c, d);
  if (!version.ok()) return rollback(version.status());
  MigrationReport report{*version, *version, latest};
  if (*version > latest) return rollback(NewerThanBuild(*version, latest));
  for (int v = *version; v < target; ++v) {
    Status s = c.Exec(d.Migrations()[static_cast<size_t>(v)]);
    if (!s.ok()) {
      return rollback(InternalError("Migration to schema version " + std::to_string(v + 1) +
                                    " failed: " + s.message()));
    }
    auto r = c.Query("UPDATE schema_version SET version = $1", {v + 1});
    if (!r.ok()) return rollback(r.status());
    report.to_version = v + 1;
  }
  FAROL_RETURN_IF_ERROR(d.UnlockForMigration(c));
  FAROL_RETURN_IF_ERROR(c.Exec("COMMIT"));
  return report;
}

Status CheckSchemaCurrent(sql::Connection& c, const Dialect& d) {
  const int latest = static_cast<int>(d.Migrations().size());
  FAROL_ASSIGN_OR_RETURN(int version, ReadSchemaVersion(c, d));
  if (version > latest) return NewerThanBuild(version, latest);
  if (version < latest) {
    return FailedPreconditionError("The database schema is version " + std::to_string(version) +
                                   " and this farol needs version " + std::to_string(latest) +
                                   ". Run `farol migrate` to upgrade it in place.");
  }
  return OkStatus();
}

}  // namespace farol::store
