package dev.passage.server.links;

import org.jdbi.v3.core.Handle;

/**
 * Work that must commit together with a link's move to {@code complete} or {@code failed}, such as
 * writing its webhook to the outbox: it runs inside that transaction, with the link as now stored.
 */
@FunctionalInterface
public interface LinkOutbox {
    LinkOutbox NONE = (handle, link) -> {};

    void finished(Handle handle, Link link);
}
