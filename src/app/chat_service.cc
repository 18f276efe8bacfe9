#include "app/chat_service.h"

#include <algorithm>

#include "app/sla_admin.h"
#include "core/crypto.h"
#include "core/strings.h"

namespace farol::app {

using domain::Actor;
using domain::Permission;

namespace {

// Widget keys are public (they sit in a customer's web page): the prefix says what they are.
constexpr std::string_view kWidgetKeyPrefix = "fwid_";
// A widget visitor's token is their only credential for their chat; only its SHA-256 is kept.
constexpr std::string_view kVisitorTokenPrefix = "fchat_";

bool Live(std::string_view state) { return state == "waiting" || state == "active"; }

std::string MissNotice(std::string_view locale, int64_t ticket_id, bool no_agents) {
  const std::string id = "#" + std::to_string(ticket_id);
  if (locale == "pt-BR") {
    return std::string(no_agents ? "Nenhum atendente está disponível agora."
                                 : "Nenhum atendente pôde assumir a conversa a tempo.") +
           " A sua mensagem ficou registrada no chamado " + id +
           ": responderemos aqui e por e-mail assim que possível.";
  }
  return std::string(no_agents ? "No agent is available right now." : "No agent could take this chat in time.") +
         " Your message is kept as ticket " + id + ": we will answer here and by e-mail as soon as we can.";
}

std::string SubjectOf(std::string_view message) {
  std::string line = Trim(message.substr(0, message.find('\n')));
  if (Utf8Length(line) > 80) line = CutUtf8(line, 77) + "…";
  return line.empty() ? "Chat" : "Chat: " + line;
}

Status ValidWidgetFields(const ChatService::WidgetFields& f, FieldErrors& errors) {
  if (f.name) {
    const std::string name = Trim(*f.name);
    if (name.empty() || Utf8Length(name) > 100 || !IsValidUtf8(name) || HasControlChars(name)) {
      errors.Add("name", "give a name of 1 to 100 characters");
    }
  }
  if (f.rate_per_minute && (*f.rate_per_minute < 1 || *f.rate_per_minute > 10'000)) {
    errors.Add("rate_per_minute", "must be between 1 and 10000");
  }
  return OkStatus();
}

Status CheckTeam(store::Tx& tx, const ChatService::WidgetFields& f) {
  if (!f.team_id || *f.team_id == 0) return OkStatus();
  FAROL_ASSIGN_OR_RETURN(auto team, tx.teams().Get(*f.team_id));
  if (!team) return FieldInvalidError("team_id", "no such team");
  return OkStatus();
}

}  // namespace

std::optional<ChatMessage> ChatLine(const domain::TicketEvent& e) {
  ChatMessage m;
  m.id = e.id;
  m.at = e.at;
  m.author_kind = e.author.kind;
  m.author_name = e.author_name;
  if (e.type == domain::EventType::kCreated) {
    auto it = e.fields.find("description");
    if (it == e.fields.end()) return std::nullopt;
    m.body = it->second;
    return m;
  }
  if (e.type != domain::EventType::kPublicReply || e.internal) return std::nullopt;
  m.body = e.body;
  return m;
}

ChatService::ChatService(store::Store& store, Clock& clock, TicketService& tickets, TicketWatch* watch,
                         ChatConfig config)
    : store_(store),
      clock_(clock),
      tickets_(tickets),
      watch_(watch),
      config_(config),
      widget_limiter_(clock),
      message_limiter_(clock) {}

// ---- widgets -----------------------------------------------------------------------------

StatusOr<std::vector<store::ChatWidget>> ChatService::Widgets(const Actor& actor) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kCatalogWrite));
  std::vector<store::ChatWidget> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out, tx.chats().Widgets());
    return OkStatus();
  }));
  return out;
}

StatusOr<store::ChatWidget> ChatService::CreateWidget(const Actor& actor, int64_t organisation_id,
                                                      const WidgetFields& f) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kCatalogWrite));
  FieldErrors errors;
  if (!f.name) errors.Add("name", "give a name of 1 to 100 characters");
  FAROL_RETURN_IF_ERROR(ValidWidgetFields(f, errors));
  if (organisation_id <= 0) errors.Add("organisation_id", "choose the organisation its chats are for");
  FAROL_RETURN_IF_ERROR(errors.ToStatus());
  const Timestamp now = clock_.SystemNow();
  store::ChatWidget out;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto org, tx.organisations().Get(organisation_id));
    if (!org) return FieldInvalidError("organisation_id", "no such organisation");
    if (!org->active) return FieldInvalidError("organisation_id", "the organisation is deactivated");
    FAROL_RETURN_IF_ERROR(CheckTeam(tx, f));
    store::ChatWidget w;
    w.name = Trim(*f.name);
    w.organisation_id = organisation_id;
    w.team_id = f.team_id.value_or(0);
    w.key = std::string(kWidgetKeyPrefix) + crypto::RandomToken(18);
    w.rate_per_minute = f.rate_per_minute.value_or(30);
    w.created_at = now;
    FAROL_ASSIGN_OR_RETURN(w.id, tx.chats().InsertWidget(w));
    FAROL_RETURN_IF_ERROR(RecordAudit(tx, actor, "chat_widget.create", "chat_widget", w.id,
                                      "created \"" + w.name + "\" for " + org->name, now));
    FAROL_ASSIGN_OR_RETURN(auto stored, tx.chats().GetWidget(w.id));
    out = std::move(*stored);
    return OkStatus();
  }));
  return out;
}

StatusOr<store::ChatWidget> ChatService::UpdateWidget(const Actor& actor, int64_t id, const WidgetFields& f) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kCatalogWrite));
  FieldErrors errors;
  FAROL_RETURN_IF_ERROR(ValidWidgetFields(f, errors));
  FAROL_RETURN_IF_ERROR(errors.ToStatus());
  const Timestamp now = clock_.SystemNow();
  store::ChatWidget out;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto w, tx.chats().GetWidget(id));
    if (!w) return NotFoundError("chat widget", id);
    FAROL_RETURN_IF_ERROR(CheckTeam(tx, f));
    if (f.name) w->name = Trim(*f.name);
    if (f.team_id) w->team_id = *f.team_id;
    if (f.rate_per_minute) w->rate_per_minute = *f.rate_per_minute;
    FAROL_RETURN_IF_ERROR(tx.chats().UpdateWidget(*w));
    FAROL_RETURN_IF_ERROR(RecordAudit(tx, actor, "chat_widget.update", "chat_widget", id,
                                      "changed \"" + w->name + "\"", now));
    FAROL_ASSIGN_OR_RETURN(auto stored, tx.chats().GetWidget(id));
    out = std::move(*stored);
    return OkStatus();
  }));
  return out;
}

Status ChatService::RevokeWidget(const Actor& actor, int64_t id) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kCatalogWrite));
  const Timestamp now = clock_.SystemNow();
  return store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto w, tx.chats().GetWidget(id));
    if (!w) return NotFoundError("chat widget", id);
    if (w->revoked_at) return OkStatus();  // already revoked: nothing changes
    w->revoked_at = now;
    FAROL_RETURN_IF_ERROR(tx.chats().UpdateWidget(*w));
    return RecordAudit(tx, actor, "chat_widget.revoke", "chat_widget", id, "revoked \"" + w->name + "\"", now);
  });
}

// ---- the widget --------------------------------------------------------------------------

bool ChatService::AgentsAvailable(store::Tx& tx, Timestamp now) {
  auto n = tx.chats().CountAvailable(now - config_.presence_lapse);
  return n.ok() && *n > 0;
}

StatusOr<ChatService::WidgetInfo> ChatService::Widget(std::string_view key) {
  WidgetInfo info;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto w, tx.chats().FindWidgetByKey(key));
    if (!w || w->revoked_at) return UnauthenticatedError("This chat widget key is unknown or was revoked.");
    info.organisation_name = w->organisation_name;
    info.agents_available = AgentsAvailable(tx, clock_.SystemNow());
    return OkStatus();
  }));
  return info;
}

StatusOr<ChatService::Started> ChatService::StartFromWidget(std::string_view key, const Visitor& v,
                                                            std::string_view message) {
  std::optional<store::ChatWidget> widget;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(widget, tx.chats().FindWidgetByKey(key));
    return OkStatus();
  }));
  if (!widget || widget->revoked_at) return UnauthenticatedError("This chat widget key is unknown or was revoked.");
  if (auto wait = widget_limiter_.Admit(widget->id, widget->rate_per_minute)) {
    return ResourceExhaustedError("Too many chats are starting at once. Try again in " + std::to_string(*wait) + " s.",
                                  *wait);
  }
  FieldErrors errors;
  const std::string name = Trim(v.name);
  const std::string email = NormalizeEmail(v.email);
  if (name.empty() || Utf8Length(name) > 200 || !IsValidUtf8(name) || HasControlChars(name)) {
    errors.Add("name", "give your name (1 to 200 characters)");
  }
  if (!LooksLikeEmail(email)) errors.Add("email", "give an e-mail address like ana@example.com");
  if (v.locale != "en" && v.locale != "pt-BR") errors.Add("locale", "must be en or pt-BR");
  if (Trim(message).empty()) errors.Add("message", "write a message");
  FAROL_RETURN_IF_ERROR(errors.ToStatus());

  const Timestamp now = clock_.SystemNow();
  std::optional<domain::Contact> contact;
  std::string org_zone = "UTC";
  auto find = [&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(contact, tx.contacts().GetByEmail(email));
    FAROL_ASSIGN_OR_RETURN(auto org, tx.organisations().Get(widget->organisation_id));
    if (!org || !org->active) return UnauthenticatedError("This chat widget's organisation is deactivated.");
    org_zone = org->time_zone;
    return OkStatus();
  };
  FAROL_RETURN_IF_ERROR(store_.Read(find));
  if (!contact) {
    domain::Contact c;
    c.organisation_id = widget->organisation_id;
    c.name = name;
    c.email = email;
    c.locale = v.locale;
    c.created_at = now;
    c.updated_at = now;
    Status s = store_.Write([&](store::Tx& tx) -> Status { return tx.contacts().Insert(c, "").status(); });
    if (!s.ok() && s.code() != StatusCode::kAlreadyExists) return s;  // another request made it first
    FAROL_RETURN_IF_ERROR(store_.Read(find));
    if (!contact) return InternalError("the new contact vanished");
  }
  if (contact->organisation_id != widget->organisation_id) {
    return FieldInvalidError("email", "this address belongs to another company: use the chat on its site or its portal");
  }
  if (!contact->active) return FieldInvalidError("email", "this address cannot start chats; please write to us by e-mail");
  return Open(domain::ContactActor(*contact, org_zone), message, &*widget);
}

StatusOr<Actor> ChatService::VisitorActor(int64_t id, std::string_view token) {
  const auto bad = UnauthenticatedError("This chat link is not valid any more. Start a new chat.");
  if (!token.starts_with(kVisitorTokenPrefix)) return bad;
  std::optional<Actor> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto chat, tx.chats().FindByVisitor(crypto::Sha256Hex(token)));
    if (!chat || chat->ticket_id != id) return bad;
    FAROL_ASSIGN_OR_RETURN(auto t, tx.tickets().Get(id));
    if (!t) return bad;
    FAROL_ASSIGN_OR_RETURN(auto contact, tx.contacts().Get(t->requester_id));
    if (!contact || !contact->active) return bad;
    FAROL_ASSIGN_OR_RETURN(auto org, tx.organisations().Get(contact->organisation_id));
    out = domain::ContactActor(*contact, org ? org->time_zone : "UTC");
    out->manager_contact = false;  // this chat only, never the organisation's other tickets
    return OkStatus();
  }));
  return *out;
}

// ---- starting, talking, ending --------------------------------------------------------------

StatusOr<ChatService::Started> ChatService::Start(const Actor& contact, std::string_view message) {
  if (!contact.IsContact()) return PermissionDeniedError("Only customers start chats; agents pick them up.");
  if (Trim(message).empty()) return FieldInvalidError("message", "write a message");
  return Open(contact, message, nullptr);
}

StatusOr<ChatService::Started> ChatService::Open(const Actor& contact, std::string_view message,
                                                 const store::ChatWidget* widget) {
  const Timestamp now = clock_.SystemNow();
  Started out;
  if (widget) out.token = std::string(kVisitorTokenPrefix) + crypto::RandomToken(32);
  TicketService::MailIn in;
  in.contact = contact;
  domain::NewTicket& n = in.ticket;
  n.type = domain::TicketType::kServiceRequest;
  n.channel = domain::Channel::kChat;
  n.organisation_id = contact.organisation_id;
  n.requester_id = contact.id;
  n.team_id = widget ? widget->team_id : 0;
  n.subject = SubjectOf(message);
  n.description = std::string(message);
  n.tags = {"chat"};
  bool agents = false;
  FAROL_ASSIGN_OR_RETURN(
      domain::Ticket t,
      tickets_.TakeMail(in, [&](store::Tx& tx, const domain::Ticket& t, int64_t, const std::vector<int64_t>&) -> Status {
        store::ChatRow row;
        row.ticket_id = t.id;
        row.state = "waiting";
        row.widget_id = widget ? widget->id : 0;
        row.visitor_digest = widget ? crypto::Sha256Hex(out.token) : "";
        row.started_at = now;
        row.pickup_deadline = now + config_.pickup_timeout;
        agents = AgentsAvailable(tx, now);
        return tx.chats().Insert(row);
      }));
  if (!agents) FAROL_RETURN_IF_ERROR(Miss(t.id, MissReason::kNoAgents));
  FAROL_ASSIGN_OR_RETURN(out.chat, Row(t.id));
  return out;
}

StatusOr<store::ChatRow> ChatService::Row(int64_t id) {
  std::optional<store::ChatRow> row;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(row, tx.chats().Get(id));
    return OkStatus();
  }));
  if (!row) return NotFoundError("chat", id);
  return *row;
}

StatusOr<Conversation> ChatService::Get(const Actor& actor, int64_t id) {
  FAROL_ASSIGN_OR_RETURN(auto events, tickets_.Events(actor, id));  // authorises
  Conversation c;
  FAROL_ASSIGN_OR_RETURN(c.chat, Row(id));
  for (const auto& e : events) {
    if (auto line = ChatLine(e)) c.messages.push_back(std::move(*line));
  }
  return c;
}

Status ChatService::Admit(int64_t id) {
  if (auto wait = message_limiter_.Admit(id, config_.messages_per_minute)) {
    return ResourceExhaustedError("Slow down: this chat takes at most " + std::to_string(config_.messages_per_minute) +
                                      " messages a minute. Try again in " + std::to_string(*wait) + " s.",
                                  *wait);
  }
  return OkStatus();
}

StatusOr<ChatMessage> ChatService::Say(const Actor& actor, int64_t id, std::string_view body) {
  // Authorised first: a stranger learns nothing and uses up none of the chat's rate.
  FAROL_RETURN_IF_ERROR(tickets_.Get(actor, id).status());
  FAROL_RETURN_IF_ERROR(Row(id).status());
  FAROL_RETURN_IF_ERROR(Admit(id));
  FAROL_ASSIGN_OR_RETURN(auto t, tickets_.Reply(actor, id, false, body, {}, std::nullopt, std::nullopt));
  ChatMessage m;
  m.at = t.updated_at;
  m.author_kind = actor.kind;
  m.author_name = actor.name;
  m.body = std::string(body);
  return m;
}

StatusOr<store::ChatRow> ChatService::End(const Actor& actor, int64_t id) {
  if (actor.IsStaff()) FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kTicketReply));
  FAROL_RETURN_IF_ERROR(tickets_.Get(actor, id).status());  // authorises
  const Timestamp now = clock_.SystemNow();
  bool moved = false;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto row, tx.chats().Get(id));
    if (!row) return NotFoundError("chat", id);
    if (!Live(row->state)) return OkStatus();
    FAROL_ASSIGN_OR_RETURN(moved, tx.chats().Move(id, row->state, "ended", 0, now));
    return OkStatus();
  }));
  if (moved) Publish(id);
  return Row(id);
}

StatusOr<std::vector<store::ChatRow>> ChatService::List(const Actor& actor, const std::vector<std::string>& states) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kTicketRead));
  for (const auto& s : states) {
    if (std::find(std::begin(kStates), std::end(kStates), s) == std::end(kStates)) {
      return FieldInvalidError("state", "must be waiting, active, missed or ended");
    }
  }
  std::vector<store::ChatRow> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out, tx.chats().List(states, 200));
    return OkStatus();
  }));
  return out;
}

StatusOr<store::ChatRow> ChatService::Pickup(const Actor& agent, int64_t id) {
  if (!agent.IsStaff()) return PermissionDeniedError("Only agents pick up chats.");
  FAROL_RETURN_IF_ERROR(domain::Require(agent, Permission::kTicketReply));
  const Timestamp now = clock_.SystemNow();
  domain::TicketChanges assign;
  assign.assignee_id = agent.id;
  auto t = tickets_.Update(agent, id, assign, std::nullopt, [&](store::Tx& tx, const domain::Ticket&) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto row, tx.chats().Get(id));
    if (!row) return NotFoundError("chat", id);
    if (row->state == "active" && row->agent_id == agent.id) return OkStatus();  // picked up twice
    if (row->state == "active") {
      return FailedPreconditionError(row->agent_name + " already picked up this chat.");
    }
    if (row->state != "waiting") return FailedPreconditionError("This chat was " + row->state + "; reply on its ticket.");
    FAROL_ASSIGN_OR_RETURN(bool moved, tx.chats().Move(id, "waiting", "active", agent.id, now));
    if (!moved) return FailedPreconditionError("Someone else picked up this chat just now.");
    return OkStatus();
  });
  if (!t.ok()) return t.status();
  Publish(id);
  return Row(id);
}

// ---- presence ----------------------------------------------------------------------------

Status ChatService::SetPresence(const Actor& agent, std::string_view status) {
  if (!agent.IsStaff()) return PermissionDeniedError("Only agents have a chat presence.");
  FAROL_RETURN_IF_ERROR(domain::Require(agent, Permission::kTicketReply));
  if (status != "available" && status != "away" && status != "offline") {
    return FieldInvalidError("status", "must be available, away or offline");
  }
  return store_.Write([&](store::Tx& tx) { return tx.chats().SetPresence(agent.id, status, clock_.SystemNow()); });
}

StatusOr<std::vector<store::PresenceRow>> ChatService::Presence(const Actor& actor) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kTicketRead));
  std::vector<store::PresenceRow> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out, tx.chats().Presence());
    return OkStatus();
  }));
  const Timestamp since = clock_.SystemNow() - config_.presence_lapse;
  for (auto& p : out) {
    if (p.status == "available" && p.seen_at < since) p.status = "offline";
  }
  return out;
}

// ---- jobs and hooks ----------------------------------------------------------------------

Status ChatService::Miss(int64_t id, MissReason why) {
  const Timestamp now = clock_.SystemNow();
  auto done = tickets_.TakeAlert(
      [&](store::Tx& tx) -> StatusOr<std::optional<TicketService::AlertIn>> {
        FAROL_ASSIGN_OR_RETURN(auto row, tx.chats().Get(id));
        if (!row || row->state != "waiting") return std::optional<TicketService::AlertIn>();
        FAROL_ASSIGN_OR_RETURN(auto t, tx.tickets().Get(id));
        if (!t) return std::optional<TicketService::AlertIn>();
        std::string locale = "en";
        FAROL_ASSIGN_OR_RETURN(auto contact, tx.contacts().Get(t->requester_id));
        if (contact) locale = contact->locale;
        TicketService::AlertIn in;
        in.ticket_id = id;
        in.note = MissNotice(locale, id, why == MissReason::kNoAgents);
        in.note_public = true;
        return std::optional<TicketService::AlertIn>(std::move(in));
      },
      [&](store::Tx& tx, const domain::Ticket&, int64_t, const std::vector<int64_t>&) -> Status {
        return tx.chats().Move(id, "waiting", "missed", 0, now).status();
      });
  return done.status();
}

StatusOr<int> ChatService::MissOverdue() {
  std::vector<int64_t> ids;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(ids, tx.chats().Overdue(clock_.SystemNow(), 100));
    return OkStatus();
  }));
  for (int64_t id : ids) FAROL_RETURN_IF_ERROR(Miss(id, MissReason::kTimeout));
  return static_cast<int>(ids.size());
}

StatusOr<bool> ChatService::DuringReply(store::Tx& tx, const domain::Ticket& t, const domain::TicketEvent& reply) {
  if (t.channel != domain::Channel::kChat) return false;
  FAROL_ASSIGN_OR_RETURN(auto row, tx.chats().Get(t.id));
  if (!row) return false;
  if (row->state == "waiting" && reply.author.kind == domain::ActorKind::kStaff) {
    FAROL_RETURN_IF_ERROR(tx.chats().Move(t.id, "waiting", "active", reply.author.id, reply.at).status());
    return true;
  }
  return Live(row->state);
}

std::string ChatService::StateOf(int64_t id) {
  std::string state;
  (void)store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto row, tx.chats().Get(id));
    if (row) state = row->state;
    return OkStatus();
  });
  return state;
}

void ChatService::Publish(int64_t id) {
  if (watch_) watch_->Publish(id);
}

}  // namespace farol::app
