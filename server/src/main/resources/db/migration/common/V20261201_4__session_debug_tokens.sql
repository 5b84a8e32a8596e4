-- Debug viewers get a token of their own (dt_…, read-only) instead of sharing the worker's.
ALTER TABLE sessions ADD COLUMN debug_token_hash TEXT;
