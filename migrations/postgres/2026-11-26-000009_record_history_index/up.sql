-- A record's latest changes (the history at the foot of every record page):
-- the record's own rows, already newest first, instead of every row of its
-- kind filtered one by one.
DROP INDEX change_history_entity;
CREATE INDEX change_history_record_at ON change_history (entity, entity_id, at, id);
