-- Epic Events CRM, PostgreSQL, migration 2.
-- People who leave are deactivated rather than deleted (SPEC.md, "people
-- who leave"): their name stays on their records, they can no longer log
-- in. Every user that exists when this runs, adopted ones included, stays
-- active.
ALTER TABLE users ADD COLUMN is_active BOOLEAN NOT NULL DEFAULT TRUE;
