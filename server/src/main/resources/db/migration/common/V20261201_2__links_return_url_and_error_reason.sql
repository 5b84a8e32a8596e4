-- Where the person goes when the session ends (returnUrl on create), and the stable lower-case
-- reason beside a failed link's error code (invalid_credentials, account_locked, ...).
ALTER TABLE links ADD COLUMN return_url TEXT;
ALTER TABLE links ADD COLUMN error_reason TEXT;
ALTER TABLE sessions ADD COLUMN error_reason TEXT;
