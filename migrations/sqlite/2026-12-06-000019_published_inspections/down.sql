DROP TABLE published_inspections;
