-- Who someone is at an OpenID provider: the issuer and subject its ID tokens
-- name, linked to one user. Never an email alone: the subject is the provider's
-- lasting name for the person. One link per user per issuer.
CREATE TABLE identities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id),
    provider TEXT NOT NULL,
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    last_sign_in_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX identities_issuer_subject ON identities (issuer, subject);
CREATE UNIQUE INDEX identities_user_issuer ON identities (user_id, issuer);

-- Every sign-in through a provider, accepted or refused (with why), so that
-- change history can name one that reached no account.
CREATE TABLE provider_sign_ins (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    provider TEXT NOT NULL,
    subject TEXT,
    user_id BIGINT REFERENCES users (id),
    refused BOOLEAN NOT NULL,
    reason TEXT,
    client_address TEXT NOT NULL,
    at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX provider_sign_ins_at ON provider_sign_ins (at);
