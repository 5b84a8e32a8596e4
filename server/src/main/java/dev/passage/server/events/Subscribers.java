package dev.passage.server.events;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listeners registered per key (a link id, a session id) within one node. Delivery goes to every
 * listener of the key; one that throws is logged and does not stop the others.
 */
public final class Subscribers<T> {
    private static final Logger log = LoggerFactory.getLogger(Subscribers.class);

    private final Map<String, Set<Consumer<T>>> byKey = new ConcurrentHashMap<>();
    private final String what;

    /** {@code what} names the listeners in the log line of a failed delivery. */
    public Subscribers(String what) {
        this.what = what;
    }

    public void deliver(String key, T value) {
        Set<Consumer<T>> listeners = byKey.get(key);
        if (listeners == null) {
            return;
        }
        for (Consumer<T> listener : listeners) {
            try {
                listener.accept(value);
            } catch (RuntimeException e) {
                log.warn("A {} failed to take a message", what, e);
            }
        }
    }

    /** Adds {@code listener} under {@code key}; the returned handle removes it (twice is harmless). */
    public LinkEvents.Subscription add(String key, Consumer<T> listener) {
        byKey.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(listener);
        return () -> byKey.computeIfPresent(key, (k, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }
}
