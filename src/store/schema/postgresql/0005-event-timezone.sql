-- Epic Events CRM, PostgreSQL, migration 5: events' time zones and the
-- support schedule. Independent of migrations 2 to 4: it touches only
-- events, so it applies after any of them.

-- The IANA zone the event happens in ("Europe/Paris"): its times are typed
-- and shown in it. Instants stay UTC in start_date/end_date; events that
-- were there before (and the original project's) are 'UTC'.
ALTER TABLE events ADD COLUMN timezone VARCHAR(64) NOT NULL DEFAULT 'UTC';
ALTER TABLE events ADD CONSTRAINT events_timezone_check
    CHECK (length(timezone) BETWEEN 1 AND 64);

-- The overlap check of an assignment (support_contact_id = $1 AND
-- end_date >= $start AND start_date < $end): one Support user's events
-- from the new one's start on, start_date read from the index.
CREATE INDEX events_support_end_idx ON events (support_contact_id, end_date, start_date);
-- events list --from/--to: the events overlapping a window are those that
-- start in [from - L, to), L being the longest event's length, which this
-- index gives at once (store_event_list): events_start_idx then serves the
-- window however many events ended long before it.
CREATE INDEX events_length_idx ON events ((end_date - start_date));
