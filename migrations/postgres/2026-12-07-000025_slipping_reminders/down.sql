DELETE FROM digest_reminders WHERE subject = 'area';
ALTER TABLE digest_reminders DROP CONSTRAINT digest_reminders_subject_check;
ALTER TABLE digest_reminders ADD CONSTRAINT digest_reminders_subject_check
    CHECK (subject IN ('action', 'evidence', 'request'));
