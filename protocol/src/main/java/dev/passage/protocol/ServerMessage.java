package dev.passage.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What the server sends a worker, a client or a debug viewer (SPEC §7). The {@link Stored} ones are
 * kept and numbered ({@code seq}, per session and recipient) so a role that reconnects gets them in
 * its {@code server.replay}; hello, replay and ack answer one socket and are not stored.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type",
        defaultImpl = ServerMessage.Unknown.class)
@JsonSubTypes({
        @JsonSubTypes.Type(ServerMessage.Hello.class),
        @JsonSubTypes.Type(ServerMessage.Replay.class),
        @JsonSubTypes.Type(ServerMessage.Ack.class),
        @JsonSubTypes.Type(ServerMessage.RunCommand.class),
        @JsonSubTypes.Type(ServerMessage.SetInteractive.class),
        @JsonSubTypes.Type(ServerMessage.SessionEnd.class),
        @JsonSubTypes.Type(ServerMessage.ClientReady.class),
        @JsonSubTypes.Type(ServerMessage.ClientDisconnected.class),
        @JsonSubTypes.Type(ServerMessage.CommandResult.class),
        @JsonSubTypes.Type(ServerMessage.Error.class)})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ServerMessage {

    /** A message that is stored before it is sent, under its recipient's next {@code seq} (0 until then). */
    sealed interface Stored extends ServerMessage {
        long seq();

        /** The same message numbered {@code seq}. */
        Stored withSeq(long seq);
    }

    /**
     * {@code server.hello}: the session as it is now. The worker also gets the integration, whether a
     * client is connected and the operations; the client whether it is the person's turn, the
     * scripts to inject and the origins it may act on; debug the integration and operations. {@code lastSeq} (worker and client) is
     * the last stored message for that role.
     */
    @JsonTypeName("server.hello")
    record Hello(String sessionId, Role role, SessionState state, String linkId, boolean debug,
                 @JsonInclude(JsonInclude.Include.ALWAYS) ErrorBody error, String integrationId, Boolean clientConnected,
                 JsonNode operations, Boolean interactive, List<Script> scripts, List<String> allowedOrigins, Long lastSeq)
            implements ServerMessage {

        /** An injection script: injected at document start, it reports through {@code window.__passage.emit(event)}. */
        public record Script(String name, String source) {}

        /** Whether the session had already ended when the role said hello. */
        @JsonIgnore
        public boolean ended() {
            return state != null && state.isTerminal();
        }
    }

    /** {@code server.replay}: every stored message after the hello's {@code lastSeq}, in order. */
    @JsonTypeName("server.replay")
    record Replay(List<ServerMessage> messages) implements ServerMessage {
        public Replay {
            messages = messages == null ? List.of() : List.copyOf(messages);
        }
    }

    /**
     * {@code server.ack}: whether a client's message {@code of} was taken; {@code count} of stored events
     * for {@code client.events}, {@code id} for a command response, {@code error} when it was refused.
     */
    @JsonTypeName("server.ack")
    record Ack(String of, boolean accepted, String id, Integer count, ErrorBody error) implements ServerMessage {}

    /**
     * {@code server.command}: run this command and answer {@code client.command_response} with its id.
     * A {@code redacted} one is the stored copy of a command whose secret value was taken out (a replay
     * after a reconnect, or what a debug viewer sees): a client never runs it; the worker sends the
     * command again.
     */
    @JsonTypeName("server.command")
    record RunCommand(String id, Command command, JsonNode args,
                      @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean redacted,
                      @JsonInclude(JsonInclude.Include.NON_DEFAULT) long seq) implements Stored {
        public RunCommand {
            args = args == null || args.isNull() ? tools.jackson.databind.node.JsonNodeFactory.instance.objectNode() : args;
        }

        /** A command as the worker sent it. */
        public RunCommand(String id, Command command, JsonNode args, long seq) {
            this(id, command, args, false, seq);
        }

        @Override
        public RunCommand withSeq(long seq) {
            return new RunCommand(id, command, args, redacted, seq);
        }

        /** The same command with its secret value taken out: what is stored and what debug viewers see. */
        public RunCommand redact() {
            tools.jackson.databind.node.ObjectNode copy = (tools.jackson.databind.node.ObjectNode) args.deepCopy();
            if (copy.has("value")) {
                copy.put("value", "[redacted]");
            }
            return new RunCommand(id, command, copy, true, seq);
        }
    }

    /** {@code server.set_interactive}: whether it is the person's turn on the page (a yield) or the automation's. */
    @JsonTypeName("server.set_interactive")
    record SetInteractive(boolean interactive, @JsonInclude(JsonInclude.Include.NON_DEFAULT) long seq) implements Stored {
        @Override
        public SetInteractive withSeq(long seq) {
            return new SetInteractive(interactive, seq);
        }
    }

    /** {@code server.session_end}: the session is over, with its terminal state and error (null when complete). */
    @JsonTypeName("server.session_end")
    record SessionEnd(SessionState state, @JsonInclude(JsonInclude.Include.ALWAYS) ErrorBody error,
                      @JsonInclude(JsonInclude.Include.NON_DEFAULT) long seq) implements Stored {
        @Override
        public SessionEnd withSeq(long seq) {
            return new SessionEnd(state, error, seq);
        }
    }

    /** {@code server.client_ready}: the session became active, or the client came back. */
    @JsonTypeName("server.client_ready")
    record ClientReady(@JsonInclude(JsonInclude.Include.NON_DEFAULT) long seq) implements Stored {
        @Override
        public ClientReady withSeq(long seq) {
            return new ClientReady(seq);
        }
    }

    /** {@code server.client_disconnected}: the client's last socket closed; it has the reconnect grace to come back. */
    @JsonTypeName("server.client_disconnected")
    record ClientDisconnected(@JsonInclude(JsonInclude.Include.NON_DEFAULT) long seq) implements Stored {
        @Override
        public ClientDisconnected withSeq(long seq) {
            return new ClientDisconnected(seq);
        }
    }

    /** {@code server.command_result}: the client's answer to command {@code id}, or how a yield ended. */
    @JsonTypeName("server.command_result")
    record CommandResult(String id, boolean ok, @JsonInclude(JsonInclude.Include.ALWAYS) JsonNode result,
                         @JsonInclude(JsonInclude.Include.ALWAYS) JsonNode error,
                         @JsonInclude(JsonInclude.Include.NON_DEFAULT) long seq) implements Stored {
        @Override
        public CommandResult withSeq(long seq) {
            return new CommandResult(id, ok, result, error, seq);
        }
    }

    /** {@code server.error}: a worker's message was not taken ({@link ServerErrorCode}); {@code id} names it when it had one. */
    @JsonTypeName("server.error")
    record Error(String code, String message, String id, JsonNode issues,
                 @JsonInclude(JsonInclude.Include.NON_DEFAULT) long seq) implements Stored {
        /** A refusal of message {@code id} (may be null). */
        public static Error of(ServerErrorCode code, String message, String id) {
            return new Error(code.name(), message, id, null, 0);
        }

        @Override
        public Error withSeq(long seq) {
            return new Error(code, message, id, issues, seq);
        }
    }

    /** A type this end does not know (sent by a newer server): read and ignored. */
    @JsonTypeName("server.unknown")
    record Unknown() implements ServerMessage {}
}
