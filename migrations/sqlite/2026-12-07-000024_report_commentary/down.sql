ALTER TABLE reports DROP COLUMN commentary;
ALTER TABLE reports DROP COLUMN form;
DROP TABLE report_commentary;
