// Small text helpers shared by every layer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace farol {

// True if `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view s);
// True if `s` has a C0 control character other than tab, CR and LF, or DEL.
bool HasControlChars(std::string_view s);
// Number of Unicode code points in valid UTF-8.
size_t Utf8Length(std::string_view s);
// Text a person may write: valid UTF-8, no control characters (tab, CR and LF allowed), at most
// `max` code points.
bool ValidText(std::string_view s, size_t max);
// `s` with every ill-formed sequence replaced by U+FFFD, one per maximal ill-formed subpart (as
// browsers decode: "\xe2\x82A" gives U+FFFD then "A"); well-formed input comes back unchanged.
std::string ReplaceInvalidUtf8(std::string_view s);
void AppendReplacingInvalidUtf8(std::string& out, std::string_view s);

// `s` cut to at most `max_bytes` at a character boundary (valid UTF-8 stays valid).
std::string CutUtf8(std::string_view s, size_t max_bytes);

std::string_view TrimView(std::string_view s);
std::string Trim(std::string_view s);
std::string AsciiLower(std::string_view s);
std::vector<std::string> Split(std::string_view s, char sep);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);

// A plausible e-mail address: one '@', a non-empty local part and a dotted domain, no spaces,
// at most 254 bytes. Deliverability is the mail system's business, not ours.
bool LooksLikeEmail(std::string_view s);

// `s` as a JSON string literal, quotes included (control characters escaped; UTF-8 kept).
std::string JsonQuote(std::string_view s);
void AppendJsonQuoted(std::string& out, std::string_view s);

// Normalises an e-mail address for lookups: trimmed and lower-cased.
std::string NormalizeEmail(std::string_view s);

}  // namespace farol
