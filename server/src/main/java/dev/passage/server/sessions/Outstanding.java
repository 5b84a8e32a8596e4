package dev.passage.server.sessions;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import tools.jackson.databind.JsonNode;

/** The one command or yield the worker waits on (one at a time, SPEC §7); stored with the session, sealed. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({@JsonSubTypes.Type(Outstanding.Command.class), @JsonSubTypes.Type(Outstanding.Yield.class)})
sealed interface Outstanding {
    String id();

    /** A command relayed to the client, waiting for its response; {@code secret} when its value was never stored. */
    @JsonTypeName("command")
    record Command(String id, String command, boolean secret) implements Outstanding {}

    /** A yield to the person, waiting for one of its conditions (as the worker sent them). */
    @JsonTypeName("yield")
    record Yield(String id, boolean optional, JsonNode conditions) implements Outstanding {}
}
