package dev.passage.server.sessions;

import dev.passage.protocol.ClientMessage;
import dev.passage.protocol.CloseCodes;
import dev.passage.protocol.DebugMessage;
import dev.passage.protocol.ErrorBody;
import dev.passage.protocol.ErrorCode;
import dev.passage.protocol.FailureReason;
import dev.passage.protocol.ProtocolException;
import dev.passage.protocol.ProtocolJson;
import dev.passage.protocol.Role;
import dev.passage.protocol.ServerErrorCode;
import dev.passage.protocol.ServerMessage;
import dev.passage.protocol.SessionState;
import dev.passage.protocol.WorkerMessage;
import dev.passage.protocol.YieldCondition;
import dev.passage.server.config.PassageConfig;
import dev.passage.server.errors.OutsideText;
import dev.passage.server.errors.ValidationException;
import dev.passage.server.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the session does with each message and deadline (docs/protocol.md): every method works on a
 * {@link SessionTx}, the session as read under its lock in one transaction, and leaves what to send
 * in it. No state here: {@link SessionService} runs the transactions and delivers.
 */
final class SessionActor {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SessionActor.class);
    /** The error code of a secret command's result when the worker must send it again. */
    static final String REISSUE = "REISSUE";

    private final SessionRepository repository;
    private final SessionOutcomes outcomes;
    private final InjectionScripts scripts = new InjectionScripts();
    private final AllowedOrigins allowedOrigins;
    private final PassageConfig config;
    private final String nodeId;

    SessionActor(SessionRepository repository, SessionOutcomes outcomes, AllowedOrigins allowedOrigins, PassageConfig config,
                 String nodeId) {
        this.repository = repository;
        this.nodeId = nodeId;
        this.outcomes = outcomes;
        this.allowedOrigins = allowedOrigins;
        this.config = config;
    }

    /** A yield's judgment on the telemetry as read before the lock: valid while the session's telemetry is unchanged. */
    record YieldStart(String yieldId, long seq, long mark, String sealedUrl, Optional<ObjectNode> match) {}

    /**
     * The work a frame needs that can be done before its session is locked (docs/protocol.md, telemetry):
     * a {@code client.events} batch checked, sealed and judged for the outstanding yield; a
     * {@code worker.yield_to_user} judged on the stored telemetry. Null when there is none (or the frame
     * is invalid: its transaction refuses it). The transaction checks that what was read still holds.
     */
    Object prepare(SessionConnection from, JsonNode frame) {
        if (!from.helloAnswered()) {
            return null;
        }
        String type = frame.path("type").asString();
        try {
            if (from.role == Role.CLIENT && "client.events".equals(type)) {
                ClientMessage.Events events = (ClientMessage.Events) ProtocolJson.client(frame);
                SessionRecord s = repository.db().read(h -> repository.load(h, from.sessionId)).orElse(null);
                if (s == null || s.state().isTerminal()) {
                    return null;
                }
                TelemetryBatch batch = TelemetryBatch.prepare(s.id(), events.events(), repository.box(s.id()));
                return s.outstanding() instanceof Outstanding.Yield y ? batch.judgedFor(y, s.telemetryMark()) : batch;
            }
            if (from.role == Role.WORKER && "worker.yield_to_user".equals(type)) {
                WorkerMessage.YieldToUser y = (WorkerMessage.YieldToUser) ProtocolJson.worker(frame);
                return repository.db().read(h -> repository.load(h, from.sessionId)
                        .filter(s -> !s.state().isTerminal())
                        .map(s -> new YieldStart(y.id(), s.telemetrySeq(), s.telemetryMark(), s.sealedCurrentUrl(),
                                YieldJudge.firstMatch(y.conditions(), repository.currentUrl(h, s),
                                        repository.networkAfter(h, s.id(), s.telemetryMark()))))
                        .orElse(null));
            }
        } catch (ProtocolException e) {
            return null;
        }
        return null;
    }

    /** One frame (a JSON object with a string type) from {@code from}, with what {@link #prepare} made of it. */
    void handle(SessionTx tx, SessionConnection from, JsonNode frame, Object prepared) {
        String type = frame.path("type").asString();
        String id = idOf(frame);
        Object message;
        try {
            message = switch (from.role) {
                case WORKER -> ProtocolJson.worker(frame);
                case CLIENT -> ProtocolJson.client(frame);
                case DEBUG -> ProtocolJson.debug(frame);
            };
        } catch (ProtocolException e) {
            if (e.kind() == ProtocolException.Kind.UNKNOWN_TYPE && from.helloAnswered()) {
                refuse(tx, from, type, ServerErrorCode.UNKNOWN_TYPE, e.getMessage(), id);
            } else if (e.kind() == ProtocolException.Kind.UNKNOWN_TYPE) {
                refuse(tx, from, type, ServerErrorCode.HELLO_FIRST, helloFirst(from), id);
            } else {
                invalid(tx, from, type, e.getMessage(), id);
            }
            return;
        }
        switch (message) {
            case WorkerMessage.Hello h -> hello(tx, from, h.lastSeq());
            case ClientMessage.Hello h -> hello(tx, from, h.lastSeq());
            case DebugMessage.Hello h -> hello(tx, from, h.lastSeq());
            default -> {
                if (!from.helloAnswered()) {
                    refuse(tx, from, type, ServerErrorCode.HELLO_FIRST, helloFirst(from), id);
                } else if (tx.s.state().isTerminal()) {
                    refuse(tx, from, type, ServerErrorCode.SESSION_ENDED, "The session is " + tx.s.state().wire() + ".", id);
                } else {
                    act(tx, from, type, message, prepared);
                }
            }
        }
    }

    private void act(SessionTx tx, SessionConnection from, String type, Object message, Object prepared) {
        try {
            switch (message) {
                case WorkerMessage.RunCommand c -> command(tx, c);
                case WorkerMessage.YieldToUser y -> yieldToUser(tx, y, prepared instanceof YieldStart p ? p : null);
                case WorkerMessage.Complete c -> complete(tx, c.result());
                case WorkerMessage.Fail f -> end(tx, SessionState.FAILED, failure(f.error()), null);
                case ClientMessage.CommandResponse r -> commandResponse(tx, r);
                case ClientMessage.Events e -> events(tx, prepared instanceof TelemetryBatch b ? b
                        : TelemetryBatch.prepare(tx.s.id(), e.events(), repository.box(tx.s.id())));
                default -> throw new IllegalStateException("hellos are handled before");
            }
        } catch (ProtocolException e) {
            invalid(tx, from, type, e.getMessage(), null);
        }
    }

    /**
     * A message of a known type whose fields are wrong (a wrong type, an out-of-range number, an
     * unknown or missing field): the sender is told what, and its socket closes with 4000 and the same
     * reason; nothing of the message is taken. One log line, no trace: it is the sender's mistake.
     */
    private void invalid(SessionTx tx, SessionConnection from, String type, String problem, String id) {
        String reason = OutsideText.bound(type, 40) + ": " + problem;
        // A direct answer, not stored: the socket closes right after it, before stored messages go out.
        if (from.role == Role.WORKER) {
            tx.reply(ServerMessage.Error.of(ServerErrorCode.INVALID_MESSAGE, reason, id));
        } else if (from.role == Role.CLIENT) {
            tx.reply(new ServerMessage.Ack(type, false, id, null, new ErrorBody(ServerErrorCode.INVALID_MESSAGE.name(), reason)));
        }
        tx.closeSender(CloseCodes.BAD_MESSAGE, CloseCodes.reason(reason));
        log.info("Session {}: the {} sent an invalid message ({}); its socket is closed with 4000", tx.s.id(),
                from.role.wire(), reason);
    }

    private static String helloFirst(SessionConnection from) {
        return "Send " + from.role.wire() + ".hello before anything else.";
    }

    /** Tells the sender its message was not taken: {@code server.error} to a worker, an unaccepted ack to a client. */
    private void refuse(SessionTx tx, SessionConnection from, String type, ServerErrorCode code, String message, String id) {
        if (from.role == Role.WORKER && from.helloAnswered()) {
            tx.send(Role.WORKER, ServerMessage.Error.of(code, message, id));
        } else if (from.role == Role.WORKER) {
            tx.reply(ServerMessage.Error.of(code, message, id)); // Not stored: it answers a socket that has not joined.
        } else if (from.role == Role.CLIENT) {
            tx.reply(new ServerMessage.Ack(type, false, id, null, new ErrorBody(code.name(), message)));
        }
    }

    void hello(SessionTx tx, SessionConnection from, long lastSeq) {
        SessionRecord s = tx.s;
        if (from.role != Role.DEBUG && !s.state().isTerminal() && !from.present) {
            from.present = true;
            arrived(tx, from);
            s = tx.s;
        }
        ErrorBody error = s.errorCode() == null ? null : new ErrorBody(s.errorCode(), s.errorMessage(), s.errorReason());
        Long last = from.role == Role.DEBUG ? null : repository.lastSeq(tx.h, s.id(), from.role);
        ServerMessage.Hello hello = switch (from.role) {
            case WORKER -> new ServerMessage.Hello(s.id(), from.role, s.state(), s.linkId(), s.debug(), error,
                    s.integrationId(), s.clientConnections() > 0, s.operations(), null, null, null, last);
            case CLIENT -> new ServerMessage.Hello(s.id(), from.role, s.state(), s.linkId(), s.debug(), error,
                    null, null, null, s.interactive(), scripts.forSession(s.debug()), allowedOrigins.of(s.integrationId()), last);
            case DEBUG -> new ServerMessage.Hello(s.id(), from.role, s.state(), s.linkId(), s.debug(), error,
                    s.integrationId(), null, s.operations(), null, null, null, null);
        };
        List<ServerMessage> answers = new ArrayList<>();
        answers.add(hello);
        if (from.role != Role.DEBUG) {
            // An ended session's messages are gone with it: its hello says how it ended, and nothing more.
            answers.add(new ServerMessage.Replay(s.state().isTerminal() ? List.of()
                    : repository.messagesAfter(tx.h, s.id(), from.role, lastSeq)));
            answers.forEach(a -> tx.debugEnvelope(dev.passage.protocol.DebugEnvelope.fromServer(from.role), ProtocolJson.tree(a)));
        }
        tx.helloAnswer = answers;
        tx.helloReplayedUpTo = last == null ? 0 : last;
    }

    /** A worker or client said hello on a live session: it is present (a row of its own), and the state moves on. */
    private void arrived(SessionTx tx, SessionConnection from) {
        SessionRecord s = tx.s;
        Role role = from.role;
        boolean clientReturned = role == Role.CLIENT && repository.presence(tx.h, s.id(), Role.CLIENT) == 0;
        boolean workerWasAway = role == Role.WORKER && repository.presence(tx.h, s.id(), Role.WORKER) == 0;
        repository.addPresence(tx.h, from.connectionId, s.id(), role, nodeId, tx.now);
        int workers = repository.presence(tx.h, s.id(), Role.WORKER);
        int clients = repository.presence(tx.h, s.id(), Role.CLIENT);
        boolean workerJoinsClient = workerWasAway && clients > 0 && s.state() != SessionState.ACTIVE;
        SessionState state = workers > 0 && clients > 0 ? SessionState.ACTIVE : SessionState.PENDING;
        if (s.state() == SessionState.ACTIVE) {
            state = SessionState.ACTIVE; // Once active, a role that leaves does not make it pending again.
        }
        Long clientDeadline = role == Role.CLIENT ? null : s.clientDeadline();
        Long workerDeadline = role == Role.WORKER ? null : s.workerDeadline();
        repository.updateConnections(tx.h, s.id(), state, workers, clients, s.clientSeen() || role == Role.CLIENT,
                clientDeadline, workerDeadline, tx.now);
        tx.reload();
        if (clientReturned && tx.s.outstanding() instanceof Outstanding.Command c && c.secret()) {
            // Its value was never stored, so the replay cannot carry it: the worker sends it again.
            repository.updateOutstanding(tx.h, tx.s.id(), null, null, tx.s.interactive(), null, tx.now);
            tx.reload();
            tx.send(Role.WORKER, new ServerMessage.CommandResult(c.id(), false, null, JsonNodeFactory.instance.objectNode()
                    .put("code", REISSUE).put("message", "The client reconnected before it answered; send the command again."), 0));
        }
        if ((clientReturned && workers > 0) || workerJoinsClient) {
            tx.send(Role.WORKER, new ServerMessage.ClientReady(0));
        }
    }

    /**
     * A present socket went away (it closed, or its node died): a client has the reconnect grace to come
     * back, and so has a worker.
     */
    void left(SessionTx tx, Role role, String connectionId) {
        SessionRecord s = tx.s;
        if (!repository.removePresence(tx.h, connectionId)) {
            return; // Already gone (the session ended, or its node's sockets were reaped).
        }
        int workers = repository.presence(tx.h, s.id(), Role.WORKER);
        int clients = repository.presence(tx.h, s.id(), Role.CLIENT);
        boolean live = !s.state().isTerminal();
        boolean clientGone = role == Role.CLIENT && clients == 0 && live;
        boolean workerGone = role == Role.WORKER && workers == 0 && live;
        long grace = config.sessions().reconnectGrace().toMillis();
        Long clientDeadline = clientGone ? Long.valueOf(tx.now + grace) : s.clientDeadline();
        Long workerDeadline = workerGone ? Long.valueOf(tx.now + grace) : s.workerDeadline();
        repository.updateConnections(tx.h, s.id(), s.state(), workers, clients, s.clientSeen(),
                live ? clientDeadline : null, live ? workerDeadline : null, tx.now);
        tx.reload();
        if (clientGone) {
            tx.send(Role.WORKER, new ServerMessage.ClientDisconnected(0));
        }
    }

    /** The node that ran the session's worker stopped: the worker's steps died with it, so the session fails now. */
    void workerNodeStopped(SessionTx tx) {
        if (!tx.s.state().isTerminal()) {
            end(tx, SessionState.FAILED, error(ErrorCode.CONNECTION_FAILED,
                    "The server running this session stopped before it finished; open the link again.",
                    FailureReason.SERVER_RESTARTED), null);
        }
    }

    private void command(SessionTx tx, WorkerMessage.RunCommand c) {
        if (busy(tx, c.id())) {
            return;
        }
        repository.updateOutstanding(tx.h, tx.s.id(), new Outstanding.Command(c.id(), c.command().wire(), c.secret()), null,
                tx.s.interactive(), null, tx.now);
        tx.reload();
        ServerMessage.RunCommand relayed = new ServerMessage.RunCommand(c.id(), c.command(), c.args(), 0);
        if (c.secret()) {
            tx.sendSecret(relayed);
        } else {
            tx.send(Role.CLIENT, relayed);
        }
    }

    private void yieldToUser(SessionTx tx, WorkerMessage.YieldToUser y, YieldStart prepared) {
        if (busy(tx, y.id())) {
            return;
        }
        Long deadline = y.timeout() == null ? null : tx.now + y.timeout();
        repository.updateOutstanding(tx.h, tx.s.id(), new Outstanding.Yield(y.id(), y.optional(), ProtocolJson.tree(y.conditions())),
                deadline, true, null, tx.now);
        tx.reload();
        tx.send(Role.CLIENT, new ServerMessage.SetInteractive(true, 0));
        SessionRecord s = tx.s;
        boolean stillHolds = prepared != null && prepared.yieldId().equals(y.id()) && prepared.seq() == s.telemetrySeq()
                && prepared.mark() == s.telemetryMark() && Objects.equals(prepared.sealedUrl(), s.sealedCurrentUrl());
        // Telemetry that arrived between the read and the lock is rare: then the judgment is made again here.
        Optional<ObjectNode> match = stillHolds ? prepared.match() : YieldJudge.firstMatch(y.conditions(),
                repository.currentUrl(tx.h, s), repository.networkAfter(tx.h, s.id(), s.telemetryMark()));
        match.ifPresent(m -> finishYield(tx, y.id(), true, m, null));
    }

    /** One command at a time: a second one while one is outstanding gets {@code server.error}. */
    private boolean busy(SessionTx tx, String id) {
        Outstanding pending = tx.s.outstanding();
        if (pending == null) {
            return false;
        }
        tx.send(Role.WORKER, ServerMessage.Error.of(ServerErrorCode.COMMAND_IN_PROGRESS, "Command " + pending.id()
                + " is still outstanding; send one command at a time.", id));
        return true;
    }

    private void commandResponse(SessionTx tx, ClientMessage.CommandResponse r) {
        boolean matches = tx.s.outstanding() instanceof Outstanding.Command c && r.id().equals(c.id());
        if (matches) {
            repository.updateOutstanding(tx.h, tx.s.id(), null, null, tx.s.interactive(), null, tx.now);
            tx.reload();
            tx.send(Role.WORKER, new ServerMessage.CommandResult(r.id(), r.ok(), r.result(), boundedError(r.error()), 0));
        }
        tx.reply(new ServerMessage.Ack("client.command_response", matches, r.id(), null, null));
    }

    /**
     * A batch of telemetry: counted against the session's budget (past it the session fails and the
     * socket closes with 4008), its network events and current URL stored, and judged, on its own
     * events only, for the outstanding yield.
     */
    private void events(SessionTx tx, TelemetryBatch batch) {
        PassageConfig.Sessions limits = config.sessions();
        if (tx.s.telemetryEvents() + batch.accepted() > limits.telemetryMaxEvents()
                || tx.s.telemetryBytes() + batch.bytes() > limits.telemetryMaxBytes()) {
            tx.closeSender(CloseCodes.TELEMETRY_LIMIT, "telemetry budget exceeded");
            end(tx, SessionState.FAILED, error(ErrorCode.CONNECTION_FAILED, "The device sent more telemetry than one session may ("
                    + limits.telemetryMaxEvents() + " events or " + limits.telemetryMaxBytes() / 1024 + " KiB).",
                    FailureReason.TELEMETRY_LIMIT), null);
            return;
        }
        repository.appendTelemetry(tx.h, tx.s.id(), batch, tx.now);
        tx.reload();
        tx.reply(new ServerMessage.Ack("client.events", true, null, batch.accepted(), null));
        if (tx.s.outstanding() instanceof Outstanding.Yield y) {
            TelemetryBatch.Judged judged = batch.judged();
            boolean stillHolds = judged != null && judged.yieldId().equals(y.id()) && judged.mark() == tx.s.telemetryMark();
            (stillHolds ? judged.match() : batch.judge(y)).ifPresent(m -> finishYield(tx, y.id(), true, m, null));
        }
    }

    private void finishYield(SessionTx tx, String id, boolean ok, JsonNode result, JsonNode error) {
        repository.updateOutstanding(tx.h, tx.s.id(), null, null, false, tx.s.telemetrySeq(), tx.now);
        // The next yield judges only what comes after this one: what came before is never read again.
        repository.forgetTelemetryUpTo(tx.h, tx.s.id(), tx.s.telemetrySeq());
        tx.reload();
        tx.send(Role.WORKER, new ServerMessage.CommandResult(id, ok, result, error, 0));
        tx.send(Role.CLIENT, new ServerMessage.SetInteractive(false, 0));
    }

    private void complete(SessionTx tx, JsonNode result) {
        List<ValidationException.Issue> issues = outcomes.checkResult(tx.s.linkId(), result);
        if (!issues.isEmpty()) {
            tx.send(Role.WORKER, new ServerMessage.Error(ServerErrorCode.RESULT_VALIDATION_ERROR.name(),
                    "The result does not match the operations' result schemas.", null, Json.mapper().valueToTree(issues), 0));
            ValidationException.Issue first = issues.getFirst();
            end(tx, SessionState.FAILED, error(ErrorCode.RESULT_VALIDATION_ERROR,
                    "The automation's result does not match its schema: " + first.path() + " " + first.message(),
                    FailureReason.RESULT_INVALID), null);
            return;
        }
        end(tx, SessionState.COMPLETE, null, result);
    }

    void deadline(SessionTx tx) {
        SessionRecord s = tx.s;
        if (s.state().isTerminal()) {
            return;
        }
        if (s.expiresAt() <= tx.now) {
            end(tx, SessionState.EXPIRED, error(ErrorCode.CLIENT_TIMEOUT,
                    "The session ran out of time before the automation finished.", FailureReason.SESSION_TIMEOUT), null);
        } else if (s.workerDeadline() != null && s.workerDeadline() <= tx.now && s.workerConnections() == 0) {
            end(tx, SessionState.FAILED, error(ErrorCode.CONNECTION_FAILED,
                    "The automation lost its connection to the session and did not come back in time.",
                    FailureReason.CONNECTION_LOST), null);
        } else if (s.clientDeadline() != null && s.clientDeadline() <= tx.now && s.clientConnections() == 0) {
            if (s.clientSeen()) {
                end(tx, SessionState.FAILED, error(ErrorCode.CONNECTION_FAILED,
                        "The device lost its connection and did not come back in time.", FailureReason.CONNECTION_LOST), null);
            } else {
                end(tx, SessionState.FAILED, error(ErrorCode.CLIENT_TIMEOUT, "The device did not connect in time.",
                        FailureReason.DEVICE_TIMEOUT), null);
            }
        } else if (s.pendingDeadline() != null && s.pendingDeadline() <= tx.now && s.outstanding() != null) {
            Outstanding pending = s.outstanding();
            if (pending instanceof Outstanding.Yield y && y.optional()) {
                finishYield(tx, y.id(), true, JsonNodeFactory.instance.objectNode().put("matched", false), null);
            } else {
                finishYield(tx, pending.id(), false, null, JsonNodeFactory.instance.objectNode().put("code", "TIMEOUT")
                        .put("message", "The user did not finish within the yield's timeout."));
            }
        }
    }

    /**
     * Ends the session once (a compare-and-set on its state), tells the client, and has the link follow
     * in the same transaction: a session never ends without its link moving, nor the other way round.
     */
    void end(SessionTx tx, SessionState terminal, ErrorBody error, JsonNode result) {
        if (!repository.finish(tx.h, tx.s.id(), terminal, error, tx.now)) {
            return;
        }
        tx.reload();
        tx.send(Role.CLIENT, new ServerMessage.SessionEnd(terminal, error, 0));
        tx.ended = true;
        if (terminal == SessionState.COMPLETE) {
            outcomes.completed(tx.s.linkId(), tx.s.id(), result);
        } else {
            outcomes.failed(tx.s.linkId(), tx.s.id(), error);
        }
    }

    /** Ends a session whose claim is being undone, leaving its link to the claim (which puts it back). */
    void abandon(SessionTx tx, String message) {
        ErrorBody error = error(ErrorCode.INTERNAL_ERROR, message, FailureReason.INTERNAL_ERROR);
        if (repository.finish(tx.h, tx.s.id(), SessionState.FAILED, error, tx.now)) {
            tx.reload();
            tx.send(Role.CLIENT, new ServerMessage.SessionEnd(SessionState.FAILED, error, 0));
            tx.ended = true;
        }
    }

    /**
     * A worker's {@code worker.fail} as the link records it: a code outside docs/api.md §3's becomes
     * AUTOMATION_ERROR, a reason outside {@link FailureReason} the code's default reason.
     */
    static ErrorBody failure(ErrorBody given) {
        ErrorCode code = ErrorCode.parse(given.code()).orElse(ErrorCode.AUTOMATION_ERROR);
        FailureReason reason = FailureReason.parse(given.reason()).orElse(FailureReason.defaultFor(code));
        String message = OutsideText.bound(given.message(), OutsideText.MESSAGE);
        return new ErrorBody(code.name(), message != null ? message : "The automation failed.", reason.wire(),
                OutsideText.bound(given.details(), OutsideText.DETAILS));
    }

    /**
     * A client's error for a command as the worker gets it: its code and message only, bounded (a
     * device may put anything there, of any length).
     */
    private static JsonNode boundedError(JsonNode error) {
        if (error == null || !error.isObject()) {
            return error == null || error.isNull() ? null : JsonNodeFactory.instance.objectNode()
                    .put("message", OutsideText.bound(error.toString(), OutsideText.DETAILS));
        }
        ObjectNode bounded = JsonNodeFactory.instance.objectNode();
        String code = error.path("code").isString() ? OutsideText.bound(error.get("code").asString(), 64) : null;
        String message = error.path("message").isString()
                ? OutsideText.bound(error.get("message").asString(), OutsideText.DETAILS) : null;
        if (code != null) {
            bounded.put("code", code);
        }
        if (message != null) {
            bounded.put("message", message);
        }
        return bounded;
    }

    private static ErrorBody error(ErrorCode code, String message, FailureReason reason) {
        return new ErrorBody(code.name(), message, reason.wire());
    }

    private static String idOf(JsonNode message) {
        JsonNode id = message.get("id");
        return id != null && id.isString() ? id.asString() : null;
    }
}
