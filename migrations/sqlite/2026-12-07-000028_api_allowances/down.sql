DROP TABLE api_allowances;
