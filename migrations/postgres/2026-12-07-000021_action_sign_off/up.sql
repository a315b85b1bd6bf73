-- A leader's sign-off of a completed action, or its return to the owner with
-- a reason. Each decision keeps the action as it stood (completion and due
-- dates, success measure, latest progress update): a later change to those
-- asks for sign-off again. Rows are only ever added.
CREATE TABLE action_sign_offs (
    id BIGSERIAL PRIMARY KEY,
    action_id BIGINT NOT NULL REFERENCES actions (id),
    decision TEXT NOT NULL CHECK (decision IN ('signed_off', 'returned')),
    note TEXT NOT NULL,
    decided_by BIGINT REFERENCES users (id),
    own_action BOOLEAN NOT NULL,
    completed_date DATE,
    due_date DATE,
    success_measure TEXT NOT NULL,
    latest_update_id BIGINT REFERENCES action_updates (id),
    decided_at TIMESTAMP NOT NULL
);
CREATE INDEX action_sign_offs_action ON action_sign_offs (action_id, decided_at);
-- A council may work without sign-off: completion then counts as it did before.
ALTER TABLE council ADD COLUMN sign_off BOOLEAN NOT NULL DEFAULT TRUE;
-- Actions completed before sign-off was kept count as signed off on the day
-- they were completed, by no one, so no verdict of any date changes.
INSERT INTO action_sign_offs
    (action_id, decision, note, decided_by, own_action, completed_date, due_date, success_measure, latest_update_id, decided_at)
SELECT a.id, 'signed_off', 'Completed before sign-off was kept', NULL, FALSE, a.completed_date, a.due_date,
    a.success_measure,
    (SELECT u.id FROM action_updates u WHERE u.action_id = a.id ORDER BY u.update_date DESC, u.id DESC LIMIT 1),
    a.completed_date::timestamp
FROM actions a WHERE a.state = 'completed' AND a.completed_date IS NOT NULL;
