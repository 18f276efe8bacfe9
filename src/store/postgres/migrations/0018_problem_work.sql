-- farol schema v18 (postgres): the guardian's work on a record (docs/GUARDIAN.md): the actions of
-- its action plan, its discussion timeline and files, the group of records with the same root
-- cause, the alert channels told of overdue actions, and the full-text index the recurrence
-- suggestions search.
ALTER TABLE problems ADD COLUMN group_id BIGINT REFERENCES problems(id);
CREATE INDEX problems_group ON problems (group_id);
ALTER TABLE guardian_settings ADD COLUMN alert_channels TEXT NOT NULL DEFAULT '[]';
CREATE TABLE problem_actions (
  id BIGSERIAL PRIMARY KEY,
  problem_id BIGINT NOT NULL REFERENCES problems(id),
  kind TEXT NOT NULL,                 -- immediate, long_term, preventive
  title TEXT NOT NULL,
  owner_user_id BIGINT NOT NULL REFERENCES users(id),
  team_id BIGINT REFERENCES teams(id),
  due_at BIGINT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',  -- open, done, cancelled
  evidence TEXT NOT NULL DEFAULT '',
  done_at BIGINT,
  done_by BIGINT REFERENCES users(id),
  overdue_alerted_at BIGINT,          -- the overdue alert for the current due date went out
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX problem_actions_problem ON problem_actions (problem_id);
CREATE INDEX problem_actions_team ON problem_actions (team_id, status, due_at);
CREATE INDEX problem_actions_owner ON problem_actions (owner_user_id, status, due_at);
CREATE INDEX problem_actions_overdue ON problem_actions (due_at) WHERE status = 'open' AND overdue_alerted_at IS NULL;
CREATE TABLE problem_events (
  id BIGSERIAL PRIMARY KEY,
  problem_id BIGINT NOT NULL REFERENCES problems(id),
  type TEXT NOT NULL,
  at BIGINT NOT NULL,
  author_user_id BIGINT REFERENCES users(id),
  body TEXT NOT NULL DEFAULT '',
  field TEXT NOT NULL DEFAULT '',
  from_value TEXT NOT NULL DEFAULT '',
  to_value TEXT NOT NULL DEFAULT '',
  ref BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX problem_events_problem ON problem_events (problem_id, id);
CREATE TABLE problem_files (
  id BIGSERIAL PRIMARY KEY,
  problem_id BIGINT NOT NULL REFERENCES problems(id),
  sha256 TEXT NOT NULL,
  size BIGINT NOT NULL,
  content_type TEXT NOT NULL,
  filename TEXT NOT NULL,
  uploaded_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX problem_files_problem ON problem_files (problem_id);
-- One row per record: its title, description and root cause, folded as ticket_text is (0002), as
-- the suggestions search them.
CREATE TABLE problem_text (
  problem_id BIGINT PRIMARY KEY REFERENCES problems(id),
  tsv tsvector NOT NULL
);
CREATE INDEX problem_text_tsv ON problem_text USING GIN (tsv);
INSERT INTO problem_text (problem_id, tsv)
  SELECT id, to_tsvector('simple', translate(lower(title || ' ' || description || ' ' || root_cause), 'áàâãäåéèêëíìîïóòôõöúùûüçñýÿ!"#$%&''()*+,-./:;<=>?@[]^_`{|}~', 'aaaaaaeeeeiiiiooooouuuucnyy                               ')) FROM problems;
-- Each word's count of records (as RecurrenceWords folds them): the suggestions search with the
-- rarest words of a text, so that a word in most records never makes them rank every record.
CREATE TABLE problem_words (
  word TEXT PRIMARY KEY,
  records BIGINT NOT NULL
);
INSERT INTO problem_words (word, records) SELECT word, ndoc FROM ts_stat('SELECT tsv FROM problem_text');
-- A record made from an apology e-mail (the guardian's inbox) keeps the message's Message-ID:
-- the same message fetched or uploaded again finds its record instead of making another.
ALTER TABLE problems ADD COLUMN source_message_id TEXT;
CREATE UNIQUE INDEX problems_source_message ON problems (source_message_id) WHERE source_message_id IS NOT NULL;
