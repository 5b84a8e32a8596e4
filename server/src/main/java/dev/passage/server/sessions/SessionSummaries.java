package dev.passage.server.sessions;

import dev.passage.server.store.Database;
import java.util.List;

/**
 * What the dashboard shows of a link's sessions: a read-only look at the sessions table (state,
 * times, error with its reason), nothing of the protocol's internals (tokens, messages, telemetry).
 */
public final class SessionSummaries {
    /** One session of a link. */
    public record Summary(String id, String state, long createdAt, long updatedAt, long expiresAt, String errorCode,
                          String errorReason, String errorMessage) {}

    private final Database db;

    public SessionSummaries(Database db) {
        this.db = db;
    }

    /** The link's sessions, oldest first. */
    public List<Summary> forLink(String linkId) {
        return db.read(h -> h.createQuery("""
                        SELECT id, state, created_at, updated_at, expires_at, error_code, error_reason, error_message
                        FROM sessions WHERE link_id = :linkId ORDER BY created_at, id""")
                .bind("linkId", linkId)
                .map((rs, ctx) -> new Summary(rs.getString("id"), rs.getString("state"), rs.getLong("created_at"),
                        rs.getLong("updated_at"), rs.getLong("expires_at"), rs.getString("error_code"),
                        rs.getString("error_reason"), rs.getString("error_message")))
                .list());
    }
}
