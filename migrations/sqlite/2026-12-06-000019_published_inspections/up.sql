-- Ofsted's published inspection outcomes of every council (ILACS), replaced whole by each load.
-- Judgements are Ofsted's words; care leavers was judged only from 2023, so it is blank before.
CREATE TABLE published_inspections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ons_code TEXT NOT NULL,
    la_name TEXT NOT NULL,
    inspection_type TEXT NOT NULL,
    start_date DATE,
    published_date DATE,
    overall TEXT NOT NULL,
    help_and_protection TEXT,
    in_care TEXT,
    care_leavers TEXT,
    leadership TEXT
);
CREATE INDEX published_inspections_ons_code ON published_inspections (ons_code, start_date);
