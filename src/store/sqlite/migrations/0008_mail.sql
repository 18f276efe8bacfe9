-- farol schema v8 (sqlite): e-mail in and out (docs/EMAIL.md).
-- Every message farol took in or sent: its Message-ID (a re-fetched message is recognised and
-- never added twice), what became of it, and its raw bytes, gzip-compressed in the file store.
CREATE TABLE mail_messages (
  id INTEGER PRIMARY KEY,
  direction TEXT NOT NULL,           -- 'in' or 'out'
  mailbox TEXT NOT NULL DEFAULT '',  -- in: the configured mailbox it came from
  message_id TEXT NOT NULL,          -- without angle brackets
  -- in: ticket (opened one), reply (added to one), ignored (auto-reply, bounce, bulk, loop),
  --     triage (a sender farol does not know), quarantined (could not be read);
  -- out: queued, then sent or failed
  state TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT '',     -- person, auto_reply, bounce, bulk
  reason TEXT NOT NULL DEFAULT '',   -- why ignored or quarantined, in plain words
  from_address TEXT NOT NULL DEFAULT '',
  from_name TEXT NOT NULL DEFAULT '',
  to_addresses TEXT NOT NULL DEFAULT '',
  subject TEXT NOT NULL DEFAULT '',
  html TEXT NOT NULL DEFAULT '',     -- the sanitised HTML body, for display
  ticket_id INTEGER REFERENCES tickets(id),
  event_id INTEGER,                     -- the ticket event it became (created or public_reply)
  delivery_id INTEGER,                  -- out: the outbox row that sends it
  raw_sha256 TEXT NOT NULL DEFAULT '',
  raw_size INTEGER NOT NULL DEFAULT 0,
  received_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX mail_messages_message_id ON mail_messages (direction, message_id);
CREATE INDEX mail_messages_state ON mail_messages (state, id);
CREATE INDEX mail_messages_ticket ON mail_messages (ticket_id, id);
-- Loop protection counts a sender's recent messages.
CREATE INDEX mail_messages_sender ON mail_messages (from_address, received_at);
