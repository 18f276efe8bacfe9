// Small helpers the use cases share when they apply a writer's fields.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/strings.h"

namespace farol::app {

// `in`, when given, trimmed into `out`: text of at most `max` characters (and not empty when
// `required`), else an error on `field` in plain words.
inline void SetText(const std::optional<std::string>& in, std::string& out, std::string_view field, size_t max,
                    bool required, FieldErrors& errors) {
  if (!in) return;
  out = Trim(*in);
  if ((required && out.empty()) || !ValidText(out, max)) {
    errors.Add(std::string(field), required ? "write it in 1 to " + std::to_string(max) + " characters"
                                            : "at most " + std::to_string(max) + " characters");
  }
}

}  // namespace farol::app
