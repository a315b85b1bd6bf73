-- The council's own details: one row, changed by admins and kept in change history.
CREATE TABLE council (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    la_number TEXT,
    colour TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
