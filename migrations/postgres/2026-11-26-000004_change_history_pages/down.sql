DROP INDEX change_history_what_at;
DROP INDEX change_history_user_at;
DROP INDEX change_history_entity_at;
DROP INDEX change_history_at_id;
