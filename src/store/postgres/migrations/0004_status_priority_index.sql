-- farol schema v4 (PostgreSQL): see the SQLite migration of the same number.
CREATE INDEX tickets_status_priority_updated ON tickets (status, priority, updated_at);
