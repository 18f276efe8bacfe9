#include "store/migrate.h"

#include <chrono>

#include "core/strings.h"
#include "domain/escalation.h"
#include "domain/sla_policy.h"

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

// Schema v7 names calendars and SLA policies. The policy versions kept in settings until v6 (each
// with its calendar inline) become the versions of policy 1, "Default policy", on calendar 1,
// "Default calendar", whose versions are the distinct calendars those policies had, saved at the
// same instants: every ticket keeps being measured exactly as before. A database without tickets
// gets the seed escalation matrix in its default policy.
Status ConvertSlaSettings(sql::Connection& c, const Dialect& d) {
  Tx tx(c, d, true);
  auto settings = tx.settings();
  std::vector<std::pair<long long, std::string>> versions;
  FAROL_ASSIGN_OR_RETURN(auto list, settings.Get("sla_policy.versions"));
  if (list) {
    for (const std::string& part : Split(*list, ',')) {
      if (part.empty()) continue;
      FAROL_ASSIGN_OR_RETURN(auto text, settings.Get("sla_policy@" + part));
      versions.emplace_back(std::atoll(part.c_str()), text.value_or(""));
    }
  } else {
    FAROL_ASSIGN_OR_RETURN(auto current, settings.Get("sla_policy"));
    versions.emplace_back(0, current.value_or(""));
  }
  FAROL_ASSIGN_OR_RETURN(int64_t tickets, c.QueryInt("SELECT COUNT(*) FROM tickets"));
  const Timestamp now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  FAROL_RETURN_IF_ERROR(tx.calendars().InsertWithId(1, "Default calendar", now));
  FAROL_RETURN_IF_ERROR(tx.sla_policies().InsertWithId(1, "Default policy", now));
  std::string last_spec;
  for (const auto& [since, text] : versions) {
    domain::SlaPolicy policy = domain::DefaultSlaPolicy();
    if (!text.empty()) {
      auto parsed = domain::SlaPolicy::Parse(text);
      if (!parsed.ok()) return InternalError("The stored SLA policy cannot be read: " + parsed.status().message());
      policy = std::move(*parsed);
    } else if (tickets == 0) {
      policy.escalation = domain::SeedEscalationMatrix();
    }
    const std::string spec = domain::SerializeCalendarSpec(policy.calendar);
    if (spec != last_spec) {
      FAROL_RETURN_IF_ERROR(tx.calendars().AddVersion(1, spec, FromUnixSeconds(since), {}).status());
      last_spec = spec;
    }
    policy.calendar_id = 1;
    FAROL_RETURN_IF_ERROR(tx.sla_policies().AddVersion(1, policy.Serialize(), FromUnixSeconds(since), {}).status());
  }
  FAROL_RETURN_IF_ERROR(c.Query("DELETE FROM settings WHERE key = 'sla_policy' OR key LIKE 'sla_policy.%' OR "
                                "key LIKE 'sla_policy@%'")
                            .status());
  if (c.backend() == sql::Backend::kPostgres) {
    // Rows inserted with a chosen id leave the identity sequence behind.
    for (const char* table : {"calendars", "sla_policies"}) {
      FAROL_RETURN_IF_ERROR(c.Query("SELECT setval(pg_get_serial_sequence('" + std::string(table) +
                                    "', 'id'), (SELECT MAX(id) FROM " + table + "))")
                                .status());
    }
  }
  return OkStatus();
}

// Work a migration needs beyond its SQL, run in the same transaction right after it.
Status AfterMigration(int version, sql::Connection& c, const Dialect& d) {
  if (version == 7) return ConvertSlaSettings(c, d);
  return OkStatus();
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
    if (s.ok()) s = AfterMigration(v + 1, c, d);
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
