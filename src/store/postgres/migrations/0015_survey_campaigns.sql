-- farol schema v15 (postgres): relational survey campaigns (docs/SURVEYS.md, "Campaigns").
-- A campaign sends a survey to every contact of chosen organisations and segments (or of all)
-- every N months;
-- each round lists its contacts, and each is invited when the contact's own clock is inside the
-- campaign's send window (the contact's time zone, else the organisation's), within a week of the
-- round's start; the throttle applies as for every survey.
CREATE TABLE survey_campaigns (
  id BIGSERIAL PRIMARY KEY,
  survey_id BIGINT NOT NULL REFERENCES surveys(id),
  name TEXT NOT NULL,
  organisation_ids TEXT NOT NULL DEFAULT '',  -- comma-separated ids; '' = every active organisation
  segments TEXT NOT NULL DEFAULT '',          -- comma-separated segments (smb, mid_market, enterprise); '' = every one
  every_months BIGINT NOT NULL,                   -- a round every this many months (1 to 24)
  next_run_at BIGINT NOT NULL,                    -- when the next round starts
  window_start BIGINT NOT NULL,                   -- the send window, minutes after the contact's midnight
  window_end BIGINT NOT NULL,
  weekdays_only BIGINT NOT NULL DEFAULT 1,        -- Monday to Friday only
  active BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX survey_campaigns_due ON survey_campaigns (next_run_at) WHERE active = 1;
CREATE TABLE survey_campaign_sends (
  campaign_id BIGINT NOT NULL REFERENCES survey_campaigns(id),
  round_at BIGINT NOT NULL,                       -- the round's start
  contact_id BIGINT NOT NULL REFERENCES contacts(id),
  state TEXT NOT NULL DEFAULT 'pending',      -- pending, sent, skipped
  reason TEXT NOT NULL DEFAULT '',            -- why skipped: throttled, escalated, no_address, window_missed…
  done_at BIGINT,
  PRIMARY KEY (campaign_id, round_at, contact_id)
);
CREATE INDEX survey_campaign_sends_pending ON survey_campaign_sends (round_at) WHERE state = 'pending';
