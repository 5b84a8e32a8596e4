package dev.passage.server.sessions;

import dev.passage.server.config.PassageConfig;
import dev.passage.server.errors.ValidationException;
import dev.passage.server.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the session does with each message and deadline (SPEC §7): every method works on a
 * {@link SessionTx}, the session as read under its lock in one transaction, and leaves what to send
 * in it. No state here: {@link SessionService} runs the transactions and delivers.
 */
final class SessionActor {
    private static final Set<String> ERROR_CODES = Set.of("AUTOMATION_ERROR", "CLIENT_TIMEOUT", "CONNECTION_FAILED",
            "UNKNOWN_PROVIDER", "RESULT_VALIDATION_ERROR", "INTERNAL_ERROR");
    private static final int MAX_EVENTS_PER_BATCH = 1000;

    private final SessionRepository repository;
    private final SessionOutcomes outcomes;
    private final InjectionScripts scripts = new InjectionScripts();
    private final PassageConfig config;

    SessionActor(SessionRepository repository, SessionOutcomes outcomes, PassageConfig config) {
        this.repository = repository;
        this.outcomes = outcomes;
        this.config = config;
    }


    void handle(SessionTx tx, SessionConnection from, JsonNode message, String type) {
        Inbound inbound;
        try {
            inbound = Inbound.parse(from.role, type, message);
        } catch (ProtocolException e) {
            refuse(tx, from, type, "INVALID_MESSAGE", type + ": " + e.getMessage(), idOf(message));
            return;
        }
        if (inbound instanceof Inbound.Hello hello) {
            hello(tx, from, hello.lastSeq());
            return;
        }
        if (!from.helloAnswered()) {
            refuse(tx, from, type, "HELLO_FIRST", "Send " + from.role.wire() + ".hello before anything else.", idOf(message));
            return;
        }
        if (from.role == Role.DEBUG) {
            return; // Debug is read-only.
        }
        if (tx.s.state().isTerminal()) {
            refuse(tx, from, type, "SESSION_ENDED", "The session is " + tx.s.state().wire() + ".", idOf(message));
            return;
        }
        try {
            switch (inbound) {
                case Inbound.Command c -> command(tx, c);
                case Inbound.YieldToUser y -> yieldToUser(tx, y);
                case Inbound.Complete c -> complete(tx, c.result());
                case Inbound.Fail f -> end(tx, SessionState.FAILED,
                        f.code() != null && ERROR_CODES.contains(f.code()) ? f.code() : "AUTOMATION_ERROR",
                        f.message() != null ? f.message() : "The automation failed.", null, true);
                case Inbound.CommandResponse r -> commandResponse(tx, r);
                case Inbound.Events e -> events(tx, e.events());
                case Inbound.Unknown u -> refuse(tx, from, type, "UNKNOWN_TYPE",
                        "A " + from.role.wire() + " does not send " + u.type() + ".", idOf(message));
                case Inbound.Hello h -> throw new IllegalStateException("handled above");
            }
        } catch (ProtocolException e) {
            refuse(tx, from, type, "INVALID_MESSAGE", type + ": " + e.getMessage(), idOf(message));
        }
    }

    /** Tells the sender its message was not taken: {@code server.error} to a worker, an unaccepted ack to a client. */
    private void refuse(SessionTx tx, SessionConnection from, String type, String code, String message, String id) {
        if (from.role == Role.WORKER && from.helloAnswered()) {
            tx.send(Role.WORKER, ServerMessages.error(code, message, id));
        } else if (from.role == Role.WORKER) {
            tx.reply(ServerMessages.error(code, message, id)); // Not stored: it answers a socket that has not joined.
        } else if (from.role == Role.CLIENT) {
            ObjectNode ack = ServerMessages.ack(type, -1, id, false);
            ack.set("error", ServerMessages.errorObject(code, message));
            tx.reply(ack);
        }
    }

    void hello(SessionTx tx, SessionConnection from, long lastSeq) {
        SessionRecord s = tx.s;
        if (from.role != Role.DEBUG && !s.state().isTerminal() && !from.present) {
            from.present = true;
            arrived(tx, from.role);
            s = tx.s;
        }
        ObjectNode hello = ServerMessages.of("server.hello")
                .put("sessionId", s.id()).put("role", from.role.wire()).put("state", s.state().wire())
                .put("linkId", s.linkId()).put("debug", s.debug());
        hello.set("error", s.errorCode() == null ? JsonNodeFactory.instance.nullNode()
                : ServerMessages.errorObject(s.errorCode(), s.errorMessage()));
        List<JsonNode> answers = new ArrayList<>();
        answers.add(hello);
        long replayedUpTo = 0;
        switch (from.role) {
            case WORKER -> hello.put("integrationId", s.integrationId()).put("clientConnected", s.clientConnections() > 0)
                    .set("operations", s.operations());
            case CLIENT -> hello.put("interactive", s.interactive()).set("scripts", scripts.forSession(s.debug()));
            case DEBUG -> hello.put("integrationId", s.integrationId()).set("operations", s.operations());
        }
        if (from.role != Role.DEBUG) {
            replayedUpTo = repository.lastSeq(tx.h, s.id(), from.role);
            hello.put("lastSeq", replayedUpTo);
            ObjectNode replay = ServerMessages.of("server.replay");
            ArrayNode messages = replay.putArray("messages");
            repository.messagesAfter(tx.h, s.id(), from.role, lastSeq).forEach(messages::add);
            answers.add(replay);
        }
        if (from.role != Role.DEBUG) {
            answers.forEach(a -> tx.debugEnvelope("server_to_" + from.role.wire(), a));
        }
        tx.helloAnswer = answers;
        tx.helloReplayedUpTo = replayedUpTo;
    }

    /** A worker or client said hello on a live session: count it, and move the state on. */
    private void arrived(SessionTx tx, Role role) {
        SessionRecord s = tx.s;
        int workers = s.workerConnections() + (role == Role.WORKER ? 1 : 0);
        int clients = s.clientConnections() + (role == Role.CLIENT ? 1 : 0);
        boolean clientReturned = role == Role.CLIENT && s.clientConnections() == 0;
        boolean workerJoinsClient = role == Role.WORKER && s.workerConnections() == 0 && clients > 0
                && s.state() != SessionState.ACTIVE;
        SessionState state = workers > 0 && clients > 0 ? SessionState.ACTIVE : SessionState.PENDING;
        if (s.state() == SessionState.ACTIVE) {
            state = SessionState.ACTIVE; // Once active, a role that leaves does not make it pending again.
        }
        Long clientDeadline = role == Role.CLIENT ? null : s.clientDeadline();
        repository.updateConnections(tx.h, s.id(), state, workers, clients, s.clientSeen() || role == Role.CLIENT,
                clientDeadline, tx.now);
        tx.reload();
        if ((clientReturned && workers > 0) || workerJoinsClient) {
            tx.send(Role.WORKER, ServerMessages.of("server.client_ready"));
        }
    }

    /** A present worker or client went away. A client has the reconnect grace to come back. */
    void left(SessionTx tx, Role role) {
        SessionRecord s = tx.s;
        int workers = Math.max(0, s.workerConnections() - (role == Role.WORKER ? 1 : 0));
        int clients = Math.max(0, s.clientConnections() - (role == Role.CLIENT ? 1 : 0));
        Long clientDeadline = s.clientDeadline();
        boolean clientGone = role == Role.CLIENT && clients == 0 && !s.state().isTerminal();
        if (clientGone) {
            clientDeadline = tx.now + config.sessions().reconnectGrace().toMillis();
        }
        repository.updateConnections(tx.h, s.id(), s.state(), workers, clients, s.clientSeen(),
                s.state().isTerminal() ? null : clientDeadline, tx.now);
        tx.reload();
        if (clientGone) {
            tx.send(Role.WORKER, ServerMessages.of("server.client_disconnected"));
        }
    }

    private void command(SessionTx tx, Inbound.Command c) {
        if (busy(tx, c.id())) {
            return;
        }
        ObjectNode pending = JsonNodeFactory.instance.objectNode().put("kind", "command").put("id", c.id())
                .put("command", c.command());
        repository.updatePending(tx.h, tx.s.id(), pending, null, tx.s.interactive(), null, tx.now);
        tx.reload();
        tx.send(Role.CLIENT, ServerMessages.command(c.id(), c.command(), c.args()));
    }

    private void yieldToUser(SessionTx tx, Inbound.YieldToUser y) {
        YieldCondition.parseAll(y.conditions()); // Refuses bad conditions before anything changes.
        if (busy(tx, y.id())) {
            return;
        }
        ObjectNode pending = JsonNodeFactory.instance.objectNode().put("kind", "yield").put("id", y.id())
                .put("optional", y.optional());
        pending.set("conditions", y.conditions());
        Long deadline = y.timeoutMillis() == null ? null : tx.now + y.timeoutMillis();
        repository.updatePending(tx.h, tx.s.id(), pending, deadline, true, null, tx.now);
        tx.reload();
        tx.send(Role.CLIENT, ServerMessages.setInteractive(true));
        resolveYieldIfMet(tx);
    }

    /** One command at a time: a second one while one is outstanding gets {@code server.error}. */
    private boolean busy(SessionTx tx, String id) {
        JsonNode pending = tx.s.pendingCommand();
        if (pending == null) {
            return false;
        }
        tx.send(Role.WORKER, ServerMessages.error("COMMAND_IN_PROGRESS", "Command " + pending.path("id").asString()
                + " is still outstanding; send one command at a time.", id));
        return true;
    }

    private void commandResponse(SessionTx tx, Inbound.CommandResponse r) {
        JsonNode pending = tx.s.pendingCommand();
        boolean matches = pending != null && "command".equals(pending.path("kind").asString())
                && r.id().equals(pending.path("id").asString());
        if (matches) {
            repository.updatePending(tx.h, tx.s.id(), null, null, tx.s.interactive(), null, tx.now);
            tx.reload();
            tx.send(Role.WORKER, ServerMessages.commandResult(r.id(), r.ok(), r.result(), r.error()));
        }
        tx.reply(ServerMessages.ack("client.command_response", -1, r.id(), matches));
    }

    private void events(SessionTx tx, JsonNode events) {
        int stored = 0;
        for (JsonNode event : events) {
            if (stored == MAX_EVENTS_PER_BATCH) {
                break;
            }
            if (event.isObject() && event.path("type").isString()) {
                repository.appendTelemetry(tx.h, tx.s.id(), event, tx.now);
                stored++;
            }
        }
        tx.reload();
        tx.reply(ServerMessages.ack("client.events", stored, null, true));
        resolveYieldIfMet(tx);
    }

    /** Resolves the outstanding yield when one of its conditions holds on the telemetry so far. */
    private void resolveYieldIfMet(SessionTx tx) {
        JsonNode pending = tx.s.pendingCommand();
        if (pending == null || !"yield".equals(pending.path("kind").asString())) {
            return;
        }
        List<YieldCondition> conditions = YieldCondition.parseAll(pending.get("conditions"));
        YieldCondition.firstMatch(conditions, repository.telemetry(tx.h, tx.s.id()), tx.s.telemetryMark())
                .ifPresent(match -> finishYield(tx, pending.path("id").asString(), true, match, null));
    }

    private void finishYield(SessionTx tx, String id, boolean ok, JsonNode result, JsonNode error) {
        repository.updatePending(tx.h, tx.s.id(), null, null, false, tx.s.telemetrySeq(), tx.now);
        tx.reload();
        tx.send(Role.WORKER, ServerMessages.commandResult(id, ok, result, error));
        tx.send(Role.CLIENT, ServerMessages.setInteractive(false));
    }

    private void complete(SessionTx tx, JsonNode result) {
        List<ValidationException.Issue> issues = outcomes.checkResult(tx.s.linkId(), result);
        if (!issues.isEmpty()) {
            ObjectNode error = ServerMessages.error("RESULT_VALIDATION_ERROR", "The result does not match the "
                    + "operations' result schemas.", null);
            error.set("issues", Json.mapper().valueToTree(issues));
            tx.send(Role.WORKER, error);
            ValidationException.Issue first = issues.getFirst();
            end(tx, SessionState.FAILED, "RESULT_VALIDATION_ERROR",
                    "The automation's result does not match its schema: " + first.path() + " " + first.message(), null, true);
            return;
        }
        end(tx, SessionState.COMPLETE, null, null, result, true);
    }

    void deadline(SessionTx tx) {
        SessionRecord s = tx.s;
        if (s.state().isTerminal()) {
            return;
        }
        if (s.expiresAt() <= tx.now) {
            end(tx, SessionState.EXPIRED, "CLIENT_TIMEOUT", "The session ran out of time before the automation finished.",
                    null, true);
        } else if (s.clientDeadline() != null && s.clientDeadline() <= tx.now && s.clientConnections() == 0) {
            if (s.clientSeen()) {
                end(tx, SessionState.FAILED, "CONNECTION_FAILED",
                        "The device lost its connection and did not come back in time.", null, true);
            } else {
                end(tx, SessionState.FAILED, "CLIENT_TIMEOUT", "The device did not connect in time.", null, true);
            }
        } else if (s.pendingDeadline() != null && s.pendingDeadline() <= tx.now && s.pendingCommand() != null) {
            JsonNode pending = s.pendingCommand();
            String id = pending.path("id").asString();
            if (pending.path("optional").asBoolean(false)) {
                finishYield(tx, id, true, JsonNodeFactory.instance.objectNode().put("matched", false), null);
            } else {
                finishYield(tx, id, false, null,
                        ServerMessages.errorObject("TIMEOUT", "The user did not finish within the yield's timeout."));
            }
        }
    }

    /** Ends the session once (a compare-and-set on its state), tells the client, and has the link follow. */
    void end(SessionTx tx, SessionState terminal, String code, String message, JsonNode result, boolean linkFollows) {
        if (!repository.finish(tx.h, tx.s.id(), terminal, code, message, result, !linkFollows, tx.now)) {
            return;
        }
        tx.reload();
        tx.send(Role.CLIENT, ServerMessages.sessionEnd(terminal, code, message));
        tx.ended = true;
        if (linkFollows) {
            var ended = new SessionRepository.Unsettled(tx.s.id(), tx.s.linkId(), terminal, code, message, result);
            tx.afterCommit.add(() -> settle(ended));
        }
    }

    /** Moves the link of an ended session (idempotent: the link's compare-and-set does it once), then records that it did. */
    void settle(SessionRepository.Unsettled ended) {
        if (ended.state() == SessionState.COMPLETE) {
            outcomes.completed(ended.linkId(), ended.id(), ended.result());
        } else {
            outcomes.failed(ended.linkId(), ended.id(), ended.code(), ended.message());
        }
        repository.markLinkSettled(ended.id());
    }

    private static String idOf(JsonNode message) {
        JsonNode id = message.get("id");
        return id != null && id.isString() ? id.asString() : null;
    }
}
