// JSON text for the few structured columns (event payloads, custom field values, select
// options). Kept here so Boost.JSON stays inside one store translation unit.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "domain/guardian.h"
#include "domain/survey.h"
#include "domain/ticket.h"

namespace farol::store {

// The payload members of an event (everything but id, ticket, type, time, author, internal).
std::string EncodeEventData(const domain::TicketEvent& e);
Status DecodeEventData(std::string_view json, domain::TicketEvent& e);

std::string EncodeStringMap(const std::map<std::string, std::string>& m);
StatusOr<std::map<std::string, std::string>> DecodeStringMap(std::string_view json);

std::string EncodeStringList(const std::vector<std::string>& v);
StatusOr<std::vector<std::string>> DecodeStringList(std::string_view json);
// A list of ids as a JSON array of numbers ("[1,2]"); "" decodes as empty.
std::string EncodeIdList(const std::vector<int64_t>& v);
StatusOr<std::vector<int64_t>> DecodeIdList(std::string_view json);

// A survey's follow-up questions and the id the next new one gets: {"next": n, "items": [...]};
// "" reads as none, next 1.
std::string EncodeQuestions(const std::vector<domain::SurveyQuestion>& questions, int next_id);
Status DecodeQuestions(std::string_view json, std::vector<domain::SurveyQuestion>& questions, int& next_id);

// A GUT rule: {"preset", "scale_max", "combine", "bands": [{"min", "level", "required": [...]}]}.
std::string EncodeGutRule(const domain::GutRule& rule);
StatusOr<domain::GutRule> DecodeGutRule(std::string_view json);

}  // namespace farol::store
