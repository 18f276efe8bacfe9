-- farol schema v12 (sqlite): surveys (docs/SURVEYS.md).
-- A survey is one question on one scale (NPS, CSAT, CES, stars, Likert) with its texts in both
-- languages and what sends it: a ticket resolved or closed (transactional), or nothing yet
-- (relational campaigns come later).
CREATE TABLE surveys (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,                  -- nps, csat, ces, stars, likert
  points INTEGER NOT NULL,             -- the scale's points (11 for NPS)
  high_is_easy INTEGER NOT NULL DEFAULT 1,  -- CES: 1 when the top of the scale means easy
  question_en TEXT NOT NULL,
  question_pt TEXT NOT NULL,
  comment_en TEXT NOT NULL DEFAULT '',  -- the open comment's prompt; '' for none
  comment_pt TEXT NOT NULL DEFAULT '',
  send_on TEXT NOT NULL,               -- resolved, closed, never
  ticket_types TEXT NOT NULL DEFAULT '',  -- comma-separated; '' for every type
  channels TEXT NOT NULL DEFAULT '',      -- comma-separated; '' for every channel
  link_days INTEGER NOT NULL,          -- how long a link works
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
-- One survey sent to one contact. The link's token is never stored, only its keyed digest; the
-- link works once (answered_at), until it expires.
CREATE TABLE survey_invitations (
  id INTEGER PRIMARY KEY,
  survey_id INTEGER NOT NULL REFERENCES surveys(id),
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  organisation_id INTEGER REFERENCES organisations(id),
  ticket_id INTEGER REFERENCES tickets(id),
  agent_id INTEGER REFERENCES users(id),   -- who handled the ticket
  team_id INTEGER REFERENCES teams(id),
  token_digest TEXT NOT NULL UNIQUE,
  locale TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  answered_at INTEGER
);
-- The throttle: when each contact was last surveyed, by any survey.
CREATE INDEX survey_invitations_contact ON survey_invitations (contact_id, created_at);
-- At most one invitation per survey and ticket (a ticket resolved twice is asked once).
CREATE UNIQUE INDEX survey_invitations_ticket ON survey_invitations (survey_id, ticket_id) WHERE ticket_id IS NOT NULL;
-- One answer per invitation, with whom and what it is about, so figures can be cut by
-- organisation, agent, team, ticket type and channel.
CREATE TABLE survey_responses (
  id INTEGER PRIMARY KEY,
  invitation_id INTEGER NOT NULL UNIQUE REFERENCES survey_invitations(id),
  survey_id INTEGER NOT NULL REFERENCES surveys(id),
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  organisation_id INTEGER REFERENCES organisations(id),
  ticket_id INTEGER REFERENCES tickets(id),
  agent_id INTEGER REFERENCES users(id),
  team_id INTEGER REFERENCES teams(id),
  ticket_type TEXT NOT NULL DEFAULT '',
  channel TEXT NOT NULL DEFAULT '',
  transactional INTEGER NOT NULL,
  score INTEGER NOT NULL,
  sentiment TEXT NOT NULL,             -- promoter, passive, detractor, satisfied, …
  comment TEXT NOT NULL DEFAULT '',
  answered_at INTEGER NOT NULL
);
-- Holds the kind of answer and the score too: a report over a million answers reads the index alone.
CREATE INDEX survey_responses_survey ON survey_responses (survey_id, answered_at, transactional, score);
-- Sends that were not made (a blocked send is dropped and counted, never queued).
CREATE TABLE survey_skips (
  survey_id INTEGER NOT NULL REFERENCES surveys(id),
  reason TEXT NOT NULL,                -- throttled, escalated, no_address
  skipped INTEGER NOT NULL,
  PRIMARY KEY (survey_id, reason)
);
