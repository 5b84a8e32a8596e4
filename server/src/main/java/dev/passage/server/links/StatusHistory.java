package dev.passage.server.links;

import dev.passage.server.secrets.Tokens;
import dev.passage.server.store.Database;
import java.util.List;

/**
 * Every status a link reached, for its timeline in the dashboard. As a {@link LinkListener} it writes
 * each change in the transaction that makes it, so the timeline never shows a change that did not
 * happen nor misses one that did. A change told twice (the claim's {@code active} re-read after a
 * fast session already moved the link) is kept once.
 */
public final class StatusHistory implements LinkListener {
    /** One status the link reached, at its time, with the error when it failed. */
    public record Entry(LinkStatus status, long at, Link.LinkError error) {}

    private final Database db;

    public StatusHistory(Database db) {
        this.db = db;
    }

    @Override
    public void linkChanged(LinkChanged change) {
        db.write(h -> h.createUpdate("""
                        INSERT INTO link_status_changes (id, link_id, status, at, error_code, error_message, error_reason)
                        SELECT :id, :linkId, :status, :at, :code, :message, :reason
                        WHERE NOT EXISTS (SELECT 1 FROM link_status_changes WHERE link_id = :linkId AND status = :status AND at = :at)""")
                .bind("id", Tokens.id("lsc_"))
                .bind("linkId", change.linkId())
                .bind("status", change.status().wire())
                .bind("at", change.updatedAt())
                .bind("code", change.error() == null ? null : change.error().code())
                .bind("message", change.error() == null ? null : change.error().message())
                .bind("reason", change.error() == null ? null : change.error().reason())
                .execute());
    }

    /** The link's changes, oldest first (ties in the order of the lifecycle). */
    public List<Entry> forLink(String linkId) {
        return db.read(h -> h.createQuery("""
                        SELECT status, at, error_code, error_message, error_reason FROM link_status_changes WHERE link_id = :linkId
                        ORDER BY at, CASE status WHEN 'pending' THEN 0 WHEN 'active' THEN 1 WHEN 'failed' THEN 2
                            WHEN 'complete' THEN 3 ELSE 4 END""")
                .bind("linkId", linkId)
                .map((rs, ctx) -> {
                    String code = rs.getString("error_code");
                    return new Entry(LinkStatus.parse(rs.getString("status")).orElse(LinkStatus.PENDING), rs.getLong("at"),
                            code == null ? null : new Link.LinkError(code, rs.getString("error_message"),
                                    rs.getString("error_reason")));
                })
                .list());
    }
}
