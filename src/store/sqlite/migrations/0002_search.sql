-- farol schema v2 (SQLite): full-text search over ticket subjects, descriptions, replies and notes.
-- One row per text; `internal` rows (notes) are never searched for customer contacts.
-- unicode61 with remove_diacritics folds "ação" and "acao" together (Portuguese mail).
CREATE VIRTUAL TABLE ticket_text USING fts5(
  body,
  ticket_id UNINDEXED,
  internal UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2'
);
-- Index what v1 databases already hold.
INSERT INTO ticket_text (body, ticket_id, internal)
  SELECT subject || ' ' || description, id, 0 FROM tickets;
INSERT INTO ticket_text (body, ticket_id, internal)
  SELECT json_extract(data, '$.body'), ticket_id, internal FROM ticket_events
  WHERE type IN ('public_reply', 'internal_note') AND json_extract(data, '$.body') IS NOT NULL;
