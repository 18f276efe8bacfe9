// The composition root: builds the store, the file store and the App from a Config. Only this
// file (and tests) know which backend implementations exist.
#pragma once

#include <memory>

#include "app/app.h"
#include "cli/config.h"
#include "core/metrics.h"

namespace farol::cli {

struct Wired {
  metrics::Registry metrics;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<store::FileStore> files;
  std::unique_ptr<app::App> app;
};

// Opens (and migrates, when `migrate`) the database and attachment folder named in `c`.
StatusOr<std::unique_ptr<Wired>> Wire(const Config& c, bool migrate);

app::AppConfig AppConfigFrom(const Config& c);

}  // namespace farol::cli
