package dev.passage.server.links;

/**
 * Work that commits together with a link's status change, such as writing its webhook to the
 * outbox: called inside the transaction that makes the change, with the link as now stored. A
 * listener that throws rolls the change back.
 */
@FunctionalInterface
public interface LinkListener {
    void linkChanged(LinkChanged change);
}
