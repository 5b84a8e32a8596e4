package dev.passage.server.people;

/**
 * A person of an organization, as stored: never the password, only whether one is set (a person
 * invited but not yet signed up has none).
 */
public record Person(String id, String orgId, String email, Role role, boolean hasPassword, Long lockedUntil,
                     Long lastSignInAt, long createdAt) {

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Whether repeated failed sign-ins keep this person out at {@code nowMillis}. */
    public boolean lockedAt(long nowMillis) {
        return lockedUntil != null && lockedUntil > nowMillis;
    }
}
