package dev.passage.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** How frames become messages and messages frames, at both ends. */
class ProtocolJsonTest {

    private static JsonNode frame(String json) {
        return ProtocolJson.frame(json).orElseThrow(() -> new AssertionError("not a frame: " + json));
    }

    @Test
    void only_json_objects_with_a_string_type_are_frames() {
        assertThat(ProtocolJson.frame("{\"type\":\"worker.hello\"}")).isPresent();
        assertThat(ProtocolJson.frame("not json")).isEmpty();
        assertThat(ProtocolJson.frame("{\"type\":1}")).isEmpty();
        assertThat(ProtocolJson.frame("[]")).isEmpty();
        assertThat(ProtocolJson.frame("{\"type\":\"a\"} trailing")).isEmpty();
    }

    @Test
    void each_role_has_its_own_messages() {
        assertThat(ProtocolJson.worker(frame("{\"type\":\"worker.hello\",\"lastSeq\":4}"))).isEqualTo(new WorkerMessage.Hello(4));
        assertThat(ProtocolJson.client(frame("{\"type\":\"client.hello\"}"))).isEqualTo(new ClientMessage.Hello(0));
        assertThat(ProtocolJson.debug(frame("{\"type\":\"debug.hello\"}"))).isEqualTo(new DebugMessage.Hello(0));
        assertThatThrownBy(() -> ProtocolJson.client(frame("{\"type\":\"worker.complete\",\"result\":{}}")))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(ProtocolException.Kind.UNKNOWN_TYPE))
                .hasMessage("A client does not send worker.complete.");
        assertThatThrownBy(() -> ProtocolJson.worker(frame("{\"type\":\"client.events\",\"events\":[]}")))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(ProtocolException.Kind.UNKNOWN_TYPE));
    }

    @Test
    void a_worker_command_names_one_of_the_twenty_one_commands() {
        WorkerMessage m = ProtocolJson.worker(frame("{\"type\":\"worker.command\",\"id\":\"c1\",\"command\":\"waitForSelector\",\"args\":{\"selector\":\"#a\"}}"));
        assertThat(m).isInstanceOfSatisfying(WorkerMessage.RunCommand.class, c -> {
            assertThat(c.command()).isEqualTo(Command.WAIT_FOR_SELECTOR);
            assertThat(c.args().path("selector").asString()).isEqualTo("#a");
        });
        assertThat(Command.values()).hasSize(21);
        assertThatThrownBy(() -> ProtocolJson.worker(frame("{\"type\":\"worker.command\",\"id\":\"c1\",\"command\":\"hack\"}")))
                .hasMessageStartingWith("command 'hack' is not one of [click, content");
    }

    @Test
    void a_command_response_without_ok_is_ok_unless_it_carries_an_error() {
        assertThat(((ClientMessage.CommandResponse) ProtocolJson.client(frame("{\"type\":\"client.command_response\",\"id\":\"c\"}"))).ok())
                .isTrue();
        assertThat(((ClientMessage.CommandResponse) ProtocolJson.client(frame(
                "{\"type\":\"client.command_response\",\"id\":\"c\",\"error\":{\"message\":\"x\"}}"))).ok()).isFalse();
    }

    @Test
    void bad_fields_of_known_messages_name_the_field() {
        assertThatThrownBy(() -> ProtocolJson.worker(frame("{\"type\":\"worker.hello\",\"lastSeq\":-1}")))
                .hasMessage("lastSeq must be a whole number from 0");
        assertThatThrownBy(() -> ProtocolJson.worker(frame("{\"type\":\"worker.hello\",\"lastSeq\":99999999999999999999}")))
                .hasMessage("lastSeq is out of range");
        assertThatThrownBy(() -> ProtocolJson.worker(frame("{\"type\":\"worker.hello\",\"lastSeq\":\"4\"}")))
                .hasMessage("lastSeq must be a whole number");
        assertThatThrownBy(() -> ProtocolJson.worker(frame("{\"type\":\"worker.hello\",\"lastSeq\":1.5}")))
                .hasMessage("lastSeq must be a whole number");
        assertThatThrownBy(() -> ProtocolJson.worker(frame("{\"type\":\"worker.hello\",\"nope\":1}")))
                .hasMessage("nope is not a known field");
        assertThatThrownBy(() -> ProtocolJson.worker(frame("{\"type\":\"worker.command\",\"id\":\"c\",\"command\":\"click\",\"args\":[]}")))
                .hasMessageContaining("args");
        assertThatThrownBy(() -> ProtocolJson.worker(frame("{\"type\":\"worker.command\",\"id\":5,\"command\":\"click\"}")))
                .hasMessage("id must be a string");
        assertThatThrownBy(() -> ProtocolJson.worker(frame("{\"type\":\"worker.yield_to_user\",\"id\":\"y\",\"conditions\":[{\"url\":\"x\"}],\"timeout\":0}")))
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> ProtocolJson.worker(frame("{\"type\":\"worker.yield_to_user\",\"id\":\"y\",\"conditions\":[{\"url\":\"x\"}],\"optional\":\"yes\"}")))
                .hasMessageContaining("optional");
        assertThatThrownBy(() -> ProtocolJson.worker(frame("{\"type\":\"worker.yield_to_user\",\"id\":\"y\"}")))
                .hasMessage("conditions must be a non-empty array");
        assertThatThrownBy(() -> ProtocolJson.worker(frame("{\"type\":\"worker.complete\"}"))).hasMessageContaining("result");
        assertThatThrownBy(() -> ProtocolJson.client(frame("{\"type\":\"client.events\",\"events\":{}}"))).hasMessageContaining("events");
    }

    @Test
    void a_null_result_is_a_result_but_a_missing_one_is_not() {
        assertThat(ProtocolJson.worker(frame("{\"type\":\"worker.complete\",\"result\":null}")))
                .isInstanceOfSatisfying(WorkerMessage.Complete.class, c -> assertThat(c.result().isNull()).isTrue());
    }

    @Test
    void stored_server_messages_carry_their_seq_last_and_only_once_numbered() {
        ServerMessage.SetInteractive m = new ServerMessage.SetInteractive(true, 0);
        assertThat(ProtocolJson.text(m)).isEqualTo("{\"type\":\"server.set_interactive\",\"interactive\":true}");
        assertThat(ProtocolJson.text(m.withSeq(2))).isEqualTo("{\"type\":\"server.set_interactive\",\"interactive\":true,\"seq\":2}");
        assertThat(ProtocolJson.text(new ServerMessage.CommandResult("c1", true, null, null, 3)))
                .isEqualTo("{\"type\":\"server.command_result\",\"id\":\"c1\",\"ok\":true,\"result\":null,\"error\":null,\"seq\":3}");
        assertThat(ProtocolJson.text(new ServerMessage.SessionEnd(SessionState.COMPLETE, null, 1)))
                .isEqualTo("{\"type\":\"server.session_end\",\"state\":\"complete\",\"error\":null,\"seq\":1}");
    }

    @Test
    void a_server_frame_reads_back_as_its_record_and_unknown_types_and_fields_are_tolerated() {
        ServerMessage.Replay replay = new ServerMessage.Replay(List.of(
                new ServerMessage.RunCommand("c1", Command.CLICK, null, 1), new ServerMessage.ClientReady(2)));
        assertThat(ProtocolJson.server(ProtocolJson.tree(replay))).isEqualTo(replay);
        assertThat(ProtocolJson.server("{\"type\":\"server.future\",\"x\":1}")).contains(new ServerMessage.Unknown());
        assertThat(ProtocolJson.server("{\"type\":\"server.client_ready\",\"seq\":4,\"newField\":true}"))
                .contains(new ServerMessage.ClientReady(4));
    }

    @Test
    void yield_conditions_round_trip_and_refuse_what_they_cannot_judge() {
        List<YieldCondition> parsed = YieldCondition.parseAll(frame("{\"type\":\"x\",\"c\":[{\"url\":\"/account\"},"
                + "{\"networkRequest\":{\"urlContains\":\"/api\",\"method\":\"post\",\"successfulOnly\":true}}]}").get("c"));
        assertThat(ProtocolJson.tree(parsed).toString())
                .isEqualTo("[{\"url\":\"/account\"},{\"networkRequest\":{\"urlContains\":\"/api\",\"method\":\"POST\",\"successfulOnly\":true}}]");
        assertThatThrownBy(() -> YieldCondition.parseAll(frame("{\"type\":\"x\",\"c\":[{\"url\":\"(\"}]}").get("c")))
                .hasMessage("conditions.0.url is not a valid regular expression");
        String huge = "a".repeat(YieldCondition.MAX_REGEX_LENGTH + 1);
        assertThatThrownBy(() -> YieldCondition.parseAll(frame("{\"type\":\"x\",\"c\":[{\"networkRequest\":{\"url\":\""
                + huge + "\"}}]}").get("c"))).hasMessage("conditions.0.networkRequest.url is longer than 1000 characters");
    }
}
