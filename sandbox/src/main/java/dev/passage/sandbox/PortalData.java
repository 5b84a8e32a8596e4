package dev.passage.sandbox;

import java.util.List;

/**
 * A portal's seed data, newest first, as loaded from {@code fixtures/<portal>.json}: what a user
 * with data ({@code user_good}, {@code user_mfa}) sees before any write. Lists a portal does not
 * have are empty.
 */
public record PortalData(
        String portal,
        List<PaymentMethod> paymentMethods,
        List<Statement> statements,
        List<Order> orders,
        List<HistoryEntry> history) {

    public PortalData {
        paymentMethods = List.copyOf(paymentMethods);
        statements = List.copyOf(statements);
        orders = List.copyOf(orders);
        history = List.copyOf(history);
    }

    /** The same portal with no records, what {@code user_empty} sees. */
    public PortalData empty() {
        return new PortalData(portal, List.of(), List.of(), List.of(), List.of());
    }
}
