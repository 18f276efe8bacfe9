#include "domain/custom_field.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "core/strings.h"
#include "core/time.h"

namespace farol::domain {

bool IsValidFieldKey(std::string_view key) {
  if (key.empty() || key.size() > 40 || key[0] < 'a' || key[0] > 'z') return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

Status ValidateDefinition(const CustomFieldDef& def) {
  FieldErrors errors;
  if (!IsValidFieldKey(def.key)) {
    errors.Add("key", "must start with a-z and use only a-z, 0-9 and _ (at most 40)");
  }
  const std::string_view label = TrimView(def.label);
  if (label.empty() || Utf8Length(label) > 100 || HasControlChars(label) || !IsValidUtf8(label)) {
    errors.Add("label", "must be 1 to 100 characters of text");
  }
  if (def.type == CustomFieldType::kSelect) {
    if (def.options.empty() || def.options.size() > 100) {
      errors.Add("options", "a select field needs 1 to 100 options");
    }
    for (const std::string& o : def.options) {
      if (TrimView(o).empty() || o.size() > 100 || !IsValidUtf8(o) || HasControlChars(o)) {
        errors.Add("options", "each option must be 1 to 100 characters of text");
        break;
      }
    }
    std::vector<std::string> sorted = def.options;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
      errors.Add("options", "options must be unique");
    }
  } else if (!def.options.empty()) {
    errors.Add("options", "only select fields have options");
  }
  return errors.ToStatus("The custom field definition is invalid");
}

StatusOr<std::string> CanonicalCustomValue(const CustomFieldDef& def, std::string_view raw) {
  const std::string field = "custom_fields." + def.key;
  switch (def.type) {
    case CustomFieldType::kText:
      if (raw.size() > kMaxCustomTextBytes || !IsValidUtf8(raw) || HasControlChars(raw)) {
        return FieldInvalidError(field, "must be text of at most 1000 bytes");
      }
      return std::string(raw);
    case CustomFieldType::kNumber: {
      const std::string s(TrimView(raw));
      char* end = nullptr;
      const double v = s.empty() ? NAN : std::strtod(s.c_str(), &end);
      if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v) || s.size() > 40 ||
          s.find_first_of("xXpPnNiI") != s.npos) {
        return FieldInvalidError(field, "must be a number");
      }
      return s;
    }
    case CustomFieldType::kBoolean:
      if (raw == "true" || raw == "false") return std::string(raw);
      return FieldInvalidError(field, "must be true or false");
    case CustomFieldType::kDate: {
      if (raw.size() != 10 || !ParseIso8601(raw).ok()) {
        return FieldInvalidError(field, "must be a date like 2026-11-22");
      }
      return std::string(raw);
    }
    case CustomFieldType::kSelect:
      if (std::find(def.options.begin(), def.options.end(), raw) == def.options.end()) {
        std::string msg = "must be one of ";
        for (size_t i = 0; i < def.options.size(); ++i) {
          if (i) msg += ", ";
          msg += def.options[i];
        }
        return FieldInvalidError(field, msg);
      }
      return std::string(raw);
  }
  return FieldInvalidError(field, "has an unknown type");
}

}  // namespace farol::domain
