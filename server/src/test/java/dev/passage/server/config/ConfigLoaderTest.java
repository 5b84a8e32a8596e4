package dev.passage.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final String KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    @TempDir
    Path dir;

    @Test
    void the_defaults_run_a_sandbox_on_sqlite_at_port_8080() {
        PassageConfig c = ConfigLoader.load(Map.of(), Optional.empty(), Map.of());

        assertThat(c.env()).isEqualTo(PassageEnv.SANDBOX);
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.database().url()).isEqualTo("jdbc:sqlite:"
                + java.nio.file.Path.of(System.getProperty("user.home"), ".passage", "passage.db"));
        assertThat(c.dataDir()).isEqualTo(java.nio.file.Path.of(System.getProperty("user.home"), ".passage"));
        assertThat(c.database().isPostgres()).isFalse();
        assertThat(c.publicUrl()).hasToString("http://localhost:8080");
        assertThat(c.appClipUrl()).hasToString("http://localhost:8080/clip");
        assertThat(c.links().defaultExpiresIn().toSeconds()).isEqualTo(14_400);
    }

    @Test
    void every_default_key_has_a_comment_in_the_defaults_file() throws IOException {
        String text = new String(ConfigLoaderTest.class.getResourceAsStream(ConfigLoader.DEFAULTS).readAllBytes());
        String[] lines = text.split("\n");
        int i = 0;
        for (String line : lines) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int j = i - 1;
                while (j >= 0 && !lines[j].startsWith("#") && !lines[j].isBlank()) {
                    j--;
                }
                assertThat(j).as("a comment for " + line).isGreaterThanOrEqualTo(0);
                assertThat(lines[j]).startsWith("#");
            }
            i++;
        }
    }

    @Test
    void environment_overrides_the_config_file_which_overrides_the_defaults_and_flags_win() throws IOException {
        Path file = dir.resolve("passage.properties");
        Files.writeString(file, "port=9000\ndatabase.url=jdbc:sqlite:file.db\n");

        PassageConfig fromFile = ConfigLoader.load(Map.of(), Optional.of(file), Map.of());
        PassageConfig fromEnv = ConfigLoader.load(Map.of("PASSAGE_PORT", "9100", "PASSAGE_CONFIG", file.toString()),
                Optional.empty(), Map.of());
        PassageConfig fromFlag = ConfigLoader.load(Map.of("PASSAGE_PORT", "9100"), Optional.of(file), Map.of("port", "9200"));

        assertThat(fromFile.port()).isEqualTo(9000);
        assertThat(fromFile.database().url()).isEqualTo("jdbc:sqlite:file.db");
        assertThat(fromEnv.port()).isEqualTo(9100);
        assertThat(fromEnv.database().url()).isEqualTo("jdbc:sqlite:file.db");
        assertThat(fromFlag.port()).isEqualTo(9200);
    }

    @Test
    void the_public_url_and_database_url_come_from_the_environment() {
        PassageConfig c = ConfigLoader.load(Map.of(
                "PASSAGE_PUBLIC_URL", "https://connect.example.com/",
                "PASSAGE_DATABASE_URL", "jdbc:postgresql://db:5432/passage"), Optional.empty(), Map.of());

        assertThat(c.publicUrl()).hasToString("https://connect.example.com");
        assertThat(c.appClipUrl()).hasToString("https://connect.example.com/clip");
        assertThat(c.database().isPostgres()).isTrue();
    }

    @Test
    void production_defaults_nothing_insecure() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("PASSAGE_ENV", "production"), Optional.empty(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("public-url");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("PASSAGE_ENV", "production",
                "PASSAGE_PUBLIC_URL", "https://c.example.com"), Optional.empty(), Map.of()))
                .hasMessageContaining("secrets.master-key");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("PASSAGE_ENV", "production",
                "PASSAGE_PUBLIC_URL", "http://c.example.com", "PASSAGE_SECRETS_MASTER_KEY", KEY), Optional.empty(), Map.of()))
                .hasMessageContaining("https");
        PassageConfig ok = ConfigLoader.load(Map.of("PASSAGE_ENV", "production",
                "PASSAGE_PUBLIC_URL", "https://c.example.com", "PASSAGE_SECRETS_MASTER_KEY", KEY), Optional.empty(), Map.of());
        assertThat(ok.isProduction()).isTrue();
    }

    @Test
    void sandbox_listens_on_loopback_and_production_on_every_interface_unless_told_otherwise() {
        Map<String, String> production = Map.of("PASSAGE_ENV", "production",
                "PASSAGE_PUBLIC_URL", "https://c.example.com", "PASSAGE_SECRETS_MASTER_KEY", KEY);
        assertThat(ConfigLoader.load(Map.of(), Optional.empty(), Map.of()).host()).isEqualTo("127.0.0.1");
        assertThat(ConfigLoader.load(production, Optional.empty(), Map.of()).host()).isEqualTo("0.0.0.0");
        assertThat(ConfigLoader.load(Map.of("PASSAGE_HOST", "0.0.0.0"), Optional.empty(), Map.of()).host())
                .isEqualTo("0.0.0.0");
    }

    @Test
    void sqlite_durability_is_full_in_production_and_nothing_less_is_accepted_there() {
        Map<String, String> production = new java.util.HashMap<>(Map.of("PASSAGE_ENV", "production",
                "PASSAGE_PUBLIC_URL", "https://c.example.com", "PASSAGE_SECRETS_MASTER_KEY", KEY));
        assertThat(ConfigLoader.load(Map.of(), Optional.empty(), Map.of()).database().sqliteSynchronous()).isEqualTo("NORMAL");
        assertThat(ConfigLoader.load(production, Optional.empty(), Map.of()).database().sqliteSynchronous()).isEqualTo("FULL");
        production.put("PASSAGE_DATABASE_SQLITE_SYNCHRONOUS", "normal");
        assertThatThrownBy(() -> ConfigLoader.load(production, Optional.empty(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("FULL or EXTRA in production");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Optional.empty(), Map.of("database.sqlite-synchronous", "fast")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must be FULL, EXTRA, NORMAL or OFF");
    }

    @Test
    void sandbox_portals_run_in_sandbox_by_default_and_never_in_production() {
        PassageConfig sandbox = ConfigLoader.load(Map.of(), Optional.empty(), Map.of());
        assertThat(sandbox.automation().sandboxPortals()).isTrue();
        assertThat(sandbox.automation().sandboxBasePort()).isEqualTo(8181);
        assertThat(ConfigLoader.load(Map.of(), Optional.empty(), Map.of("sandbox.portals", "false"))
                .automation().sandboxPortals()).isFalse();
        Map<String, String> production = Map.of("PASSAGE_ENV", "production",
                "PASSAGE_PUBLIC_URL", "https://c.example.com", "PASSAGE_SECRETS_MASTER_KEY", KEY);
        assertThat(ConfigLoader.load(production, Optional.empty(), Map.of()).automation().sandboxPortals()).isFalse();
        assertThatThrownBy(() -> ConfigLoader.load(production, Optional.empty(), Map.of("sandbox.portals", "true")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sandbox.portals");
        PassageConfig live = ConfigLoader.load(production, Optional.empty(),
                Map.of("automation.live-base-urls", "tmobile=https://t.example.com, att=https://a.example.com"));
        assertThat(live.automation().liveBaseUrls()).containsEntry("tmobile", java.net.URI.create("https://t.example.com"))
                .containsKey("att");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Optional.empty(), Map.of("automation.live-base-urls", "nope")))
                .hasMessageContaining("automation.live-base-urls");
    }

    @Test
    void a_person_gets_three_passwords_and_three_codes_within_five_minutes_unless_configured_otherwise() {
        PassageConfig.Automation defaults = ConfigLoader.load(Map.of(), Optional.empty(), Map.of()).automation();
        assertThat(defaults.loginAttempts()).isEqualTo(3);
        assertThat(defaults.mfaAttempts()).isEqualTo(3);
        assertThat(defaults.loginTimeout().toSeconds()).isEqualTo(300);

        PassageConfig.Automation set = ConfigLoader.load(Map.of("PASSAGE_AUTOMATION_LOGIN_ATTEMPTS", "5"), Optional.empty(),
                Map.of("automation.mfa-attempts", "1")).automation();
        assertThat(set.loginAttempts()).isEqualTo(5);
        assertThat(set.mfaAttempts()).isEqualTo(1);
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("PASSAGE_AUTOMATION_LOGIN_ATTEMPTS", "0"), Optional.empty(), Map.of()))
                .hasMessage("automation.login-attempts (PASSAGE_AUTOMATION_LOGIN_ATTEMPTS) must be a whole number from 1 to 20, not '0'.");
    }

    @Test
    void bad_values_fail_with_one_sentence_naming_the_key_and_its_variable() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("PASSAGE_PORT", "eighty"), Optional.empty(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("port (PASSAGE_PORT) must be a whole number from 0 to 65535, not 'eighty'.");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("PASSAGE_ENV", "staging"), Optional.empty(), Map.of()))
                .hasMessageContaining("sandbox or production");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("PASSAGE_DATABASE_URL", "mysql://x"), Optional.empty(), Map.of()))
                .hasMessageContaining("database.url");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("PASSAGE_PUBLIC_URL", "localhost:8080"), Optional.empty(), Map.of()))
                .hasMessageContaining("public-url");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Optional.empty(), Map.of("prot", "1")))
                .hasMessageContaining("Unknown configuration key 'prot'");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Optional.of(dir.resolve("missing.properties")), Map.of()))
                .hasMessageContaining("missing.properties");
    }

    @Test
    void environment_variable_names_follow_the_keys() {
        assertThat(ConfigLoader.envName("database.url")).isEqualTo("PASSAGE_DATABASE_URL");
        assertThat(ConfigLoader.envName("public-url")).isEqualTo("PASSAGE_PUBLIC_URL");
        assertThat(ConfigLoader.envName("links.sweep-interval-seconds")).isEqualTo("PASSAGE_LINKS_SWEEP_INTERVAL_SECONDS");
    }
}
