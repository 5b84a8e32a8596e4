package dev.passage.server.idempotency;

import dev.passage.server.store.Database;
import java.util.Optional;

/** Stored first answers of idempotent requests: the only place with their SQL. */
final class IdempotencyRepository {
    /** A stored answer; {@code sealedBody} is opened by the service. */
    record Stored(String requestHash, int statusCode, String sealedBody, long createdAt) {}

    private final Database db;

    IdempotencyRepository(Database db) {
        this.db = db;
    }

    Database db() {
        return db;
    }

    /** The answer stored for the key at or after {@code notBefore}, in the current transaction when there is one. */
    Optional<Stored> find(String orgId, String scope, String key, long notBefore) {
        return db.read(h -> h.createQuery("""
                        SELECT request_hash, status_code, response_body, created_at FROM idempotency_keys
                        WHERE org_id = :org AND scope = :scope AND idem_key = :key AND created_at >= :notBefore""")
                .bind("org", orgId).bind("scope", scope).bind("key", key).bind("notBefore", notBefore)
                .map((rs, ctx) -> new Stored(rs.getString("request_hash"), rs.getInt("status_code"),
                        rs.getString("response_body"), rs.getLong("created_at")))
                .findOne());
    }

    /** Stores the first answer; a concurrent request with the same key makes this fail on the primary key. */
    void insert(String orgId, String scope, String key, Stored stored, long staleBefore) {
        db.write(h -> {
            // A key older than the replay window may be used again: its old answer goes first.
            h.createUpdate("DELETE FROM idempotency_keys WHERE org_id = :org AND scope = :scope AND idem_key = :key "
                            + "AND created_at < :stale")
                    .bind("org", orgId).bind("scope", scope).bind("key", key).bind("stale", staleBefore).execute();
            return h.createUpdate("""
                            INSERT INTO idempotency_keys (org_id, scope, idem_key, request_hash, status_code, response_body,
                                created_at)
                            VALUES (:org, :scope, :key, :hash, :status, :body, :created)""")
                    .bind("org", orgId).bind("scope", scope).bind("key", key).bind("hash", stored.requestHash())
                    .bind("status", stored.statusCode()).bind("body", stored.sealedBody()).bind("created", stored.createdAt())
                    .execute();
        });
    }

    /** Forgets answers older than {@code before}; returns how many. */
    int purge(long before) {
        return db.write(h -> h.createUpdate("DELETE FROM idempotency_keys WHERE created_at < :before")
                .bind("before", before).execute());
    }
}
