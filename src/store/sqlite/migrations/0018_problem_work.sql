-- farol schema v18 (sqlite): the guardian's work on a record (docs/GUARDIAN.md): the actions of
-- its action plan, its discussion timeline and files, the group of records with the same root
-- cause, the alert channels told of overdue actions, and the full-text index the recurrence
-- suggestions search.
ALTER TABLE problems ADD COLUMN group_id INTEGER REFERENCES problems(id);
CREATE INDEX problems_group ON problems (group_id);
ALTER TABLE guardian_settings ADD COLUMN alert_channels TEXT NOT NULL DEFAULT '[]';
CREATE TABLE problem_actions (
  id INTEGER PRIMARY KEY,
  problem_id INTEGER NOT NULL REFERENCES problems(id),
  kind TEXT NOT NULL,                 -- immediate, long_term, preventive
  title TEXT NOT NULL,
  owner_user_id INTEGER NOT NULL REFERENCES users(id),
  team_id INTEGER REFERENCES teams(id),
  due_at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',  -- open, done, cancelled
  evidence TEXT NOT NULL DEFAULT '',
  done_at INTEGER,
  done_by INTEGER REFERENCES users(id),
  overdue_alerted_at INTEGER,         -- the overdue alert for the current due date went out
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX problem_actions_problem ON problem_actions (problem_id);
CREATE INDEX problem_actions_team ON problem_actions (team_id, status, due_at);
CREATE INDEX problem_actions_owner ON problem_actions (owner_user_id, status, due_at);
CREATE INDEX problem_actions_overdue ON problem_actions (due_at) WHERE status = 'open' AND overdue_alerted_at IS NULL;
CREATE TABLE problem_events (
  id INTEGER PRIMARY KEY,
  problem_id INTEGER NOT NULL REFERENCES problems(id),
  type TEXT NOT NULL,
  at INTEGER NOT NULL,
  author_user_id INTEGER REFERENCES users(id),
  body TEXT NOT NULL DEFAULT '',
  field TEXT NOT NULL DEFAULT '',
  from_value TEXT NOT NULL DEFAULT '',
  to_value TEXT NOT NULL DEFAULT '',
  ref INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX problem_events_problem ON problem_events (problem_id, id);
CREATE TABLE problem_files (
  id INTEGER PRIMARY KEY,
  problem_id INTEGER NOT NULL REFERENCES problems(id),
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  filename TEXT NOT NULL,
  uploaded_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX problem_files_problem ON problem_files (problem_id);
-- One row per record (its rowid the record's id): its title, description and root cause, as the
-- suggestions search them.
CREATE VIRTUAL TABLE problem_text USING fts5(
  body,
  problem_id UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO problem_text (rowid, body, problem_id)
  SELECT id, title || ' ' || description || ' ' || root_cause, id FROM problems;
-- Each word's count of records (as RecurrenceWords folds them): the suggestions search with the
-- rarest words of a text, so that a word in most records never makes them rank every record.
CREATE TABLE problem_words (
  word TEXT PRIMARY KEY,
  records INTEGER NOT NULL
) WITHOUT ROWID;
CREATE VIRTUAL TABLE temp.problem_text_vocab USING fts5vocab(main, problem_text, row);
INSERT INTO problem_words (word, records) SELECT term, doc FROM temp.problem_text_vocab;
DROP TABLE temp.problem_text_vocab;
-- A record made from an apology e-mail (the guardian's inbox) keeps the message's Message-ID:
-- the same message fetched or uploaded again finds its record instead of making another.
ALTER TABLE problems ADD COLUMN source_message_id TEXT;
CREATE UNIQUE INDEX problems_source_message ON problems (source_message_id) WHERE source_message_id IS NOT NULL;
