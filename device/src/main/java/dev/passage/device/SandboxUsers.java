package dev.passage.device;

import java.util.Map;
import java.util.Optional;

/**
 * The sandbox portals' documented test users, so a demo or a test can log in on the device side
 * (typed into the page here; never sent to the server).
 */
public final class SandboxUsers {
    /** A test user's credentials and one-time code (null when the user has no MFA). */
    public record Credentials(String username, String password, String mfaCode) {}

    private static final Map<String, Credentials> USERS = Map.of(
            "user_good", new Credentials("user_good", "pass_good", null),
            "user_mfa", new Credentials("user_mfa", "pass_good", "123456"),
            "user_bad", new Credentials("user_bad", "wrong_password", null),
            "user_locked", new Credentials("user_locked", "pass_good", null),
            "user_empty", new Credentials("user_empty", "pass_good", null),
            "user_redesign", new Credentials("user_redesign", "pass_good", null),
            "user_outage", new Credentials("user_outage", "pass_good", null),
            // People rather than accounts: the MFA user who types a wrong code, and one who never types it.
            "user_mfa_wrong", new Credentials("user_mfa", "pass_good", "000000"),
            "user_mfa_silent", new Credentials("user_mfa", "pass_good", null));

    private SandboxUsers() {}

    public static Optional<Credentials> find(String name) {
        return Optional.ofNullable(USERS.get(name));
    }

    public static java.util.Set<String> names() {
        return new java.util.TreeSet<>(USERS.keySet());
    }
}
