-- Nodes beat their heart here, so a node that died (kill -9, power loss) is known to the others.
CREATE TABLE nodes (
    id         TEXT PRIMARY KEY,
    started_at BIGINT NOT NULL,
    seen_at    BIGINT NOT NULL
);

-- Which sockets are connected to which session, held by which node: a row per socket instead of a
-- count, so the sockets of a node that died can be found and counted as gone.
CREATE TABLE session_presence (
    connection_id TEXT PRIMARY KEY,
    session_id    TEXT NOT NULL REFERENCES sessions (id),
    role          TEXT NOT NULL,
    node_id       TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX session_presence_session ON session_presence (session_id);
CREATE INDEX session_presence_node ON session_presence (node_id);

-- The node whose hosted worker runs the session (its steps live in that process), and when a worker
-- that went away must be back by.
ALTER TABLE sessions ADD COLUMN worker_node TEXT;
ALTER TABLE sessions ADD COLUMN worker_deadline BIGINT;
