package dev.passage.launcher.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.server.testing.TestServer;
import dev.passage.server.testing.WsClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A session's worker played by a test over a real websocket: commands one at a time, every message it
 * saw kept, for tests that drive a device runtime (the Java one or the extension) step by step.
 */
public final class ScriptedWorker implements AutoCloseable {
    public static final String RESULT = """
            {"paymentMethods":[{"order":0,"vendorId":"pm_1","last4":"4242","type":"credit_card","isDefault":true,"raw":{}}]}""";

    private final TestServer server;
    public final WsClient socket;
    public final List<String> seen = new ArrayList<>();
    public int next;

    /** Connects as the worker of {@code sessionId} and waits until the client is there. */
    public ScriptedWorker(TestServer server, String sessionId) {
        this.server = server;
        String token = server.launcher.ticket(sessionId).workerToken();
        socket = WsClient.connect(server.wsUri("/sessions/" + sessionId + "/ws?role=worker&token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8)));
        socket.send("{\"type\":\"worker.hello\"}");
        await("server.client_ready", null, Duration.ofSeconds(30));
    }

    /** Reads messages until one of {@code type} (and {@code id}, when given). */
    public JsonNode await(String type, String id, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode m = socket.poll(Duration.ofMillis(200));
            if (m == null) {
                continue;
            }
            List<JsonNode> all = m.path("type").asString().equals("server.replay")
                    ? m.path("messages").valueStream().toList() : List.of(m);
            for (JsonNode one : all) {
                seen.add(one.path("type").asString());
                if (one.path("type").asString().equals(type) && (id == null || id.equals(one.path("id").asString()))) {
                    return one;
                }
            }
        }
        throw new AssertionError("no " + type + " " + (id == null ? "" : id) + " within " + max.toSeconds() + " s; saw " + seen);
    }

    /** Sends command {@code name} (without waiting); answers its id. */
    public String send(String name, String args, boolean secret) {
        String id = "c" + (++next);
        socket.send("{\"type\":\"worker.command\",\"id\":\"" + id + "\",\"command\":\"" + name + "\",\"args\":" + args
                + (secret ? ",\"secret\":true" : "") + "}");
        return id;
    }

    /** Sends a command and answers its result message ({ok, result, error}). */
    public JsonNode command(String name, String args) {
        return await("server.command_result", send(name, args, false), Duration.ofSeconds(60));
    }

    /** The result of a command that must succeed. */
    public JsonNode ok(String name, String args) {
        JsonNode r = command(name, args);
        assertThat(r.path("ok").asBoolean()).as(name + " " + args + " → " + r).isTrue();
        return r.path("result");
    }

    /** The error code of a command that must be refused. */
    public String refused(String name, String args) {
        JsonNode r = command(name, args);
        assertThat(r.path("ok").asBoolean()).as(name + " " + args + " → " + r).isFalse();
        return r.path("error").path("code").asString();
    }

    /**
     * Yields to the person. The scripted server runs on a test clock, so an optional yield's timeout is
     * reached by waiting that long for real and then moving the clock past it.
     */
    public JsonNode yield(String conditions, boolean optional, long timeoutMs) {
        String id = "y" + (++next);
        socket.send("{\"type\":\"worker.yield_to_user\",\"id\":\"" + id + "\",\"conditions\":" + conditions
                + ",\"optional\":" + optional + ",\"timeout\":" + timeoutMs + "}");
        if (optional) {
            sleep(timeoutMs);
            server.clock.advance(Duration.ofMillis(timeoutMs + 1000));
        }
        return await("server.command_result", id, Duration.ofSeconds(45));
    }

    /** Completes the session with a result that fits a paymentMethod read. */
    public void complete() {
        socket.send("{\"type\":\"worker.complete\",\"result\":" + RESULT + "}");
    }

    /** A read-only debug viewer of {@code sessionId} that said hello: it sees every message of the session from now on. */
    public static WsClient debugViewer(TestServer server, String sessionId) {
        String token = server.passage.sessions().issueDebugToken(sessionId)
                .orElseThrow(() -> new AssertionError("no debug token for " + sessionId));
        WsClient viewer = WsClient.connect(server.wsUri("/sessions/" + sessionId + "/ws?role=debug&token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8)));
        viewer.send("{\"type\":\"debug.hello\"}");
        return viewer;
    }

    /** A JSON string literal of {@code s}. */
    public static String q(String s) {
        return tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(s).toString();
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
