-- The stable lower-case reason beside a failed status change's error code (user_cancelled,
-- invalid_credentials, ...), as links and sessions carry it.
ALTER TABLE link_status_changes ADD COLUMN error_reason TEXT;
