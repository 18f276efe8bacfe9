-- farol schema v14 (sqlite): survey answers counted per UTC day, per kind of answer and score
-- (docs/SURVEYS.md, "Results"). A report reads these counts for every whole UTC day of each of
-- its months, and the answers themselves only for the hours at the months' edges (the reader's
-- midnight is not UTC's), so a year of a million answers is a few thousand rows, not a million.
-- Kept in the answer's transaction; counted here from the answers already given.
CREATE TABLE survey_daily (
  survey_id INTEGER NOT NULL REFERENCES surveys(id),
  day INTEGER NOT NULL,             -- answered_at / 86400: days since 1970-01-01, UTC
  transactional INTEGER NOT NULL,
  score INTEGER NOT NULL,
  answers INTEGER NOT NULL,
  PRIMARY KEY (survey_id, day, transactional, score)
) WITHOUT ROWID;
INSERT INTO survey_daily (survey_id, day, transactional, score, answers)
  SELECT survey_id, answered_at / 86400, transactional, score, COUNT(*) FROM survey_responses
  GROUP BY survey_id, answered_at / 86400, transactional, score;
