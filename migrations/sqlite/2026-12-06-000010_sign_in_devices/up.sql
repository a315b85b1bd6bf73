-- The known device an attempt came from, when it carried a device cookie of the
-- account it named: such attempts are counted per device, apart from the
-- account's other attempts, so that guesses from elsewhere cannot lock the
-- account's owner out of a browser they have signed in from before. They are
-- found through the index on (email, at).
ALTER TABLE sign_in_attempts ADD COLUMN device TEXT;
