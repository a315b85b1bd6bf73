-- Each reminder digest sent to an owner, and the reminders it carried: a
-- reminder (an action's "due in 7 days", an evidence item's third week
-- waiting) is sent to a person once, so running the digest again sends
-- nothing new, and a digest that failed to send is not recorded and goes out
-- on the next run.
CREATE TABLE digests (
    id BIGSERIAL PRIMARY KEY,
    owner_id BIGINT NOT NULL REFERENCES owners (id),
    email TEXT NOT NULL,
    sent_on DATE NOT NULL,
    reminder_count INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX digests_owner ON digests (owner_id, created_at);

CREATE TABLE digest_reminders (
    id BIGSERIAL PRIMARY KEY,
    digest_id BIGINT NOT NULL REFERENCES digests (id),
    owner_id BIGINT NOT NULL REFERENCES owners (id),
    subject TEXT NOT NULL CHECK (subject IN ('action', 'evidence')),
    subject_id BIGINT NOT NULL,
    milestone TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX digest_reminders_once ON digest_reminders (owner_id, subject, subject_id, milestone);
CREATE INDEX digest_reminders_digest ON digest_reminders (digest_id);
