-- Organizations, their API keys (hashes only) and link intents. Portable across SQLite and
-- PostgreSQL: times are epoch milliseconds, JSON documents are text.

CREATE TABLE organizations (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE api_keys (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organizations (id),
    key_hash    TEXT NOT NULL UNIQUE,
    prefix      TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX api_keys_org ON api_keys (org_id);

CREATE TABLE links (
    id                  TEXT PRIMARY KEY,
    org_id              TEXT NOT NULL REFERENCES organizations (id),
    integration_id      TEXT NOT NULL,
    operations          TEXT NOT NULL,
    sealed_arguments    TEXT,
    external_user_id    TEXT,
    webhook_url         TEXT,
    debug               BOOLEAN NOT NULL,
    status              TEXT NOT NULL,
    current_session_id  TEXT,
    result              TEXT,
    error_code          TEXT,
    error_message       TEXT,
    claim_code_hash     TEXT NOT NULL UNIQUE,
    expires_at          BIGINT NOT NULL,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);
CREATE INDEX links_org_created ON links (org_id, created_at DESC, id DESC);
CREATE INDEX links_org_external_user ON links (org_id, external_user_id, created_at DESC);
CREATE INDEX links_status_expires ON links (status, expires_at);
