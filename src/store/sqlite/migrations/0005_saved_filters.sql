-- farol schema v5 (SQLite): queues a person saved (a name and the query of the ticket list).
CREATE TABLE saved_filters (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  query TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX saved_filters_user_name ON saved_filters (user_id, lower(name));
