-- farol schema v1 (SQLite): people, organisations, tickets and their timeline, sign-in state.
-- Instants are INTEGER Unix seconds (UTC); booleans are 0/1; enumerations are their API names.

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  tier INTEGER NOT NULL DEFAULT 1,
  password_hash TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  locale TEXT NOT NULL DEFAULT 'en',
  time_zone TEXT NOT NULL DEFAULT 'UTC',
  must_change_password INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE teams (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  manager_id INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX teams_name ON teams (lower(name));

CREATE TABLE team_members (
  team_id INTEGER NOT NULL REFERENCES teams(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  PRIMARY KEY (team_id, user_id)
) WITHOUT ROWID;
CREATE INDEX team_members_user ON team_members (user_id);

CREATE TABLE organisations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  employee_count INTEGER NOT NULL DEFAULT 0,
  segment TEXT NOT NULL,
  time_zone TEXT NOT NULL DEFAULT 'UTC',
  csm_id INTEGER REFERENCES users(id),
  email_domains TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX organisations_name ON organisations (lower(name));

CREATE TABLE sites (
  id INTEGER PRIMARY KEY,
  organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  name TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  city TEXT NOT NULL DEFAULT '',
  country TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX sites_org_name ON sites (organisation_id, lower(name));

CREATE TABLE network_areas (
  id INTEGER PRIMARY KEY,
  organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX network_areas_org_name ON network_areas (organisation_id, lower(name));

CREATE TABLE contacts (
  id INTEGER PRIMARY KEY,
  organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  name TEXT NOT NULL,
  email TEXT NOT NULL UNIQUE,
  phone TEXT NOT NULL DEFAULT '',
  portal_user INTEGER NOT NULL DEFAULT 0,
  manager INTEGER NOT NULL DEFAULT 0,
  password_hash TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  locale TEXT NOT NULL DEFAULT 'en',
  time_zone TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX contacts_org ON contacts (organisation_id);

CREATE TABLE categories (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES categories(id),
  name TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX categories_parent_name ON categories (COALESCE(parent_id, 0), lower(name));

CREATE TABLE custom_field_defs (
  id INTEGER PRIMARY KEY,
  ticket_type TEXT NOT NULL,
  field_key TEXT NOT NULL,
  label TEXT NOT NULL,
  field_type TEXT NOT NULL,
  options TEXT NOT NULL DEFAULT '[]',
  required INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  position INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (ticket_type, field_key)
);

-- Ticket numbers start at 1001 and are the ids (AUTOINCREMENT never reuses a number).
CREATE TABLE tickets (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  priority INTEGER NOT NULL,
  impact INTEGER NOT NULL,
  urgency INTEGER NOT NULL,
  priority_manual INTEGER NOT NULL DEFAULT 0,
  subject TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  requester_id INTEGER REFERENCES contacts(id),
  channel TEXT NOT NULL,
  team_id INTEGER REFERENCES teams(id),
  assignee_id INTEGER REFERENCES users(id),
  tier INTEGER NOT NULL DEFAULT 1,
  tier_reached INTEGER NOT NULL DEFAULT 1,
  site_id INTEGER REFERENCES sites(id),
  network_area_id INTEGER REFERENCES network_areas(id),
  category_id INTEGER REFERENCES categories(id),
  subcategory_id INTEGER REFERENCES categories(id),
  tags TEXT NOT NULL DEFAULT '',
  custom TEXT NOT NULL DEFAULT '',
  created_by_kind TEXT NOT NULL,
  created_by_id INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  first_response_at INTEGER,
  resolved_at INTEGER,
  closed_at INTEGER,
  reopen_count INTEGER NOT NULL DEFAULT 0,
  reassignment_count INTEGER NOT NULL DEFAULT 0,
  escalation_count INTEGER NOT NULL DEFAULT 0,
  merged_into INTEGER REFERENCES tickets(id),
  rating_stars INTEGER,
  rating_comment TEXT,
  rated_at INTEGER,
  version INTEGER NOT NULL DEFAULT 1
);
INSERT INTO sqlite_sequence (name, seq) VALUES ('tickets', 1000);
-- Queue pages: each index ends in updated_at so "most recently updated first" needs no sort.
CREATE INDEX tickets_status_updated ON tickets (status, updated_at);
CREATE INDEX tickets_team_status_updated ON tickets (team_id, status, updated_at);
CREATE INDEX tickets_assignee_status_updated ON tickets (assignee_id, status, updated_at);
CREATE INDEX tickets_org_status_updated ON tickets (organisation_id, status, updated_at);
CREATE INDEX tickets_requester_updated ON tickets (requester_id, updated_at);
CREATE INDEX tickets_updated ON tickets (updated_at);
CREATE INDEX tickets_created ON tickets (created_at);

CREATE TABLE ticket_tags (
  tag TEXT NOT NULL,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  PRIMARY KEY (tag, ticket_id)
) WITHOUT ROWID;
CREATE INDEX ticket_tags_ticket ON ticket_tags (ticket_id);

CREATE TABLE ticket_events (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  type TEXT NOT NULL,
  at INTEGER NOT NULL,
  author_kind TEXT NOT NULL,
  author_id INTEGER NOT NULL DEFAULT 0,
  internal INTEGER NOT NULL DEFAULT 0,
  data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, id);

CREATE TABLE ticket_links (
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  other_id INTEGER NOT NULL REFERENCES tickets(id),
  kind TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (ticket_id, other_id, kind)
) WITHOUT ROWID;

CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  filename TEXT NOT NULL,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  internal INTEGER NOT NULL DEFAULT 0,
  uploaded_by_kind TEXT NOT NULL,
  uploaded_by_id INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE INDEX attachments_ticket ON attachments (ticket_id);

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  token_digest TEXT NOT NULL UNIQUE,
  subject_kind TEXT NOT NULL,
  subject_id INTEGER NOT NULL,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_subject ON sessions (subject_kind, subject_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  token_digest TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  expires_at INTEGER,
  revoked_at INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE login_failures (
  key TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX login_failures_key_at ON login_failures (key, at);

CREATE TABLE idempotency_keys (
  scope TEXT NOT NULL,
  idem_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (scope, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
