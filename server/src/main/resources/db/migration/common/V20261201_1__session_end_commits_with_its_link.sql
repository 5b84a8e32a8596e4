-- A session's end, its link's final status and the webhook outbox row now commit in one
-- transaction, so a session can no longer end without its link following: the columns that let a
-- background check move such links later (and kept the result on the session for it) go.
DROP INDEX sessions_link_settled;
ALTER TABLE sessions DROP COLUMN link_settled;
ALTER TABLE sessions DROP COLUMN result;
