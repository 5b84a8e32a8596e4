package dev.passage.server.events;

import java.util.function.Consumer;

/** Link events within one node: a registry of listeners per link. */
public final class InProcessLinkEvents implements LinkEvents {
    private final Subscribers<LinkStatusEvent> listeners = new Subscribers<>("link status listener");

    @Override
    public void publish(LinkStatusEvent event) {
        listeners.deliver(event.linkId(), event);
    }

    @Override
    public Subscription subscribe(String linkId, Consumer<LinkStatusEvent> listener) {
        return listeners.add(linkId, listener);
    }
}
