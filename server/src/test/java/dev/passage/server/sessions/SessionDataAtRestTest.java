package dev.passage.server.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.server.testing.Flows;
import dev.passage.server.testing.PassageServer;
import dev.passage.server.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the worker types (a card number for a payment-method write) is relayed, but never stored in the clear. */
@PassageServer
class SessionDataAtRestTest {
    TestServer server;

    @Test
    void commands_and_telemetry_are_sealed_at_rest_and_still_reach_the_client() {
        Flows flows = new Flows(server);
        try (Flows.Both s = flows.active()) {
            s.worker().send("""
                    {"type":"worker.command","id":"c1","command":"fill","args":{"selector":"#card","value":"4111111111111111"}}""");
            assertThat(s.client().until("server.command").at("/args/value").asString()).isEqualTo("4111111111111111");
            s.client().send("""
                    {"type":"client.events","events":[{"type":"network","url":"https://p.example/api","method":"GET",
                     "status":200,"body":"{\\"last4\\":\\"1111\\",\\"holder\\":\\"Ada Lovelace\\"}"}]}""");
            s.client().until("server.ack");

            List<String> stored = server.passage.database().read(h -> h.createQuery("""
                    SELECT body FROM session_messages UNION ALL SELECT body FROM session_telemetry
                    UNION ALL SELECT pending_command FROM sessions WHERE pending_command IS NOT NULL""")
                    .mapTo(String.class).list());
            assertThat(stored).hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(body -> assertThat(body).startsWith("v1.")
                            .doesNotContain("4111111111111111").doesNotContain("Ada Lovelace"));
        }
    }
}
