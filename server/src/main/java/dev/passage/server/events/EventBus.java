package dev.passage.server.events;

import java.util.function.Consumer;

/**
 * Carries events to the listeners of one key (a link id, a session id), after the change they tell
 * of has committed. In-process on one node ({@link InProcessEventBus}); across nodes an implementation
 * relays through PostgreSQL LISTEN/NOTIFY behind this same interface.
 */
public interface EventBus<E> {
    /** Delivers {@code event} to the listeners of {@code key}. Never throws for a listener's failure. */
    void publish(String key, E event);

    /** Calls {@code listener} with every later event of {@code key} until the returned handle is closed. */
    Subscription subscribe(String key, Consumer<E> listener);

    /** Stops a subscription; closing twice is harmless. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
