package dev.passage.server.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real databases for tests: a fresh SQLite file, or a fresh database on one embedded PostgreSQL
 * server shared by the whole test run (started on first use, stopped when the JVM exits).
 */
public final class TestDatabases {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabases() {}

    /** A JDBC URL of an empty database of the given kind ("sqlite" or "postgresql"). */
    public static String fresh(String kind, Path dir) {
        return switch (kind) {
            case "sqlite" -> "jdbc:sqlite:" + dir.resolve("passage-" + COUNTER.incrementAndGet() + ".db");
            case "postgresql" -> freshPostgres();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // The JVM is exiting anyway.
                }
            }));
        }
        return postgres;
    }

    private static String freshPostgres() {
        EmbeddedPostgres pg = postgres();
        String name = "passage_test_" + COUNTER.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return pg.getJdbcUrl("postgres", name);
    }

    public static Path tempDir() {
        try {
            return Files.createTempDirectory("passage-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
