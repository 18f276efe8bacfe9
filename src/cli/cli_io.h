// What the CLI's commands share for input and output, and `farol sla simulate`, which needs no
// database, network or mail: the launcher (cli/launcher.cc) runs it without loading the rest.
#pragma once

#include <string>

#include "core/status.h"

namespace farol::cli {

// Prints `s` in plain words (and its field errors) on standard error; returns the exit code:
// 2 for invalid input, 1 otherwise.
int Fail(const Status& s);
// Prints JSON `text` pretty (two-space indents); text that is not JSON as it is.
void PrintJson(const std::string& text);
// The whole of FILE, or of standard input for "-" (or nothing).
StatusOr<std::string> ReadInput(const std::string& file);
// Prints the clocks of a scenario (or an array of them) from FILE, or standard input for "-".
// Needs no database: the same parsing and math as POST /api/v1/sla/simulate.
int SlaSimulate(const std::string& file);

}  // namespace farol::cli
