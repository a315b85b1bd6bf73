ALTER TABLE measures DROP COLUMN published_indicator_code;
