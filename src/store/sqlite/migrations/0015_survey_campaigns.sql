-- farol schema v15 (sqlite): relational survey campaigns (docs/SURVEYS.md, "Campaigns").
-- A campaign sends a survey to every contact of chosen organisations and segments (or of all)
-- every N months;
-- each round lists its contacts, and each is invited when the contact's own clock is inside the
-- campaign's send window (the contact's time zone, else the organisation's), within a week of the
-- round's start; the throttle applies as for every survey.
CREATE TABLE survey_campaigns (
  id INTEGER PRIMARY KEY,
  survey_id INTEGER NOT NULL REFERENCES surveys(id),
  name TEXT NOT NULL,
  organisation_ids TEXT NOT NULL DEFAULT '',  -- comma-separated ids; '' = every active organisation
  segments TEXT NOT NULL DEFAULT '',          -- comma-separated segments (smb, mid_market, enterprise); '' = every one
  every_months INTEGER NOT NULL,                   -- a round every this many months (1 to 24)
  next_run_at INTEGER NOT NULL,                    -- when the next round starts
  window_start INTEGER NOT NULL,                   -- the send window, minutes after the contact's midnight
  window_end INTEGER NOT NULL,
  weekdays_only INTEGER NOT NULL DEFAULT 1,        -- Monday to Friday only
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX survey_campaigns_due ON survey_campaigns (next_run_at) WHERE active = 1;
CREATE TABLE survey_campaign_sends (
  campaign_id INTEGER NOT NULL REFERENCES survey_campaigns(id),
  round_at INTEGER NOT NULL,                       -- the round's start
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  state TEXT NOT NULL DEFAULT 'pending',      -- pending, sent, skipped
  reason TEXT NOT NULL DEFAULT '',            -- why skipped: throttled, escalated, no_address, window_missed…
  done_at INTEGER,
  PRIMARY KEY (campaign_id, round_at, contact_id)
);
CREATE INDEX survey_campaign_sends_pending ON survey_campaign_sends (round_at) WHERE state = 'pending';
