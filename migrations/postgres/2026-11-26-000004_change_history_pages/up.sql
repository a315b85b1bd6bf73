-- Pages of change history, newest first, filtered by record, kind of record,
-- user or kind of event, each served by an index that is already in order.
CREATE INDEX change_history_at_id ON change_history (at, id);
CREATE INDEX change_history_entity_at ON change_history (entity, at, id);
CREATE INDEX change_history_user_at ON change_history (user_id, at, id);
CREATE INDEX change_history_what_at ON change_history (what, at, id);
