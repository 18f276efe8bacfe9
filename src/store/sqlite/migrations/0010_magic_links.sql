-- farol schema v10 (sqlite): sign-in links for customers (docs/ACCESS.md, "Portal sign-in").
-- A link's token is never stored: only its keyed digest. A link works once, until it expires.
CREATE TABLE magic_links (
  id INTEGER PRIMARY KEY,
  token_digest TEXT NOT NULL UNIQUE,
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
-- Links asked for an address lately (at most a few per quarter of an hour).
CREATE INDEX magic_links_contact ON magic_links (contact_id, created_at);
