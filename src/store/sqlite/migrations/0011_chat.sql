-- farol schema v11 (sqlite): live chat (docs/CHAT.md).
-- A chat widget is what a customer's web site embeds: its key names the organisation the chats
-- are for. The key is public (it sits in the site's HTML), so it grants only starting a chat;
-- revoking it ends the widget.
CREATE TABLE chat_widgets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  team_id INTEGER REFERENCES teams(id),   -- chats are given to this team
  widget_key TEXT NOT NULL UNIQUE,
  rate_per_minute INTEGER NOT NULL,   -- chats started per minute through the widget
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
-- One row per chat: the live state of a ticket opened on the chat channel. The conversation
-- itself is the ticket's timeline.
CREATE TABLE chats (
  ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),
  state TEXT NOT NULL,                -- waiting, active, missed, ended
  widget_id INTEGER REFERENCES chat_widgets(id),
  visitor_digest TEXT UNIQUE,         -- keyed digest of a widget visitor's token
  started_at INTEGER NOT NULL,
  pickup_deadline INTEGER NOT NULL,        -- missed if no agent picks up before this instant
  picked_up_at INTEGER,
  agent_id INTEGER REFERENCES users(id),
  ended_at INTEGER
);
CREATE INDEX chats_waiting ON chats (state, pickup_deadline);
-- Whether each agent takes chats now. An agent's "available" lapses when the app stops
-- confirming it (seen_at), so a closed browser does not leave customers waiting.
CREATE TABLE agent_presence (
  user_id INTEGER PRIMARY KEY REFERENCES users(id),
  status TEXT NOT NULL,               -- available, away, offline
  changed_at INTEGER NOT NULL,
  seen_at INTEGER NOT NULL
);
