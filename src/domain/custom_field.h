// Typed custom fields, defined per ticket type by admins (e.g. "affected_circuit" as text on
// incidents, "go_live" as a date on changes).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "domain/enums.h"

namespace farol::domain {

struct CustomFieldDef {
  int64_t id = 0;
  TicketType ticket_type = TicketType::kIncident;
  std::string key;    // [a-z][a-z0-9_]{0,39}; unique per ticket type
  std::string label;  // shown to people
  CustomFieldType type = CustomFieldType::kText;
  std::vector<std::string> options;  // kSelect only: the allowed values
  bool required = false;
  bool active = true;
  int position = 0;
  int64_t version = 0;
  bool operator==(const CustomFieldDef&) const = default;
};

inline constexpr size_t kMaxCustomTextBytes = 1000;

bool IsValidFieldKey(std::string_view key);
// Checks a definition a person submitted; field errors name the offending member.
Status ValidateDefinition(const CustomFieldDef& def);

// Checks `raw` against `def` and returns its canonical text: numbers as given if they parse
// as finite decimals, booleans "true"/"false", dates "YYYY-MM-DD", selects one of the options.
StatusOr<std::string> CanonicalCustomValue(const CustomFieldDef& def, std::string_view raw);

}  // namespace farol::domain
