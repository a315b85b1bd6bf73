ALTER TABLE actions DROP COLUMN cancelled_on;
