-- farol schema v10 (postgres): sign-in links for customers (docs/ACCESS.md, "Portal sign-in").
-- A link's token is never stored: only its keyed digest. A link works once, until it expires.
CREATE TABLE magic_links (
  id BIGSERIAL PRIMARY KEY,
  token_digest TEXT NOT NULL UNIQUE,
  contact_id BIGINT NOT NULL REFERENCES contacts(id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
-- Links asked for an address lately (at most a few per quarter of an hour).
CREATE INDEX magic_links_contact ON magic_links (contact_id, created_at);
