// The closed vocabularies of the service desk, with their wire names (the API and the database
// speak the same snake_case names). Parse*() returns nullopt for anything unknown.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace farol::domain {

enum class TicketType { kIncident, kServiceRequest, kChange, kProblem, kCommercial };
enum class TicketStatus {
  kNew,
  kOpen,
  kPendingCustomer,
  kPendingVendor,
  kResolved,
  kClosed,
  kCancelled
};
enum class Channel { kEmail, kPortal, kChat, kPhone, kInPerson, kApi, kMonitoring };
// ITIL impact and urgency: 1 = high, 2 = medium, 3 = low.
enum class Level { kHigh = 1, kMedium = 2, kLow = 3 };
// Staff roles (shared/DESIGN.md "Who uses it").
enum class Role { kAgent, kManager, kCsm, kGuardian, kDirector, kAdmin };
enum class Segment { kSmb, kMidMarket, kEnterprise };
enum class EventType {
  kCreated,
  kPublicReply,
  kInternalNote,
  kStatusChanged,
  kAssigned,
  kTeamChanged,
  kPriorityChanged,
  kEscalated,
  kFieldChanged,
  kAttachmentAdded,
  kMergedInto,
  kMergedFrom,
  kLinked,
  kUnlinked,
  kRated,
  kCallLogged,
  kSlaAlert,  // an SLA threshold was reached: field = the clock, to = the percent (100 = breach)
  // A level of the escalation matrix fired: field = the level (1-based), to = its name, from =
  // why ("created", "percent:75:resolution", "unacknowledged", "customer_request"), body = who
  // was told, ref = the escalation log's row.
  kEscalationFired,
  kEscalationAcknowledged,  // field = the level, ref = the log row, reason = "app" or "link"
  kEscalationRequested,     // a contact asked to escalate: body = why (public)
  // The ticket's SLA terms were re-applied (an edited calendar, an explicit audited command):
  // field = "calendar", from/to = the calendar versions, ref = the new version id, reason = why.
  kSlaTermsChanged,
};
// How one ticket relates to another, read "this ticket <kind> the other".
enum class LinkKind { kRelated, kDuplicateOf, kDuplicatedBy, kParentOf, kChildOf, kCausedBy, kCauses };
enum class CustomFieldType { kText, kNumber, kBoolean, kDate, kSelect };

std::string_view Name(TicketType v);
std::string_view Name(TicketStatus v);
std::string_view Name(Channel v);
std::string_view Name(Level v);
std::string_view Name(Role v);
std::string_view Name(Segment v);
std::string_view Name(EventType v);
std::string_view Name(LinkKind v);
std::string_view Name(CustomFieldType v);

std::optional<TicketType> ParseTicketType(std::string_view s);
std::optional<TicketStatus> ParseTicketStatus(std::string_view s);
std::optional<Channel> ParseChannel(std::string_view s);
std::optional<Level> ParseLevel(std::string_view s);
std::optional<Role> ParseRole(std::string_view s);
std::optional<Segment> ParseSegment(std::string_view s);
std::optional<EventType> ParseEventType(std::string_view s);
std::optional<LinkKind> ParseLinkKind(std::string_view s);
std::optional<CustomFieldType> ParseCustomFieldType(std::string_view s);

// All wire names of each vocabulary, in declaration order (for error messages and OpenAPI).
std::span<const std::string_view> TicketTypeNames();
std::span<const std::string_view> TicketStatusNames();
std::span<const std::string_view> ChannelNames();
std::span<const std::string_view> LevelNames();
std::span<const std::string_view> RoleNames();
std::span<const std::string_view> SegmentNames();
std::span<const std::string_view> EventTypeNames();
std::span<const std::string_view> LinkKindNames();
std::span<const std::string_view> CustomFieldTypeNames();

// Priorities are P1 (most urgent) to P4.
inline constexpr int kMinPriority = 1;
inline constexpr int kMaxPriority = 4;
std::string PriorityName(int priority);           // 2 -> "P2"
std::optional<int> ParsePriority(std::string_view s);  // "P2" or "p2" -> 2

// Support tiers N1..N3.
inline constexpr int kMinTier = 1;
inline constexpr int kMaxTier = 3;
std::string TierName(int tier);                    // 1 -> "N1"
std::optional<int> ParseTier(std::string_view s);  // "N1"/"n1"/"1" -> 1

// Statuses in which a ticket is still being worked.
bool IsActive(TicketStatus s);
// The inverse of a link kind: if A caused_by B then B causes A.
LinkKind Inverse(LinkKind k);
// "one of a, b, c" for error messages.
std::string OneOf(std::span<const std::string_view> names);

}  // namespace farol::domain
