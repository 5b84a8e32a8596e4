package dev.passage.server.sessions;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The session bus of one node: sockets subscribed per session id. */
final class InProcessSessionBus implements SessionBus {
    private static final Logger log = LoggerFactory.getLogger(InProcessSessionBus.class);

    private final Map<String, Set<Consumer<BusMessage>>> sinks = new ConcurrentHashMap<>();

    @Override
    public void publish(BusMessage message) {
        Set<Consumer<BusMessage>> forSession = sinks.get(message.sessionId());
        if (forSession == null) {
            return;
        }
        for (Consumer<BusMessage> sink : forSession) {
            try {
                sink.accept(message);
            } catch (RuntimeException e) {
                log.warn("A session socket could not take a message", e);
            }
        }
    }

    @Override
    public AutoCloseable subscribe(String sessionId, Consumer<BusMessage> sink) {
        sinks.computeIfAbsent(sessionId, k -> ConcurrentHashMap.newKeySet()).add(sink);
        return () -> sinks.computeIfPresent(sessionId, (k, set) -> {
            set.remove(sink);
            return set.isEmpty() ? null : set;
        });
    }
}
