-- A session per sign-in or API token. The token carries the id; every request
-- checks the row, so signing out, expiry and account changes end it at once.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL CHECK (kind IN ('browser', 'api')),
    client_address TEXT NOT NULL,
    user_agent TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    ended_at TIMESTAMP,
    ended_reason TEXT
);
CREATE INDEX sessions_user ON sessions (user_id, ended_at);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- One row counting writes: bumped in the same transaction as every write, so
-- that every instance can tell with one cheap read whether what it has cached
-- is still current.
CREATE TABLE data_generation (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    generation BIGINT NOT NULL
);
INSERT INTO data_generation (id, generation) VALUES (1, 0);
