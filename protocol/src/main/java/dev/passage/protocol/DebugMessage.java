package dev.passage.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;

/** What a debug viewer sends: only its hello (the role is read-only). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(DebugMessage.Hello.class)})
public sealed interface DebugMessage {

    /** {@code debug.hello}. */
    @JsonTypeName("debug.hello")
    record Hello(long lastSeq) implements DebugMessage {
        public Hello {
            Fields.atLeast("lastSeq", lastSeq, 0);
        }

        @JsonCreator
        static Hello of(@JsonProperty("lastSeq") Long lastSeq) {
            return new Hello(lastSeq == null ? 0 : lastSeq);
        }
    }
}
