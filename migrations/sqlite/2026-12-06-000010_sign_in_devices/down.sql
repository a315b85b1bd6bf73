ALTER TABLE sign_in_attempts DROP COLUMN device;
