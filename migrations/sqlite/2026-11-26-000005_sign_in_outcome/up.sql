-- How each sign-in attempt ended. An attempt is recorded as pending before its
-- password is checked, so that guesses made at the same moment count against the
-- account at once; only concluded failures count against a client address, so
-- that people signing in together behind one proxy do not lock each other out.
ALTER TABLE sign_in_attempts ADD COLUMN outcome TEXT NOT NULL DEFAULT 'failed'
    CHECK (outcome IN ('pending', 'succeeded', 'failed', 'throttled', 'wrong_current_password'));
UPDATE sign_in_attempts SET outcome = 'succeeded' WHERE succeeded = 1;
