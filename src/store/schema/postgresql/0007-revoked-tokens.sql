-- Epic Events CRM, PostgreSQL, migration 7.
-- Signing out of one session (the web page's "Sign out", DELETE
-- /api/v1/session) ends that token alone: its SHA-256 is kept here until
-- the token would have expired anyway, and the session check refuses it.
-- (Logging out everywhere moves users.tokens_valid_after instead.)
CREATE TABLE revoked_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX revoked_tokens_expires_idx ON revoked_tokens (expires_at);
