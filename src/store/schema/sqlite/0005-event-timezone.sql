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
-- events list --from/--to: events overlapping a window start in
-- [from - L, to), L the longest event's length, read from this index
-- (store_event_list); events_start_idx then serves the window.
CREATE INDEX events_length_idx ON events ((julianday(end_date) - julianday(start_date)));
