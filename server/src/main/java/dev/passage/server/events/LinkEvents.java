package dev.passage.server.events;

import java.util.function.Consumer;

/**
 * Link status changes, published after they are committed and delivered to the subscribers of that
 * link. In-process on one node ({@link InProcessLinkEvents}); across nodes an implementation relays
 * through PostgreSQL LISTEN/NOTIFY behind this same interface.
 */
public interface LinkEvents {
    /** Delivers {@code event} to the subscribers of its link. Never throws for a subscriber's failure. */
    void publish(LinkStatusEvent event);

    /** Calls {@code listener} with every later change of {@code linkId} until the returned handle is closed. */
    Subscription subscribe(String linkId, Consumer<LinkStatusEvent> listener);

    /** Stops a subscription; closing twice is harmless. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
