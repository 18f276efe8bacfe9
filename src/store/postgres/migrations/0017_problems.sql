-- farol schema v17 (postgres): the customer guardian's problem log (docs/GUARDIAN.md).
-- The GUT rule and the error categories (one row); each customer-facing error with its cause,
-- GUT grades (and the score under the rule when last saved, the ranking's order), solutions and
-- status; the organisations it affected, the tickets it explains and related records.
CREATE TABLE guardian_settings (
  id BIGINT PRIMARY KEY CHECK (id = 1),
  gut TEXT NOT NULL,                   -- the rule, JSON
  error_categories TEXT NOT NULL,      -- JSON list
  updated_at BIGINT NOT NULL
);
CREATE TABLE problems (
  id BIGSERIAL PRIMARY KEY,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  reported_at BIGINT NOT NULL,
  reporter_user_id BIGINT REFERENCES users(id),
  reporter_contact_id BIGINT REFERENCES contacts(id),
  error_category TEXT NOT NULL DEFAULT '',
  root_cause TEXT NOT NULL DEFAULT '',
  cause_category TEXT NOT NULL DEFAULT '',  -- human, tool, process; '' not yet known
  team_id BIGINT REFERENCES teams(id),
  impact TEXT NOT NULL DEFAULT '',
  gravity BIGINT,
  urgency BIGINT,
  tendency BIGINT,
  gut_score BIGINT,                   -- NULL until graded
  solution_immediate TEXT NOT NULL DEFAULT '',
  solution_long_term TEXT NOT NULL DEFAULT '',
  solution_preventive TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'new',  -- new, analysing, action_plan, monitoring, closed, reopened
  customers BIGINT NOT NULL DEFAULT 0,  -- organisations affected: the ranking's tie-break
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  closed_at BIGINT,
  version BIGINT NOT NULL DEFAULT 1
);
-- The ranked board: open records by score, customers affected and age.
CREATE INDEX problems_rank ON problems (status, gut_score, customers, reported_at);
CREATE TABLE problem_organisations (
  problem_id BIGINT NOT NULL REFERENCES problems(id),
  organisation_id BIGINT NOT NULL REFERENCES organisations(id),
  PRIMARY KEY (problem_id, organisation_id)
);
CREATE INDEX problem_organisations_org ON problem_organisations (organisation_id);
CREATE TABLE problem_tickets (
  problem_id BIGINT NOT NULL REFERENCES problems(id),
  ticket_id BIGINT NOT NULL REFERENCES tickets(id),
  PRIMARY KEY (problem_id, ticket_id)
);
CREATE INDEX problem_tickets_ticket ON problem_tickets (ticket_id);
-- Related records, stored both ways.
CREATE TABLE problem_links (
  problem_id BIGINT NOT NULL REFERENCES problems(id),
  other_id BIGINT NOT NULL REFERENCES problems(id),
  PRIMARY KEY (problem_id, other_id)
);
