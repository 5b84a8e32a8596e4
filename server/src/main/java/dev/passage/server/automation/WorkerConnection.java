package dev.passage.server.automation;

import dev.passage.protocol.Command;
import dev.passage.protocol.ErrorBody;
import dev.passage.protocol.FailureReason;
import dev.passage.protocol.Role;
import dev.passage.protocol.ServerErrorCode;
import dev.passage.protocol.ServerMessage;
import dev.passage.protocol.SessionSocket;
import dev.passage.protocol.WorkerMessage;
import dev.passage.protocol.YieldCondition;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The hosted worker's socket on its session: sends one command or yield at a time and waits (on the
 * injected clock) for its answer, taking the replay after a hello in stride. Knows nothing of
 * automations.
 */
final class WorkerConnection implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(100);
    /** The code of a secret command's result that asks for it again (the client reconnected before answering). */
    static final String REISSUE = "REISSUE";
    private static final int MAX_REISSUES = 5;

    /** A step that cannot be done: the session fails with AUTOMATION_ERROR, this message and this reason. */
    static final class StepFailure extends RuntimeException {
        private final FailureReason reason;
        private final String details;

        StepFailure(String message) {
            this(message, FailureReason.AUTOMATION_FAILED);
        }

        StepFailure(String message, FailureReason reason) {
            this(message, reason, null);
        }

        /** {@code message} in Passage's own words; {@code details} what the device or the page said, or null. */
        StepFailure(String message, FailureReason reason, String details) {
            super(message, null, false, false);
            this.reason = reason;
            this.details = details == null || details.isBlank() ? null : details;
        }

        FailureReason reason() {
            return reason;
        }

        String details() {
            return details;
        }
    }

    /** The session ended (or the socket closed) while the worker was waiting: nothing more to send. */
    static final class SessionGone extends RuntimeException {
        SessionGone(String message) {
            super(message, null, false, false);
        }
    }

    private final SessionSocket socket;
    private final Clock clock;
    private final Duration commandTimeout;
    private int nextId;

    private WorkerConnection(SessionSocket socket, Clock clock, Duration commandTimeout) {
        this.socket = socket;
        this.clock = clock;
        this.commandTimeout = commandTimeout;
    }

    static WorkerConnection open(HttpClient http, URI websocketUrl, String workerToken, Clock clock, Duration commandTimeout) {
        return new WorkerConnection(SessionSocket.connect(http, websocketUrl, Role.WORKER, workerToken, Duration.ofSeconds(10)),
                clock, commandTimeout);
    }

    /** Says hello (from the start) and returns the server's hello. */
    ServerMessage.Hello hello() {
        send(new WorkerMessage.Hello(0));
        return (ServerMessage.Hello) await(null, ServerMessage.Hello.class, 0, "worker.hello");
    }

    /** Runs one command on the device; its result (ok or not). */
    ServerMessage.CommandResult command(Command command, JsonNode args) {
        return command(command, args, false);
    }

    /**
     * Runs one command; with {@code secret} its value is never stored by the server, so when the client
     * reconnects before answering, the server asks for it again and it is sent again.
     */
    ServerMessage.CommandResult command(Command command, JsonNode args, boolean secret) {
        for (int sent = 1; ; sent++) {
            String id = id();
            send(new WorkerMessage.RunCommand(id, command, args, secret));
            ServerMessage.CommandResult result = (ServerMessage.CommandResult) await(id, ServerMessage.CommandResult.class, 0,
                    command.wire());
            boolean reissue = secret && !result.ok() && result.error() != null
                    && REISSUE.equals(result.error().path("code").asString(""));
            if (!reissue || sent == MAX_REISSUES) {
                return result;
            }
        }
    }

    /** Hands the page to the person until a condition holds or {@code timeoutMillis} passes ({@code matched: false}). */
    ServerMessage.CommandResult yieldToUser(List<YieldCondition> conditions, long timeoutMillis) {
        String id = id();
        send(new WorkerMessage.YieldToUser(id, conditions, true, timeoutMillis));
        return (ServerMessage.CommandResult) await(id, ServerMessage.CommandResult.class, timeoutMillis, "worker.yield_to_user");
    }

    void complete(JsonNode result) {
        send(new WorkerMessage.Complete(result));
    }

    void fail(String code, String message, FailureReason reason, String details) {
        send(new WorkerMessage.Fail(new ErrorBody(code, message, reason.wire(), details)));
    }

    /** Waits up to {@code max} for the server to close the socket after the session's end. */
    void awaitClose(Duration max) {
        long deadline = clock.millis() + max.toMillis();
        try {
            while (!socket.isClosed() && clock.millis() < deadline) {
                ServerMessage in = socket.poll(POLL);
                if (in instanceof ServerMessage.Error e) {
                    throw new SessionGone("the server refused the worker's last message: " + e.code());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(Object message) {
        if (!socket.send(message)) {
            throw new SessionGone("socket closed");
        }
    }

    private String id() {
        return "w" + (++nextId);
    }

    /** The answer to {@code id} (or, with no id, the first message of {@code type}). */
    private ServerMessage await(String id, Class<? extends ServerMessage> type, long extraMillis, String what) {
        long deadline = clock.millis() + commandTimeout.toMillis() + extraMillis;
        while (clock.millis() < deadline) {
            ServerMessage in;
            try {
                in = socket.poll(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SessionGone("interrupted");
            }
            if (in == null) {
                if (socket.isClosed()) {
                    throw new SessionGone("socket closed");
                }
                continue;
            }
            switch (in) {
                case ServerMessage.Replay r -> socket.requeue(r.messages());
                case ServerMessage.CommandResult r when id != null && id.equals(r.id()) -> {
                    return r;
                }
                case ServerMessage.Error e when ServerErrorCode.SESSION_ENDED.name().equals(e.code()) ->
                        throw new SessionGone("session ended");
                case ServerMessage.Error e when id != null && id.equals(e.id()) ->
                        throw new StepFailure("The server refused " + id + ": " + e.message());
                default -> {
                    if (id == null && type.isInstance(in)) {
                        return in;
                    }
                }
            }
        }
        throw new StepFailure("No answer to " + what + " within " + commandTimeout.toSeconds() + " s.");
    }

    @Override
    public void close() {
        socket.close("worker done");
    }
}
