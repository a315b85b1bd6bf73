-- Leaders' own words on the progress report for one report date: overall (no
-- practice area) and per area. One row per date and area, each changed at its
-- own version; COALESCE makes the overall row unique too (NULLs are distinct).
CREATE TABLE report_commentary (
    id BIGSERIAL PRIMARY KEY,
    as_at DATE NOT NULL,
    practice_area_id BIGINT REFERENCES practice_areas (id),
    text TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL
);
CREATE UNIQUE INDEX report_commentary_date_area ON report_commentary (as_at, COALESCE(practice_area_id, 0));

-- An issued progress report keeps its form and the commentary printed in it
-- (as JSON), so it can be made again byte for byte whatever is written later.
ALTER TABLE reports ADD COLUMN form TEXT NOT NULL DEFAULT 'full' CHECK (form IN ('full', 'summary'));
ALTER TABLE reports ADD COLUMN commentary TEXT;
