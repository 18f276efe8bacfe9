// JSON in and out of the API (Boost.JSON; included only by http/ and cli/ sources).
//
// In: Reader takes a request body apart strictly: it must be one JSON object, each member must
// have the documented type, and members nobody asked for are reported as unknown. Every such
// problem is collected as a field error and reported in one response; the rules of the use case
// (a required field, an e-mail that does not look like one) are checked, again all together,
// once the body has the right shape.
// Out: encoders for every resource, one function each, shared by the API and `farol` output.
#pragma once

#include <boost/json.hpp>

#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "app/app.h"
#include "core/status.h"
#include "core/time.h"
#include "domain/access.h"
#include "domain/custom_field.h"
#include "domain/directory.h"
#include "domain/ticket.h"
#include "http/json_writer.h"
#include "http/types.h"
#include "store/store.h"

namespace farol::http {

namespace bj = boost::json;

// Any JSON value, parsed strictly (the same rules and messages as Reader::Parse, without
// requiring an object).
StatusOr<bj::value> ParseJson(std::string_view body);

class Reader {
 public:
  // kInvalidArgument in plain words if `body` is not a JSON object (empty, malformed, an array,
  // invalid UTF-8, nested deeper than 32 levels).
  static StatusOr<Reader> Parse(std::string_view body);
  explicit Reader(bj::object obj) : obj_(std::move(obj)) {}

  bool Has(std::string_view key) const { return obj_.contains(key); }
  // Each getter returns nullopt when the member is absent (or on a type error, which it records).
  std::optional<std::string> String(std::string_view key);
  // A string member that may be null; null reads as "".
  std::optional<std::string> NullableString(std::string_view key);
  std::optional<int64_t> Int(std::string_view key);
  // An id that may be null to clear the reference: null reads as 0.
  std::optional<int64_t> Id(std::string_view key);
  std::optional<bool> Bool(std::string_view key);
  std::optional<std::vector<std::string>> Strings(std::string_view key);
  std::optional<std::vector<int64_t>> Ids(std::string_view key);
  std::optional<Timestamp> Time(std::string_view key);
  // An object of scalars (string, number, boolean, or null to remove), as canonical text.
  std::optional<std::map<std::string, std::optional<std::string>>> ScalarMap(std::string_view key);
  template <typename E>
  std::optional<E> Enum(std::string_view key, std::optional<E> (*parse)(std::string_view),
                        std::span<const std::string_view> names) {
    auto s = String(key);
    if (!s) return std::nullopt;
    auto v = parse(*s);
    if (!v) errors_.Add(std::string(key), domain::OneOf(names));
    return v;
  }
  std::optional<int> Priority(std::string_view key);  // "P1".."P4"
  std::optional<int> Tier(std::string_view key);      // "N1".."N3"
  // The raw member (for shapes the typed getters do not cover), marked as read.
  const bj::value* Raw(std::string_view key) { return Get(key); }
  // Records an error found by the caller.
  void Error(std::string field, std::string message) { errors_.Add(std::move(field), std::move(message)); }

  // kInvalidArgument listing every type error and every member that was never asked for.
  Status Finish();

 private:
  const bj::value* Get(std::string_view key);
  bj::object obj_;
  std::set<std::string, std::less<>> seen_;
  FieldErrors errors_;
};

// ---- responses ----------------------------------------------------------------------------

HttpResponse JsonResponse(int status, const bj::value& body);
HttpResponse NoContent();
// RFC 7807 problem+json for a failed Status: its HTTP status, a title, the message as detail and
// the field errors as `errors`.
HttpResponse ProblemResponse(const Status& status);
int HttpStatusFor(StatusCode code);

// ---- encoders -----------------------------------------------------------------------------

bj::value TimeOrNull(const std::optional<Timestamp>& t);
bj::value IdOrNull(int64_t id);
// Tickets are the hottest responses (a queue page holds 50): written with JsonWriter.
void WriteTicket(JsonWriter& w, const domain::Ticket& t, std::string_view organisation_name,
                 std::string_view requester_name, std::string_view assignee_name, std::string_view team_name);
void WriteTicketItem(JsonWriter& w, const store::TicketListItem& item);
bj::object EncodeEvent(const domain::TicketEvent& e);
bj::object EncodeUser(const domain::User& u);
bj::object EncodeTeam(const domain::Team& t);
bj::object EncodeOrganisation(const domain::Organisation& o);
bj::object EncodeSite(const domain::Site& s);
bj::object EncodeNetworkArea(const domain::NetworkArea& a);
bj::object EncodeContact(const domain::Contact& c);
bj::object EncodeCategory(const domain::Category& c);
bj::object EncodeCustomField(const domain::CustomFieldDef& d);
bj::object EncodeAttachment(const store::Attachment& a);
bj::object EncodeLink(const store::TicketLink& l);
bj::object EncodeApiToken(const store::ApiTokenRecord& t);
bj::object EncodeSavedFilter(const store::SavedFilter& f);
bj::object EncodeActor(const app::Authenticated& a);
bj::object EncodePriorityMatrix(const domain::PriorityMatrix& m);

template <typename T, typename F>
bj::array EncodeAll(const std::vector<T>& items, F encode) {
  bj::array out;
  out.reserve(items.size());
  for (const T& item : items) out.push_back(encode(item));
  return out;
}

}  // namespace farol::http
