package dev.passage.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** Who is on a session socket: the worker drives, the client runs commands, debug only watches. */
public enum Role {
    WORKER, CLIENT, DEBUG;

    /** The role's name on the wire ({@code ?role=…}) and the prefix of the messages it sends. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code wire}, or empty when there is none. */
    public static Optional<Role> parse(String wire) {
        for (Role r : values()) {
            if (r.wire().equals(wire)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
