-- farol schema v6 (SQLite): stored SLA state for queues, persisted SLA alert timers, alert
-- channels and the delivery outbox (docs/ALERTS.md).
-- The soonest due instant among a ticket's running clocks (NULL: none runs), the instant of its
-- first warning, and whether a clock that no longer runs ended breached: queues sort by due and
-- filter at-risk / breached with these, without evaluating clocks.
ALTER TABLE tickets ADD COLUMN sla_due INTEGER;
ALTER TABLE tickets ADD COLUMN sla_warn INTEGER;
ALTER TABLE tickets ADD COLUMN sla_breached INTEGER NOT NULL DEFAULT 0;
-- 0 until farol has computed the ticket's SLA state (tickets stored before this version, or bulk
-- imported): such open tickets are brought in step by the scheduler when it starts.
ALTER TABLE tickets ADD COLUMN sla_checked INTEGER NOT NULL DEFAULT 0;
CREATE INDEX tickets_sla_due ON tickets (sla_due) WHERE sla_due IS NOT NULL;
CREATE INDEX tickets_sla_unchecked ON tickets (id)
  WHERE sla_checked = 0 AND status NOT IN ('resolved', 'closed', 'cancelled');
-- One row per (ticket, clock, threshold); threshold is a percent of the target, 100 = breach.
-- due_at is NULL while the clock does not run; fired_at is set once, when the alert fired.
CREATE TABLE sla_timers (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  clock TEXT NOT NULL,
  threshold INTEGER NOT NULL,
  due_at INTEGER,
  fired_at INTEGER,
  UNIQUE (ticket_id, clock, threshold)
);
-- A scheduler tick reads only what is due: its cost follows the due timers, not the open tickets.
CREATE INDEX sla_timers_due ON sla_timers (due_at) WHERE fired_at IS NULL AND due_at IS NOT NULL;
CREATE TABLE alert_channels (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  url TEXT NOT NULL DEFAULT '',
  secret TEXT NOT NULL DEFAULT '',
  chat_id TEXT NOT NULL DEFAULT '',
  emails TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT 'en',
  time_zone TEXT NOT NULL DEFAULT 'UTC',
  on_warning INTEGER NOT NULL DEFAULT 1,
  on_breach INTEGER NOT NULL DEFAULT 1,
  max_priority INTEGER NOT NULL DEFAULT 4,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX alert_channels_name ON alert_channels (lower(name));
-- The outbox of notifications: written in the transaction that fired the alert, delivered after.
CREATE TABLE deliveries (
  id INTEGER PRIMARY KEY,
  channel_id INTEGER NOT NULL REFERENCES alert_channels(id),
  ticket_id INTEGER REFERENCES tickets(id),
  event TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  sent_at INTEGER
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX deliveries_state ON deliveries (state, id);
