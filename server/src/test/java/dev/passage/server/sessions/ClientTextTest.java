package dev.passage.server.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.passage.server.testing.Flows;
import dev.passage.server.testing.Flows.Both;
import dev.passage.server.testing.PassageServer;
import dev.passage.server.testing.TestServer;
import dev.passage.server.json.Json;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a device or a worker writes into an error is bounded before it reaches the link, its webhook
 * and /link/ws: a 500 KB message with markup, a phone number to call and terminal escapes.
 */
@PassageServer
class ClientTextTest {
    private static final String HOSTILE = "<script>alert(1)</script> Call +1 555 0100 now!\u001b[2J\u0000 "
            + "A".repeat(500_000);

    TestServer server;
    Flows flows;

    @Test
    void a_huge_error_from_the_device_reaches_the_worker_bounded() {
        try (Both s = flows.active()) {
            s.worker().send("{\"type\":\"worker.command\",\"id\":\"c1\",\"command\":\"click\",\"args\":{\"selector\":\"#go\"}}");
            s.client().next("server.command");
            s.client().send(Json.mapper().createObjectNode().put("type", "client.command_response").put("id", "c1")
                    .put("ok", false).set("error", Json.mapper().createObjectNode().put("code", "X".repeat(10_000))
                            .put("message", HOSTILE).put("stack", "at evil.js:1")).toString());
            JsonNode error = s.worker().until("server.command_result").get("error");
            assertThat(error.propertyNames()).containsExactlyInAnyOrder("code", "message");
            assertThat(error.get("message").asString()).hasSizeLessThanOrEqualTo(1000).doesNotContain("\u001b", "\u0000")
                    .startsWith("<script>alert(1)</script> Call +1 555 0100 now![2J");
            assertThat(error.get("code").asString()).hasSizeLessThanOrEqualTo(64);
        }
    }

    @Test
    void a_huge_failure_message_is_cut_to_a_few_hundred_characters_on_the_link_and_its_details_kept_apart() {
        Flows.LinkRef link = flows.createLink();
        try (Both s = flows.active(flows.claimOk(link.claimCode()))) {
            s.worker().send(Json.mapper().createObjectNode().put("type", "worker.fail").set("error",
                    Json.mapper().createObjectNode().put("code", "AUTOMATION_ERROR")
                            .put("message", "The card could not be saved: " + HOSTILE).put("details", HOSTILE)).toString());
            s.client().until("server.session_end");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> flows.link(link.linkId()).get("status").asString().equals("failed"));
        JsonNode error = flows.link(link.linkId()).get("error");
        assertThat(error.get("message").asString()).hasSizeLessThanOrEqualTo(300).startsWith("The card could not be saved: ")
                .doesNotContain("\u001b");
        assertThat(error.get("details").asString()).hasSizeLessThanOrEqualTo(1000).endsWith("…");
        assertThat(flows.link(link.linkId()).toString().length()).isLessThan(4000);
    }
}
