package dev.passage.server.store;

/** The SQL dialects the store speaks. */
public enum Dialect {
    SQLITE, POSTGRESQL
}
