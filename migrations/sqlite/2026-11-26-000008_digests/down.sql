DROP TABLE digest_reminders;
DROP TABLE digests;
