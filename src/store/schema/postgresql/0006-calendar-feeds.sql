-- Epic Events CRM, PostgreSQL, migration 6.
-- Each user's private calendar feed (SPEC.md, "Calendar"): the token is
-- derived from the token key and the feed's generation (so `calendar url`
-- can show it again), and only its SHA-256 is stored, to find the feed
-- from the URL. `calendar rotate` raises the generation.
CREATE TABLE calendar_feeds (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    generation BIGINT NOT NULL CHECK (generation > 0),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')
);
