#include "domain/enums.h"

#include <array>
#include <string>

namespace farol::domain {
namespace {

constexpr std::array<std::string_view, 5> kTicketTypes = {"incident", "service_request", "change",
                                                          "problem", "commercial"};
constexpr std::array<std::string_view, 7> kStatuses = {
    "new", "open", "pending_customer", "pending_vendor", "resolved", "closed", "cancelled"};
constexpr std::array<std::string_view, 7> kChannels = {"email", "portal", "chat",      "phone",
                                                       "in_person", "api", "monitoring"};
constexpr std::array<std::string_view, 3> kLevels = {"high", "medium", "low"};
constexpr std::array<std::string_view, 6> kRoles = {"agent",    "manager",  "csm",
                                                    "guardian", "director", "admin"};
constexpr std::array<std::string_view, 3> kSegments = {"smb", "mid_market", "enterprise"};
constexpr std::array<std::string_view, 21> kEventTypes = {
    "created",         "public_reply", "internal_note", "status_changed",   "assigned",
    "team_changed",    "priority_changed", "escalated", "field_changed",   "attachment_added",
    "merged_into",     "merged_from",  "linked",        "unlinked",         "rated",
    "call_logged",     "sla_alert",    "escalation_fired", "escalation_acknowledged",
    "escalation_requested", "sla_terms_changed"};
constexpr std::array<std::string_view, 7> kLinkKinds = {
    "related", "duplicate_of", "duplicated_by", "parent_of", "child_of", "caused_by", "causes"};
constexpr std::array<std::string_view, 5> kFieldTypes = {"text", "number", "boolean", "date",
                                                         "select"};

template <typename E, size_t N>
std::optional<E> Find(const std::array<std::string_view, N>& names, std::string_view s,
                      int base = 0) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == s) return static_cast<E>(static_cast<int>(i) + base);
  }
  return std::nullopt;
}

}  // namespace

std::string_view Name(TicketType v) { return kTicketTypes[static_cast<int>(v)]; }
std::string_view Name(TicketStatus v) { return kStatuses[static_cast<int>(v)]; }
std::string_view Name(Channel v) { return kChannels[static_cast<int>(v)]; }
std::string_view Name(Level v) { return kLevels[static_cast<int>(v) - 1]; }
std::string_view Name(Role v) { return kRoles[static_cast<int>(v)]; }
std::string_view Name(Segment v) { return kSegments[static_cast<int>(v)]; }
std::string_view Name(EventType v) { return kEventTypes[static_cast<int>(v)]; }
std::string_view Name(LinkKind v) { return kLinkKinds[static_cast<int>(v)]; }
std::string_view Name(CustomFieldType v) { return kFieldTypes[static_cast<int>(v)]; }

std::optional<TicketType> ParseTicketType(std::string_view s) { return Find<TicketType>(kTicketTypes, s); }
std::optional<TicketStatus> ParseTicketStatus(std::string_view s) { return Find<TicketStatus>(kStatuses, s); }
std::optional<Channel> ParseChannel(std::string_view s) { return Find<Channel>(kChannels, s); }
std::optional<Level> ParseLevel(std::string_view s) { return Find<Level>(kLevels, s, 1); }
std::optional<Role> ParseRole(std::string_view s) { return Find<Role>(kRoles, s); }
std::optional<Segment> ParseSegment(std::string_view s) { return Find<Segment>(kSegments, s); }
std::optional<EventType> ParseEventType(std::string_view s) { return Find<EventType>(kEventTypes, s); }
std::optional<LinkKind> ParseLinkKind(std::string_view s) { return Find<LinkKind>(kLinkKinds, s); }
std::optional<CustomFieldType> ParseCustomFieldType(std::string_view s) {
  return Find<CustomFieldType>(kFieldTypes, s);
}

std::span<const std::string_view> TicketTypeNames() { return kTicketTypes; }
std::span<const std::string_view> TicketStatusNames() { return kStatuses; }
std::span<const std::string_view> ChannelNames() { return kChannels; }
std::span<const std::string_view> LevelNames() { return kLevels; }
std::span<const std::string_view> RoleNames() { return kRoles; }
std::span<const std::string_view> SegmentNames() { return kSegments; }
std::span<const std::string_view> EventTypeNames() { return kEventTypes; }
std::span<const std::string_view> LinkKindNames() { return kLinkKinds; }
std::span<const std::string_view> CustomFieldTypeNames() { return kFieldTypes; }

std::string PriorityName(int priority) { return "P" + std::to_string(priority); }

std::optional<int> ParsePriority(std::string_view s) {
  if (s.size() == 2 && (s[0] == 'P' || s[0] == 'p') && s[1] >= '1' && s[1] <= '4') {
    return s[1] - '0';
  }
  return std::nullopt;
}

std::string TierName(int tier) { return "N" + std::to_string(tier); }

std::optional<int> ParseTier(std::string_view s) {
  if (s.size() == 2 && (s[0] == 'N' || s[0] == 'n')) s.remove_prefix(1);
  if (s.size() == 1 && s[0] >= '1' && s[0] <= '3') return s[0] - '0';
  return std::nullopt;
}

bool IsActive(TicketStatus s) {
  return s != TicketStatus::kResolved && s != TicketStatus::kClosed &&
         s != TicketStatus::kCancelled;
}

LinkKind Inverse(LinkKind k) {
  switch (k) {
    case LinkKind::kRelated: return LinkKind::kRelated;
    case LinkKind::kDuplicateOf: return LinkKind::kDuplicatedBy;
    case LinkKind::kDuplicatedBy: return LinkKind::kDuplicateOf;
    case LinkKind::kParentOf: return LinkKind::kChildOf;
    case LinkKind::kChildOf: return LinkKind::kParentOf;
    case LinkKind::kCausedBy: return LinkKind::kCauses;
    case LinkKind::kCauses: return LinkKind::kCausedBy;
  }
  return LinkKind::kRelated;
}

std::string OneOf(std::span<const std::string_view> names) {
  std::string s = "must be one of ";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) s += ", ";
    s += names[i];
  }
  return s;
}

}  // namespace farol::domain
