-- Each user's allowance of API requests, shared by every instance: the moment
-- it is full again (one row per user who has used the API). Bookkeeping, not a
-- record: no change history, not exported; an empty table is full allowances.
CREATE TABLE api_allowances (
    user_id BIGINT PRIMARY KEY NOT NULL REFERENCES users (id),
    full_at TIMESTAMP NOT NULL
);
