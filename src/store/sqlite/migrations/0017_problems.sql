-- farol schema v17 (sqlite): the customer guardian's problem log (docs/GUARDIAN.md).
-- The GUT rule and the error categories (one row); each customer-facing error with its cause,
-- GUT grades (and the score under the rule when last saved, the ranking's order), solutions and
-- status; the organisations it affected, the tickets it explains and related records.
CREATE TABLE guardian_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  gut TEXT NOT NULL,                   -- the rule, JSON
  error_categories TEXT NOT NULL,      -- JSON list
  updated_at INTEGER NOT NULL
);
CREATE TABLE problems (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  reported_at INTEGER NOT NULL,
  reporter_user_id INTEGER REFERENCES users(id),
  reporter_contact_id INTEGER REFERENCES contacts(id),
  error_category TEXT NOT NULL DEFAULT '',
  root_cause TEXT NOT NULL DEFAULT '',
  cause_category TEXT NOT NULL DEFAULT '',  -- human, tool, process; '' not yet known
  team_id INTEGER REFERENCES teams(id),
  impact TEXT NOT NULL DEFAULT '',
  gravity INTEGER,
  urgency INTEGER,
  tendency INTEGER,
  gut_score INTEGER,                   -- NULL until graded
  solution_immediate TEXT NOT NULL DEFAULT '',
  solution_long_term TEXT NOT NULL DEFAULT '',
  solution_preventive TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'new',  -- new, analysing, action_plan, monitoring, closed, reopened
  customers INTEGER NOT NULL DEFAULT 0,  -- organisations affected: the ranking's tie-break
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  closed_at INTEGER,
  version INTEGER NOT NULL DEFAULT 1
);
-- The ranked board: open records by score, customers affected and age.
CREATE INDEX problems_rank ON problems (status, gut_score, customers, reported_at);
CREATE TABLE problem_organisations (
  problem_id INTEGER NOT NULL REFERENCES problems(id),
  organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  PRIMARY KEY (problem_id, organisation_id)
);
CREATE INDEX problem_organisations_org ON problem_organisations (organisation_id);
CREATE TABLE problem_tickets (
  problem_id INTEGER NOT NULL REFERENCES problems(id),
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  PRIMARY KEY (problem_id, ticket_id)
);
CREATE INDEX problem_tickets_ticket ON problem_tickets (ticket_id);
-- Related records, stored both ways.
CREATE TABLE problem_links (
  problem_id INTEGER NOT NULL REFERENCES problems(id),
  other_id INTEGER NOT NULL REFERENCES problems(id),
  PRIMARY KEY (problem_id, other_id)
);
