package dev.passage.server.sessions;

import java.util.function.Consumer;

/**
 * Carries a session's messages to the node holding each socket. The actor writes every state change
 * and every stored message to the database first and publishes afterwards, so a bus only has to
 * deliver, in publication order per session; one node uses {@link InProcessSessionBus}, many nodes a
 * PostgreSQL LISTEN/NOTIFY relay behind this interface.
 */
interface SessionBus {
    void publish(BusMessage message);

    /** Every later message of {@code sessionId} goes to {@code sink} until the returned handle is closed. */
    AutoCloseable subscribe(String sessionId, Consumer<BusMessage> sink);
}
