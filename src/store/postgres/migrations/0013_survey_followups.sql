-- farol schema v13 (postgres): the surveys' closed loop (docs/SURVEYS.md).
-- A detractor's or unsatisfied customer's answer opens a follow-up task for the organisation's
-- CSM, with a first-contact deadline on the organisation's business calendar; its outcome is
-- recorded, and a deadline passed while still open is escalated once.
CREATE TABLE survey_followups (
  id BIGSERIAL PRIMARY KEY,
  response_id BIGINT NOT NULL UNIQUE REFERENCES survey_responses(id),
  survey_id BIGINT NOT NULL REFERENCES surveys(id),
  organisation_id BIGINT REFERENCES organisations(id),
  contact_id BIGINT NOT NULL REFERENCES contacts(id),
  ticket_id BIGINT REFERENCES tickets(id),
  team_id BIGINT REFERENCES teams(id),      -- the ticket's team (for its alert routes)
  owner_id BIGINT REFERENCES users(id),     -- the CSM; NULL when the organisation has none
  score BIGINT NOT NULL,
  sentiment TEXT NOT NULL,                   -- detractor, unsatisfied, difficult, disagree
  state TEXT NOT NULL DEFAULT 'open',        -- open, contacted, resolved, no_answer
  note TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  due_at BIGINT,                            -- first contact by then; NULL when the calendar never reaches it
  contacted_at BIGINT,                      -- when it first left 'open'
  closed_at BIGINT,                         -- resolved or no answer
  closed_by BIGINT REFERENCES users(id),
  escalated_at BIGINT,                      -- the deadline passed while open: escalated (once)
  version BIGINT NOT NULL DEFAULT 1
);
-- The scheduler's question: open follow-ups past their deadline, not escalated yet.
CREATE INDEX survey_followups_due ON survey_followups (due_at) WHERE state = 'open' AND escalated_at IS NULL AND due_at IS NOT NULL;
-- The CSM's inbox and the report.
CREATE INDEX survey_followups_owner ON survey_followups (owner_id, state);
CREATE INDEX survey_followups_survey ON survey_followups (survey_id, created_at);
-- Who hears about answers: per team (NULL: every team, and answers with no team), which alert
-- channel, for which classifications, and of follow-ups past their deadline.
CREATE TABLE survey_alert_routes (
  id BIGSERIAL PRIMARY KEY,
  team_id BIGINT REFERENCES teams(id),
  channel_id BIGINT NOT NULL REFERENCES alert_channels(id),
  on_negative BIGINT NOT NULL DEFAULT 1,
  on_neutral BIGINT NOT NULL DEFAULT 0,
  on_positive BIGINT NOT NULL DEFAULT 0,
  on_overdue BIGINT NOT NULL DEFAULT 1
);
-- The report's invitations count per survey and period.
CREATE INDEX survey_invitations_survey ON survey_invitations (survey_id, created_at);
