package dev.passage.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.server.testing.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The operator CLI: every command on one configuration, and `serve` as a real process stopped by SIGTERM. */
class PassageCliTest {
    private final Path dir = TestDatabases.tempDir();
    private final String dbUrl = "jdbc:sqlite:" + dir.resolve("cli.db");

    private record Run(int exit, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1].strip();
        }
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = PassageCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--database-url", dbUrl, "--data-dir", dir.resolve("data").toString()));
        int exit = cli.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void org_create_key_create_list_and_revoke_share_one_database() {
        Run org = run("org", "create", "Acme Inc");
        assertThat(org.exit()).isZero();
        String orgId = org.lastLine();
        assertThat(orgId).matches("org_[0-9a-f-]{36}");

        Run key = run("key", "create", "--org", orgId);
        assertThat(key.exit()).isZero();
        assertThat(key.lastLine()).startsWith("psg_").hasSize(47);

        Run list = run("key", "list", "--org", orgId);
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("active").contains(key.lastLine().substring(0, 10)).doesNotContain(key.lastLine());
        String keyId = list.out().lines().filter(l -> l.startsWith("key_")).findFirst().orElseThrow().split("\\s+")[0];

        Run revoke = run("key", "revoke", keyId);
        assertThat(revoke.exit()).isZero();
        assertThat(run("key", "list", "--org", orgId).out()).contains("revoked");
    }

    @Test
    void org_list_shows_every_organization_and_every_command_says_which_database_it_used() {
        Run acme = run("org", "create", "Acme Inc");
        run("org", "create", "Globex");

        Run list = run("org", "list");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains(acme.lastLine()).contains("Acme Inc").contains("Globex");
        assertThat(list.err()).contains("passage: database SQLite " + dir.resolve("cli.db"));
    }

    @Test
    void without_a_database_url_every_command_meets_in_the_data_directory_wherever_it_runs() {
        StringWriter err = new StringWriter();
        var cli = PassageCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("org", "list", "--data-dir", dir.resolve("home").toString())).isZero();
        assertThat(err.toString()).contains("passage: database SQLite " + dir.resolve("home").resolve("passage.db"));
    }

    @Test
    void unknown_organizations_and_keys_fail_with_one_clear_line() {
        Run key = run("key", "create", "--org", "org_missing");
        assertThat(key.exit()).isNotZero();
        assertThat(key.err().strip().lines().toList()).containsExactly("passage: database SQLite " + dir.resolve("cli.db"),
                "passage: No organization with id org_missing.");

        assertThat(run("key", "revoke", "key_missing").err()).contains("No API key with id key_missing");
    }

    @Test
    void a_bad_configuration_fails_start_up_with_one_sentence() {
        StringWriter err = new StringWriter();
        var cli = PassageCli.commandLine();
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("org", "create", "X", "--database-url", "mysql://nope");

        assertThat(exit).isEqualTo(78);
        assertThat(err.toString().strip()).startsWith("passage: database.url").doesNotContain("Exception");
    }

    @Test
    void serve_answers_requests_and_shuts_down_cleanly_on_sigterm() throws Exception {
        String orgId = run("org", "create", "Served").lastLine();
        String key = run("key", "create", "--org", orgId).lastLine();
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = dir.resolve("serve.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PassageCli.class.getName(), "serve",
                "--port", Integer.toString(port), "--database-url", dbUrl, "--data-dir", dir.resolve("data").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> providers = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (providers == null && System.nanoTime() < deadline) {
                try {
                    providers = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/providers"))
                            .header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException notYet) {
                    Thread.sleep(200);
                }
            }
            assertThat(providers).isNotNull();
            assertThat(providers.statusCode()).isEqualTo(200);
        } finally {
            process.destroy(); // SIGTERM
        }
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log);
        assertThat(output).contains("Passage listening on").contains("Shutting down").doesNotContain("Exception");
        assertThat(process.exitValue()).isIn(0, 143);
    }
}
