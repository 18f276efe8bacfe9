-- farol schema v16 (postgres): a survey's follow-up questions (docs/SURVEYS.md, "Follow-up questions").
-- The questions are JSON on the survey ({"next": the next question id, "items": [...]}; '' for
-- none); each answer to one is a row, so a report counts a choice question's options with one
-- GROUP BY. Answers refer to the question's id, which never changes.
ALTER TABLE surveys ADD COLUMN questions TEXT NOT NULL DEFAULT '';
CREATE TABLE survey_question_answers (
  response_id BIGINT NOT NULL REFERENCES survey_responses(id),
  survey_id BIGINT NOT NULL REFERENCES surveys(id),
  question BIGINT NOT NULL,           -- the question's id
  choice BIGINT,                       -- the option's index from 0; NULL for a text answer
  text TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (response_id, question)
);
CREATE INDEX survey_question_answers_survey ON survey_question_answers (survey_id, question, choice);
