package dev.passage.server.people;

import java.util.Locale;
import java.util.Optional;

/** What a person may do in the dashboard: an admin manages keys, people, resends and rotations; a viewer only reads. */
public enum Role {
    ADMIN, VIEWER;

    /** The spelling in the database, forms and the CLI. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String value) {
        for (Role r : values()) {
            if (r.wire().equals(value)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
