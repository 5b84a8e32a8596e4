package dev.passage.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** What a worker sends (SPEC §7); each record checks its own fields. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(WorkerMessage.Hello.class),
        @JsonSubTypes.Type(WorkerMessage.RunCommand.class),
        @JsonSubTypes.Type(WorkerMessage.YieldToUser.class),
        @JsonSubTypes.Type(WorkerMessage.Complete.class),
        @JsonSubTypes.Type(WorkerMessage.Fail.class)})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface WorkerMessage {

    /** {@code worker.hello}; {@code lastSeq} is the last stored message the worker saw (0: none). */
    @JsonTypeName("worker.hello")
    record Hello(long lastSeq) implements WorkerMessage {
        public Hello {
            Fields.atLeast("lastSeq", lastSeq, 0);
        }

        @JsonCreator
        static Hello of(@JsonProperty("lastSeq") Long lastSeq) {
            return new Hello(lastSeq == null ? 0 : lastSeq);
        }
    }

    /**
     * {@code worker.command}: one command for the client, relayed as {@code server.command}. With
     * {@code secret}, its {@code args.value} is a secret (a card number typed by {@code fill}): the
     * server relays it but never stores it, debug viewers never see it, and a client that reconnects
     * before answering gets it again only when the worker sends it again.
     */
    @JsonTypeName("worker.command")
    record RunCommand(String id, Command command, JsonNode args,
                      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_DEFAULT)
                      boolean secret) implements WorkerMessage {
        public RunCommand {
            Fields.nonEmpty("id", id);
            Fields.present("command", command);
            args = Fields.objectOrNull("args", args);
        }

        /** A command whose arguments are no secret. */
        public RunCommand(String id, Command command, JsonNode args) {
            this(id, command, args, false);
        }

        @JsonCreator
        static RunCommand of(@JsonProperty("id") String id, @JsonProperty("command") Command command,
                             @JsonProperty("args") JsonNode args, @JsonProperty("secret") Boolean secret) {
            return new RunCommand(id, command, args, secret != null && secret);
        }
    }

    /**
     * {@code worker.yield_to_user}: hand the page to the person until a condition holds; with
     * {@code optional} and a {@code timeout} (ms) it answers {@code {matched: false}} instead of failing.
     */
    @JsonTypeName("worker.yield_to_user")
    record YieldToUser(String id, List<YieldCondition> conditions, boolean optional, Long timeout)
            implements WorkerMessage {
        public YieldToUser {
            Fields.nonEmpty("id", id);
            if (conditions == null || conditions.isEmpty()) {
                throw new ProtocolException("conditions must be a non-empty array");
            }
            conditions = List.copyOf(conditions);
            if (timeout != null && timeout <= 0) {
                throw new ProtocolException("timeout must be a positive whole number of milliseconds");
            }
        }

        @JsonCreator
        static YieldToUser of(@JsonProperty("id") String id, @JsonProperty("conditions") JsonNode conditions,
                              @JsonProperty("optional") Boolean optional, @JsonProperty("timeout") Long timeout) {
            Fields.nonEmpty("id", id);
            return new YieldToUser(id, YieldCondition.parseAll(conditions), optional != null && optional, timeout);
        }
    }

    /** {@code worker.complete}: the automation's result (checked against the operations' result schemas). */
    @JsonTypeName("worker.complete")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Complete(JsonNode result) implements WorkerMessage {
        public Complete {
            if (result == null) {
                throw new ProtocolException("result is missing");
            }
        }
    }

    /** {@code worker.fail}: the automation gave up; a code outside SPEC §3's becomes AUTOMATION_ERROR. */
    @JsonTypeName("worker.fail")
    record Fail(ErrorBody error) implements WorkerMessage {
        public Fail {
            error = error == null ? new ErrorBody(null, null) : error;
        }
    }
}
