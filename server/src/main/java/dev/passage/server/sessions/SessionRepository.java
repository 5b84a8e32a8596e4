package dev.passage.server.sessions;

import dev.passage.protocol.ErrorBody;
import dev.passage.protocol.ProtocolJson;
import dev.passage.protocol.Role;
import dev.passage.protocol.ServerMessage;
import dev.passage.protocol.SessionState;
import dev.passage.protocol.TelemetryEvent;
import dev.passage.server.json.Json;
import dev.passage.server.secrets.SecretBox;
import dev.passage.server.store.Database;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import tools.jackson.databind.JsonNode;

/**
 * Sessions, their stored messages and telemetry in the database: the only place with their SQL.
 * Message bodies, telemetry, the current URL and the outstanding command are sealed at rest (AES-GCM,
 * bound to the session) under the session's own key, which is deleted with them when the session ends:
 * commands carry what the worker types, such as a card number for a payment-method write.
 */
final class SessionRepository {
    private static final String COLUMNS = """
            id, link_id, integration_id, operations, debug, state, worker_connections, client_connections, client_seen,
            client_deadline, interactive, pending_command, pending_deadline, telemetry_mark, telemetry_seq, error_code,
            error_message, error_reason, expires_at, created_at, updated_at, telemetry_events, telemetry_bytes, current_url,
            worker_deadline""";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int CACHED_KEYS = 4096;

    private final Database db;
    private final SecretBox keys;
    private final SecretBox legacy;
    // Each session's data box, derived from its own key; evicted when the session ends (and its key is deleted).
    private final Map<String, SecretBox> boxes = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SecretBox> eldest) {
            return size() > CACHED_KEYS;
        }
    });

    /**
     * {@code keys} seals each session's own key under the master secret; {@code legacy} opens the data of
     * sessions made before sessions had keys of their own.
     */
    SessionRepository(Database db, SecretBox keys, SecretBox legacy) {
        this.db = db;
        this.keys = keys;
        this.legacy = legacy;
    }

    /** The box of the session's own key (read once from its row). */
    private SecretBox box(Handle h, String sessionId) {
        SecretBox cached = boxes.get(sessionId);
        if (cached != null) {
            return cached;
        }
        String sealed = h.createQuery("SELECT data_key FROM sessions WHERE id = :id").bind("id", sessionId)
                .mapTo(String.class).findOne().orElse(null);
        SecretBox box = sealed == null ? legacy : SecretBox.forPurpose(keys.open(sessionId, sealed), "session-data");
        if (sealed != null) {
            boxes.put(sessionId, box);
        }
        return box;
    }

    /** The session's data box, for work done outside a transaction (sealing a telemetry batch before the lock). */
    SecretBox box(String sessionId) {
        SecretBox cached = boxes.get(sessionId);
        return cached != null ? cached : db.read(h -> box(h, sessionId));
    }

    private String seal(Handle h, String sessionId, byte[] value) {
        return box(h, sessionId).seal(sessionId, value);
    }

    private byte[] open(Handle h, String sessionId, String sealed) {
        return box(h, sessionId).open(sessionId, sealed);
    }

    Database db() {
        return db;
    }

    void insert(NewSession s, String workerTokenHash, String clientTokenHash, long clientDeadline, long expiresAt, long now) {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        db.write(h -> h.createUpdate("""
                        INSERT INTO sessions (id, link_id, integration_id, operations, debug, state, worker_token_hash,
                            client_token_hash, worker_connections, client_connections, client_seen, client_deadline,
                            interactive, pending_command, pending_deadline, telemetry_mark, telemetry_seq, worker_seq,
                            client_seq, error_code, error_message, expires_at, created_at, updated_at, data_key,
                            worker_deadline)
                        VALUES (:id, :linkId, :integrationId, :operations, :debug, 'created', :workerHash, :clientHash,
                            0, 0, FALSE, :clientDeadline, FALSE, NULL, NULL, 0, 0, 0, 0, NULL, NULL, :expiresAt, :now, :now,
                            :dataKey, :clientDeadline)""")
                .bind("id", s.sessionId())
                .bind("dataKey", keys.seal(s.sessionId(), key))
                .bind("linkId", s.linkId())
                .bind("integrationId", s.integrationId())
                .bind("operations", Json.mapper().writeValueAsString(s.operations()))
                .bind("debug", s.debug())
                .bind("workerHash", workerTokenHash)
                .bind("clientHash", clientTokenHash)
                .bind("clientDeadline", clientDeadline)
                .bind("expiresAt", expiresAt)
                .bind("now", now)
                .execute());
    }

    /**
     * Whether {@code tokenHash} is the hash of the session's token for {@code role} and the session is
     * still live (not ended, not past its end): an ended session opens no socket.
     */
    boolean tokenOpens(String sessionId, Role role, String tokenHash, long now) {
        String column = switch (role) {
            case WORKER -> "worker_token_hash";
            case CLIENT -> "client_token_hash";
            case DEBUG -> "debug_token_hash";
        };
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM sessions WHERE id = :id AND " + column + " = :hash "
                        + "AND state NOT IN ('complete', 'failed', 'expired') AND expires_at > :now")
                .bind("id", sessionId).bind("hash", tokenHash).bind("now", now).mapTo(Integer.class).one()) == 1;
    }

    /** Gives a live session a new debug token (the previous one stops opening it); false when it has ended. */
    boolean setDebugToken(String sessionId, String tokenHash, long now) {
        return db.write(h -> h.createUpdate("UPDATE sessions SET debug_token_hash = :hash WHERE id = :id "
                        + "AND state NOT IN ('complete', 'failed', 'expired') AND expires_at > :now")
                .bind("hash", tokenHash).bind("id", sessionId).bind("now", now).execute()) == 1;
    }

    /**
     * Locks the session's row for the rest of the transaction (a no-op write takes the row lock on
     * PostgreSQL; SQLite has one writer anyway) and reads it, so changes of one session never interleave,
     * whichever node makes them.
     */
    Optional<SessionRecord> lockAndLoad(Handle h, String sessionId) {
        int locked = h.createUpdate("UPDATE sessions SET updated_at = updated_at WHERE id = :id").bind("id", sessionId).execute();
        if (locked == 0) {
            return Optional.empty();
        }
        return load(h, sessionId);
    }

    /** Reads the session's row without locking it. */
    Optional<SessionRecord> load(Handle h, String sessionId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM sessions WHERE id = :id")
                .bind("id", sessionId).map((rs, ctx) -> map(h, rs)).findOne();
    }

    /** Stores a message for {@code recipient} under its next sequence number; returns it numbered. */
    ServerMessage.Stored append(Handle h, String sessionId, Role recipient, ServerMessage.Stored message, long now) {
        String counter = recipient == Role.WORKER ? "worker_seq" : "client_seq";
        h.createUpdate("UPDATE sessions SET " + counter + " = " + counter + " + 1 WHERE id = :id").bind("id", sessionId).execute();
        long seq = h.createQuery("SELECT " + counter + " FROM sessions WHERE id = :id").bind("id", sessionId)
                .mapTo(Long.class).one();
        ServerMessage.Stored numbered = message.withSeq(seq);
        h.createUpdate("INSERT INTO session_messages (session_id, recipient, seq, body, created_at) "
                        + "VALUES (:id, :recipient, :seq, :body, :now)")
                .bind("id", sessionId).bind("recipient", recipient.wire()).bind("seq", seq)
                .bind("body", seal(h, sessionId, ProtocolJson.mapper().writeValueAsBytes(numbered))).bind("now", now).execute();
        return numbered;
    }

    /** Messages stored for {@code recipient} after {@code afterSeq}, in order. */
    List<ServerMessage> messagesAfter(Handle h, String sessionId, Role recipient, long afterSeq) {
        return h.createQuery("SELECT body FROM session_messages WHERE session_id = :id AND recipient = :recipient "
                        + "AND seq > :after ORDER BY seq")
                .bind("id", sessionId).bind("recipient", recipient.wire()).bind("after", afterSeq)
                .map((rs, ctx) -> ProtocolJson.server(ProtocolJson.mapper().readTree(open(h, sessionId, rs.getString("body")))))
                .list();
    }

    long lastSeq(Handle h, String sessionId, Role recipient) {
        String counter = recipient == Role.WORKER ? "worker_seq" : "client_seq";
        return h.createQuery("SELECT " + counter + " FROM sessions WHERE id = :id").bind("id", sessionId)
                .mapTo(Long.class).one();
    }

    /**
     * Stores a batch of telemetry made ready outside the lock: its network events (sealed, numbered on
     * from the session's last), the current URL when the batch moved it, and what the batch counts
     * against the session's budget.
     */
    void appendTelemetry(Handle h, String sessionId, TelemetryBatch batch, long now) {
        int n = batch.sealedNetwork().size();
        h.createUpdate("UPDATE sessions SET telemetry_seq = telemetry_seq + :n, telemetry_events = telemetry_events + :events, "
                        + "telemetry_bytes = telemetry_bytes + :bytes"
                        + (batch.sealedUrl() == null ? "" : ", current_url = :url") + " WHERE id = :id")
                .bind("n", n).bind("events", batch.accepted()).bind("bytes", batch.bytes())
                .bindByType("url", batch.sealedUrl(), String.class).bind("id", sessionId).execute();
        if (n == 0) {
            return;
        }
        long last = h.createQuery("SELECT telemetry_seq FROM sessions WHERE id = :id").bind("id", sessionId)
                .mapTo(Long.class).one();
        PreparedBatch insert = h.prepareBatch(
                "INSERT INTO session_telemetry (session_id, seq, body, created_at) VALUES (:id, :seq, :body, :now)");
        long seq = last - n;
        for (String body : batch.sealedNetwork()) {
            insert.bind("id", sessionId).bind("seq", ++seq).bind("body", body).bind("now", now).add();
        }
        insert.execute();
    }

    /** The stored network events after {@code afterSeq}, opened, oldest first. */
    List<TelemetryEvent.Network> networkAfter(Handle h, String sessionId, long afterSeq) {
        return h.createQuery("SELECT body FROM session_telemetry WHERE session_id = :id AND seq > :after ORDER BY seq")
                .bind("id", sessionId).bind("after", afterSeq)
                .map((rs, ctx) -> TelemetryEvent.of(Json.mapper().readTree(open(h, sessionId, rs.getString("body")))))
                .list().stream().flatMap(Optional::stream)
                .filter(TelemetryEvent.Network.class::isInstance).map(TelemetryEvent.Network.class::cast).toList();
    }

    /** The session's current URL (its last navigation), opened; null before any. */
    String currentUrl(Handle h, SessionRecord s) {
        return s.sealedCurrentUrl() == null ? null
                : new String(open(h, s.id(), s.sealedCurrentUrl()), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Network events up to {@code seq} will never be judged again (a yield ended there): deletes them. */
    void forgetTelemetryUpTo(Handle h, String sessionId, long seq) {
        h.createUpdate("DELETE FROM session_telemetry WHERE session_id = :id AND seq <= :seq")
                .bind("id", sessionId).bind("seq", seq).execute();
    }

    /**
     * Deletes what was said in an ended session: its stored messages, telemetry, current URL and its own
     * key, so whatever copy of the database outlives it holds nothing of its commands or pages.
     */
    void shred(Handle h, String sessionId) {
        h.createUpdate("DELETE FROM session_messages WHERE session_id = :id").bind("id", sessionId).execute();
        h.createUpdate("DELETE FROM session_presence WHERE session_id = :id").bind("id", sessionId).execute();
        h.createUpdate("DELETE FROM session_telemetry WHERE session_id = :id").bind("id", sessionId).execute();
        h.createUpdate("UPDATE sessions SET data_key = NULL, current_url = NULL, pending_command = NULL WHERE id = :id")
                .bind("id", sessionId).execute();
        boxes.remove(sessionId);
    }

    /**
     * Writes the session's state and its connection counts (as its presence rows now say), whether the
     * client was ever seen, and the deadlines by which a client or a worker that went away must be back.
     */
    void updateConnections(Handle h, String sessionId, SessionState state, int workers, int clients, boolean clientSeen,
                           Long clientDeadline, Long workerDeadline, long now) {
        h.createUpdate("""
                        UPDATE sessions SET state = :state, worker_connections = :workers, client_connections = :clients,
                            client_seen = :seen, client_deadline = :deadline, worker_deadline = :workerDeadline,
                            updated_at = :now WHERE id = :id""")
                .bind("state", state.wire()).bind("workers", workers).bind("clients", clients).bind("seen", clientSeen)
                .bind("deadline", clientDeadline).bind("workerDeadline", workerDeadline).bind("now", now)
                .bind("id", sessionId).execute();
    }

    /** A socket of {@code role} joined the session on {@code node}. */
    void addPresence(Handle h, String connectionId, String sessionId, Role role, String node, long now) {
        h.createUpdate("INSERT INTO session_presence (connection_id, session_id, role, node_id, created_at) "
                        + "VALUES (:connection, :session, :role, :node, :now)")
                .bind("connection", connectionId).bind("session", sessionId).bind("role", role.wire()).bind("node", node)
                .bind("now", now).execute();
    }

    /** The socket left (or its node died); false when it was not present. */
    boolean removePresence(Handle h, String connectionId) {
        return h.createUpdate("DELETE FROM session_presence WHERE connection_id = :connection")
                .bind("connection", connectionId).execute() == 1;
    }

    /** How many sockets of {@code role} are present on the session. */
    int presence(Handle h, String sessionId, Role role) {
        return h.createQuery("SELECT COUNT(*) FROM session_presence WHERE session_id = :id AND role = :role")
                .bind("id", sessionId).bind("role", role.wire()).mapTo(Integer.class).one();
    }

    /** A socket held by a node: which session, in which role. */
    record Present(String connectionId, String sessionId, Role role) {}

    /** The sockets {@code node} held, as its presence rows say. */
    List<Present> presenceOf(String node) {
        return db.read(h -> h.createQuery("SELECT connection_id, session_id, role FROM session_presence WHERE node_id = :node")
                .bind("node", node)
                .map((rs, ctx) -> new Present(rs.getString("connection_id"), rs.getString("session_id"),
                        Role.parse(rs.getString("role")).orElseThrow()))
                .list());
    }

    /** Marks the session as run by {@code node}'s worker. */
    void setWorkerNode(String sessionId, String node) {
        db.write(h -> h.createUpdate("UPDATE sessions SET worker_node = :node WHERE id = :id")
                .bind("node", node).bind("id", sessionId).execute());
    }

    /** Live sessions whose worker runs (ran) on {@code node}. */
    List<String> liveRunBy(String node) {
        return db.read(h -> h.createQuery("""
                        SELECT id FROM sessions WHERE worker_node = :node AND state NOT IN ('complete', 'failed', 'expired')
                        ORDER BY id""")
                .bind("node", node).mapTo(String.class).list());
    }

    void updateOutstanding(Handle h, String sessionId, Outstanding outstanding, Long deadline, boolean interactive,
                           Long telemetryMark, long now) {
        var update = h.createUpdate("UPDATE sessions SET pending_command = :pending, pending_deadline = :deadline, "
                        + "interactive = :interactive, updated_at = :now"
                        + (telemetryMark == null ? "" : ", telemetry_mark = :mark") + " WHERE id = :id")
                .bind("pending", outstanding == null ? null : seal(h, sessionId, Json.mapper().writeValueAsBytes(outstanding)))
                .bind("deadline", deadline).bind("interactive", interactive)
                .bind("now", now).bind("id", sessionId);
        if (telemetryMark != null) {
            update.bind("mark", telemetryMark.longValue());
        }
        update.execute();
    }

    /** Ends a session that has not ended yet; false when it already had. */
    boolean finish(Handle h, String sessionId, SessionState terminal, ErrorBody error, long now) {
        return h.createUpdate("""
                        UPDATE sessions SET state = :state, error_code = :code, error_message = :message, error_reason = :reason,
                            pending_command = NULL, pending_deadline = NULL, client_deadline = NULL, worker_deadline = NULL,
                            interactive = FALSE, updated_at = :now
                        WHERE id = :id AND state NOT IN ('complete', 'failed', 'expired')""")
                .bind("state", terminal.wire()).bind("code", error == null ? null : error.code())
                .bind("message", error == null ? null : error.message()).bind("reason", error == null ? null : error.reason())
                .bind("now", now)
                .bind("id", sessionId).execute() == 1;
    }

    long liveCount() {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM sessions WHERE state NOT IN ('complete', 'failed', 'expired')")
                .mapTo(Long.class).one());
    }

    /** Ids of live sessions with a deadline (client, pending yield, or the session's own) at or before {@code now}. */
    List<String> dueForDeadline(long now, int limit) {
        return db.read(h -> h.createQuery("""
                        SELECT id FROM sessions WHERE state NOT IN ('complete', 'failed', 'expired')
                        AND (client_deadline <= :now OR worker_deadline <= :now OR pending_deadline <= :now
                             OR expires_at <= :now)
                        ORDER BY id LIMIT :limit""")
                .bind("now", now).bind("limit", limit).mapTo(String.class).list());
    }

    private SessionRecord map(Handle h, ResultSet rs) throws SQLException {
        String pending = rs.getString("pending_command");
        long clientDeadline = rs.getLong("client_deadline");
        boolean noClientDeadline = rs.wasNull();
        long workerDeadline = rs.getLong("worker_deadline");
        boolean noWorkerDeadline = rs.wasNull();
        long pendingDeadline = rs.getLong("pending_deadline");
        boolean noPendingDeadline = rs.wasNull();
        String id = rs.getString("id");
        return new SessionRecord(
                id,
                rs.getString("link_id"),
                rs.getString("integration_id"),
                Json.mapper().readTree(rs.getString("operations")),
                rs.getBoolean("debug"),
                SessionState.parse(rs.getString("state")).orElseThrow(),
                rs.getInt("worker_connections"),
                rs.getInt("client_connections"),
                rs.getBoolean("client_seen"),
                noClientDeadline ? null : clientDeadline,
                noWorkerDeadline ? null : workerDeadline,
                rs.getBoolean("interactive"),
                pending == null ? null : Json.mapper().readValue(open(h, id, pending), Outstanding.class),
                noPendingDeadline ? null : pendingDeadline,
                rs.getLong("telemetry_mark"),
                rs.getLong("telemetry_seq"),
                rs.getLong("telemetry_events"),
                rs.getLong("telemetry_bytes"),
                rs.getString("current_url"),
                rs.getString("error_code"),
                rs.getString("error_message"),
                rs.getString("error_reason"),
                rs.getLong("expires_at"),
                rs.getLong("created_at"),
                rs.getLong("updated_at"));
    }
}
