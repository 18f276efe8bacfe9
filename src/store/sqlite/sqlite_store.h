// The SQLite backend. Only open_store.cc and tests include this.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace farol::store {

// REQUIRES: options.url starts with "sqlite:".
StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const StoreOptions& options);
StatusOr<MigrationReport> MigrateSqlite(const std::string& url, int target_version);

}  // namespace farol::store
