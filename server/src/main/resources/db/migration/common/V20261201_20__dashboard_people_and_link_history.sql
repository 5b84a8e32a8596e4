-- The dashboard: an organization's people (passwords as Argon2id hashes), their signed-in sessions
-- and invitations (stored as SHA-256 hashes of the secrets the browser or the invitation link
-- holds), each API key's last use, and every status change of a link, written by a listener in the
-- change's own transaction. Portable across SQLite and PostgreSQL: times are epoch milliseconds.

CREATE TABLE people (
    id                  TEXT PRIMARY KEY,
    org_id              TEXT NOT NULL REFERENCES organizations (id),
    email               TEXT NOT NULL UNIQUE,
    role                TEXT NOT NULL,
    password_hash       TEXT,
    failed_sign_ins     INTEGER NOT NULL,
    locked_until        BIGINT,
    last_sign_in_at     BIGINT,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);
CREATE INDEX people_org ON people (org_id, email);

CREATE TABLE dashboard_sessions (
    token_hash          TEXT PRIMARY KEY,
    person_id           TEXT NOT NULL REFERENCES people (id),
    created_at          BIGINT NOT NULL,
    last_seen_at        BIGINT NOT NULL,
    expires_at          BIGINT NOT NULL
);
CREATE INDEX dashboard_sessions_person ON dashboard_sessions (person_id);
CREATE INDEX dashboard_sessions_expires ON dashboard_sessions (expires_at);

CREATE TABLE invitations (
    token_hash          TEXT PRIMARY KEY,
    person_id           TEXT NOT NULL REFERENCES people (id),
    created_at          BIGINT NOT NULL,
    expires_at          BIGINT NOT NULL,
    accepted_at         BIGINT
);
CREATE INDEX invitations_person ON invitations (person_id);

ALTER TABLE api_keys ADD COLUMN last_used_at BIGINT;

-- One row per status a link reached (its creation as pending is the link's own created_at).
CREATE TABLE link_status_changes (
    id                  TEXT PRIMARY KEY,
    link_id             TEXT NOT NULL REFERENCES links (id),
    status              TEXT NOT NULL,
    at                  BIGINT NOT NULL,
    error_code          TEXT,
    error_message       TEXT
);
CREATE INDEX link_status_changes_link ON link_status_changes (link_id, at);
