// A small JSON Schema (2020-12 subset) validator for checking API responses against the OpenAPI
// document. It knows only what the document uses: $ref into the document, type (one or a list,
// including "null"), properties, required, additionalProperties (false or a schema), items, enum,
// const, oneOf, anyOf, allOf, minimum, maximum, minLength, maxLength, pattern, minItems,
// maxItems and format date-time / date. Annotations (description, examples, default...) are
// ignored; any other keyword is reported by UnknownKeywords() so the document cannot silently
// use something this validator skips.
#pragma once

#include <boost/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace farol::testing {

class JsonSchemaValidator {
 public:
  // `root` is the whole document that `$ref`s ("#/components/schemas/Ticket") point into; it must
  // outlive the validator.
  explicit JsonSchemaValidator(const boost::json::value& root) : root_(root) {}

  // Every way `instance` breaks `schema`, as "<JSON path>: <what>" ("$.items[0].created_at: ...").
  // Empty when it conforms.
  std::vector<std::string> Validate(const boost::json::value& schema, const boost::json::value& instance) const;

  // The value a local reference ("#/a/b~1c") points at, or null.
  const boost::json::value* Resolve(std::string_view ref) const;

  // Keywords in `schema` (and its subschemas, not following $ref) that this validator does not
  // implement, as "<schema path>: <keyword>".
  static std::vector<std::string> UnknownKeywords(const boost::json::value& schema, const std::string& where = "#");

 private:
  void Check(const boost::json::value& schema, const boost::json::value& instance, const std::string& path,
             std::vector<std::string>& out, int depth) const;

  const boost::json::value& root_;
};

// RFC 3339 date-time ("2026-03-02T12:00:00Z", "2026-03-02T09:00:00.5-03:00"), with real calendar
// ranges (no February 30th).
bool IsRfc3339DateTime(std::string_view s);
// RFC 3339 full-date ("2026-03-02").
bool IsRfc3339Date(std::string_view s);

}  // namespace farol::testing
