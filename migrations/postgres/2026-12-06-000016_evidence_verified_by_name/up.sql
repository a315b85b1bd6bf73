-- A verification entered as it happened may name someone who is not a user
-- (a partner's officer, or a leader who has since left); reviewed_by then stays empty.
ALTER TABLE evidence ADD COLUMN reviewed_by_name TEXT;
