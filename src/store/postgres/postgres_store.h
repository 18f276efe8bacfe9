// The PostgreSQL backend. Only open_store.cc and tests include this.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace farol::store {

// REQUIRES: options.url is a libpq connection URL (postgresql://...).
StatusOr<std::unique_ptr<Store>> OpenPostgresStore(const StoreOptions& options);
StatusOr<MigrationReport> MigratePostgres(const std::string& url, int target_version);

}  // namespace farol::store
