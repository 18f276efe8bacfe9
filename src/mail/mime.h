// MIME in and out, with GMime: a raw RFC 5322 message becomes an InboundMail (every text in
// UTF-8, every attachment decoded), and an outgoing reply becomes the bytes an SMTP server takes.
// GLib/GMime types never leave mime.cc.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "domain/mail.h"

namespace farol::mail {

// Limits on what one message may carry into farol.
inline constexpr size_t kMaxRawMessageBytes = 40u << 20;  // a 20 MB attachment grows by 4/3 in base64
inline constexpr size_t kMaxParts = 500;

// Decodes `raw`. Fails (kInvalidArgument, with the reason in plain words) only when the bytes are
// not a message at all: too large, no headers, no sender. Real-world damage (a wrong charset, a
// truncated part, a malformed date) is repaired, not refused.
StatusOr<domain::InboundMail> ParseMessage(std::string_view raw);

// Plain text from HTML, for mail that has no text part: block elements become line breaks,
// scripts and styles disappear, entities are decoded.
std::string HtmlToText(std::string_view html);

// Converts `bytes` in `charset` to UTF-8. ISO-8859-1 and US-ASCII are read as Windows-1252 (as
// browsers do: mail labelled Latin-1 often has Windows quotes and dashes); an unknown charset or
// undecodable bytes fall back to Windows-1252, which maps every byte.
std::string ToUtf8(std::string_view bytes, std::string_view charset);
// Appends code point `c` to `out` as UTF-8.
void AppendUtf8(std::string& out, char32_t c);

using domain::OutboundAttachment;
using domain::OutboundMail;

// The message as bytes (CRLF line ends): multipart/alternative text + HTML (inside
// multipart/mixed when there are attachments), quoted-printable or base64 as each part needs.
std::string BuildMessage(const OutboundMail& m);

}  // namespace farol::mail
