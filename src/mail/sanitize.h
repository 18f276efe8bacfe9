// Inbound HTML mail is hostile: before any of it is stored for display it goes through an
// allowlist built on gumbo (the HTML5 parser browsers agree with), so what the web app renders
// can only be text, formatting, tables, links to http(s)/mailto and images the reader chose to
// load. Everything not on the list is dropped: scripts, styles that escape their box, event
// handlers, forms, frames, objects, javascript: and data: URLs in links.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace farol::mail {

struct SanitizeOptions {
  // Remote images (http/https) are not loaded without the reader's consent: when false, an
  // <img src="https://..."> keeps its URL in data-remote-src (and no src), which the web app
  // swaps in only when the reader asks to load remote images.
  bool allow_remote_images = false;
  // Inline images (src="cid:...") point at the message's own attachments: maps a Content-ID
  // (without "cid:" and angle brackets) to the URL that serves it; "" drops the image.
  std::function<std::string(std::string_view content_id)> resolve_cid;
};

struct SanitizedHtml {
  std::string html;           // a fragment (no <html>/<head>/<body>), UTF-8
  int remote_images = 0;      // images held back until the reader consents
  int removed_elements = 0;   // elements dropped with their content (script, style, iframe, ...)
};

// gumbo's tree building is quadratic in nesting depth (100,000 nested elements: ~23 s), so hostile
// mail with more tags than any real message has is not parsed as HTML at all: its text, tags
// stripped, is shown instead (SanitizeHtml and HtmlToText both follow this).
inline constexpr size_t kMaxHtmlTags = 20'000;
// Tags in `html` (a '<' followed by a letter or '/'), counted in one pass.
size_t CountTags(std::string_view html);
// Text between tags, tags dropped without parsing (for HTML over kMaxHtmlTags).
std::string StripTags(std::string_view html);

// REQUIRES: `html` is UTF-8 (the MIME layer converts charsets first); invalid bytes are replaced.
// The output is stable: sanitising it again with the same options gives it back unchanged.
// Cost: linear for ordinary mail, but gumbo's tree building is quadratic in nesting depth (100,000
// unclosed <div>s, 500 KB, take about 20 s), so callers cap the size of what they pass in.
SanitizedHtml SanitizeHtml(std::string_view html, const SanitizeOptions& options = {});

}  // namespace farol::mail
