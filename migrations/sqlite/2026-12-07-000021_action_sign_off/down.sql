ALTER TABLE council DROP COLUMN sign_off;
DROP TABLE action_sign_offs;
