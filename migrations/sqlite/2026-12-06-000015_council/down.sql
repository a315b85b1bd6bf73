DROP TABLE council;
