#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace farol::store {
namespace {

bool IsPostgres(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}
bool IsSqlite(std::string_view url) { return url.starts_with("sqlite:"); }

Status UnknownScheme(std::string_view url) {
  return InvalidArgumentError("Unknown database URL '" + RedactUrl(url) +
                              "': use sqlite:PATH or postgresql://USER@HOST:PORT/DB");
}

}  // namespace

StatusOr<std::unique_ptr<Store>> OpenStore(const StoreOptions& options) {
  if (IsSqlite(options.url)) return OpenSqliteStore(options);
  if (IsPostgres(options.url)) return OpenPostgresStore(options);
  return UnknownScheme(options.url);
}

StatusOr<MigrationReport> Migrate(const std::string& url, int target_version) {
  if (IsSqlite(url)) return MigrateSqlite(url, target_version);
  if (IsPostgres(url)) return MigratePostgres(url, target_version);
  return UnknownScheme(url);
}

std::string RedactUrl(std::string_view url) {
  // scheme://user:password@host -> scheme://user:***@host ; also password=... parameters.
  std::string out(url);
  const size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    const size_t at = out.find('@', scheme + 3);
    const size_t colon = out.find(':', scheme + 3);
    if (at != std::string::npos && colon != std::string::npos && colon < at) {
      out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  for (size_t pos = out.find("password="); pos != std::string::npos; pos = out.find("password=", pos + 1)) {
    const size_t end = out.find_first_of("& ", pos);
    out.replace(pos + 9, (end == std::string::npos ? out.size() : end) - pos - 9, "***");
  }
  return out;
}

}  // namespace farol::store
