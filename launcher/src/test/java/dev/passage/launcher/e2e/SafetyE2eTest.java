package dev.passage.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.passage.device.DeviceRuntime;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/** Credentials stay on the device; a vanished browser fails the link; debug links keep a trace. */
class SafetyE2eTest {
    static E2e e2e;

    @BeforeAll
    static void start() {
        e2e = new E2e(Map.of());
    }

    @AfterAll
    static void stop() {
        e2e.close();
    }

    @Test
    void the_password_appears_nowhere_on_the_server() throws SQLException {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        root.setLevel(Level.DEBUG);
        try {
            for (String id : List.of("verizon", "tmobile")) {
                JsonNode created = e2e.createLink("{\"integrationId\":\"" + id + "\",\"resource\":\"paymentMethod\",\"action\":\"read\"}");
                assertThat(e2e.device(created, "user_good").complete()).isTrue();
                assertThat(e2e.settledLink(created.get("linkId").asString()).path("status").asString()).isEqualTo("complete");
            }
        } finally {
            root.detachAppender(logs);
            root.setLevel(before);
        }
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : logs.list) {
            lines.add(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                lines.add(event.getThrowableProxy().getMessage());
            }
        }
        assertThat(lines).isNotEmpty();
        assertThat(String.join("\n", lines)).doesNotContain("pass_good");

        // Every text column of every table: links, sessions, the messages the server received and
        // stored for each role, the client's telemetry.
        StringBuilder dump = new StringBuilder();
        try (Connection c = e2e.server.passage.database().dataSource().getConnection()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).contains("links", "sessions");
            for (String table : tables) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            dump.append(rs.getString(i)).append('\n');
                        }
                    }
                }
            }
        }
        // Session messages and telemetry are sealed at rest, and deleted with the session's key in the
        // transaction that ends it: none is left to open.
        List<String> sessionIds = e2e.server.passage.database().read(h -> h.createQuery("SELECT id FROM sessions")
                .mapTo(String.class).list());
        assertThat(sessionIds).isNotEmpty();
        for (String sessionId : sessionIds) {
            assertThat(e2e.server.passage.sessions().storedMessages(sessionId)).as(sessionId).isEmpty();
        }
        // The dump does hold what the links keep (the integrations they ran).
        assertThat(dump.toString()).contains("verizon").contains("tmobile");
        // It never holds the password typed into the portals.
        assertThat(dump.toString()).doesNotContain("pass_good");
    }

    @Test
    void a_browser_that_disappears_fails_the_link_with_connection_failed() {
        JsonNode created = e2e.createLink("""
                {"integrationId":"att","resource":"paymentMethod","action":"read"}""");
        // No sandbox user: nobody logs in; the device gives up after 3 s and its browser and socket go away.
        DeviceRuntime runtime = new DeviceRuntime(new DeviceRuntime.Options(created.get("appClipUrl").asString(),
                URI.create("http://127.0.0.1:" + e2e.server.passage.port()), true, Optional.empty(), Optional.empty(),
                Duration.ofSeconds(3)), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(runtime.run().complete()).isFalse();
        String linkId = created.get("linkId").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> e2e.server.passage.database().read(h -> h.createQuery(
                "SELECT client_connections FROM sessions WHERE link_id = :id").bind("id", linkId).mapTo(Integer.class).one()) == 0);
        // The device has the reconnect grace (30 s) to come back: move the server's clock past it instead of waiting.
        e2e.server.clock.advance(Duration.ofSeconds(31));
        JsonNode link = e2e.settledLink(linkId);
        assertThat(link.path("status").asString()).as(link.toString()).isEqualTo("failed");
        assertThat(link.path("error").path("code").asString()).isEqualTo("CONNECTION_FAILED");
    }

    @Test
    void a_debug_link_keeps_a_trace_for_its_organization_only() {
        JsonNode created = e2e.createLink("""
                {"integrationId":"apple-review","resource":"readHistory","action":"read","arguments":{"limit":2},"debug":true}""");
        String linkId = created.get("linkId").asString();
        assertThat(e2e.device(created, "user_good").complete()).isTrue();
        assertThat(e2e.settledLink(linkId).path("status").asString()).isEqualTo("complete");

        JsonNode trace = e2e.trace(linkId);
        JsonNode steps = trace.path("sessions").get(0).path("steps");
        assertThat(steps.size()).isGreaterThanOrEqualTo(4);
        assertThat(steps.get(0).path("command").asString()).isEqualTo("navigate");
        assertThat(steps.get(0).path("durationMs").isNumber()).isTrue();
        assertThat(steps.get(0).path("screenshot").asString()).isNotEmpty();
        assertThat(trace.toString()).doesNotContain("pass_good");

        String otherKey = e2e.server.newOrgKey();
        assertThat(e2e.server.get("/v1/links/" + linkId + "/trace", otherKey).status()).isEqualTo(404);
        assertThat(e2e.server.get("/v1/links/link_nope/trace", e2e.key).status()).isEqualTo(404);
    }

    @Test
    void a_debug_trace_of_a_card_write_holds_no_screenshot_of_the_card_and_no_card_number() {
        JsonNode created = e2e.createLink("""
                {"integrationId":"tmobile","resource":"paymentMethod","action":"write","debug":true,
                 "arguments":{%s,"dryRun":true}}""".formatted(IntegrationsE2eTest.CARD));
        String linkId = created.get("linkId").asString();
        assertThat(e2e.device(created, "user_good").complete()).isTrue();

        JsonNode trace = e2e.trace(linkId);
        JsonNode steps = trace.path("sessions").get(0).path("steps");
        assertThat(steps.size()).isGreaterThanOrEqualTo(2);
        for (JsonNode step : steps) {
            if (step.path("operation").asString("").equals("paymentMethod.write")) {
                assertThat(step.has("screenshot")).as(step.path("command").asString()).isFalse();
                assertThat(step.path("screenshotOmitted").asString()).contains("secret");
            }
        }
        assertThat(trace.toString()).doesNotContain("4111111111111111").doesNotContain("\"cvv\"");
    }
}
