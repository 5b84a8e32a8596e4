package dev.passage.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** Where a session is (SPEC §7): created → pending → active → complete | failed | expired. */
public enum SessionState {
    CREATED, PENDING, ACTIVE, COMPLETE, FAILED, EXPIRED;

    /** The state's name on the wire and in the database. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state named {@code wire}, or empty when there is none. */
    public static Optional<SessionState> parse(String wire) {
        for (SessionState s : values()) {
            if (s.wire().equals(wire)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Whether the session has ended: it answers a hello with this state and changes nothing more. */
    public boolean isTerminal() {
        return this == COMPLETE || this == FAILED || this == EXPIRED;
    }
}
