package dev.passage.protocol;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One role's socket on a session ({@code …/sessions/:id/ws?role=…&token=…}), as the Java ends of the
 * protocol use it: the device runtime (client) and the server's hosted worker. What arrives is read
 * as {@link ServerMessage}s and queued for the one thread that handles them; what is sent is one
 * record per frame, one frame at a time.
 */
public final class SessionSocket implements AutoCloseable {
    private final BlockingQueue<ServerMessage> inbox = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    private volatile int closeCode = -1;
    private WebSocket socket;
    /** When the last frame (message or pong) came, and when the last ping went out unanswered (0: none). */
    private volatile long heardAt = System.nanoTime();
    private volatile long pingSentAt;

    private SessionSocket() {}

    /** Connects as {@code role} with {@code token}; throws when the upgrade is refused or times out. */
    public static SessionSocket connect(HttpClient http, URI websocketUrl, Role role, String token, Duration timeout) {
        SessionSocket s = new SessionSocket();
        URI uri = URI.create(websocketUrl + "?role=" + role.wire() + "&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        s.socket = http.newWebSocketBuilder().connectTimeout(timeout).buildAsync(uri, s.new Listener()).join();
        return s;
    }

    /** The next message, waiting up to {@code wait}; null when none came. */
    public ServerMessage poll(Duration wait) throws InterruptedException {
        return inbox.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next message if one is queued, else null. */
    public ServerMessage poll() {
        return inbox.poll();
    }

    /** Whether messages are queued. */
    public boolean hasMessages() {
        return !inbox.isEmpty();
    }

    /** Puts messages back at the end of the queue (a replay's messages, handled in turn). */
    public void requeue(Iterable<? extends ServerMessage> messages) {
        messages.forEach(inbox::add);
    }

    /** Whether the socket has closed (either side) or failed. */
    public boolean isClosed() {
        return closed;
    }

    /** The close code the server sent, or -1 while open or when the socket failed without one. */
    public int closeCode() {
        return closeCode;
    }

    /** Sends one message (a {@link WorkerMessage} or {@link ClientMessage}); false when the socket is closed. */
    public synchronized boolean send(Object message) {
        if (closed || socket.isOutputClosed()) {
            return false;
        }
        socket.sendText(ProtocolJson.text(message), true).join();
        return true;
    }

    /**
     * Keeps a quiet socket honest: after {@code every} without a frame from the server it sends a
     * ping, and a ping unanswered for {@code deadAfter} means the connection is gone (a network that
     * dropped without a FIN or a RST reaching this end), so the socket is aborted and counts as
     * closed. Call it from the loop that polls; false once the socket is closed.
     */
    public synchronized boolean keepAlive(Duration every, Duration deadAfter) {
        if (closed || socket.isOutputClosed()) {
            return false;
        }
        long now = System.nanoTime();
        if (pingSentAt != 0) {
            if (now - pingSentAt > deadAfter.toNanos()) {
                closed = true;
                socket.abort();
                return false;
            }
            return true;
        }
        if (now - heardAt >= every.toNanos()) {
            pingSentAt = now;
            socket.sendPing(ByteBuffer.allocate(0)).whenComplete((ws, failure) -> {
                if (failure != null) {
                    closed = true;
                }
            });
        }
        return true;
    }

    /** Closes normally, saying why. */
    public void close(String reason) {
        if (!socket.isOutputClosed()) {
            socket.sendClose(CloseCodes.NORMAL, reason);
        }
    }

    @Override
    public void close() {
        close("done");
    }

    /** Joins each message's text frames and queues it; says once the socket is gone. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            heard();
            partial.append(data);
            if (last) {
                ProtocolJson.server(partial.toString()).ifPresent(inbox::add);
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            heard();
            webSocket.request(1);
            return null;
        }

        private void heard() {
            heardAt = System.nanoTime();
            pingSentAt = 0;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode = statusCode;
            closed = true;
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed = true;
        }
    }
}
