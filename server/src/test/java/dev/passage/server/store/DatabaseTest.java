package dev.passage.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passage.server.config.ConfigException;
import dev.passage.server.config.PassageConfig;
import dev.passage.server.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatabaseTest {
    private final Path dir = TestDatabases.tempDir();

    @Test
    void sqlite_runs_in_wal_mode_with_foreign_keys_and_the_configured_durability_in_a_directory_it_creates() {
        var config = new PassageConfig.Database("jdbc:sqlite:" + dir.resolve("nested/dir/p.db"), "", "", 4, "FULL");
        try (Database db = Database.open(config)) {
            int synchronous = db.read(h -> h.createQuery("PRAGMA synchronous").mapTo(Integer.class).one());
            assertThat(synchronous).as("FULL").isEqualTo(2);
            assertThat(db.dialect()).isEqualTo(Dialect.SQLITE);
            String journal = db.read(h -> h.createQuery("PRAGMA journal_mode").mapTo(String.class).one());
            Integer foreignKeys = db.read(h -> h.createQuery("PRAGMA foreign_keys").mapTo(Integer.class).one());
            assertThat(journal).isEqualToIgnoringCase("wal");
            assertThat(foreignKeys).isEqualTo(1);
            assertThat(db.isHealthy()).isTrue();
        }
        assertThat(dir.resolve("nested/dir/p.db")).exists();
    }

    @Test
    void migrations_run_once_and_reopening_keeps_the_data() {
        var config = new PassageConfig.Database(TestDatabases.fresh("postgresql", dir), "", "", 2, "NORMAL");
        try (Database db = Database.open(config)) {
            assertThat(db.dialect()).isEqualTo(Dialect.POSTGRESQL);
            db.write(h -> h.execute("INSERT INTO organizations (id, name, created_at) VALUES ('org_1', 'One', 1)"));
        }
        try (Database db = Database.open(config)) {
            String name = db.read(h -> h.createQuery("SELECT name FROM organizations").mapTo(String.class).one());
            assertThat(name).isEqualTo("One");
        }
    }

    @Test
    void a_failed_transaction_leaves_nothing_behind() {
        var config = new PassageConfig.Database("jdbc:sqlite:" + dir.resolve("tx.db"), "", "", 2, "NORMAL");
        try (Database db = Database.open(config)) {
            assertThatThrownBy(() -> db.write(h -> {
                h.execute("INSERT INTO organizations (id, name, created_at) VALUES ('org_1', 'One', 1)");
                throw new IllegalStateException("boom");
            })).hasMessage("boom");
            Integer count = db.read(h -> h.createQuery("SELECT COUNT(*) FROM organizations").mapTo(Integer.class).one());
            assertThat(count).isZero();
        }
    }

    @Test
    void an_unreachable_database_fails_with_one_clear_sentence() {
        var config = new PassageConfig.Database("jdbc:postgresql://127.0.0.1:1/nothing", "", "", 1, "NORMAL");
        assertThatThrownBy(() -> Database.open(config)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("The database at database.url could not be opened");
    }
}
