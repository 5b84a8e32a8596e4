package dev.passage.server.sessions;

import dev.passage.server.events.Subscribers;
import java.util.function.Consumer;

/** The session bus of one node: sockets subscribed per session id. */
final class InProcessSessionBus implements SessionBus {
    private final Subscribers<BusMessage> sinks = new Subscribers<>("session socket");

    @Override
    public void publish(BusMessage message) {
        sinks.deliver(message.sessionId(), message);
    }

    @Override
    public AutoCloseable subscribe(String sessionId, Consumer<BusMessage> sink) {
        return sinks.add(sessionId, sink);
    }
}
