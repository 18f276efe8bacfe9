-- farol schema v9 (postgres): monitoring alerts as incidents (docs/MONITORING.md).
-- A channel is what one monitoring tool posts to, with its own key: only the key's SHA-256 is
-- kept (the key is shown once, when the channel is made), and revoking it ends the channel.
CREATE TABLE monitoring_channels (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL,
  organisation_id BIGINT NOT NULL REFERENCES organisations(id),  -- incidents are opened for it
  team_id BIGINT REFERENCES teams(id),                             -- and given to this team
  key_hash TEXT NOT NULL UNIQUE,
  key_hint TEXT NOT NULL,                       -- the key's first characters, to tell keys apart
  resolve_on_recovery BIGINT NOT NULL DEFAULT 0,  -- a resolved alert resolves its incident
  rate_per_minute INTEGER NOT NULL,             -- notifications accepted per minute
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);
-- One row per alert (fingerprint) a channel ever sent: the incident it opened, so repeats
-- annotate it instead of opening another.
CREATE TABLE monitoring_alerts (
  id BIGSERIAL PRIMARY KEY,
  channel_id BIGINT NOT NULL REFERENCES monitoring_channels(id),
  fingerprint TEXT NOT NULL,
  ticket_id BIGINT NOT NULL REFERENCES tickets(id),
  state TEXT NOT NULL,                -- firing or resolved
  title TEXT NOT NULL,
  notifications BIGINT NOT NULL,        -- how many times it was sent
  first_at BIGINT NOT NULL,
  last_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX monitoring_alerts_fingerprint ON monitoring_alerts (channel_id, fingerprint);
CREATE INDEX monitoring_alerts_last ON monitoring_alerts (channel_id, last_at, id);
