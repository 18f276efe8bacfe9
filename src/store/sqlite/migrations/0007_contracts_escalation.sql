-- farol schema v7 (SQLite): named, versioned business calendars and SLA policies, contracts per
-- organisation, the escalation log, an audit log of administrative changes, and deliveries to a
-- person's own address (docs/CONTRACTS.md, docs/ESCALATION.md).
-- The policies and calendars kept in settings until v6 become policy 1 and calendar 1 in the
-- same transaction (store/migrate.cc).
-- A calendar's current form; every saved form is a row of calendar_versions, and a ticket is
-- measured by the version current when it was opened (or one re-applied to it since).
CREATE TABLE calendars (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  text TEXT NOT NULL,
  version_id INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX calendars_name ON calendars (lower(name));
CREATE TABLE calendar_versions (
  id INTEGER PRIMARY KEY,
  calendar_id INTEGER NOT NULL REFERENCES calendars(id),
  text TEXT NOT NULL,
  since INTEGER NOT NULL,
  author_kind TEXT NOT NULL DEFAULT 'system',
  author_id INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX calendar_versions_calendar ON calendar_versions (calendar_id, id);
CREATE TABLE sla_policies (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  text TEXT NOT NULL,
  version_id INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX sla_policies_name ON sla_policies (lower(name));
CREATE TABLE sla_policy_versions (
  id INTEGER PRIMARY KEY,
  policy_id INTEGER NOT NULL REFERENCES sla_policies(id),
  text TEXT NOT NULL,
  since INTEGER NOT NULL,
  author_kind TEXT NOT NULL DEFAULT 'system',
  author_id INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sla_policy_versions_policy ON sla_policy_versions (policy_id, id);
-- Dates are YYYY-MM-DD; starts_at / ends_at the same period as instants in the organisation's zone.
CREATE TABLE contracts (
  id INTEGER PRIMARY KEY,
  organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  name TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  ends_on TEXT,
  renewal_on TEXT,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER,
  monthly_value_minor INTEGER NOT NULL DEFAULT 0,
  currency TEXT NOT NULL,
  policy_id INTEGER NOT NULL REFERENCES sla_policies(id),
  calendar_id INTEGER REFERENCES calendars(id),
  compliance TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX contracts_organisation ON contracts (organisation_id, starts_at);
-- One row per level of the escalation matrix fired on a ticket (the ticket's timeline says the same).
CREATE TABLE escalations (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  level INTEGER NOT NULL,
  name TEXT NOT NULL,
  cause TEXT NOT NULL,
  fired_at INTEGER NOT NULL,
  deadline_at INTEGER,
  acknowledged_at INTEGER,
  acknowledged_by INTEGER REFERENCES users(id),
  ack_via TEXT NOT NULL DEFAULT '',
  requested_by INTEGER REFERENCES contacts(id),
  recipients TEXT NOT NULL DEFAULT '',
  channels TEXT NOT NULL DEFAULT '',
  UNIQUE (ticket_id, level)
);
CREATE INDEX escalations_fired ON escalations (fired_at, id);
CREATE INDEX escalations_open ON escalations (fired_at, id) WHERE acknowledged_at IS NULL;
-- Who changed what in the administration (calendars, policies, contracts, re-applied terms).
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_kind TEXT NOT NULL,
  actor_id INTEGER NOT NULL DEFAULT 0,
  action TEXT NOT NULL,
  object_kind TEXT NOT NULL,
  object_id INTEGER NOT NULL DEFAULT 0,
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_object ON audit_log (object_kind, object_id, id);
-- A delivery goes to an alert channel, or (channel_id NULL) to one person's e-mail address.
-- SQLite cannot drop NOT NULL in place: the outbox is copied into a table of the new shape.
CREATE TABLE deliveries_v7 (
  id INTEGER PRIMARY KEY,
  channel_id INTEGER REFERENCES alert_channels(id),
  recipient TEXT NOT NULL DEFAULT '',
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
INSERT INTO deliveries_v7 (id, channel_id, ticket_id, event, subject, body, state, attempts, next_attempt_at,
                           last_error, created_at, sent_at)
  SELECT id, channel_id, ticket_id, event, subject, body, state, attempts, next_attempt_at, last_error, created_at,
         sent_at FROM deliveries;
DROP TABLE deliveries;
ALTER TABLE deliveries_v7 RENAME TO deliveries;
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX deliveries_state ON deliveries (state, id);
