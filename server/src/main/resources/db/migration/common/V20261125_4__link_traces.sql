-- Traces of debug links' hosted-worker sessions: each step, its timing and a screenshot after it.
CREATE TABLE link_traces (
    session_id  TEXT PRIMARY KEY,
    link_id     TEXT NOT NULL,
    trace       TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX link_traces_link ON link_traces (link_id, created_at);
