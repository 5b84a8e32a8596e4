package dev.passage.server.orgs;

/** An API key as stored: never the key itself, only its id, a recognisable prefix and its state. */
public record ApiKey(String id, String orgId, String prefix, long createdAt, Long revokedAt) {
    public boolean revoked() {
        return revokedAt != null;
    }
}
