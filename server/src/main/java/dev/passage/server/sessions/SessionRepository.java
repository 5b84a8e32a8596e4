package dev.passage.server.sessions;

import dev.passage.protocol.ErrorBody;
import dev.passage.protocol.ProtocolJson;
import dev.passage.protocol.Role;
import dev.passage.protocol.ServerMessage;
import dev.passage.protocol.SessionState;
import dev.passage.server.json.Json;
import dev.passage.server.secrets.SecretBox;
import dev.passage.server.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;
import tools.jackson.databind.JsonNode;

/**
 * Sessions, their stored messages and telemetry in the database: the only place with their SQL.
 * Message bodies, telemetry and the outstanding command are sealed at rest (AES-GCM, bound to the
 * session): commands carry what the worker types, such as a card number for a payment-method write.
 */
final class SessionRepository {
    private static final String COLUMNS = """
            id, link_id, integration_id, operations, debug, state, worker_connections, client_connections, client_seen,
            client_deadline, interactive, pending_command, pending_deadline, telemetry_mark, telemetry_seq, error_code,
            error_message, error_reason, expires_at, created_at, updated_at""";

    private final Database db;
    private final SecretBox box;

    SessionRepository(Database db, SecretBox box) {
        this.db = db;
        this.box = box;
    }

    private String seal(String sessionId, byte[] value) {
        return box.seal(sessionId, value);
    }

    private byte[] open(String sessionId, String sealed) {
        return box.open(sessionId, sealed);
    }

    Database db() {
        return db;
    }

    void insert(NewSession s, String workerTokenHash, String clientTokenHash, long clientDeadline, long expiresAt, long now) {
        db.write(h -> h.createUpdate("""
                        INSERT INTO sessions (id, link_id, integration_id, operations, debug, state, worker_token_hash,
                            client_token_hash, worker_connections, client_connections, client_seen, client_deadline,
                            interactive, pending_command, pending_deadline, telemetry_mark, telemetry_seq, worker_seq,
                            client_seq, error_code, error_message, expires_at, created_at, updated_at)
                        VALUES (:id, :linkId, :integrationId, :operations, :debug, 'created', :workerHash, :clientHash,
                            0, 0, FALSE, :clientDeadline, FALSE, NULL, NULL, 0, 0, 0, 0, NULL, NULL, :expiresAt, :now, :now)""")
                .bind("id", s.sessionId())
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

    /** Whether {@code tokenHash} is the hash of the worker token ({@code worker}) or the client token of the session. */
    boolean tokenMatches(String sessionId, boolean worker, String tokenHash) {
        String column = worker ? "worker_token_hash" : "client_token_hash";
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM sessions WHERE id = :id AND " + column + " = :hash")
                .bind("id", sessionId).bind("hash", tokenHash).mapTo(Integer.class).one()) == 1;
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
                .bind("id", sessionId).map(this::map).findOne();
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
                .bind("body", seal(sessionId, ProtocolJson.mapper().writeValueAsBytes(numbered))).bind("now", now).execute();
        return numbered;
    }

    /** Messages stored for {@code recipient} after {@code afterSeq}, in order. */
    List<ServerMessage> messagesAfter(Handle h, String sessionId, Role recipient, long afterSeq) {
        return h.createQuery("SELECT body FROM session_messages WHERE session_id = :id AND recipient = :recipient "
                        + "AND seq > :after ORDER BY seq")
                .bind("id", sessionId).bind("recipient", recipient.wire()).bind("after", afterSeq)
                .map((rs, ctx) -> ProtocolJson.server(ProtocolJson.mapper().readTree(open(sessionId, rs.getString("body")))))
                .list();
    }

    long lastSeq(Handle h, String sessionId, Role recipient) {
        String counter = recipient == Role.WORKER ? "worker_seq" : "client_seq";
        return h.createQuery("SELECT " + counter + " FROM sessions WHERE id = :id").bind("id", sessionId)
                .mapTo(Long.class).one();
    }

    /** Stores one telemetry event of the client; returns its sequence number. */
    long appendTelemetry(Handle h, String sessionId, JsonNode event, long now) {
        h.createUpdate("UPDATE sessions SET telemetry_seq = telemetry_seq + 1 WHERE id = :id").bind("id", sessionId).execute();
        long seq = h.createQuery("SELECT telemetry_seq FROM sessions WHERE id = :id").bind("id", sessionId)
                .mapTo(Long.class).one();
        h.createUpdate("INSERT INTO session_telemetry (session_id, seq, body, created_at) VALUES (:id, :seq, :body, :now)")
                .bind("id", sessionId).bind("seq", seq).bind("body", seal(sessionId, Json.mapper().writeValueAsBytes(event)))
                .bind("now", now).execute();
        return seq;
    }

    /** The client's telemetry, oldest first, each event with its sequence number. */
    List<Telemetry.Stored> telemetry(Handle h, String sessionId) {
        return h.createQuery("SELECT seq, body FROM session_telemetry WHERE session_id = :id ORDER BY seq")
                .bind("id", sessionId)
                .map((rs, ctx) -> new Telemetry.Stored(rs.getLong("seq"),
                        Json.mapper().readTree(open(sessionId, rs.getString("body")))))
                .list();
    }

    void updateConnections(Handle h, String sessionId, SessionState state, int workers, int clients, boolean clientSeen,
                           Long clientDeadline, long now) {
        h.createUpdate("""
                        UPDATE sessions SET state = :state, worker_connections = :workers, client_connections = :clients,
                            client_seen = :seen, client_deadline = :deadline, updated_at = :now WHERE id = :id""")
                .bind("state", state.wire()).bind("workers", workers).bind("clients", clients).bind("seen", clientSeen)
                .bind("deadline", clientDeadline).bind("now", now).bind("id", sessionId).execute();
    }

    void updateOutstanding(Handle h, String sessionId, Outstanding outstanding, Long deadline, boolean interactive,
                           Long telemetryMark, long now) {
        var update = h.createUpdate("UPDATE sessions SET pending_command = :pending, pending_deadline = :deadline, "
                        + "interactive = :interactive, updated_at = :now"
                        + (telemetryMark == null ? "" : ", telemetry_mark = :mark") + " WHERE id = :id")
                .bind("pending", outstanding == null ? null : seal(sessionId, Json.mapper().writeValueAsBytes(outstanding)))
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
                            pending_command = NULL, pending_deadline = NULL, client_deadline = NULL,
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
                        AND (client_deadline <= :now OR pending_deadline <= :now OR expires_at <= :now)
                        ORDER BY id LIMIT :limit""")
                .bind("now", now).bind("limit", limit).mapTo(String.class).list());
    }

    private SessionRecord map(ResultSet rs, StatementContext ctx) throws SQLException {
        String pending = rs.getString("pending_command");
        long clientDeadline = rs.getLong("client_deadline");
        boolean noClientDeadline = rs.wasNull();
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
                rs.getBoolean("interactive"),
                pending == null ? null : Json.mapper().readValue(open(id, pending), Outstanding.class),
                noPendingDeadline ? null : pendingDeadline,
                rs.getLong("telemetry_mark"),
                rs.getLong("telemetry_seq"),
                rs.getString("error_code"),
                rs.getString("error_message"),
                rs.getString("error_reason"),
                rs.getLong("expires_at"),
                rs.getLong("created_at"),
                rs.getLong("updated_at"));
    }
}
