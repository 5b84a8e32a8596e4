package dev.passage.sandbox;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A monthly billing statement of a carrier portal. */
public record Statement(
        String id, LocalDate periodStart, LocalDate periodEnd, LocalDate dueDate, BigDecimal amountDue, String currency) {}
