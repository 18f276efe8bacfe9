#include "http/static_files.h"

#include <filesystem>

namespace farol::http {

namespace fs = std::filesystem;

namespace {

// The page itself may run only farol's own scripts and talk only to farol. Images may come from
// anywhere: an e-mail's remote images, shown only after the reader's consent, inside a sandboxed
// frame whose own policy is stricter (a srcdoc frame obeys the page's policy too). The app itself
// never puts a foreign address in an <img>.
constexpr std::string_view kPagePolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https: http:; "
    "connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

// The chat widget's page (/widget) is made to sit in a frame on customers' own web sites
// (docs/CHAT.md): the same policy, but any https or http page may frame it.
constexpr std::string_view kWidgetPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; frame-ancestors https: http:; base-uri 'self'; form-action 'self'";

bool Safe(std::string_view path) {
  return !path.empty() && path[0] == '/' && path.find("..") == std::string_view::npos &&
         path.find('\\') == std::string_view::npos && path.find('\0') == std::string_view::npos &&
         path.find("//") == std::string_view::npos;
}

}  // namespace

std::string_view ContentTypeFor(std::string_view name) {
  const size_t dot = name.rfind('.');
  const std::string_view ext = dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
  if (ext == "html") return "text/html; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "json" || ext == "map") return "application/json";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "ico") return "image/x-icon";
  if (ext == "woff2") return "font/woff2";
  if (ext == "txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

StaticFiles::StaticFiles(std::string root) : root_(std::move(root)) {}

std::optional<HttpResponse> StaticFiles::Serve(std::string_view path) const {
  if (root_.empty() || !Safe(path)) return std::nullopt;
  std::error_code ec;
  const fs::path index = fs::path(root_) / "index.html";
  std::string relative(path.substr(1));
  fs::path file = relative.empty() ? index : fs::path(root_) / relative;
  const bool asset = relative.starts_with("assets/");
  if (!fs::is_regular_file(file, ec)) {
    // A page address of the app (/tickets/1001): the app routes it. A missing file with an
    // extension is a real 404, not a page.
    const std::string_view last = path.substr(path.rfind('/') + 1);
    if (asset || last.find('.') != std::string_view::npos) return std::nullopt;
    file = index;
  }
  if (!fs::is_regular_file(file, ec)) {
    HttpResponse res;
    res.status = 404;
    res.Set("Content-Type", "text/plain; charset=utf-8");
    res.body = "The farol web app is not built in " + root_ + " (run scripts/build.sh), or set web_root.\n";
    return res;
  }
  HttpResponse res;
  res.file_path = file.string();
  res.Set("Content-Type", std::string(ContentTypeFor(file.filename().string())));
  if (asset) {
    res.Set("Cache-Control", "public, max-age=31536000, immutable");  // names carry their content hash
  } else {
    res.Set("Cache-Control", "no-cache");  // always revalidated: it names the current assets
  }
  if (file == index) {
    if (path == "/widget") {
      res.Set("Content-Security-Policy", std::string(kWidgetPolicy));
    } else {
      res.Set("Content-Security-Policy", std::string(kPagePolicy));
      res.Set("X-Frame-Options", "DENY");
    }
  }
  return res;
}

}  // namespace farol::http
