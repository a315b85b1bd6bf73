DROP TABLE statistical_neighbours;
DROP TABLE published_areas;
DROP TABLE published_values;
DROP TABLE published_indicators;
