package dev.passage.server.events;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event bus of one node: listeners registered per key. Delivery goes to every listener of the
 * key; one that throws is logged and does not stop the others.
 */
public final class InProcessEventBus<E> implements EventBus<E> {
    private static final Logger log = LoggerFactory.getLogger(InProcessEventBus.class);

    private final Map<String, Set<Consumer<E>>> byKey = new ConcurrentHashMap<>();
    private final String what;

    /** {@code what} names the listeners in the log line of a failed delivery. */
    public InProcessEventBus(String what) {
        this.what = what;
    }

    @Override
    public void publish(String key, E event) {
        Set<Consumer<E>> listeners = byKey.get(key);
        if (listeners == null) {
            return;
        }
        for (Consumer<E> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                log.warn("A {} failed to take an event", what, e);
            }
        }
    }

    @Override
    public Subscription subscribe(String key, Consumer<E> listener) {
        byKey.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(listener);
        return () -> byKey.computeIfPresent(key, (k, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }
}
