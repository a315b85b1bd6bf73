-- A reminder may be about a practice area at risk of slipping (sent to its lead owner).
ALTER TABLE digest_reminders DROP CONSTRAINT digest_reminders_subject_check;
ALTER TABLE digest_reminders ADD CONSTRAINT digest_reminders_subject_check
    CHECK (subject IN ('action', 'evidence', 'request', 'area'));
