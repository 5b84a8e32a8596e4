package dev.passage.server.sessions;

import java.util.Locale;
import java.util.Optional;

/** Who is on a session socket: the worker drives, the client runs commands, debug only watches. */
public enum Role {
    WORKER, CLIENT, DEBUG;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Role> parse(String value) {
        for (Role r : values()) {
            if (r.wire().equals(value)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
