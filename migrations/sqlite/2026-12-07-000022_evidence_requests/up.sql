-- A leader asks an owner for evidence about one finding, action or practice
-- area by a date; evidence added against the request answers it, or a leader
-- closes it unanswered with a reason. Its dates are the days it was asked,
-- answered and closed, so it is shown "as at" any date from them alone.
CREATE TABLE evidence_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    finding_id BIGINT REFERENCES findings (id),
    action_id BIGINT REFERENCES actions (id),
    practice_area_id BIGINT REFERENCES practice_areas (id),
    owner_id BIGINT NOT NULL REFERENCES owners (id),
    asked_by BIGINT REFERENCES users (id),
    asked_on DATE NOT NULL,
    due_on DATE NOT NULL,
    wanted TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'answered', 'closed')),
    evidence_id BIGINT REFERENCES evidence (id),
    answered_on DATE,
    closed_by BIGINT REFERENCES users (id),
    closed_on DATE,
    close_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    CHECK ((finding_id IS NOT NULL) + (action_id IS NOT NULL) + (practice_area_id IS NOT NULL) = 1),
    CHECK (state <> 'answered' OR (evidence_id IS NOT NULL AND answered_on IS NOT NULL)),
    CHECK (state <> 'closed' OR (close_reason IS NOT NULL AND closed_on IS NOT NULL))
);
CREATE INDEX evidence_requests_owner ON evidence_requests (owner_id, state);
CREATE INDEX evidence_requests_due ON evidence_requests (state, due_on);

-- A digest reminds an owner of the evidence asked of them too. SQLite keeps a
-- CHECK with its table, so the table is made again with the wider one.
CREATE TABLE digest_reminders_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    digest_id BIGINT NOT NULL REFERENCES digests (id),
    owner_id BIGINT NOT NULL REFERENCES owners (id),
    subject TEXT NOT NULL CHECK (subject IN ('action', 'evidence', 'request')),
    subject_id BIGINT NOT NULL,
    milestone TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO digest_reminders_new SELECT id, digest_id, owner_id, subject, subject_id, milestone, created_at FROM digest_reminders;
DROP TABLE digest_reminders;
ALTER TABLE digest_reminders_new RENAME TO digest_reminders;
CREATE UNIQUE INDEX digest_reminders_once ON digest_reminders (owner_id, subject, subject_id, milestone);
CREATE INDEX digest_reminders_digest ON digest_reminders (digest_id);
