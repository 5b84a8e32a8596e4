package dev.passage.server.testing;

import dev.passage.server.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;

/** A real websocket client (JDK) for tests: collects text messages and the close code, every wait bounded. */
public final class WsClient implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private WebSocket socket;

    private WsClient() {}

    /** Connects to {@code uri}; fails the test when the upgrade is refused. */
    public static WsClient connect(URI uri) {
        WsClient client = new WsClient();
        try {
            client.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(uri, client.listener()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("websocket upgrade to " + uri.getPath() + " failed: " + e, e);
        }
        return client;
    }

    /** The HTTP status with which the server refused the upgrade to {@code uri}; fails when it accepted. */
    public static int refusal(URI uri) {
        try {
            WebSocket ws = HTTP.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {})
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            ws.abort();
            throw new AssertionError("the upgrade to " + uri.getPath() + " was accepted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw new AssertionError("the upgrade failed without an HTTP answer: " + e.getCause(), e);
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    messages.add(Json.mapper().readTree(partial.toString()));
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.complete(-1);
            }
        };
    }

    public WsClient send(String text) {
        try {
            socket.sendText(text, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("send failed: " + e, e);
        }
        return this;
    }

    /** Sends unless the socket has closed meanwhile; whether it was sent. */
    public boolean trySend(String text) {
        try {
            socket.sendText(text, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            return false;
        }
    }

    public WsClient send(JsonNode message) {
        return send(Json.mapper().writeValueAsString(message));
    }

    /** The next message; fails after {@link #WAIT}. */
    public JsonNode next() {
        try {
            JsonNode m = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null) {
                throw new AssertionError("no message within " + WAIT + "; seen so far: " + seen);
            }
            seen.add(m);
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next message, which must be of {@code type}. */
    public JsonNode next(String type) {
        JsonNode m = next();
        if (!type.equals(m.path("type").asString())) {
            throw new AssertionError("expected " + type + " but got " + m + "; seen: " + seen);
        }
        return m;
    }

    /** Skips messages until one of {@code type}; fails after {@link #WAIT} per message. */
    public JsonNode until(String type) {
        for (int i = 0; i < 200; i++) {
            JsonNode m = next();
            if (type.equals(m.path("type").asString())) {
                return m;
            }
        }
        throw new AssertionError("no " + type + " in 200 messages");
    }

    /** A message received within {@code within}, or null. */
    public JsonNode poll(Duration within) {
        try {
            JsonNode m = messages.poll(within.toMillis(), TimeUnit.MILLISECONDS);
            if (m != null) {
                seen.add(m);
            }
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The close code the server sent; fails when it did not close within {@link #WAIT}. */
    public int closeCode() {
        try {
            return closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException | CompletionException e) {
            throw new AssertionError("the server did not close the socket: " + e, e);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (socket != null && !closed.isDone()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                socket.abort();
            }
        }
    }

    /** Drops the connection without a close handshake, like a device losing its network. */
    public void abort() {
        socket.abort();
    }
}
