package dev.passage.server.events;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Link events within one node: a registry of listeners per link. */
public final class InProcessLinkEvents implements LinkEvents {
    private static final Logger log = LoggerFactory.getLogger(InProcessLinkEvents.class);

    private final Map<String, Set<Consumer<LinkStatusEvent>>> listeners = new ConcurrentHashMap<>();

    @Override
    public void publish(LinkStatusEvent event) {
        Set<Consumer<LinkStatusEvent>> forLink = listeners.get(event.linkId());
        if (forLink == null) {
            return;
        }
        for (Consumer<LinkStatusEvent> listener : forLink) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                log.warn("A link status listener failed", e);
            }
        }
    }

    @Override
    public Subscription subscribe(String linkId, Consumer<LinkStatusEvent> listener) {
        listeners.computeIfAbsent(linkId, k -> ConcurrentHashMap.newKeySet()).add(listener);
        return () -> listeners.computeIfPresent(linkId, (k, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }
}
