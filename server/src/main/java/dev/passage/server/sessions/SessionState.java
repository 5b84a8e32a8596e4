package dev.passage.server.sessions;

import java.util.Locale;

/** Where a session is (SPEC §7): created → pending → active → complete | failed | expired. */
public enum SessionState {
    CREATED, PENDING, ACTIVE, COMPLETE, FAILED, EXPIRED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static SessionState parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public boolean isTerminal() {
        return this == COMPLETE || this == FAILED || this == EXPIRED;
    }
}
