-- The published indicator a measure is compared with, by its catalogue code:
-- a code survives reloads of the published figures, an id might not.
ALTER TABLE measures ADD COLUMN published_indicator_code TEXT;
