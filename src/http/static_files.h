// Serves the web app's build (web/dist) from farol itself: hashed assets with long-lived cache
// headers, and index.html for every other page address, so client-side routes work on reload.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/types.h"

namespace farol::http {

class StaticFiles {
 public:
  // `root`: the folder holding index.html and assets/ (empty: no web app).
  explicit StaticFiles(std::string root);

  // The answer to GET `path` (a path outside /api/), or nullopt when nothing is served there.
  std::optional<HttpResponse> Serve(std::string_view path) const;

 private:
  std::string root_;
};

// The MIME type for a file name's extension ("application/octet-stream" if unknown).
std::string_view ContentTypeFor(std::string_view filename);

}  // namespace farol::http
