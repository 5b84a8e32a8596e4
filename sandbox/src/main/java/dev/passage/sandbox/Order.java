package dev.passage.sandbox;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A food order on the Uber Eats portal; {@code total} includes the delivery fee and tax. */
public record Order(String id, String restaurant, List<OrderItem> items, BigDecimal total, Instant placedAt, String status) {
    public Order {
        items = List.copyOf(items);
    }
}
