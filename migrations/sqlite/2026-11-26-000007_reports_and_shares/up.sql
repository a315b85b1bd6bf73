-- Each report issued (a PDF or Word copy, or one written by the command
-- line): its dates, the data generation it was read at and the SHA-256 of
-- what was handed out, so a figure in a committee paper can be traced.
CREATE TABLE reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('progress', 'pack')),
    format TEXT NOT NULL CHECK (format IN ('html', 'pdf', 'docx', 'zip')),
    as_at DATE NOT NULL,
    since DATE,
    inspection_id BIGINT REFERENCES inspections (id),
    generation BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    issued_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX reports_kind_as_at ON reports (kind, as_at);

-- Read-only links to one inspection's evidence pack, for an inspector with
-- no account. Only a hash of the token is kept.
CREATE TABLE pack_shares (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    inspection_id BIGINT NOT NULL REFERENCES inspections (id),
    token_hash TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    expires_on DATE NOT NULL,
    revoked_at TIMESTAMP,
    uses INTEGER NOT NULL DEFAULT 0,
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX pack_shares_inspection ON pack_shares (inspection_id);
