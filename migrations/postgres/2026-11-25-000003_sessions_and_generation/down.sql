DROP TABLE data_generation;
DROP TABLE sessions;
