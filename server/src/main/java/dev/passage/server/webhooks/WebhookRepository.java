package dev.passage.server.webhooks;

import dev.passage.server.store.Database;
import dev.passage.server.store.Dialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/** Webhook keys, deliveries and attempts in the database: the only place with their SQL. */
final class WebhookRepository {
    private static final String KEY_COLUMNS = "kid, public_key_pem, sealed_private_key, created_at, retired_at";
    private static final String DELIVERY_COLUMNS = """
            id, link_id, org_id, url, event, body, status, attempts, scheduled_from, next_attempt_at, resend_of, created_at""";

    /** A key row, with its private half still sealed. */
    record StoredKey(String kid, String publicKeyPem, String sealedPrivateKey, long createdAt, Long retiredAt) {
        SigningKey publicKey() {
            return new SigningKey(kid, publicKeyPem, createdAt, retiredAt);
        }
    }

    /** A delivery this node holds the lease of, with what it needs for one attempt. */
    record Claimed(String id, String linkId, String url, String targetHost, String event, String body, int attemptsBefore,
            long scheduledFrom, long dueAt) {}

    /** A new outbox row. */
    record NewDelivery(String id, String linkId, String orgId, String url, String event, String body,
            long scheduledFrom, long firstAttemptAt, String resendOf, long now) {}

    /** What receiver a URL names, for the per-host bound on sends: lowercase host and port, or "invalid". */
    static String targetHost(String url) {
        try {
            java.net.URI uri = new java.net.URI(url);
            if (uri.getHost() == null) {
                return "invalid";
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            return uri.getHost().toLowerCase(java.util.Locale.ROOT) + ":" + port;
        } catch (java.net.URISyntaxException e) {
            return "invalid";
        }
    }

    /** What one attempt changed: the attempt row, and the delivery's next state. */
    record Finished(Delivery.Attempt attempt, String status, Long nextAttemptAt, String nodeId) {}

    /** How many due rows a claim looks at per slot, so rows for busy receivers do not hide the others. */
    private static final int SCAN_FACTOR = 4;

    private final Database db;

    WebhookRepository(Database db) {
        this.db = db;
    }

    Database database() {
        return db;
    }

    // Keys

    Optional<StoredKey> currentKey(Handle h) {
        return h.createQuery("SELECT " + KEY_COLUMNS + " FROM webhook_keys WHERE retired_at IS NULL "
                        + "ORDER BY created_at DESC, kid DESC LIMIT 1")
                .map(WebhookRepository::mapKey).findOne();
    }

    Optional<StoredKey> currentKey() {
        return db.read(this::currentKey);
    }

    Optional<StoredKey> findKey(String kid) {
        return db.read(h -> h.createQuery("SELECT " + KEY_COLUMNS + " FROM webhook_keys WHERE kid = :kid")
                .bind("kid", kid).map(WebhookRepository::mapKey).findOne());
    }

    List<StoredKey> keys() {
        return db.read(h -> h.createQuery("SELECT " + KEY_COLUMNS + " FROM webhook_keys ORDER BY created_at, kid")
                .map(WebhookRepository::mapKey).list());
    }

    void insertKey(Handle h, StoredKey key) {
        h.createUpdate("INSERT INTO webhook_keys (" + KEY_COLUMNS + ") VALUES (:kid, :pem, :sealed, :createdAt, NULL)")
                .bind("kid", key.kid())
                .bind("pem", key.publicKeyPem())
                .bind("sealed", key.sealedPrivateKey())
                .bind("createdAt", key.createdAt())
                .execute();
    }

    void retireCurrentKeys(Handle h, long now) {
        h.createUpdate("UPDATE webhook_keys SET retired_at = :now WHERE retired_at IS NULL").bind("now", now).execute();
    }

    // Deliveries

    void insertDelivery(Handle h, NewDelivery d) {
        h.createUpdate("INSERT INTO webhook_deliveries (" + DELIVERY_COLUMNS
                        + ", target_host, lease_owner, lease_expires_at, updated_at) "
                        + "VALUES (:id, :linkId, :orgId, :url, :event, :body, 'pending', 0, :scheduledFrom, :firstAttemptAt, "
                        + ":resendOf, :now, :targetHost, NULL, NULL, :now)")
                .bind("targetHost", targetHost(d.url()))
                .bind("id", d.id())
                .bind("linkId", d.linkId())
                .bind("orgId", d.orgId())
                .bind("url", d.url())
                .bind("event", d.event())
                .bind("body", d.body())
                .bind("scheduledFrom", d.scheduledFrom())
                .bind("firstAttemptAt", d.firstAttemptAt())
                .bind("resendOf", d.resendOf())
                .bind("now", d.now())
                .execute();
    }

    /**
     * Takes up to {@code limit} due deliveries for {@code nodeId} until {@code leaseUntil}, passing over
     * receivers in {@code busyHosts} and those {@code admit} turns away (at their bound of sends in flight). On
     * PostgreSQL the rows looked at are locked with SKIP LOCKED, so concurrent dispatchers on other
     * nodes pass over them instead of waiting; on SQLite the single writer transaction serializes
     * dispatchers. The guarded UPDATE makes a row taken at most once even if both ever saw it.
     */
    List<Claimed> claimDue(String nodeId, long now, long leaseUntil, int limit, Set<String> busyHosts,
            Predicate<String> admit) {
        String lock = db.dialect() == Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
        String notBusy = busyHosts.isEmpty() ? "" : " AND target_host NOT IN (<busy>)";
        return db.write(h -> {
            Query query = h.createQuery("SELECT id, target_host FROM webhook_deliveries "
                            + "WHERE status = 'pending' AND next_attempt_at <= :now "
                            + "AND (lease_expires_at IS NULL OR lease_expires_at <= :now)" + notBusy
                            + " ORDER BY next_attempt_at, id LIMIT :scan" + lock)
                    .bind("now", now).bind("scan", limit * SCAN_FACTOR);
            if (!busyHosts.isEmpty()) {
                query.bindList("busy", List.copyOf(busyHosts));
            }
            List<Map.Entry<String, String>> candidates = query
                    .map((rs, ctx) -> Map.entry(rs.getString("id"), rs.getString("target_host"))).list();
            List<Claimed> claimed = new ArrayList<>();
            for (Map.Entry<String, String> candidate : candidates) {
                if (claimed.size() == limit) {
                    break;
                }
                if (!admit.test(candidate.getValue())) {
                    continue;
                }
                String id = candidate.getKey();
                int taken = h.createUpdate("""
                                UPDATE webhook_deliveries SET lease_owner = :node, lease_expires_at = :until
                                WHERE id = :id AND status = 'pending'
                                  AND (lease_expires_at IS NULL OR lease_expires_at <= :now)""")
                        .bind("node", nodeId).bind("until", leaseUntil).bind("id", id).bind("now", now).execute();
                if (taken == 1) {
                    claimed.add(h.createQuery("""
                                    SELECT id, link_id, url, target_host, event, body, attempts, scheduled_from, next_attempt_at
                                    FROM webhook_deliveries WHERE id = :id""")
                            .bind("id", id)
                            .map((rs, ctx) -> new Claimed(rs.getString("id"), rs.getString("link_id"), rs.getString("url"),
                                    rs.getString("target_host"), rs.getString("event"), rs.getString("body"),
                                    rs.getInt("attempts"), rs.getLong("scheduled_from"), rs.getLong("next_attempt_at")))
                            .one());
                }
            }
            return claimed;
        });
    }

    /**
     * Records an attempt and moves the delivery on, releasing the lease. Returns false, changing
     * nothing, when this node no longer holds the lease (it ran out and another node took over).
     */
    boolean finishAttempt(Claimed c, Finished f, long now) {
        return db.write(h -> {
                int moved = h.createUpdate("""
                                UPDATE webhook_deliveries SET attempts = :number, status = :status, next_attempt_at = :next,
                                  lease_owner = NULL, lease_expires_at = NULL, updated_at = :now
                                WHERE id = :id AND lease_owner = :node AND attempts = :before""")
                        .bind("number", f.attempt().number())
                        .bind("status", f.status())
                        .bind("next", f.nextAttemptAt())
                        .bind("now", now)
                        .bind("id", c.id())
                        .bind("node", f.nodeId())
                        .bind("before", c.attemptsBefore())
                        .execute();
                if (moved != 1) {
                    return false;
                }
                Delivery.Attempt a = f.attempt();
                h.createUpdate("""
                                INSERT INTO webhook_attempts
                                  (delivery_id, number, started_at, status_code, latency_ms, error, key_id, node_id)
                                VALUES (:id, :number, :startedAt, :statusCode, :latency, :error, :keyId, :node)""")
                        .bind("id", c.id())
                        .bind("number", a.number())
                        .bind("startedAt", a.startedAt())
                        .bind("statusCode", a.statusCode())
                        .bind("latency", a.latencyMs())
                        .bind("error", a.error())
                        .bind("keyId", a.keyId())
                        .bind("node", f.nodeId())
                        .execute();
                return true;
            });
    }

    /** Gives a taken delivery back untouched (this node is stopping before it could try it). */
    /**
     * Leases this node held when it last stopped (it was killed mid-send): they are free again at once
     * rather than when they run out. Returns how many.
     */
    int releaseLeasesOf(String nodeId) {
        return db.write(h -> h.createUpdate("""
                        UPDATE webhook_deliveries SET lease_owner = NULL, lease_expires_at = NULL
                        WHERE lease_owner = :node AND status = 'pending'""")
                .bind("node", nodeId).execute());
    }

    void releaseLease(String deliveryId, String nodeId) {
        db.write(h -> h.createUpdate("""
                        UPDATE webhook_deliveries SET lease_owner = NULL, lease_expires_at = NULL
                        WHERE id = :id AND lease_owner = :node""")
                .bind("id", deliveryId).bind("node", nodeId).execute());
    }

    /** The link's deliveries in {@code orgId}, newest first, each with its attempts. */
    List<Delivery> forLink(String orgId, String linkId) {
        return db.read(h -> {
            Map<String, Delivery> byId = new LinkedHashMap<>();
            h.createQuery("SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries WHERE link_id = :linkId AND org_id = :orgId "
                            + "ORDER BY created_at DESC, id DESC")
                    .bind("linkId", linkId).bind("orgId", orgId)
                    .map(WebhookRepository::mapDelivery)
                    .forEach(d -> byId.put(d.id(), d));
            if (byId.isEmpty()) {
                return List.of();
            }
            Map<String, List<Delivery.Attempt>> attempts = new LinkedHashMap<>();
            h.createQuery("""
                            SELECT a.delivery_id, a.number, a.started_at, a.status_code, a.latency_ms, a.error, a.key_id
                            FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
                            WHERE d.link_id = :linkId AND d.org_id = :orgId ORDER BY a.delivery_id, a.number""")
                    .bind("linkId", linkId).bind("orgId", orgId)
                    .map((rs, ctx) -> Map.entry(rs.getString("delivery_id"), mapAttempt(rs)))
                    .forEach(e -> attempts.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            return byId.values().stream().map(d -> new Delivery(d.id(), d.linkId(), d.event(), d.url(), d.status(),
                    d.attemptCount(), d.nextAttemptAt(), d.resendOf(), d.createdAt(), d.body(),
                    List.copyOf(attempts.getOrDefault(d.id(), List.of())))).toList();
        });
    }

    private static Delivery mapDelivery(ResultSet rs, StatementContext ctx) throws SQLException {
        long next = rs.getLong("next_attempt_at");
        Long nextAttemptAt = rs.wasNull() ? null : next;
        return new Delivery(rs.getString("id"), rs.getString("link_id"), rs.getString("event"), rs.getString("url"),
                rs.getString("status"), rs.getInt("attempts"), nextAttemptAt, rs.getString("resend_of"),
                rs.getLong("created_at"), rs.getString("body"), List.of());
    }

    private static Delivery.Attempt mapAttempt(ResultSet rs) throws SQLException {
        int code = rs.getInt("status_code");
        Integer statusCode = rs.wasNull() ? null : code;
        return new Delivery.Attempt(rs.getInt("number"), rs.getLong("started_at"), statusCode, rs.getLong("latency_ms"),
                rs.getString("error"), rs.getString("key_id"));
    }

    private static StoredKey mapKey(ResultSet rs, StatementContext ctx) throws SQLException {
        long retired = rs.getLong("retired_at");
        Long retiredAt = rs.wasNull() ? null : retired;
        return new StoredKey(rs.getString("kid"), rs.getString("public_key_pem"), rs.getString("sealed_private_key"),
                rs.getLong("created_at"), retiredAt);
    }
}
