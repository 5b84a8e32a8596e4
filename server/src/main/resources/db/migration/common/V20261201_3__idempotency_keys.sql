-- Idempotent creates: the first answer to a request made with an Idempotency-Key, per organization
-- and endpoint, replayed to the same request for 24 hours. The body is sealed (a link's create answer
-- holds its claim code); only a hash of the request is kept.
CREATE TABLE idempotency_keys (
    org_id          TEXT NOT NULL,
    scope           TEXT NOT NULL,
    idem_key        TEXT NOT NULL,
    request_hash    TEXT NOT NULL,
    status_code     INTEGER NOT NULL,
    response_body   TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (org_id, scope, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
