package dev.passage.bench;

import dev.passage.protocol.ClientMessage;
import dev.passage.protocol.Command;
import dev.passage.protocol.Role;
import dev.passage.protocol.ServerMessage;
import dev.passage.protocol.SessionSocket;
import dev.passage.protocol.SessionState;
import dev.passage.server.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The device (client role) of one session, scripted for the hosted worker's tmobile paymentMethod.read
 * automation: it answers {@code navigate} with a 200, the failure detectors' {@code evaluate} with
 * nothing found, the extraction with one card, every other command with success, and "logs in"
 * (a navigation to the logged-in URL) some time after the login yield starts. With {@code failNavigate}
 * it answers the first navigate with an error, and the session fails (AUTOMATION_ERROR).
 */
final class ScriptedDevice {
    /** How a session went for the device. */
    enum Outcome {
        /** The server said the session ended: complete. */
        COMPLETE,
        /** The server said the session ended: failed or expired. */
        FAILED,
        /** The socket went away without a session end (the server was killed under it). */
        INTERRUPTED,
        /** The socket could not be opened (the server was down). */
        UNREACHABLE,
        /** The bound ran out first. */
        TIMED_OUT
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ArrayNode ONE_CARD = (ArrayNode) Json.mapper().readTree("""
            [{"order":0,"vendorId":"pm_soak","last4":"4242","type":"credit_card","isDefault":true,"raw":{}}]""");

    private final HttpClient http;

    ScriptedDevice(HttpClient http) {
        this.http = http;
    }

    /** Runs the device side of one session until it ends, its socket goes or {@code max} passes. */
    Outcome run(String websocketUrl, String clientToken, Duration loginAfter, boolean failNavigate, String loggedInUrl,
                Duration max) throws InterruptedException {
        SessionSocket socket;
        try {
            socket = SessionSocket.connect(http, URI.create(websocketUrl), Role.CLIENT, clientToken, Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            return Outcome.UNREACHABLE;
        }
        try (socket) {
            if (!socket.send(new ClientMessage.Hello(0))) {
                return Outcome.INTERRUPTED;
            }
            long deadline = System.nanoTime() + max.toNanos();
            long loginAt = Long.MAX_VALUE;
            boolean loggedIn = false;
            boolean navigateFailed = false;
            while (System.nanoTime() < deadline) {
                if (!loggedIn && System.nanoTime() >= loginAt) {
                    loggedIn = true;
                    socket.send(new ClientMessage.Events(List.of(NODES.objectNode().put("type", "navigation").put("url", loggedInUrl))));
                }
                ServerMessage m = socket.poll(Duration.ofMillis(50));
                if (m == null) {
                    if (socket.isClosed()) {
                        return Outcome.INTERRUPTED;
                    }
                    continue;
                }
                switch (m) {
                    case ServerMessage.Hello h when h.ended() -> {
                        return h.state() == SessionState.COMPLETE ? Outcome.COMPLETE : Outcome.FAILED;
                    }
                    case ServerMessage.Replay r -> socket.requeue(r.messages());
                    case ServerMessage.SessionEnd e -> {
                        return e.state() == SessionState.COMPLETE ? Outcome.COMPLETE : Outcome.FAILED;
                    }
                    case ServerMessage.SetInteractive si -> {
                        if (si.interactive() && loginAt == Long.MAX_VALUE) {
                            loginAt = System.nanoTime() + loginAfter.toNanos();
                        }
                    }
                    case ServerMessage.RunCommand c -> {
                        if (failNavigate && c.command() == Command.NAVIGATE && !navigateFailed) {
                            navigateFailed = true;
                            socket.send(ClientMessage.CommandResponse.failure(c.id(), "NAVIGATION_FAILED", "net::ERR_CONNECTION_RESET"));
                        } else {
                            socket.send(ClientMessage.CommandResponse.success(c.id(), answer(c)));
                        }
                    }
                    default -> { }
                }
            }
            return Outcome.TIMED_OUT;
        }
    }

    private static JsonNode answer(ServerMessage.RunCommand c) {
        return switch (c.command()) {
            case NAVIGATE -> NODES.objectNode().put("url", c.args().path("url").asString("")).put("status", 200);
            // The extractor: a failure check finds nothing; a list extraction finds the one card.
            case EVALUATE -> c.args().path("arg").has("list") ? ONE_CARD.deepCopy() : NODES.nullNode();
            default -> NODES.nullNode();
        };
    }
}
