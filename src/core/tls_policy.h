// Whether a mail connection must be encrypted (docs/EMAIL.md, "TLS"). imaps:// and smtps:// are
// TLS from the first byte; for imap:// and smtp:// farol asks for STARTTLS, and the mode says what
// happens when the server does not offer it:
//   auto      (the default) refuse to go on in plain text, except to a loopback address
//             (127.0.0.0/8, ::1, localhost), where nothing crosses a network;
//   required  refuse, even on loopback;
//   optional  go on in plain text (a trusted network whose server has no TLS).
#pragma once

#include <optional>
#include <string_view>

namespace farol {

enum class TlsMode { kAuto, kRequired, kOptional };

inline std::optional<TlsMode> ParseTlsMode(std::string_view s) {
  if (s == "auto") return TlsMode::kAuto;
  if (s == "required") return TlsMode::kRequired;
  if (s == "optional") return TlsMode::kOptional;
  return std::nullopt;
}

// The host of "scheme://[user[:pass]@]host[:port][/path]" ("[::1]" for IPv6), lower case not
// applied; "" if there is none.
inline std::string_view UrlHost(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const size_t at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  if (rest.starts_with('[')) return rest.substr(0, rest.find(']') + 1);
  return rest.substr(0, rest.find(':'));
}

inline bool IsLoopbackHost(std::string_view host) {
  if (host == "localhost" || host == "[::1]") return true;
  if (!host.starts_with("127.")) return false;
  for (char c : host) {
    if ((c < '0' || c > '9') && c != '.') return false;  // 127.example.com is a name, not loopback
  }
  return true;
}

// Whether a connection to `url` must be encrypted before anything else is said.
inline bool TlsRequired(std::string_view url, TlsMode mode) {
  switch (mode) {
    case TlsMode::kRequired: return true;
    case TlsMode::kOptional: return false;
    case TlsMode::kAuto: return !IsLoopbackHost(UrlHost(url));
  }
  return true;
}

}  // namespace farol
