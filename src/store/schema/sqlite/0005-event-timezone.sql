-- Epic Events CRM, SQLite, migration 5: events' time zones and the
-- support schedule. Independent of migrations 2 to 4: it touches only
-- events, so it applies after any of them.

-- The IANA zone the event happens in ("Europe/Paris"); instants stay UTC
-- text. Events that were there before are 'UTC'.
ALTER TABLE events ADD COLUMN timezone TEXT NOT NULL DEFAULT 'UTC'
    CHECK (length(timezone) BETWEEN 1 AND 64);

-- The overlap check of an assignment: one Support user's events from the
-- new one's start on.
CREATE INDEX events_support_end_idx ON events (support_contact_id, end_date, start_date);
-- events list --from: events still running at or after the window's start.
CREATE INDEX events_end_idx ON events (end_date);
