package dev.passage.server.sessions;

import dev.passage.protocol.CloseCodes;
import dev.passage.protocol.ProtocolJson;
import dev.passage.protocol.Role;
import dev.passage.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * One socket of one role on one session. Until its hello is answered, what the bus brings waits;
 * afterwards a message is sent unless the socket already had it (by sequence number) in its replay.
 */
final class SessionConnection {
    /** The socket underneath: sends text frames and closes. */
    interface Socket {
        void send(String text);

        void close(int code, String reason);
    }

    private static final int MAX_WAITING = 1000;

    final String sessionId;
    final Role role;
    /** This socket's presence row (while {@link #present}). */
    final String connectionId = dev.passage.server.secrets.Tokens.id("conn_");
    private final Socket socket;
    private final List<BusMessage> waiting = new ArrayList<>();
    private boolean helloAnswered;
    private boolean closed;
    private long lastSeq;
    /** Whether this socket counts as the role being connected (it said hello to a live session). */
    boolean present;
    AutoCloseable subscription;

    SessionConnection(String sessionId, Role role, Socket socket) {
        this.sessionId = sessionId;
        this.role = role;
        this.socket = socket;
    }

    synchronized boolean helloAnswered() {
        return helloAnswered;
    }

    /** A message from the bus: for this role, or the session's end. */
    synchronized void onBus(BusMessage message) {
        if (closed) {
            return;
        }
        if (!helloAnswered) {
            if (waiting.size() == MAX_WAITING) {
                // Safe to drop: whatever was published before the hello is read again from the database in its replay.
                waiting.removeFirst();
            }
            waiting.add(message);
            return;
        }
        switch (message) {
            case BusMessage.Deliver d when d.recipient() == role -> {
                if (d.seq() == 0 || d.seq() > lastSeq) {
                    socket.send(d.json());
                    lastSeq = Math.max(lastSeq, d.seq());
                }
            }
            case BusMessage.Deliver d -> { }
            case BusMessage.End e -> close(CloseCodes.NORMAL, "session ended");
        }
    }

    /** Sends a direct answer (hello, replay, ack): not stored, not replayed. */
    synchronized void reply(ServerMessage message) {
        if (!closed) {
            socket.send(ProtocolJson.text(message));
        }
    }

    /** Sends the hello answer and the replay (which ends at {@code replayedUpTo}), then what waited. */
    synchronized void answerHello(List<ServerMessage> answers, long replayedUpTo) {
        answers.forEach(this::reply);
        lastSeq = Math.max(lastSeq, replayedUpTo);
        helloAnswered = true;
        List<BusMessage> queued = List.copyOf(waiting);
        waiting.clear();
        queued.forEach(this::onBus);
    }

    /** The socket closed from the other side: send nothing more. */
    synchronized void markClosed() {
        closed = true;
    }

    synchronized void close(int code, String reason) {
        if (!closed) {
            closed = true;
            socket.close(code, reason);
        }
    }
}
