package dev.passage.device;

import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A websocket listener for the session protocol: joins each message's text frames, queues it as JSON
 * for the thread that handles it, and says once the socket is gone. Used by both ends that speak the
 * protocol from Java: the device runtime and the server's hosted worker.
 */
public final class JsonMessages implements WebSocket.Listener {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BlockingQueue<JsonNode> inbox;
    private final Runnable onGone;
    private final StringBuilder partial = new StringBuilder();

    /** Queues messages on {@code inbox}; runs {@code onGone} when the socket closes or fails. */
    public JsonMessages(BlockingQueue<JsonNode> inbox, Runnable onGone) {
        this.inbox = inbox;
        this.onGone = onGone;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                inbox.add(JSON.readTree(partial.toString()));
            } catch (RuntimeException ignored) {
                // Not JSON: the server never sends that; drop it.
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        onGone.run();
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        onGone.run();
    }
}
