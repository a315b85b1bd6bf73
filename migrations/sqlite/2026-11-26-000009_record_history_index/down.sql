DROP INDEX change_history_record_at;
CREATE INDEX change_history_entity ON change_history (entity, entity_id);
