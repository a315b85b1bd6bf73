-- An item returned to the person who added it, for changes: still a draft,
-- out of the review queue until it is changed, with who returned it, when and why.
ALTER TABLE evidence ADD COLUMN returned_by BIGINT REFERENCES users (id);
ALTER TABLE evidence ADD COLUMN returned_on DATE;
ALTER TABLE evidence ADD COLUMN return_reason TEXT;
-- The case-audit result an item was recorded from, so one audit is entered once.
ALTER TABLE evidence ADD COLUMN result_id BIGINT REFERENCES results (id);
