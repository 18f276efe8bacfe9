-- farol schema v11 (postgres): live chat (docs/CHAT.md).
-- A chat widget is what a customer's web site embeds: its key names the organisation the chats
-- are for. The key is public (it sits in the site's HTML), so it grants only starting a chat;
-- revoking it ends the widget.
CREATE TABLE chat_widgets (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL,
  organisation_id BIGINT NOT NULL REFERENCES organisations(id),
  team_id BIGINT REFERENCES teams(id),   -- chats are given to this team
  widget_key TEXT NOT NULL UNIQUE,
  rate_per_minute INTEGER NOT NULL,   -- chats started per minute through the widget
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);
-- One row per chat: the live state of a ticket opened on the chat channel. The conversation
-- itself is the ticket's timeline.
CREATE TABLE chats (
  ticket_id BIGINT PRIMARY KEY REFERENCES tickets(id),
  state TEXT NOT NULL,                -- waiting, active, missed, ended
  widget_id BIGINT REFERENCES chat_widgets(id),
  visitor_digest TEXT UNIQUE,         -- keyed digest of a widget visitor's token
  started_at BIGINT NOT NULL,
  pickup_deadline BIGINT NOT NULL,        -- missed if no agent picks up before this instant
  picked_up_at BIGINT,
  agent_id BIGINT REFERENCES users(id),
  ended_at BIGINT
);
CREATE INDEX chats_waiting ON chats (state, pickup_deadline);
-- Whether each agent takes chats now. An agent's "available" lapses when the app stops
-- confirming it (seen_at), so a closed browser does not leave customers waiting.
CREATE TABLE agent_presence (
  user_id BIGINT PRIMARY KEY REFERENCES users(id),
  status TEXT NOT NULL,               -- available, away, offline
  changed_at BIGINT NOT NULL,
  seen_at BIGINT NOT NULL
);
