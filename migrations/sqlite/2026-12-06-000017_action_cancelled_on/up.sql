-- The day an action was cancelled: on the dates before it the action still
-- counted. Actions cancelled before this column take the day change history
-- last records the change to cancelled; one entered as cancelled has none
-- and counts as cancelled on every date.
ALTER TABLE actions ADD COLUMN cancelled_on DATE;
UPDATE actions SET cancelled_on = (
    SELECT date(max(h.at)) FROM change_history h
    WHERE h.entity = 'action' AND h.entity_id = actions.id AND h.what = 'update'
      AND json_valid(h.after_json) AND json_extract(h.after_json, '$.state') = 'cancelled'
) WHERE state = 'cancelled';
