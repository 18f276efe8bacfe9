-- farol schema v3 (PostgreSQL): indexes for queues across every status, most recently updated
-- first (see the SQLite migration of the same number). autovacuum gathers the statistics.
CREATE INDEX tickets_org_updated ON tickets (organisation_id, updated_at);
CREATE INDEX tickets_team_updated ON tickets (team_id, updated_at);
CREATE INDEX tickets_assignee_updated ON tickets (assignee_id, updated_at);
CREATE INDEX tickets_priority_updated ON tickets (priority, updated_at);

