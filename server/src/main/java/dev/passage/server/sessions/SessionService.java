package dev.passage.server.sessions;

import dev.passage.protocol.DebugEnvelope;
import dev.passage.protocol.ProtocolJson;
import dev.passage.protocol.Role;
import dev.passage.server.config.PassageConfig;
import dev.passage.server.events.EventBus;
import dev.passage.server.events.InProcessEventBus;
import dev.passage.server.json.Json;
import dev.passage.server.nodes.Nodes;
import dev.passage.server.secrets.Tokens;
import dev.passage.server.secrets.SecretBox;
import dev.passage.server.store.Database;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Sessions (docs/protocol.md): creation, tokens, and the transactions of the {@link SessionActor}. No session
 * state is held in memory: every message is handled in one transaction that locks the session's row,
 * reads it, changes it and stores what the server says to each role; only after the commit are those
 * messages handed to the session bus (an {@link EventBus} keyed by session id). So the worker's and the client's sockets may live on
 * different nodes, and a node may restart mid-session.
 */
public final class SessionService {
    private static final Logger log = LoggerFactory.getLogger(SessionService.class);
    private static final int DEADLINE_BATCH = 100;

    private final SessionRepository repository;
    private final WorkerLauncher launcher;
    private final EventBus<BusMessage> bus = new InProcessEventBus<>("session socket");
    private final SessionActor actor;
    private final PassageConfig config;
    private final Nodes nodes;
    private final Clock clock;
    // Serializes a session's handling on this node, so its messages are published in commit order.
    private final ReentrantLock[] locks = new ReentrantLock[64];

    /**
     * {@code sessionKeys} seals each session's own data key; {@code legacyData} opens what sessions made
     * before per-session keys stored.
     */
    public SessionService(Database db, SecretBox sessionKeys, SecretBox legacyData, SessionOutcomes outcomes,
                          WorkerLauncher launcher, AllowedOrigins allowedOrigins, PassageConfig config, Nodes nodes,
                          Clock clock) {
        this.repository = new SessionRepository(db, sessionKeys, legacyData);
        this.nodes = nodes;
        this.actor = new SessionActor(repository, outcomes, allowedOrigins, config, nodes.self());
        this.launcher = launcher;
        this.config = config;
        this.clock = clock;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Creates a session of a just-claimed link, with fresh worker and client tokens (stored hashed). */
    public CreatedSession create(NewSession session) {
        String workerToken = Tokens.secret("wt_");
        String clientToken = Tokens.secret("ct_");
        long now = clock.millis();
        long expiresAt = now + config.sessions().maxDuration().toMillis();
        repository.insert(session, Tokens.hash(workerToken), Tokens.hash(clientToken),
                now + config.sessions().clientConnectTimeout().toMillis(), expiresAt, now);
        SessionTicket ticket = new SessionTicket(session.sessionId(), workerToken, session.linkId(), session.integrationId(),
                session.operations(), websocketUrl(config.publicUrl(), session.sessionId()));
        return new CreatedSession(ticket, clientToken, expiresAt);
    }

    /**
     * Hands the session to its worker, which runs on this node (marked first, so a crash at any point
     * after is known to have taken the worker with it); throws when the worker cannot be started.
     */
    public void launch(CreatedSession session) {
        if (launcher.inProcess()) {
            repository.setWorkerNode(session.ticket().sessionId(), nodes.self());
        }
        launcher.launch(session.ticket());
    }

    /**
     * At start, before any socket opens: the sessions this node's worker was running when it last
     * stopped (a crash or kill) cannot go on, since their steps lived in its memory, and fail now
     * (CONNECTION_FAILED, server_restarted) instead of waiting for a timeout; the sockets its last run
     * held are counted as gone (a client has the reconnect grace to come back).
     */
    public void recover() {
        int failed = workerNodeStopped(nodes.self());
        int sockets = socketsGone(nodes.self());
        if (failed > 0 || sockets > 0) {
            log.warn("This node stopped without closing its work: {} session(s) it ran failed, {} socket(s) it held "
                    + "counted as gone", failed, sockets);
        }
    }

    /**
     * The same for nodes that stopped beating: their sessions fail and their sockets count as gone, on
     * whichever node notices first.
     */
    public void reapDeadNodes() {
        for (String dead : nodes.dead()) {
            int failed = workerNodeStopped(dead);
            int sockets = socketsGone(dead);
            log.warn("Node {} stopped beating: {} session(s) it ran failed, {} socket(s) it held counted as gone",
                    dead, failed, sockets);
            nodes.forget(dead);
        }
    }

    /** A graceful stop: the sessions this node's worker runs end now, so their devices hear it at once. */
    public void stopping() {
        int failed = workerNodeStopped(nodes.self());
        if (failed > 0) {
            log.info("Stopping: {} session(s) run by this node's worker failed", failed);
        }
    }

    private int workerNodeStopped(String node) {
        List<String> ids = repository.liveRunBy(node);
        ids.forEach(id -> mutate(null, id, actor::workerNodeStopped));
        return ids.size();
    }

    private int socketsGone(String node) {
        List<SessionRepository.Present> held = repository.presenceOf(node);
        held.forEach(p -> mutate(null, p.sessionId(), tx -> actor.left(tx, p.role(), p.connectionId())));
        return held.size();
    }

    /** Fails a session whose claim was undone (its link is not touched: the claim puts it back). */
    public void abandon(String sessionId, String message) {
        mutate(null, sessionId, tx -> actor.abandon(tx, message));
    }

    /** The session's websocket URL under this server's public URL. */
    public String websocketUrl(String sessionId) {
        return websocketUrl(config.publicUrl(), sessionId);
    }

    /** The session's websocket URL under the public base URL: ws:// for http, wss:// for https. */
    static String websocketUrl(URI publicUrl, String sessionId) {
        String base = publicUrl.toString();
        String ws = base.startsWith("https://") ? "wss://" + base.substring("https://".length())
                : "ws://" + base.substring("http://".length());
        return ws + "/sessions/" + sessionId + "/ws";
    }

    /** Whether {@code token} opens {@code sessionId} in {@code role} (each role its own token) while the session is live. */
    boolean authenticate(String sessionId, Role role, String token) {
        if (token == null || sessionId == null || token.length() > 200) {
            return false;
        }
        String prefix = switch (role) {
            case WORKER -> "wt_";
            case CLIENT -> "ct_";
            case DEBUG -> "dt_";
        };
        return token.startsWith(prefix) && repository.tokenOpens(sessionId, role, Tokens.hash(token), clock.millis());
    }

    /**
     * A fresh debug token ({@code dt_…}) for a live session: read-only, it opens the session's socket in
     * the debug role only, and never sees a secret value. Empty when the session has ended.
     */
    public Optional<String> issueDebugToken(String sessionId) {
        String token = Tokens.secret("dt_");
        return repository.setDebugToken(sessionId, Tokens.hash(token), clock.millis()) ? Optional.of(token) : Optional.empty();
    }

    /** A socket opened (its token already checked): it starts listening for its session's messages. */
    void opened(SessionConnection connection) {
        connection.subscription = bus.subscribe(connection.sessionId, connection::onBus);
    }

    /** A socket closed: it stops listening, and when it was the role's presence, the session learns it left. */
    void closed(SessionConnection connection) {
        try {
            if (connection.subscription != null) {
                connection.subscription.close();
            }
        } catch (Exception e) {
            log.debug("Unsubscribing a closed session socket failed", e);
        }
        if (connection.present) {
            connection.present = false;
            mutate(null, connection.sessionId, tx -> actor.left(tx, connection.role, connection.connectionId));
        }
    }

    /** A frame (a JSON object with a string type) from {@code connection}. */
    void received(SessionConnection connection, JsonNode frame) {
        Object prepared = actor.prepare(connection, frame); // Sealing and judging telemetry happen before the lock.
        mutate(connection, connection.sessionId, tx -> {
            if (connection.role != Role.DEBUG) {
                tx.debugEnvelope(DebugEnvelope.toServer(connection.role), redacted(frame));
            }
            actor.handle(tx, connection, frame, prepared);
        });
    }

    /** The frame as a debug viewer may see it: a secret command's value taken out. */
    private static JsonNode redacted(JsonNode frame) {
        if (frame.path("secret").asBoolean(false) && frame.path("args").has("value")) {
            tools.jackson.databind.node.ObjectNode copy = (tools.jackson.databind.node.ObjectNode) frame.deepCopy();
            ((tools.jackson.databind.node.ObjectNode) copy.get("args")).put("value", "[redacted]");
            return copy;
        }
        return frame;
    }

    /** Ends sessions whose client did not (re)connect in time, resolves timed-out yields, expires old sessions. */
    public void enforceDeadlines() {
        List<String> due;
        int batches = 0;
        do {
            due = repository.dueForDeadline(clock.millis(), DEADLINE_BATCH);
            for (String id : due) {
                mutate(null, id, actor::deadline);
            }
            // Bounded: a row that stays due (e.g. a stale connection count) must not keep this run going.
        } while (due.size() == DEADLINE_BATCH && ++batches < 10);
    }

    // ---- transactions ----------------------------------------------------------------------------

    /** Runs {@code body} on the locked session in one transaction, then sends what it produced. */
    private void mutate(SessionConnection from, String sessionId, Consumer<SessionTx> body) {
        ReentrantLock lock = locks[Math.floorMod(sessionId.hashCode(), locks.length)];
        lock.lock();
        try {
            long now = clock.millis();
            SessionTx tx = repository.db().write(h -> {
                Optional<SessionRecord> s = repository.lockAndLoad(h, sessionId);
                if (s.isEmpty()) {
                    return null;
                }
                SessionTx t = new SessionTx(repository, h, s.get(), now, from == null ? null : from.role);
                body.accept(t);
                if (t.s.state().isTerminal()) {
                    // What was said in an ended session is deleted with its key in the transaction that ended it.
                    repository.shred(h, sessionId);
                }
                return t;
            });
            if (tx == null) {
                log.debug("Session {} is gone", sessionId);
                return;
            }
            if (from != null) {
                if (tx.helloAnswer != null) {
                    from.answerHello(tx.helloAnswer, tx.helloReplayedUpTo);
                }
                tx.replies.forEach(from::reply);
                if (tx.closeCode != 0) {
                    from.close(tx.closeCode, tx.closeReason);
                }
            }
            tx.published.forEach(m -> bus.publish(m.sessionId(), m));
            if (tx.ended) {
                bus.publish(sessionId, new BusMessage.End(sessionId));
                log.info("Session {} of link {} ended {}{}", sessionId, tx.s.linkId(), tx.s.state().wire(),
                        tx.s.errorCode() == null ? "" : ": " + tx.s.errorCode() + " " + tx.s.errorReason());
            }
        } finally {
            lock.unlock();
        }
    }

    /** How many sessions have not ended yet (created, pending or active), on every node. */
    public long liveCount() {
        return repository.liveCount();
    }

    /** Every message stored for the worker and the client, opened (for diagnostics and tests). */
    public List<JsonNode> storedMessages(String sessionId) {
        return repository.db().read(h -> {
            List<JsonNode> all = new ArrayList<>();
            for (Role role : List.of(Role.WORKER, Role.CLIENT)) {
                repository.messagesAfter(h, sessionId, role, 0).forEach(m -> all.add(ProtocolJson.tree(m)));
            }
            return all;
        });
    }

    /** The session's outstanding command or yield, opened, if there is one. */
    Optional<JsonNode> pendingCommand(String sessionId) {
        return repository.db().read(h -> repository.load(h, sessionId)).map(SessionRecord::outstanding)
                .map(o -> Json.mapper().valueToTree(o));
    }
}
