package dev.passage.sandbox;

import java.math.BigDecimal;

/** One line of an order: {@code price} is the unit price. */
public record OrderItem(String name, int quantity, BigDecimal price) {}
