DROP TABLE pack_shares;
DROP TABLE reports;
