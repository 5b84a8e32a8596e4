package dev.passage.server.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passage.server.http.Json;
import dev.passage.server.http.WsMessages;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** How frames become protocol messages, without a server. */
class InboundTest {

    private static Inbound parse(Role role, String json) {
        JsonNode m = Json.mapper().readTree(json);
        return Inbound.parse(role, m.get("type").asString(), m);
    }

    @Test
    void only_json_objects_with_a_string_type_are_messages() {
        assertThat(WsMessages.parse("{\"type\":\"worker.hello\"}")).isPresent();
        assertThat(WsMessages.parse("not json")).isEmpty();
        assertThat(WsMessages.parse("{\"type\":1}")).isEmpty();
        assertThat(WsMessages.parse("[]")).isEmpty();
        assertThat(WsMessages.parse("{\"type\":\"a\"} trailing")).isEmpty();
    }

    @Test
    void each_role_has_its_own_messages() {
        assertThat(parse(Role.WORKER, "{\"type\":\"worker.hello\",\"lastSeq\":4}")).isEqualTo(new Inbound.Hello(4));
        assertThat(parse(Role.CLIENT, "{\"type\":\"client.hello\"}")).isEqualTo(new Inbound.Hello(0));
        assertThat(parse(Role.DEBUG, "{\"type\":\"debug.hello\"}")).isEqualTo(new Inbound.Hello(0));
        assertThat(parse(Role.CLIENT, "{\"type\":\"worker.complete\",\"result\":{}}")).isInstanceOf(Inbound.Unknown.class);
        assertThat(parse(Role.WORKER, "{\"type\":\"client.events\",\"events\":[]}")).isInstanceOf(Inbound.Unknown.class);
    }

    @Test
    void a_command_response_without_ok_is_ok_unless_it_carries_an_error() {
        assertThat(((Inbound.CommandResponse) parse(Role.CLIENT, "{\"type\":\"client.command_response\",\"id\":\"c\"}")).ok())
                .isTrue();
        assertThat(((Inbound.CommandResponse) parse(Role.CLIENT,
                "{\"type\":\"client.command_response\",\"id\":\"c\",\"error\":{\"message\":\"x\"}}")).ok()).isFalse();
    }

    @Test
    void bad_fields_of_known_messages_are_protocol_errors() {
        assertThatThrownBy(() -> parse(Role.WORKER, "{\"type\":\"worker.hello\",\"lastSeq\":-1}"))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> parse(Role.WORKER, "{\"type\":\"worker.command\",\"id\":\"c\",\"command\":\"click\",\"args\":[]}"))
                .hasMessageContaining("args");
        assertThatThrownBy(() -> parse(Role.WORKER, "{\"type\":\"worker.yield_to_user\",\"id\":\"y\",\"timeout\":0}"))
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> parse(Role.WORKER, "{\"type\":\"worker.yield_to_user\",\"id\":\"y\",\"optional\":\"yes\"}"))
                .hasMessageContaining("optional");
        assertThatThrownBy(() -> parse(Role.WORKER, "{\"type\":\"worker.complete\"}")).hasMessageContaining("result");
        assertThatThrownBy(() -> parse(Role.CLIENT, "{\"type\":\"client.events\",\"events\":{}}")).hasMessageContaining("events");
    }

    @Test
    void websocket_urls_follow_the_public_url_scheme() {
        assertThat(SessionService.websocketUrl(java.net.URI.create("http://localhost:8080"), "session_1"))
                .isEqualTo("ws://localhost:8080/sessions/session_1/ws");
        assertThat(SessionService.websocketUrl(java.net.URI.create("https://connect.example.com/base"), "session_1"))
                .isEqualTo("wss://connect.example.com/base/sessions/session_1/ws");
    }
}
