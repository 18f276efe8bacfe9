#include "cli/cli_io.h"

#include <boost/json.hpp>

#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>

#include "domain/sla_clock.h"
#include "core/clock.h"
#include "http/sla_json.h"

namespace farol::cli {

int Fail(const Status& s) {
  std::fprintf(stderr, "farol: %s\n", s.message().c_str());
  for (const FieldError& f : s.field_errors()) {
    std::fprintf(stderr, "  - %s: %s\n", f.field.c_str(), f.message.c_str());
  }
  return s.code() == StatusCode::kInvalidArgument ? 2 : 1;
}

void PrintJson(const std::string& text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec) {
    std::printf("%s\n", text.c_str());
    return;
  }
  // Pretty-print with two-space indents.
  std::string out;
  std::function<void(const boost::json::value&, int)> rec = [&](const boost::json::value& x, int depth) {
    const std::string pad(static_cast<size_t>(depth) * 2, ' ');
    if (x.is_object()) {
      if (x.get_object().empty()) {
        out += "{}";
        return;
      }
      out += "{\n";
      size_t i = 0;
      for (const auto& kv : x.get_object()) {
        out += pad + "  " + boost::json::serialize(boost::json::value(kv.key())) + ": ";
        rec(kv.value(), depth + 1);
        out += ++i < x.get_object().size() ? ",\n" : "\n";
      }
      out += pad + "}";
    } else if (x.is_array()) {
      if (x.get_array().empty()) {
        out += "[]";
        return;
      }
      out += "[\n";
      size_t i = 0;
      for (const auto& e : x.get_array()) {
        out += pad + "  ";
        rec(e, depth + 1);
        out += ++i < x.get_array().size() ? ",\n" : "\n";
      }
      out += pad + "]";
    } else {
      out += boost::json::serialize(x);
    }
  };
  rec(v, 0);
  std::printf("%s\n", out.c_str());
}

// The whole of FILE, or of standard input for "-" (or nothing).
StatusOr<std::string> ReadInput(const std::string& file) {
  std::string text;
  if (file.empty() || file == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return text;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return InvalidArgumentError("Cannot read " + file);
  text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return text;
}

// Prints the clocks of a scenario (or an array of them) from FILE, or standard input for "-".
// Needs no database: the same parsing and math as POST /api/v1/sla/simulate.
int SlaSimulate(const std::string& file) {
  auto text = ReadInput(file);
  if (!text.ok()) return Fail(text.status());
  auto scenarios = http::ParseSlaScenarios(*text);
  if (!scenarios.ok()) return Fail(scenarios.status());
  auto readings = domain::SimulateAll(scenarios->items, scenarios->many, SystemClock().SystemNow());
  if (!readings.ok()) return Fail(readings.status());
  PrintJson(boost::json::serialize(http::EncodeSlaSimulations(*readings, scenarios->many)));
  return 0;
}

}  // namespace farol::cli
