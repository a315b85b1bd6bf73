CREATE TABLE digest_reminders_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    digest_id BIGINT NOT NULL REFERENCES digests (id),
    owner_id BIGINT NOT NULL REFERENCES owners (id),
    subject TEXT NOT NULL CHECK (subject IN ('action', 'evidence', 'request')),
    subject_id BIGINT NOT NULL,
    milestone TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO digest_reminders_new (id, digest_id, owner_id, subject, subject_id, milestone, created_at)
    SELECT id, digest_id, owner_id, subject, subject_id, milestone, created_at FROM digest_reminders WHERE subject <> 'area';
DROP TABLE digest_reminders;
ALTER TABLE digest_reminders_new RENAME TO digest_reminders;
CREATE UNIQUE INDEX digest_reminders_once ON digest_reminders (owner_id, subject, subject_id, milestone);
CREATE INDEX digest_reminders_digest ON digest_reminders (digest_id);
