// Live chat (docs/CHAT.md): a contact — signed in to the portal, or a visitor of the customer's
// own web site through an embedded widget — talks with an agent in real time. A chat is a ticket
// on the chat channel: every line is a public reply on its timeline the moment it is said, and a
// `chats` row keeps its live state:
//
//   waiting ──(an agent picks it up, or replies)──> active ──(either side ends it)──> ended
//      └──(nobody picks it up in time, or no agent is available)──> missed
//
// A missed chat tells the contact so, in their language, and stays an ordinary ticket: replies
// from then on also go by e-mail. While a chat is waiting or active, staff replies are not
// e-mailed (the contact is reading them live).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "app/ticket_service.h"
#include "app/ticket_watch.h"
#include "core/clock.h"
#include "core/rate_limit.h"
#include "domain/access.h"
#include "store/store.h"

namespace farol::app {

struct ChatConfig {
  // A waiting chat nobody picked up within this time is missed.
  std::chrono::seconds pickup_timeout{std::chrono::minutes(3)};
  // An agent's "available" lapses when the app has not confirmed it for this long.
  std::chrono::seconds presence_lapse{std::chrono::minutes(2)};
  // Lines one chat may carry per minute, from either side.
  int messages_per_minute = 60;
};

// One line of a conversation, as both sides see it.
struct ChatMessage {
  int64_t id = 0;
  Timestamp at;
  domain::ActorKind author_kind = domain::ActorKind::kContact;  // kSystem: farol's own notices
  std::string author_name;
  std::string body;
};

struct Conversation {
  store::ChatRow chat;
  std::vector<ChatMessage> messages;  // oldest first
};

class ChatService {
 public:
  ChatService(store::Store& store, Clock& clock, TicketService& tickets, TicketWatch* watch, ChatConfig config);

  // ---- widgets (staff with catalog.write) ----
  StatusOr<std::vector<store::ChatWidget>> Widgets(const domain::Actor& actor);
  struct WidgetFields {
    std::optional<std::string> name;
    std::optional<int64_t> team_id;  // 0: none
    std::optional<int> rate_per_minute;  // 1..10,000
  };
  StatusOr<store::ChatWidget> CreateWidget(const domain::Actor& actor, int64_t organisation_id, const WidgetFields& f);
  StatusOr<store::ChatWidget> UpdateWidget(const domain::Actor& actor, int64_t id, const WidgetFields& f);
  // The key stops working at once; the widget's chats stay.
  Status RevokeWidget(const domain::Actor& actor, int64_t id);

  // ---- the widget on a customer's site (authenticated by its public key) ----
  struct WidgetInfo {
    std::string organisation_name;
    bool agents_available = false;
  };
  // kUnauthenticated for an unknown or revoked key.
  StatusOr<WidgetInfo> Widget(std::string_view key);
  struct Visitor {
    std::string name;
    std::string email;
    std::string locale = "en";
  };
  struct Started {
    store::ChatRow chat;
    std::string token;  // a widget visitor's credential for this one chat ("" for a portal contact)
  };
  // The visitor becomes (or is found as) a contact of the widget's organisation; kResourceExhausted
  // past the widget's rate.
  StatusOr<Started> StartFromWidget(std::string_view key, const Visitor& v, std::string_view message);
  // The contact acting in chat `id` if `token` is that chat's visitor token; kUnauthenticated
  // otherwise. The actor may be used for this chat only.
  StatusOr<domain::Actor> VisitorActor(int64_t id, std::string_view token);

  // ---- contacts and agents ----
  // A signed-in contact opens a chat for its organisation.
  StatusOr<Started> Start(const domain::Actor& contact, std::string_view message);
  // The chat and its lines, for anyone who may see its ticket.
  StatusOr<Conversation> Get(const domain::Actor& actor, int64_t id);
  // A line from either side (a public reply on the ticket); rate-limited per chat.
  StatusOr<ChatMessage> Say(const domain::Actor& actor, int64_t id, std::string_view body);
  // Ends a waiting or active chat (either side); ending an ended or missed chat changes nothing.
  StatusOr<store::ChatRow> End(const domain::Actor& actor, int64_t id);

  // Staff with ticket.read: chats in `states` (all when empty), newest first.
  StatusOr<std::vector<store::ChatRow>> List(const domain::Actor& actor, const std::vector<std::string>& states);
  // An agent takes a waiting chat: it becomes active and the ticket is assigned to them.
  // kFailedPrecondition if someone else took it, or it was missed or ended.
  StatusOr<store::ChatRow> Pickup(const domain::Actor& agent, int64_t id);

  // ---- presence ----
  // "available", "away" or "offline"; setting it again confirms the agent is still there.
  Status SetPresence(const domain::Actor& agent, std::string_view status);
  // Every agent's presence, a lapsed "available" shown as "offline".
  StatusOr<std::vector<store::PresenceRow>> Presence(const domain::Actor& actor);

  // ---- jobs and hooks ----
  // Misses every waiting chat whose pick-up time ran out; returns how many. Run periodically.
  StatusOr<int> MissOverdue();
  // Inside the transaction of every public reply: a staff reply picks up a waiting chat. Returns
  // whether the ticket is a chat in progress (its replies are read live, not e-mailed).
  StatusOr<bool> DuringReply(store::Tx& tx, const domain::Ticket& t, const domain::TicketEvent& reply);
  // The chat state of ticket `id` ("" if it is not a chat), read without authorisation: for a
  // live stream that was authorised when it opened.
  std::string StateOf(int64_t id);

  static constexpr std::string_view kStates[] = {"waiting", "active", "missed", "ended"};

 private:
  enum class MissReason { kNoAgents, kTimeout };
  Status Miss(int64_t id, MissReason why);
  StatusOr<Started> Open(const domain::Actor& contact, std::string_view message, const store::ChatWidget* widget);
  Status Admit(int64_t id);
  bool AgentsAvailable(store::Tx& tx, Timestamp now);
  StatusOr<store::ChatRow> Row(int64_t id);
  void Publish(int64_t id);

  store::Store& store_;
  Clock& clock_;
  TicketService& tickets_;
  TicketWatch* watch_;
  const ChatConfig config_;
  RateLimiter widget_limiter_;
  RateLimiter message_limiter_;
};

// A line of the conversation from a ticket event, or nullopt for events that are not lines
// (status changes, internal notes).
std::optional<ChatMessage> ChatLine(const domain::TicketEvent& e);

}  // namespace farol::app
