package dev.passage.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.server.testing.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code passage user create}: the first person of an organization, by the operator, on the server's own database. */
class UserCliTest {
    static TestServer server;
    static Path config;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("sqlite", Map.of());
        config = server.dir.resolve("cli.properties");
        Files.writeString(config, "database.url=" + server.passage.config().database().url() + "\n"
                + "secrets.master-key=" + TestServer.TEST_MASTER_KEY + "\n"
                + "public-url=" + server.passage.config().publicUrl() + "\n"
                + "data.dir=" + server.dir.resolve("data") + "\n");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = PassageCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--config",
                config.toString())).toArray(String[]::new);
        int exit = cli.execute(all);
        return new String[] {Integer.toString(exit), out.toString().strip(), err.toString().strip()};
    }

    @Test
    void user_create_prints_an_invitation_link_last_that_opens_the_set_password_page_of_the_server() throws Exception {
        String orgId = server.passage.orgs().createOrganization("Acme").id();
        String[] r = run("user", "create", "--org", orgId, "--email", "ops@example.com");
        assertThat(r[0]).isEqualTo("0");
        String[] lines = r[1].split("\n");
        String link = lines[lines.length - 1].strip();
        assertThat(lines[0]).contains("ops@example.com (admin)");
        assertThat(link).startsWith(server.passage.config().publicUrl() + "/dashboard/invite?token=inv_");

        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(link)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Choose a password for <strong>ops@example.com</strong>");
    }

    @Test
    void a_wrong_role_org_or_email_fails_with_one_clear_error_line() {
        String orgId = server.passage.orgs().createOrganization("Acme").id();
        assertThat(lastLine(run("user", "create", "--org", orgId, "--email", "a@example.com", "--role", "owner")[2]))
                .isEqualTo("passage: --role must be admin or viewer");
        assertThat(lastLine(run("user", "create", "--org", "org_nope", "--email", "a@example.com")[2]))
                .isEqualTo("passage: No organization with id org_nope.");
        assertThat(lastLine(run("user", "create", "--org", orgId, "--email", "nope")[2]))
                .isEqualTo("passage: email must be an email address, like ada@example.com");
        assertThat(run("user", "create", "--org", orgId, "--email", "viewer@example.com", "--role", "viewer")[0]).isEqualTo("0");
    }

    /** The error itself: every command first says which database it used. */
    private static String lastLine(String stderr) {
        String[] lines = stderr.strip().split("\n");
        return lines[lines.length - 1].strip();
    }
}
