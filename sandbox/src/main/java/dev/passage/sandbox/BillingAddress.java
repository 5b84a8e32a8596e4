package dev.passage.sandbox;

/** A card's billing address; {@code line2} may be null. */
public record BillingAddress(String line1, String line2, String city, String state, String country) {}
