-- Epic Events CRM, SQLite, migration 2.
-- People who leave are deactivated rather than deleted (SPEC.md, "people
-- who leave"): their name stays on their records, they can no longer log
-- in. Every user that exists when this runs stays active.
ALTER TABLE users ADD COLUMN is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1));
