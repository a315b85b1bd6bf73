-- Published figures (DfE statistics) to compare a council with its statistical
-- neighbours, its region and England. Loaded from the DfE's own files; never typed in.
CREATE TABLE published_indicators (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    publication TEXT NOT NULL,
    source_file TEXT NOT NULL,
    column_name TEXT NOT NULL,
    unit TEXT NOT NULL,
    polarity TEXT NOT NULL,
    lait_code TEXT,
    loaded_at TIMESTAMP NOT NULL
);

-- One value per indicator, year and area. A value that is not published has
-- no value and its suppression code; release is the newest year of the file it
-- came from, so an older file never replaces a newer one's figures.
CREATE TABLE published_values (
    indicator_id BIGINT NOT NULL REFERENCES published_indicators (id),
    time_period TEXT NOT NULL,
    level TEXT NOT NULL,
    area_code TEXT NOT NULL,
    value DOUBLE PRECISION,
    suppressed TEXT,
    release TEXT NOT NULL,
    PRIMARY KEY (indicator_id, time_period, level, area_code)
);
CREATE INDEX published_values_area ON published_values (area_code, indicator_id);

-- England, the regions and the councils the files name; named_in is the year
-- the name was read from, so the newest name wins whatever order files load in.
CREATE TABLE published_areas (
    code TEXT PRIMARY KEY NOT NULL,
    level TEXT NOT NULL,
    name TEXT NOT NULL,
    ons_code TEXT,
    region_code TEXT,
    region_name TEXT,
    named_in TEXT NOT NULL
);

-- The DfE statistical-neighbour model: ten councils most like each council.
CREATE TABLE statistical_neighbours (
    la_code TEXT NOT NULL,
    position INTEGER NOT NULL,
    neighbour_code TEXT NOT NULL,
    closeness TEXT NOT NULL,
    la_name TEXT NOT NULL,
    region_name TEXT NOT NULL,
    model TEXT NOT NULL,
    PRIMARY KEY (la_code, position)
);
