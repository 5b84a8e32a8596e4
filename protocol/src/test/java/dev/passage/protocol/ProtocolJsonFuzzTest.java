package dev.passage.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * Any frame a socket can carry is either refused as a frame (close 4000) or read into its role's
 * message, or refused with a {@link ProtocolException} whose message stays short and names no value;
 * nothing else escapes the parser. Under {@code ./mvnw verify} this fuzzes for a few seconds
 * (JAZZER_FUZZ is set by the build's {@code fuzz} execution); bench/README.md has the longer runs.
 */
class ProtocolJsonFuzzTest {
    /** Longest refusal a sender is told: a path of shortened field names and a rule. */
    private static final int MAX_MESSAGE = 400;

    @FuzzTest(maxDuration = "4s")
    @DictionaryEntries({"\"type\"", "\"worker.hello\"", "\"worker.command\"", "\"worker.yield_to_user\"",
            "\"worker.complete\"", "\"worker.fail\"", "\"client.hello\"", "\"client.command_response\"",
            "\"client.events\"", "\"debug.hello\"", "\"lastSeq\"", "\"id\"", "\"command\"", "\"args\"", "\"secret\"",
            "\"conditions\"", "\"optional\"", "\"timeout\"", "\"url\"", "\"networkRequest\"", "\"urlContains\"",
            "\"method\"", "\"successfulOnly\"", "\"bodyContains\"", "\"captureBody\"", "\"result\"", "\"error\"",
            "\"code\"", "\"message\"", "\"reason\"", "\"ok\"", "\"events\"", "\"navigate\"", "\"evaluate\"",
            "\"fill\"", "9223372036854775807", "-1", "1e400", "null", "true", "[]", "{}"})
    void any_frame_is_read_or_refused_with_a_protocol_error(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Optional<ObjectNode> frame = ProtocolJson.frame(text);
        ProtocolJson.server(text); // The lenient side never throws either: it answers empty.
        if (frame.isEmpty()) {
            return;
        }
        read(() -> ProtocolJson.worker(frame.get()));
        read(() -> ProtocolJson.client(frame.get()));
        read(() -> ProtocolJson.debug(frame.get()));
    }

    private static void read(java.util.function.Supplier<Object> parse) {
        Object message;
        try {
            message = parse.get();
        } catch (ProtocolException e) {
            assertThat(e.getMessage()).isNotBlank().hasSizeLessThanOrEqualTo(MAX_MESSAGE);
            return;
        }
        // What was read can be written again (the server stores and relays what it read).
        assertThat(ProtocolJson.text(message)).isNotEmpty();
    }
}
