-- Sessions (SPEC §7): one row per claim of a link, the messages the server sent each role (so a
-- role that reconnects gets what it missed), and the client's telemetry (judged by yield
-- conditions). Tokens are stored as hashes. Times are epoch milliseconds; JSON is text.

CREATE TABLE sessions (
    id                  TEXT PRIMARY KEY,
    link_id             TEXT NOT NULL REFERENCES links (id),
    integration_id      TEXT NOT NULL,
    operations          TEXT NOT NULL,
    debug               BOOLEAN NOT NULL,
    state               TEXT NOT NULL,
    worker_token_hash   TEXT NOT NULL UNIQUE,
    client_token_hash   TEXT NOT NULL UNIQUE,
    worker_connections  INTEGER NOT NULL,
    client_connections  INTEGER NOT NULL,
    client_seen         BOOLEAN NOT NULL,
    client_deadline     BIGINT,
    interactive         BOOLEAN NOT NULL,
    pending_command     TEXT,
    pending_deadline    BIGINT,
    telemetry_mark      BIGINT NOT NULL,
    telemetry_seq       BIGINT NOT NULL,
    worker_seq          BIGINT NOT NULL,
    client_seq          BIGINT NOT NULL,
    error_code          TEXT,
    error_message       TEXT,
    result              TEXT,
    link_settled        BOOLEAN NOT NULL,
    expires_at          BIGINT NOT NULL,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);
CREATE INDEX sessions_link ON sessions (link_id);
CREATE INDEX sessions_state_client_deadline ON sessions (state, client_deadline);
CREATE INDEX sessions_state_pending_deadline ON sessions (state, pending_deadline);
CREATE INDEX sessions_state_expires ON sessions (state, expires_at);
CREATE INDEX sessions_link_settled ON sessions (link_settled, state);

CREATE TABLE session_messages (
    session_id  TEXT NOT NULL REFERENCES sessions (id),
    recipient   TEXT NOT NULL,
    seq         BIGINT NOT NULL,
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (session_id, recipient, seq)
);

CREATE TABLE session_telemetry (
    session_id  TEXT NOT NULL REFERENCES sessions (id),
    seq         BIGINT NOT NULL,
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (session_id, seq)
);
