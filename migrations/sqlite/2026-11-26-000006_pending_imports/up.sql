-- A spreadsheet uploaded for import, kept between the preview ("check your
-- answers") and the confirmation, so that any instance can finish it. Rows
-- are removed when the import is confirmed, and are refused once expired.
CREATE TABLE pending_imports (
    id TEXT PRIMARY KEY NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL CHECK (kind IN ('plan', 'results')),
    file_name TEXT NOT NULL,
    sheet TEXT,
    create_missing BOOLEAN NOT NULL,
    content BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX pending_imports_expires ON pending_imports (expires_at);
