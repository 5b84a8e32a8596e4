package dev.passage.server.orgs;

import dev.passage.server.store.Database;
import java.util.List;
import java.util.Optional;

/** Organizations and API keys in the database. */
final class OrgRepository {
    private final Database db;

    OrgRepository(Database db) {
        this.db = db;
    }

    void insertOrganization(Organization org) {
        db.write(h -> h.createUpdate("INSERT INTO organizations (id, name, created_at) VALUES (:id, :name, :createdAt)")
                .bind("id", org.id()).bind("name", org.name()).bind("createdAt", org.createdAt())
                .execute());
    }

    Optional<Organization> findOrganization(String id) {
        return db.read(h -> h.createQuery("SELECT id, name, created_at FROM organizations WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new Organization(rs.getString("id"), rs.getString("name"), rs.getLong("created_at")))
                .findOne());
    }

    List<Organization> listOrganizations() {
        return db.read(h -> h.createQuery("SELECT id, name, created_at FROM organizations ORDER BY created_at, id")
                .map((rs, ctx) -> new Organization(rs.getString("id"), rs.getString("name"), rs.getLong("created_at")))
                .list());
    }

    void insertKey(ApiKey key, String keyHash) {
        db.write(h -> h.createUpdate("""
                        INSERT INTO api_keys (id, org_id, key_hash, prefix, created_at, revoked_at)
                        VALUES (:id, :orgId, :hash, :prefix, :createdAt, NULL)""")
                .bind("id", key.id()).bind("orgId", key.orgId()).bind("hash", keyHash)
                .bind("prefix", key.prefix()).bind("createdAt", key.createdAt())
                .execute());
    }

    Optional<ApiKey> findKeyByHash(String keyHash) {
        return db.read(h -> h.createQuery(SELECT_KEY + " WHERE key_hash = :hash")
                .bind("hash", keyHash).map(OrgRepository::mapKey).findOne());
    }

    Optional<ApiKey> findKey(String id) {
        return db.read(h -> h.createQuery(SELECT_KEY + " WHERE id = :id").bind("id", id).map(OrgRepository::mapKey).findOne());
    }

    List<ApiKey> listKeys(String orgId) {
        return db.read(h -> h.createQuery(SELECT_KEY + " WHERE org_id = :orgId ORDER BY created_at, id")
                .bind("orgId", orgId).map(OrgRepository::mapKey).list());
    }

    /** Marks a key revoked; true when this call revoked it (false if it was already). */
    boolean revokeKey(String id, long at) {
        return db.write(h -> h.createUpdate("UPDATE api_keys SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
                .bind("id", id).bind("at", at).execute()) == 1;
    }

    /**
     * Writes a key's last use, unless another request (on any node) wrote one within {@code everyMillis}:
     * at most one write a minute per key, however busy it is.
     */
    void touchKey(String id, long now, long everyMillis) {
        db.write(h -> h.createUpdate("""
                        UPDATE api_keys SET last_used_at = :now
                        WHERE id = :id AND (last_used_at IS NULL OR last_used_at <= :stale)""")
                .bind("id", id).bind("now", now).bind("stale", now - everyMillis).execute());
    }

    private static final String SELECT_KEY = "SELECT id, org_id, prefix, created_at, revoked_at, last_used_at FROM api_keys";

    private static ApiKey mapKey(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
            throws java.sql.SQLException {
        long revoked = rs.getLong("revoked_at");
        Long revokedAt = rs.wasNull() ? null : revoked;
        long used = rs.getLong("last_used_at");
        Long lastUsedAt = rs.wasNull() ? null : used;
        return new ApiKey(rs.getString("id"), rs.getString("org_id"), rs.getString("prefix"),
                rs.getLong("created_at"), revokedAt, lastUsedAt);
    }
}
