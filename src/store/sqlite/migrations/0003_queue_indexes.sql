-- farol schema v3 (SQLite): queues across every status (an organisation's or a team's whole
-- history, most recently updated first) read an index in order instead of sorting hundreds of
-- thousands of rows: 3.4 s -> under 1 ms for a team of 300,000 tickets (docs/PERFORMANCE.md).
-- The (x, status, updated_at) indexes of v1 stay: they serve queues of rare statuses.
CREATE INDEX tickets_org_updated ON tickets (organisation_id, updated_at);
CREATE INDEX tickets_team_updated ON tickets (team_id, updated_at);
CREATE INDEX tickets_assignee_updated ON tickets (assignee_id, updated_at);
CREATE INDEX tickets_priority_updated ON tickets (priority, updated_at);
-- The planner needs statistics to choose between those and the v1 indexes; farol gathers them
-- after bulk loads and in housekeeping (Store::Analyze), not here: statistics of an empty
-- database mislead FTS5's own queries and made bulk loads 10x slower.
