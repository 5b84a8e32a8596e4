package dev.passage.server.orgs;

/**
 * An API key as stored: never the key itself, only its id, a recognisable prefix, its state, and when
 * it was last used (to the minute; null before its first use).
 */
public record ApiKey(String id, String orgId, String prefix, long createdAt, Long revokedAt, Long lastUsedAt) {
    public boolean revoked() {
        return revokedAt != null;
    }
}
