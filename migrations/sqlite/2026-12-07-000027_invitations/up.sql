-- A link sent by email that lets a person set their own password: valid for
-- 7 days and once. Only the SHA-256 of its token is kept, so the database
-- never holds a working link; sending it again replaces the token.
CREATE TABLE invitations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    sent_to TEXT NOT NULL,
    invited_by BIGINT REFERENCES users (id),
    expires_at TIMESTAMP NOT NULL,
    accepted_at TIMESTAMP,
    revoked_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX invitations_user ON invitations (user_id);
