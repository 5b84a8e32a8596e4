-- Each session's messages, telemetry and outstanding command are sealed under a key of its own
-- (itself sealed under the master secret); when the session ends its key and its data are deleted.
ALTER TABLE sessions ADD COLUMN data_key TEXT;
-- What yields are judged on, kept as telemetry arrives instead of re-read: the current URL (sealed)
-- and how much telemetry the session has stored (its budget).
ALTER TABLE sessions ADD COLUMN current_url TEXT;
ALTER TABLE sessions ADD COLUMN telemetry_events BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN telemetry_bytes BIGINT NOT NULL DEFAULT 0;
-- Sessions that ended before this version keep nothing of what was said in them.
DELETE FROM session_messages WHERE session_id IN (SELECT id FROM sessions WHERE state IN ('complete', 'failed', 'expired'));
DELETE FROM session_telemetry WHERE session_id IN (SELECT id FROM sessions WHERE state IN ('complete', 'failed', 'expired'));
UPDATE sessions SET pending_command = NULL WHERE state IN ('complete', 'failed', 'expired');
