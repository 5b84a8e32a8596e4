package dev.passage.server.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.passage.protocol.Command;
import dev.passage.server.testing.Flows;
import dev.passage.server.testing.Flows.Both;
import dev.passage.server.testing.Flows.Claimed;
import dev.passage.server.testing.PassageServer;
import dev.passage.server.testing.TestServer;
import dev.passage.server.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** The session protocol (docs/protocol.md) with a scripted worker and client over real websockets, on SQLite and PostgreSQL. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"sqlite", "postgresql"})
@PassageServer
class SessionProtocolTest {
    TestServer server;

    @Parameter
    String database;

    Flows flows;

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void hellos_move_the_session_from_created_to_pending_to_active_and_are_answered_with_the_state() {
        Claimed c = flows.newSession();
        assertThat(flows.sessionState(c.sessionId())).isEqualTo("created");

        try (WsClient worker = flows.open(c.sessionId(), "worker", c.ticket().workerToken())) {
            worker.send("{\"type\":\"worker.hello\"}");
            JsonNode hello = worker.next("server.hello");
            assertThat(hello.get("state").asString()).isEqualTo("pending");
            assertThat(hello.get("role").asString()).isEqualTo("worker");
            assertThat(hello.get("sessionId").asString()).isEqualTo(c.sessionId());
            assertThat(hello.get("linkId").asString()).isEqualTo(c.linkId());
            assertThat(hello.get("integrationId").asString()).isEqualTo("tmobile");
            assertThat(hello.get("operations").toString()).isEqualTo("[{\"resource\":\"paymentMethod\",\"action\":\"read\"}]");
            assertThat(hello.get("clientConnected").asBoolean()).isFalse();
            assertThat(worker.next("server.replay").get("messages").isEmpty()).isTrue();
            assertThat(flows.sessionState(c.sessionId())).isEqualTo("pending");

            try (WsClient client = flows.open(c.sessionId(), "client", c.clientToken())) {
                client.send("{\"type\":\"client.hello\"}");
                JsonNode clientHello = client.next("server.hello");
                assertThat(clientHello.get("state").asString()).isEqualTo("active");
                assertThat(clientHello.get("interactive").asBoolean()).isFalse();
                client.next("server.replay");

                JsonNode ready = worker.next("server.client_ready");
                assertThat(ready.get("seq").asLong()).isEqualTo(1);
                assertThat(flows.sessionState(c.sessionId())).isEqualTo("active");
            }
        }
    }

    @Test
    void server_hello_to_the_client_carries_the_injection_scripts_and_the_interaction_recorder_only_when_debugging() {
        Claimed plain = flows.newSession();
        WsClient client = flows.open(plain.sessionId(), "client", plain.clientToken());
        client.send("{\"type\":\"client.hello\"}");
        JsonNode scripts = client.next("server.hello").get("scripts");
        assertThat(names(scripts)).containsExactly("telemetry", "console");
        assertThat(scripts.get(0).get("source").asString()).contains("__passage").contains("navigation").contains("network");
        assertThat(scripts.get(1).get("source").asString()).contains("console");
        client.close();

        Claimed debug = flows.claimOk(flows.createLink("""
                {"integrationId":"tmobile","resource":"paymentMethod","action":"read","debug":true}""").claimCode());
        WsClient debugClient = flows.open(debug.sessionId(), "client", debug.clientToken());
        debugClient.send("{\"type\":\"client.hello\"}");
        JsonNode hello = debugClient.next("server.hello");
        assertThat(hello.get("debug").asBoolean()).isTrue();
        assertThat(names(hello.get("scripts"))).containsExactly("telemetry", "console", "interaction");
        debugClient.close();
    }

    @Test
    void the_worker_gets_the_operations_with_public_arguments_but_never_secret_ones() {
        Claimed c = flows.claimOk(flows.createLink("""
                {"integrationId":"verizon","resource":"paymentMethod","action":"write","arguments":{
                  "cardNumber":"4111111111111111","expirationDate":"12/29","cvv":"987","nameOnCard":"Ada Lovelace",
                  "billingZip":"94107","dryRun":true}}""").claimCode());
        try (WsClient worker = flows.open(c.sessionId(), "worker", c.ticket().workerToken())) {
            worker.send("{\"type\":\"worker.hello\"}");
            JsonNode operation = worker.next("server.hello").get("operations").get(0);

            assertThat(operation.get("action").asString()).isEqualTo("write");
            assertThat(operation.get("arguments").get("nameOnCard").asString()).isEqualTo("Ada Lovelace");
            assertThat(operation.toString()).doesNotContain("4111111111111111").doesNotContain("987");
            assertThat(c.ticket().operations().toString()).doesNotContain("4111111111111111");
        }
    }

    private static List<String> names(JsonNode scripts) {
        List<String> names = new ArrayList<>();
        scripts.forEach(s -> names.add(s.get("name").asString()));
        return names;
    }

    @Test
    void every_command_is_relayed_to_the_client_and_its_response_back_to_the_worker() {
        try (Both s = flows.active()) {
            int i = 0;
            for (String command : Command.names().stream().sorted().toList()) {
                String id = "c" + (++i);
                s.worker().send("{\"type\":\"worker.command\",\"id\":\"" + id + "\",\"command\":\"" + command
                        + "\",\"args\":{\"selector\":\"#x\"}}");
                JsonNode relayed = s.client().next("server.command");
                assertThat(relayed.get("id").asString()).isEqualTo(id);
                assertThat(relayed.get("command").asString()).isEqualTo(command);
                assertThat(relayed.get("args").get("selector").asString()).isEqualTo("#x");
                assertThat(relayed.get("seq").asLong()).isEqualTo(i);

                s.client().send("{\"type\":\"client.command_response\",\"id\":\"" + id + "\",\"ok\":true,\"result\":{\"n\":"
                        + i + "}}");
                JsonNode ack = s.client().next("server.ack");
                assertThat(ack.get("of").asString()).isEqualTo("client.command_response");
                assertThat(ack.get("accepted").asBoolean()).isTrue();
                JsonNode result = s.worker().next("server.command_result");
                assertThat(result.get("id").asString()).isEqualTo(id);
                assertThat(result.get("ok").asBoolean()).isTrue();
                assertThat(result.get("result").get("n").asInt()).isEqualTo(i);
                assertThat(result.get("error").isNull()).isTrue();
            }
            assertThat(i).isEqualTo(21);
        }
    }

    @Test
    void a_failed_command_reaches_the_worker_with_its_error() {
        try (Both s = flows.active()) {
            s.worker().send("{\"type\":\"worker.command\",\"id\":\"c1\",\"command\":\"click\",\"args\":{\"selector\":\"#nope\"}}");
            s.client().next("server.command");
            s.client().send("{\"type\":\"client.command_response\",\"id\":\"c1\",\"ok\":false,"
                    + "\"error\":{\"message\":\"no element #nope\"}}");

            JsonNode result = s.worker().next("server.command_result");
            assertThat(result.get("ok").asBoolean()).isFalse();
            assertThat(result.get("error").get("message").asString()).isEqualTo("no element #nope");
        }
    }

    @Test
    void a_second_command_while_one_is_outstanding_gets_server_error_and_is_not_relayed() {
        try (Both s = flows.active()) {
            s.worker().send("{\"type\":\"worker.command\",\"id\":\"c1\",\"command\":\"title\"}");
            s.client().next("server.command");

            s.worker().send("{\"type\":\"worker.command\",\"id\":\"c2\",\"command\":\"url\"}");
            JsonNode error = s.worker().next("server.error");
            assertThat(error.get("code").asString()).isEqualTo("COMMAND_IN_PROGRESS");
            assertThat(error.get("id").asString()).isEqualTo("c2");

            s.worker().send("{\"type\":\"worker.yield_to_user\",\"id\":\"y1\",\"conditions\":[{\"url\":\"x\"}]}");
            assertThat(s.worker().next("server.error").get("code").asString()).isEqualTo("COMMAND_IN_PROGRESS");

            s.client().send("{\"type\":\"client.command_response\",\"id\":\"c1\",\"ok\":true,\"result\":\"Portal\"}");
            assertThat(s.worker().next("server.command_result").get("id").asString()).isEqualTo("c1");
            // Nothing else reached the client: the refused command was not relayed.
            assertThat(s.client().next("server.ack").get("accepted").asBoolean()).isTrue();
            assertThat(s.client().poll(Duration.ofMillis(200))).isNull();
        }
    }

    @Test
    void an_invalid_worker_message_gets_server_error_naming_the_problem_and_closes_the_socket_with_4000() {
        Map<String, String> problems = Map.of(
                "{\"type\":\"worker.command\",\"id\":\"c1\",\"command\":\"format_disk\"}", "command",
                "{\"type\":\"worker.command\",\"command\":\"click\"}", "id",
                "{\"type\":\"worker.yield_to_user\",\"id\":\"y\",\"conditions\":[{\"url\":\"(\"}]}", "regular expression",
                "{\"type\":\"worker.command\",\"id\":\"c1\",\"command\":\"click\",\"colour\":\"red\"}", "colour",
                "{\"type\":\"worker.yield_to_user\",\"id\":\"y\",\"conditions\":[{\"url\":\"x\"}],\"timeout\":1e30}", "timeout");
        problems.forEach((frame, named) -> {
            try (Both s = flows.active()) {
                s.worker().send(frame);
                JsonNode error = s.worker().next("server.error");
                assertThat(error.get("code").asString()).as(frame).isEqualTo("INVALID_MESSAGE");
                assertThat(error.get("message").asString()).as(frame).contains(named);
                assertThat(s.worker().closeCode()).as(frame).isEqualTo(4000);
                assertThat(s.client().poll(Duration.ofMillis(100))).as("nothing relayed for " + frame).isNull();
            }
        });
        try (Both s = flows.active()) {
            s.worker().send("{\"type\":\"client.events\",\"events\":[]}");
            assertThat(s.worker().next("server.error").get("code").asString()).isEqualTo("UNKNOWN_TYPE");
            s.worker().send("{\"type\":\"worker.command\",\"id\":\"c2\",\"command\":\"title\"}");
            assertThat(s.client().next("server.command").get("id").asString()).isEqualTo("c2");
        }
    }

    @Test
    void a_hello_with_an_out_of_range_number_a_wrong_type_or_an_unknown_field_closes_4000_with_a_reason() {
        for (String hello : List.of("{\"type\":\"client.hello\",\"lastSeq\":99999999999999999999}",
                "{\"type\":\"client.hello\",\"lastSeq\":-1}", "{\"type\":\"client.hello\",\"lastSeq\":\"7\"}",
                "{\"type\":\"client.hello\",\"lastSeq\":1.5}", "{\"type\":\"client.hello\",\"colour\":1}")) {
            Claimed c = flows.newSession();
            try (WsClient client = flows.open(c.sessionId(), "client", c.clientToken())) {
                client.send(hello);
                JsonNode ack = client.next("server.ack");
                assertThat(ack.get("accepted").asBoolean()).as(hello).isFalse();
                assertThat(ack.at("/error/code").asString()).as(hello).isEqualTo("INVALID_MESSAGE");
                assertThat(client.closeCode()).as(hello).isEqualTo(4000);
            }
            assertThat(flows.sessionState(c.sessionId())).as(hello).isEqualTo("created");
        }
    }

    @Test
    void a_url_yield_hands_the_webview_to_the_user_until_the_url_matches() {
        try (Both s = flows.active()) {
            s.worker().send("""
                    {"type":"worker.yield_to_user","id":"login","conditions":[{"url":"/account(/|$)"}]}""");
            assertThat(s.client().next("server.set_interactive").get("interactive").asBoolean()).isTrue();

            s.client().send("""
                    {"type":"client.events","events":[{"type":"navigation","url":"https://portal.test/login"},
                     {"type":"console","level":"log","text":"hi"}]}""");
            JsonNode ack = s.client().next("server.ack");
            assertThat(ack.get("of").asString()).isEqualTo("client.events");
            assertThat(ack.get("count").asInt()).isEqualTo(2);
            assertThat(s.worker().poll(Duration.ofMillis(200))).isNull();

            s.client().send("""
                    {"type":"client.events","events":[{"type":"navigation","url":"https://portal.test/account/home"}]}""");
            s.client().next("server.ack");
            JsonNode result = s.worker().next("server.command_result");
            assertThat(result.get("id").asString()).isEqualTo("login");
            assertThat(result.get("ok").asBoolean()).isTrue();
            assertThat(result.get("result").get("matched").asBoolean()).isTrue();
            assertThat(result.get("result").get("condition").asString()).isEqualTo("url");
            assertThat(result.get("result").get("url").asString()).isEqualTo("https://portal.test/account/home");
            assertThat(s.client().next("server.set_interactive").get("interactive").asBoolean()).isFalse();
        }
    }

    @Test
    void a_network_yield_matches_method_success_body_and_captures_the_body() {
        try (Both s = flows.active()) {
            s.worker().send("""
                    {"type":"worker.yield_to_user","id":"mfa","conditions":[{"networkRequest":{"url":"/api/session$",
                     "method":"post","successfulOnly":true,"bodyContains":"token","captureBody":true}}]}""");
            s.client().next("server.set_interactive");

            s.client().send("""
                    {"type":"client.events","events":[
                     {"type":"network","url":"https://portal.test/api/session","method":"GET","status":200,"body":"token"},
                     {"type":"network","url":"https://portal.test/api/session","method":"POST","status":401,"body":"token"},
                     {"type":"network","url":"https://portal.test/api/session","method":"POST","status":200,"body":"nothing"},
                     {"type":"network","url":"https://portal.test/api/sessionx","method":"POST","status":200,"body":"token"}]}""");
            s.client().next("server.ack");
            assertThat(s.worker().poll(Duration.ofMillis(200))).isNull();

            s.client().send("""
                    {"type":"client.events","events":[
                     {"type":"network","url":"https://portal.test/api/session","method":"POST","status":201,"body":"{\\"token\\":\\"t\\"}"}]}""");
            JsonNode result = s.worker().next("server.command_result");
            assertThat(result.get("result").get("condition").asString()).isEqualTo("networkRequest");
            JsonNode response = result.get("result").get("response");
            assertThat(response.get("status").asInt()).isEqualTo(201);
            assertThat(response.get("method").asString()).isEqualTo("POST");
            assertThat(response.get("body").asString()).isEqualTo("{\"token\":\"t\"}");
            s.client().until("server.set_interactive");
        }
    }

    @Test
    void url_contains_without_capture_leaves_the_body_out() {
        try (Both s = flows.active()) {
            s.worker().send("""
                    {"type":"worker.yield_to_user","id":"y","conditions":[{"url":"never"},
                     {"networkRequest":{"urlContains":"/graphql"}}]}""");
            s.client().next("server.set_interactive");
            s.client().send("""
                    {"type":"client.events","events":[{"type":"network","url":"https://x.test/graphql?q=1","method":"POST","status":500,"body":"secret"}]}""");

            JsonNode response = s.worker().next("server.command_result").get("result").get("response");
            assertThat(response.get("url").asString()).isEqualTo("https://x.test/graphql?q=1");
            assertThat(response.has("body")).isFalse();
        }
    }

    @Test
    void a_condition_already_met_by_earlier_events_resolves_the_yield_at_once() {
        try (Both s = flows.active()) {
            s.client().send("""
                    {"type":"client.events","events":[{"type":"navigation","url":"https://portal.test/dashboard"}]}""");
            s.client().next("server.ack");

            s.worker().send("""
                    {"type":"worker.yield_to_user","id":"y","conditions":[{"url":"dashboard"}]}""");

            JsonNode result = s.worker().next("server.command_result");
            assertThat(result.get("result").get("matched").asBoolean()).isTrue();
            assertThat(s.client().next("server.set_interactive").get("interactive").asBoolean()).isTrue();
            assertThat(s.client().next("server.set_interactive").get("interactive").asBoolean()).isFalse();
        }
    }

    @Test
    void network_events_judged_by_one_yield_do_not_resolve_the_next_one() {
        try (Both s = flows.active()) {
            String yield = """
                    {"type":"worker.yield_to_user","id":"%s","conditions":[{"networkRequest":{"urlContains":"/login"}}]}""";
            s.worker().send(yield.formatted("y1"));
            s.client().next("server.set_interactive");
            s.client().send("""
                    {"type":"client.events","events":[{"type":"network","url":"https://p.test/login","method":"POST","status":200}]}""");
            assertThat(s.worker().next("server.command_result").get("id").asString()).isEqualTo("y1");

            s.worker().send(yield.formatted("y2"));
            assertThat(s.worker().poll(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void an_optional_yield_answers_matched_false_when_its_timeout_passes() {
        try (Both s = flows.active()) {
            s.worker().send("""
                    {"type":"worker.yield_to_user","id":"promo","optional":true,"timeout":5000,"conditions":[{"url":"promo"}]}""");
            s.client().next("server.set_interactive");
            await().atMost(WAIT).until(() -> pendingDeadline(s.claimed().sessionId()) != null);

            server.clock.advance(Duration.ofSeconds(6));

            JsonNode result = s.worker().next("server.command_result");
            assertThat(result.get("id").asString()).isEqualTo("promo");
            assertThat(result.get("ok").asBoolean()).isTrue();
            assertThat(result.get("result").toString()).isEqualTo("{\"matched\":false}");
            assertThat(s.client().next("server.set_interactive").get("interactive").asBoolean()).isFalse();
            assertThat(flows.sessionState(s.claimed().sessionId())).isEqualTo("active");
        }
    }

    @Test
    void a_required_yield_that_times_out_answers_a_timeout_error() {
        try (Both s = flows.active()) {
            s.worker().send("""
                    {"type":"worker.yield_to_user","id":"login","timeout":1000,"conditions":[{"url":"account"}]}""");
            s.client().next("server.set_interactive");
            await().atMost(WAIT).until(() -> pendingDeadline(s.claimed().sessionId()) != null);

            server.clock.advance(Duration.ofSeconds(2));

            JsonNode result = s.worker().next("server.command_result");
            assertThat(result.get("ok").asBoolean()).isFalse();
            assertThat(result.get("error").get("code").asString()).isEqualTo("TIMEOUT");
        }
    }

    private Long pendingDeadline(String sessionId) {
        return server.passage.database().read(h -> h.createQuery("SELECT pending_deadline FROM sessions WHERE id = :id")
                .bind("id", sessionId).mapTo(Long.class).findOne().orElse(null));
    }

    @Test
    void worker_complete_ends_the_session_and_completes_the_link_with_the_result() {
        Flows.LinkRef link = flows.createLink();
        Claimed c = flows.claimOk(link.claimCode());
        try (Both s = flows.active(c)) {
            s.worker().send("""
                    {"type":"worker.complete","result":{"paymentMethods":[{"order":1,"vendorId":"v1","last4":"4242",
                     "type":"credit_card","isDefault":true,"raw":{}}]}}""");

            JsonNode end = s.client().next("server.session_end");
            assertThat(end.get("state").asString()).isEqualTo("complete");
            assertThat(end.get("error").isNull()).isTrue();
            assertThat(s.client().closeCode()).isEqualTo(1000);
            assertThat(s.worker().closeCode()).isEqualTo(1000);
        }
        await().atMost(WAIT).until(() -> flows.link(link.linkId()).get("status").asString().equals("complete"));
        JsonNode read = flows.link(link.linkId());
        assertThat(read.get("result").get("paymentMethods").get(0).get("last4").asString()).isEqualTo("4242");
        assertThat(read.get("error").isNull()).isTrue();
        assertThat(flows.sessionState(c.sessionId())).isEqualTo("complete");
    }

    @Test
    void completing_a_link_drops_its_sealed_secret_arguments() {
        Flows.LinkRef link = flows.createLink("""
                {"integrationId":"verizon","resource":"paymentMethod","action":"write","arguments":{
                  "cardNumber":"4111111111111111","expirationDate":"12/29","cvv":"987","nameOnCard":"Ada Lovelace",
                  "billingZip":"94107","dryRun":true}}""");
        assertThat(sealedArguments(link.linkId())).isNotNull();
        try (Both s = flows.active(flows.claimOk(link.claimCode()))) {
            s.worker().send("{\"type\":\"worker.complete\",\"result\":{\"dryRun\":true,\"card\":{\"last4\":\"1111\"}}}");
            s.client().until("server.session_end");
        }
        await().atMost(WAIT).until(() -> flows.link(link.linkId()).get("status").asString().equals("complete"));
        assertThat(sealedArguments(link.linkId())).isNull();
    }

    private String sealedArguments(String linkId) {
        return server.passage.database().read(h -> h.createQuery("SELECT sealed_arguments FROM links WHERE id = :id")
                .bind("id", linkId).mapTo(String.class).one());
    }

    @Test
    void a_result_that_fails_its_schema_fails_the_link_with_result_validation_error() {
        Flows.LinkRef link = flows.createLink();
        try (Both s = flows.active(flows.claimOk(link.claimCode()))) {
            s.worker().send("{\"type\":\"worker.complete\",\"result\":{\"paymentMethods\":[{\"last4\":42}]}}");

            JsonNode error = s.worker().next("server.error");
            assertThat(error.get("code").asString()).isEqualTo("RESULT_VALIDATION_ERROR");
            assertThat(error.get("issues").isArray()).isTrue();
            JsonNode end = s.client().next("server.session_end");
            assertThat(end.get("state").asString()).isEqualTo("failed");
            assertThat(end.get("error").get("code").asString()).isEqualTo("RESULT_VALIDATION_ERROR");
        }
        await().atMost(WAIT).until(() -> flows.link(link.linkId()).get("status").asString().equals("failed"));
        JsonNode read = flows.link(link.linkId());
        assertThat(read.get("error").get("code").asString()).isEqualTo("RESULT_VALIDATION_ERROR");
        assertThat(read.get("result").isNull()).isTrue();
    }

    @Test
    void a_null_result_fails_validation_too() {
        Flows.LinkRef link = flows.createLink();
        try (Both s = flows.active(flows.claimOk(link.claimCode()))) {
            s.worker().send("{\"type\":\"worker.complete\",\"result\":null}");

            assertThat(s.worker().next("server.error").get("code").asString()).isEqualTo("RESULT_VALIDATION_ERROR");
            assertThat(s.client().next("server.session_end").get("state").asString()).isEqualTo("failed");
        }
    }

    @Test
    void a_multi_operation_result_lists_each_operations_data_in_the_order_asked_even_twice_the_same() {
        Flows.LinkRef link = flows.createLink("""
                {"integrationId":"att","operations":[{"resource":"paymentMethod","action":"read"},
                  {"resource":"mobileBillingStatement","action":"read"},
                  {"resource":"mobileBillingStatement","action":"read","arguments":{"limit":1}}]}""");
        try (Both s = flows.active(flows.claimOk(link.claimCode()))) {
            s.worker().send("""
                    {"type":"worker.complete","result":{"operations":[
                      {"resource":"paymentMethod","action":"read","data":{"paymentMethods":[]}},
                      {"resource":"mobileBillingStatement","action":"read","data":{"billing":[{"periodStart":"2026-10-01","amountDue":42.5,"currency":"USD"}]}},
                      {"resource":"mobileBillingStatement","action":"read","data":{"billing":[]}}]}}""");
            s.client().until("server.session_end");
        }
        await().atMost(WAIT).until(() -> flows.link(link.linkId()).get("status").asString().equals("complete"));
        JsonNode operations = flows.link(link.linkId()).get("result").get("operations");
        assertThat(operations.size()).isEqualTo(3);
        assertThat(operations.get(1).get("data").get("billing").get(0).get("amountDue").asDouble()).isEqualTo(42.5);
        assertThat(operations.get(2).get("data").get("billing").size()).isZero();

        Flows.LinkRef missing = flows.createLink("""
                {"integrationId":"att","operations":[{"resource":"paymentMethod","action":"read"},
                  {"resource":"mobileBillingStatement","action":"read"}]}""");
        try (Both s = flows.active(flows.claimOk(missing.claimCode()))) {
            s.worker().send("""
                    {"type":"worker.complete","result":{"operations":[
                      {"resource":"paymentMethod","action":"read","data":{"paymentMethods":[]}},
                      {"resource":"mobileBillingStatement","action":"read"}]}}""");
            assertThat(s.worker().next("server.error").get("issues").toString()).contains("result.operations.1.data");
        }
    }

    @Test
    void worker_fail_ends_the_session_and_fails_the_link_with_code_and_message() {
        Flows.LinkRef link = flows.createLink();
        try (Both s = flows.active(flows.claimOk(link.claimCode()))) {
            s.worker().send("{\"type\":\"worker.fail\",\"error\":{\"code\":\"UNKNOWN_PROVIDER\",\"message\":\"gone\"}}");
            JsonNode end = s.client().next("server.session_end");
            assertThat(end.get("state").asString()).isEqualTo("failed");
            assertThat(end.get("error").get("code").asString()).isEqualTo("UNKNOWN_PROVIDER");
        }
        await().atMost(WAIT).until(() -> flows.link(link.linkId()).get("status").asString().equals("failed"));
        assertThat(flows.link(link.linkId()).get("error").toString())
                .isEqualTo("{\"code\":\"UNKNOWN_PROVIDER\",\"message\":\"gone\",\"reason\":\"unknown_provider\"}");

        Flows.LinkRef other = flows.createLink();
        try (Both s = flows.active(flows.claimOk(other.claimCode()))) {
            s.worker().send("{\"type\":\"worker.fail\",\"error\":{\"code\":\"MADE_UP\"}}");
            s.client().until("server.session_end");
        }
        await().atMost(WAIT).until(() -> flows.link(other.linkId()).get("status").asString().equals("failed"));
        assertThat(flows.link(other.linkId()).get("error").get("code").asString()).isEqualTo("AUTOMATION_ERROR");
    }

    @Test
    void an_ended_session_refuses_its_tokens_at_upgrade_and_changes_nothing() {
        Claimed c = flows.newSession();
        try (Both s = flows.active(c)) {
            s.worker().send("{\"type\":\"worker.fail\",\"error\":{\"message\":\"nope\"}}");
            s.client().until("server.session_end");
        }
        String query = "/sessions/" + c.sessionId() + "/ws?role=";
        assertThat(WsClient.refusal(server.wsUri(query + "worker&token=" + c.ticket().workerToken()))).isEqualTo(401);
        assertThat(WsClient.refusal(server.wsUri(query + "client&token=" + c.clientToken()))).isEqualTo(401);
        assertThat(flows.sessionState(c.sessionId())).isEqualTo("failed");
        assertThat(flows.link(c.linkId()).get("status").asString()).isEqualTo("failed");
    }

    @Test
    void a_message_that_is_not_json_closes_the_socket_with_4000() {
        try (Both s = flows.active()) {
            s.client().send("this is not json");
            assertThat(s.client().closeCode()).isEqualTo(4000);
            s.worker().send("{\"type\":");
            assertThat(s.worker().closeCode()).isEqualTo(4000);
        }
    }

    @Test
    void a_message_without_a_string_type_closes_the_socket_with_4000() {
        for (String bad : List.of("{\"kind\":\"worker.hello\"}", "{\"type\":42}", "[\"worker.hello\"]", "\"hello\"")) {
            Claimed c = flows.newSession();
            try (WsClient worker = flows.open(c.sessionId(), "worker", c.ticket().workerToken())) {
                worker.send(bad);
                assertThat(worker.closeCode()).as(bad).isEqualTo(4000);
            }
        }
    }

    @Test
    void wrong_or_missing_tokens_and_roles_are_refused_at_upgrade() {
        Claimed c = flows.newSession();
        String base = "/sessions/" + c.sessionId() + "/ws?role=";
        assertThat(WsClient.refusal(server.wsUri(base + "worker&token=wt_wrong"))).isEqualTo(401);
        assertThat(WsClient.refusal(server.wsUri(base + "worker"))).isEqualTo(401);
        assertThat(WsClient.refusal(server.wsUri(base + "worker&token=" + c.clientToken()))).isEqualTo(401);
        assertThat(WsClient.refusal(server.wsUri(base + "client&token=" + c.ticket().workerToken()))).isEqualTo(401);
        assertThat(WsClient.refusal(server.wsUri(base + "debug&token=" + c.clientToken()))).isEqualTo(401);
        assertThat(WsClient.refusal(server.wsUri(base + "admin&token=" + c.ticket().workerToken()))).isEqualTo(400);
        Claimed other = flows.newSession();
        assertThat(WsClient.refusal(server.wsUri("/sessions/" + other.sessionId() + "/ws?role=client&token="
                + c.clientToken()))).isEqualTo(401);
        assertThat(WsClient.refusal(server.wsUri("/sessions/session_unknown/ws?role=client&token="
                + c.clientToken()))).isEqualTo(401);
    }

    @Test
    void a_message_before_hello_is_refused() {
        Claimed c = flows.newSession();
        try (WsClient worker = flows.open(c.sessionId(), "worker", c.ticket().workerToken())) {
            worker.send("{\"type\":\"worker.command\",\"id\":\"c1\",\"command\":\"title\"}");
            assertThat(worker.next("server.error").get("code").asString()).isEqualTo("HELLO_FIRST");
        }
    }

    @Test
    void a_client_that_reconnects_with_its_token_gets_what_it_missed_in_server_replay() {
        Claimed c = flows.newSession();
        try (Both s = flows.active(c)) {
            s.worker().send("{\"type\":\"worker.command\",\"id\":\"c1\",\"command\":\"title\"}");
            JsonNode first = s.client().next("server.command");
            long seen = first.get("seq").asLong();
            s.client().send("{\"type\":\"client.command_response\",\"id\":\"c1\",\"ok\":true,\"result\":\"T\"}");
            s.client().next("server.ack");
            s.worker().next("server.command_result");

            s.client().abort();
            s.worker().next("server.client_disconnected");
            s.worker().send("{\"type\":\"worker.command\",\"id\":\"c2\",\"command\":\"url\"}");
            await().atMost(WAIT).until(() -> messageCount(c.sessionId(), "client") == 2);

            try (WsClient back = flows.open(c.sessionId(), "client", c.clientToken())) {
                back.send("{\"type\":\"client.hello\",\"lastSeq\":" + seen + "}");
                JsonNode hello = back.next("server.hello");
                assertThat(hello.get("state").asString()).isEqualTo("active");
                assertThat(hello.get("lastSeq").asLong()).isEqualTo(2);
                JsonNode replay = back.next("server.replay");
                assertThat(replay.get("messages").size()).isEqualTo(1);
                JsonNode missed = replay.get("messages").get(0);
                assertThat(missed.get("type").asString()).isEqualTo("server.command");
                assertThat(missed.get("id").asString()).isEqualTo("c2");
                assertThat(missed.get("seq").asLong()).isEqualTo(2);

                assertThat(s.worker().next("server.client_ready").get("type").asString()).isEqualTo("server.client_ready");
                back.send("{\"type\":\"client.command_response\",\"id\":\"c2\",\"ok\":true,\"result\":\"https://x\"}");
                assertThat(s.worker().next("server.command_result").get("id").asString()).isEqualTo("c2");
            }
        }
    }

    @Test
    void a_worker_that_reconnects_gets_what_it_missed_in_server_replay() {
        Claimed c = flows.newSession();
        WsClient worker = flows.worker(c);
        worker.send("{\"type\":\"worker.command\",\"id\":\"c1\",\"command\":\"title\"}");
        worker.abort();
        await().atMost(WAIT).until(() -> connections(c.sessionId()).equals("0 0"));
        WsClient client = flows.open(c.sessionId(), "client", c.clientToken());
        client.send("{\"type\":\"client.hello\"}");
        assertThat(client.next("server.hello").get("state").asString()).isEqualTo("pending");
        // The command sent while the client was away waits for it in its replay.
        JsonNode replay = client.next("server.replay");
        assertThat(replay.get("messages").get(0).get("command").asString()).isEqualTo("title");
        client.send("{\"type\":\"client.command_response\",\"id\":\"c1\",\"ok\":true,\"result\":\"Portal\"}");
        client.next("server.ack");

        try (WsClient back = flows.open(c.sessionId(), "worker", c.ticket().workerToken())) {
            back.send("{\"type\":\"worker.hello\",\"lastSeq\":0}");
            back.next("server.hello");
            List<String> types = new ArrayList<>();
            back.next("server.replay").get("messages").forEach(m -> types.add(m.get("type").asString()));
            assertThat(types).containsExactly("server.command_result", "server.client_ready");
        }
        client.close();
    }

    private String connections(String sessionId) {
        return server.passage.database().read(h -> h.createQuery(
                        "SELECT worker_connections || ' ' || client_connections FROM sessions WHERE id = :id")
                .bind("id", sessionId).mapTo(String.class).one());
    }

    private int messageCount(String sessionId, String recipient) {
        return server.passage.database().read(h -> h.createQuery(
                        "SELECT COUNT(*) FROM session_messages WHERE session_id = :id AND recipient = :r")
                .bind("id", sessionId).bind("r", recipient).mapTo(Integer.class).one());
    }

    @Test
    void a_debug_viewer_receives_every_message_in_an_envelope() {
        Claimed c = flows.newSession();
        try (WsClient debug = flows.debug(c)) {
            JsonNode hello = debug.next("server.hello");
            assertThat(hello.get("role").asString()).isEqualTo("debug");
            try (Both s = flows.active(c)) {
                s.worker().send("{\"type\":\"worker.command\",\"id\":\"c1\",\"command\":\"title\"}");
                s.client().next("server.command");
                s.client().send("{\"type\":\"client.command_response\",\"id\":\"c1\",\"ok\":true,\"result\":\"T\"}");
                s.worker().next("server.command_result");
                s.worker().send("{\"type\":\"worker.complete\",\"result\":{\"paymentMethods\":[]}}");
                s.client().until("server.session_end");
            }
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                JsonNode envelope = debug.poll(Duration.ofMillis(500));
                if (envelope == null) {
                    break;
                }
                assertThat(envelope.propertyNames()).containsExactly("direction", "message", "ts");
                assertThat(envelope.get("ts").asLong()).isEqualTo(server.clock.millis());
                seen.add(envelope.get("direction").asString() + " " + envelope.get("message").get("type").asString());
            }
            assertThat(seen).as(seen.toString()).containsSubsequence(
                    "worker_to_server worker.hello", "server_to_worker server.hello", "server_to_worker server.replay",
                    "client_to_server client.hello", "server_to_worker server.client_ready", "server_to_client server.hello",
                    "worker_to_server worker.command", "server_to_client server.command",
                    "client_to_server client.command_response", "server_to_worker server.command_result",
                    "server_to_client server.ack", "worker_to_server worker.complete",
                    "server_to_client server.session_end");
            assertThat(debug.closeCode()).isEqualTo(1000);
        }
    }

    @Test
    void the_debug_role_is_read_only() {
        Claimed c = flows.newSession();
        try (WsClient debug = flows.debug(c)) {
            debug.next("server.hello");
            debug.send("{\"type\":\"worker.complete\",\"result\":{\"paymentMethods\":[]}}");
            debug.send("{\"type\":\"debug.hello\"}");
            debug.next("server.hello");
        }
        assertThat(flows.sessionState(c.sessionId())).isEqualTo("created");
    }

    @Test
    void session_state_lives_in_the_database() {
        Claimed c = flows.newSession();
        try (Both s = flows.active(c)) {
            s.worker().send("""
                    {"type":"worker.yield_to_user","id":"y","conditions":[{"url":"done"}]}""");
            s.client().next("server.set_interactive");
            await().atMost(WAIT).until(() -> row(c.sessionId()).equals("active 1 1 true y"));
        }
    }

    private String row(String sessionId) {
        String columns = server.passage.database().read(h -> h.createQuery("""
                        SELECT state, worker_connections, client_connections, interactive
                        FROM sessions WHERE id = :id""")
                .bind("id", sessionId)
                .map((rs, ctx) -> rs.getString(1) + " " + rs.getInt(2) + " " + rs.getInt(3) + " " + rs.getBoolean(4))
                .one());
        // The outstanding command is sealed at rest; the service opens it.
        return columns + " " + server.passage.sessions().pendingCommand(sessionId).map(p -> p.get("id").asString()).orElse(null);
    }
}
