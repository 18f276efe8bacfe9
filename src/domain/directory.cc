#include "domain/directory.h"

#include <date/tz.h>

#include <algorithm>

#include "core/strings.h"

namespace farol::domain {

Segment SegmentFor(int employee_count) {
  if (employee_count >= 1000) return Segment::kEnterprise;
  if (employee_count >= 100) return Segment::kMidMarket;
  return Segment::kSmb;
}

bool IsSupportedLocale(std::string_view locale) {
  return std::find(std::begin(kLocales), std::end(kLocales), locale) != std::end(kLocales);
}

bool IsKnownTimeZone(std::string_view zone) {
  if (zone.empty() || zone.size() > 64) return false;
  try {
    return date::locate_zone(zone) != nullptr;
  } catch (const std::exception&) {
    return false;
  }
}

void ValidateName(std::string_view field, std::string_view name, FieldErrors& errors) {
  if (!IsValidUtf8(name)) {
    errors.Add(std::string(field), "is not valid UTF-8 text");
  } else if (TrimView(name).empty()) {
    errors.Add(std::string(field), "must not be empty");
  } else if (Utf8Length(name) > 200) {
    errors.Add(std::string(field), "must be at most 200 characters");
  } else if (HasControlChars(name) || name.find_first_of("\r\n") != name.npos) {
    errors.Add(std::string(field), "must be a single line without control characters");
  }
}

void ValidateLine(std::string_view field, std::string_view text, size_t max, FieldErrors& errors) {
  if (!IsValidUtf8(text)) {
    errors.Add(std::string(field), "is not valid UTF-8 text");
  } else if (text.size() > max) {
    errors.Add(std::string(field), "must be at most " + std::to_string(max) + " bytes");
  } else if (HasControlChars(text) || text.find_first_of("\r\n") != text.npos) {
    errors.Add(std::string(field), "must be a single line without control characters");
  }
}

void ValidateNewPassword(std::string_view field, std::string_view password, FieldErrors& errors) {
  if (password.size() < 10) {
    errors.Add(std::string(field), "must be at least 10 characters");
  } else if (password.size() > 200) {
    errors.Add(std::string(field), "must be at most 200 characters");
  } else if (!IsValidUtf8(password)) {
    errors.Add(std::string(field), "is not valid UTF-8 text");
  }
}

}  // namespace farol::domain
