-- Webhooks: ES256 signing keys (private halves sealed under the master secret), the delivery
-- outbox written in the same transaction as a link's status change, and every attempt made.
-- Portable across SQLite and PostgreSQL: times are epoch milliseconds, bodies are JSON text.

CREATE TABLE webhook_keys (
    kid                 TEXT PRIMARY KEY,
    public_key_pem      TEXT NOT NULL,
    sealed_private_key  TEXT NOT NULL,
    created_at          BIGINT NOT NULL,
    retired_at          BIGINT
);
CREATE INDEX webhook_keys_current ON webhook_keys (retired_at, created_at);

-- One row per event to send (and per resend). body holds the exact bytes every attempt sends.
-- A dispatcher takes a due row by setting lease_owner and lease_expires_at; a lease that
-- expires (its node died) lets another dispatcher take the row.
CREATE TABLE webhook_deliveries (
    id                  TEXT PRIMARY KEY,
    link_id             TEXT NOT NULL REFERENCES links (id),
    org_id              TEXT NOT NULL,
    url                 TEXT NOT NULL,
    target_host         TEXT NOT NULL,
    event               TEXT NOT NULL,
    body                TEXT NOT NULL,
    status              TEXT NOT NULL,
    attempts            INTEGER NOT NULL,
    scheduled_from      BIGINT NOT NULL,
    next_attempt_at     BIGINT,
    lease_owner         TEXT,
    lease_expires_at    BIGINT,
    resend_of           TEXT,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_link ON webhook_deliveries (link_id, created_at);

CREATE TABLE webhook_attempts (
    delivery_id         TEXT NOT NULL REFERENCES webhook_deliveries (id),
    number              INTEGER NOT NULL,
    started_at          BIGINT NOT NULL,
    status_code         INTEGER,
    latency_ms          BIGINT NOT NULL,
    error               TEXT,
    key_id              TEXT,
    node_id             TEXT NOT NULL,
    PRIMARY KEY (delivery_id, number)
);
