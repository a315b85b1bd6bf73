ALTER TABLE evidence DROP COLUMN reviewed_by_name;
