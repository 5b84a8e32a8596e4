package dev.passage.server.links;

import dev.passage.server.json.Json;
import dev.passage.server.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;
import tools.jackson.core.type.TypeReference;


/** Links in the database: the only place with their SQL. */
final class LinkRepository {
    private static final String COLUMNS = """
            id, org_id, integration_id, operations, sealed_arguments, external_user_id, webhook_url, return_url, debug, status,
            current_session_id, result, error_code, error_message, error_reason, error_details, expires_at, created_at,
            updated_at""";
    private static final TypeReference<List<Link.LinkOperation>> OPERATIONS = new TypeReference<>() {};

    private final Database db;

    LinkRepository(Database db) {
        this.db = db;
    }

    void insert(Link link, String claimCodeHash) {
        db.write(h -> h.createUpdate("INSERT INTO links (" + COLUMNS + ", claim_code_hash) VALUES ("
                        + ":id, :orgId, :integrationId, :operations, :sealed, :externalUserId, :webhookUrl, :returnUrl, :debug, "
                        + ":status, :sessionId, NULL, NULL, NULL, NULL, NULL, :expiresAt, :createdAt, :updatedAt, :claimCodeHash)")
                .bind("id", link.id())
                .bind("orgId", link.orgId())
                .bind("integrationId", link.integrationId())
                .bind("operations", Json.mapper().writeValueAsString(link.operations()))
                .bind("sealed", link.sealedArguments())
                .bind("externalUserId", link.externalUserId())
                .bind("webhookUrl", link.webhookUrl())
                .bind("returnUrl", link.returnUrl())
                .bind("debug", link.debug())
                .bind("status", link.status().wire())
                .bind("sessionId", link.currentSessionId())
                .bind("expiresAt", link.expiresAt())
                .bind("createdAt", link.createdAt())
                .bind("updatedAt", link.updatedAt())
                .bind("claimCodeHash", claimCodeHash)
                .execute());
    }

    Optional<Link> find(String orgId, String id) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM links WHERE id = :id AND org_id = :orgId")
                .bind("id", id).bind("orgId", orgId).map(LinkRepository::map).findOne());
    }

    List<Link> list(LinkQuery q, long now) {
        return db.read(h -> listQuery(h, q, now).map(LinkRepository::map).list());
    }

    private static Query listQuery(Handle h, LinkQuery q, long now) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM links WHERE org_id = :orgId");
        q.integrationId().ifPresent(x -> sql.append(" AND integration_id = :integrationId"));
        q.externalUserId().ifPresent(x -> sql.append(" AND external_user_id = :externalUserId"));
        q.status().ifPresent(s -> sql.append(switch (s) {
            // Links past their expiry read as expired before the sweeper has written it.
            case EXPIRED -> " AND (status = 'expired' OR (status IN ('pending', 'failed') AND expires_at <= :now))";
            case PENDING, FAILED -> " AND status = :status AND expires_at > :now";
            case ACTIVE, COMPLETE -> " AND status = :status";
        }));
        q.after().ifPresent(c -> sql.append(" AND (created_at < :cursorAt OR (created_at = :cursorAt AND id < :cursorId))"));
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
        Query query = h.createQuery(sql.toString())
                .bind("orgId", q.orgId())
                .bind("limit", q.limit() + 1)
                .bind("now", now);
        q.integrationId().ifPresent(x -> query.bind("integrationId", x));
        q.externalUserId().ifPresent(x -> query.bind("externalUserId", x));
        q.status().ifPresent(s -> query.bind("status", s.wire()));
        q.after().ifPresent(c -> query.bind("cursorAt", c.createdAt()).bind("cursorId", c.id()));
        return query;
    }

    /**
     * Persists the expiry of every pending or failed link past its {@code expiresAt}, and drops their
     * sealed secret arguments, which can no longer be used. Returns the links it expired, as now stored.
     */
    List<Link> expireDue(long now, int batch) {
        return db.write(h -> {
            List<String> ids = h.createQuery("""
                            SELECT id FROM links WHERE status IN ('pending', 'failed') AND expires_at <= :now
                            ORDER BY expires_at LIMIT :batch""")
                    .bind("now", now).bind("batch", batch).mapTo(String.class).list();
            List<Link> expired = new ArrayList<>();
            for (String id : ids) {
                int changed = h.createUpdate("""
                                UPDATE links SET status = 'expired', updated_at = expires_at, sealed_arguments = NULL
                                WHERE id = :id AND status IN ('pending', 'failed') AND expires_at <= :now""")
                        .bind("id", id).bind("now", now).execute();
                if (changed == 1) {
                    expired.add(h.createQuery("SELECT " + COLUMNS + " FROM links WHERE id = :id").bind("id", id)
                            .map(LinkRepository::map).one());
                }
            }
            return expired;
        });
    }

    Optional<Link> findById(String id) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM links WHERE id = :id")
                .bind("id", id).map(LinkRepository::map).findOne());
    }

    Optional<Link> findByClaimCodeHash(String claimCodeHash) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM links WHERE claim_code_hash = :hash")
                .bind("hash", claimCodeHash).map(LinkRepository::map).findOne());
    }

    /**
     * Claims a link: pending or failed and not past its expiry becomes active with {@code sessionId}, in one
     * compare-and-set statement, so of any number of concurrent claims exactly one changes the row.
     */
    boolean claim(String id, String sessionId, long now) {
        return db.write(h -> h.createUpdate("""
                        UPDATE links SET status = 'active', current_session_id = :sessionId, error_code = NULL,
                            error_message = NULL, error_reason = NULL, error_details = NULL, updated_at = :now
                        WHERE id = :id AND status IN ('pending', 'failed') AND expires_at > :now""")
                .bind("id", id).bind("sessionId", sessionId).bind("now", now).execute() == 1);
    }

    /** Undoes a claim whose session could not start: the link is again as it was before. */
    boolean revertClaim(Link before, String sessionId) {
        return db.write(h -> h.createUpdate("""
                        UPDATE links SET status = :status, current_session_id = :previousSession, error_code = :code,
                            error_message = :message, error_reason = :reason, error_details = :details, updated_at = :updatedAt
                        WHERE id = :id AND status = 'active' AND current_session_id = :sessionId""")
                .bind("status", before.status().wire())
                .bind("previousSession", before.currentSessionId())
                .bind("code", before.error() == null ? null : before.error().code())
                .bind("message", before.error() == null ? null : before.error().message())
                .bind("reason", before.error() == null ? null : before.error().reason())
                .bind("details", before.error() == null ? null : before.error().details())
                .bind("updatedAt", before.updatedAt())
                .bind("id", before.id())
                .bind("sessionId", sessionId)
                .execute() == 1);
    }

    /**
     * Completes an active link whose current session is {@code sessionId} and drops its sealed secret
     * arguments, in the caller's transaction. The completed link, or empty when the link had moved on
     * (another session, or already final).
     */
    Optional<Link> complete(String id, String sessionId, String resultJson, long now) {
        return finish(id, h -> h.createUpdate("""
                        UPDATE links SET status = 'complete', result = :result, sealed_arguments = NULL, updated_at = :now
                        WHERE id = :id AND status = 'active' AND current_session_id = :sessionId""")
                .bind("id", id).bind("sessionId", sessionId).bind("result", resultJson).bind("now", now)
                .execute());
    }

    /** An active link and the session it names. */
    record Orphan(String linkId, String sessionId) {}

    /**
     * Active links that no live session stands behind: their session is missing or has ended, and they
     * last changed before {@code before} (so a claim in flight is never taken for one).
     */
    List<Orphan> orphans(long before, int limit) {
        return db.read(h -> h.createQuery("""
                        SELECT l.id, l.current_session_id FROM links l LEFT JOIN sessions s ON s.id = l.current_session_id
                        WHERE l.status = 'active' AND l.updated_at < :before
                          AND (s.id IS NULL OR s.state IN ('complete', 'failed', 'expired'))
                        ORDER BY l.updated_at LIMIT :limit""")
                .bind("before", before).bind("limit", limit)
                .map((rs, ctx) -> new Orphan(rs.getString(1), rs.getString(2))).list());
    }

    /** Fails an active link whose current session is {@code sessionId}, in the caller's transaction. */
    Optional<Link> fail(String id, String sessionId, Link.LinkError error, long now) {
        return finish(id, h -> h.createUpdate("""
                        UPDATE links SET status = 'failed', error_code = :code, error_message = :message, error_reason = :reason,
                            error_details = :details, updated_at = :now
                        WHERE id = :id AND status = 'active' AND current_session_id = :sessionId""")
                .bind("id", id).bind("sessionId", sessionId).bind("code", error.code()).bind("message", error.message())
                .bind("reason", error.reason()).bind("details", error.details()).bind("now", now).execute());
    }

    /** Completes a pending or failed link that no session ran (a sandbox convenience), in the caller's transaction. */
    Optional<Link> completeUnclaimed(String id, String resultJson, long now) {
        return finish(id, h -> h.createUpdate("""
                        UPDATE links SET status = 'complete', result = :result, sealed_arguments = NULL, error_code = NULL,
                            error_message = NULL, error_reason = NULL, error_details = NULL, updated_at = :now
                        WHERE id = :id AND status IN ('pending', 'failed') AND expires_at > :now""")
                .bind("id", id).bind("result", resultJson).bind("now", now).execute());
    }

    /**
     * The person declined a pending or failed link: it fails with {@code error}, in the caller's
     * transaction, unless it has moved on (claimed, complete, expired) since it was read.
     */
    Optional<Link> decline(String id, Link.LinkError error, long now) {
        return finish(id, h -> h.createUpdate("""
                        UPDATE links SET status = 'failed', error_code = :code, error_message = :message,
                            error_reason = :reason, error_details = NULL, updated_at = :now
                        WHERE id = :id AND status IN ('pending', 'failed') AND expires_at > :now""")
                .bind("id", id).bind("code", error.code()).bind("message", error.message()).bind("reason", error.reason())
                .bind("now", now).execute());
    }

    private Optional<Link> finish(String id, org.jdbi.v3.core.HandleCallback<Integer, RuntimeException> update) {
        return db.write(h -> update.withHandle(h) == 1
                ? Optional.of(h.createQuery("SELECT " + COLUMNS + " FROM links WHERE id = :id").bind("id", id)
                        .map(LinkRepository::map).one())
                : Optional.<Link>empty());
    }

    Database db() {
        return db;
    }

    private static Link map(ResultSet rs, StatementContext ctx) throws SQLException {
        String code = rs.getString("error_code");
        String result = rs.getString("result");
        return new Link(
                rs.getString("id"),
                rs.getString("org_id"),
                rs.getString("integration_id"),
                Json.mapper().readValue(rs.getString("operations"), OPERATIONS),
                rs.getString("external_user_id"),
                rs.getString("webhook_url"),
                rs.getString("return_url"),
                rs.getBoolean("debug"),
                LinkStatus.parse(rs.getString("status")).orElseThrow(),
                rs.getString("current_session_id"),
                result == null ? null : Json.mapper().readTree(result),
                code == null ? null : new Link.LinkError(code, rs.getString("error_message"), rs.getString("error_reason"),
                        rs.getString("error_details")),
                rs.getLong("expires_at"),
                rs.getLong("created_at"),
                rs.getLong("updated_at"),
                rs.getString("sealed_arguments"));
    }

}
