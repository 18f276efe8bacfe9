// Instants and their text form. Inside farol every instant is a UTC `Timestamp` with one-second
// resolution; zones appear only at the edges (a calendar, a viewer's display).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace farol {

using Timestamp = std::chrono::sys_seconds;

inline Timestamp FromUnixSeconds(long long s) { return Timestamp(std::chrono::seconds(s)); }
inline long long ToUnixSeconds(Timestamp t) { return t.time_since_epoch().count(); }

// "2026-11-22T10:00:00Z" — ISO 8601 / RFC 3339 in UTC, the form the API speaks.
std::string FormatIso8601(Timestamp t);

// Parses RFC 3339 date-times: "2026-11-22T10:00:00Z", "2026-11-22T07:00:00-03:00",
// "2026-11-22T10:00:00.250Z" (fractions are truncated to the second), also with a space or
// lower-case 't'/'z'. A bare date "2026-11-22" is midnight UTC. Anything else is
// kInvalidArgument with a message that says what was expected.
StatusOr<Timestamp> ParseIso8601(std::string_view text);

// Proleptic Gregorian day count since 1970-01-01 (H. Hinnant's days_from_civil).
long long DaysFromCivil(int year, unsigned month, unsigned day);

}  // namespace farol
