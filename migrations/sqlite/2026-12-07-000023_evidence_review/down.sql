ALTER TABLE evidence DROP COLUMN result_id;
ALTER TABLE evidence DROP COLUMN return_reason;
ALTER TABLE evidence DROP COLUMN returned_on;
ALTER TABLE evidence DROP COLUMN returned_by;
