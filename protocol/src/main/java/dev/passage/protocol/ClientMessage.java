package dev.passage.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** What a client (the device runtime) sends (SPEC §7). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(ClientMessage.Hello.class),
        @JsonSubTypes.Type(ClientMessage.CommandResponse.class),
        @JsonSubTypes.Type(ClientMessage.Events.class)})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ClientMessage {

    /** {@code client.hello}; {@code lastSeq} is the last stored message the client saw (0: none). */
    @JsonTypeName("client.hello")
    record Hello(long lastSeq) implements ClientMessage {
        public Hello {
            Fields.atLeast("lastSeq", lastSeq, 0);
        }

        @JsonCreator
        static Hello of(@JsonProperty("lastSeq") Long lastSeq) {
            return new Hello(lastSeq == null ? 0 : lastSeq);
        }
    }

    /** {@code client.command_response}: the answer to {@code server.command} {@code id}; without {@code ok} it is ok unless it carries an error. */
    @JsonTypeName("client.command_response")
    record CommandResponse(String id, boolean ok, JsonNode result, JsonNode error) implements ClientMessage {
        public CommandResponse {
            Fields.nonEmpty("id", id);
        }

        @JsonCreator
        static CommandResponse of(@JsonProperty("id") String id, @JsonProperty("ok") Boolean ok,
                                  @JsonProperty("result") JsonNode result, @JsonProperty("error") JsonNode error) {
            boolean failed = error != null && !error.isNull();
            return new CommandResponse(id, ok != null ? ok : !failed, result, error);
        }

        /** A successful answer. */
        public static CommandResponse success(String id, JsonNode result) {
            return new CommandResponse(id, true, result, null);
        }

        /** A failed answer with a stable code and a message for people. */
        public static CommandResponse failure(String id, String code, String message) {
            return new CommandResponse(id, false, null,
                    tools.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("code", code).put("message", message));
        }
    }

    /** {@code client.events}: a batch of telemetry events (see {@link TelemetryEvent}), oldest first. */
    @JsonTypeName("client.events")
    record Events(List<JsonNode> events) implements ClientMessage {
        public Events {
            if (events == null) {
                throw new ProtocolException("events must be an array");
            }
            events = List.copyOf(events);
        }
    }
}
