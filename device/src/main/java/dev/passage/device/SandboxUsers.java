package dev.passage.device;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sandbox portals' documented test users, so a demo or a test can log in on the device side
 * (typed into the page here; never sent to the server).
 */
public final class SandboxUsers {
    /**
     * A person at a sandbox login: the user name they type, the passwords they try in order (the next
     * one only after the page refused the last), and likewise the one-time codes (none: they never type one).
     */
    public record Credentials(String username, List<String> passwords, List<String> mfaCodes) {
        public Credentials {
            passwords = List.copyOf(passwords);
            mfaCodes = List.copyOf(mfaCodes);
        }

        /** One password and at most one code ({@code mfaCode} null: none). */
        public Credentials(String username, String password, String mfaCode) {
            this(username, List.of(password), mfaCode == null ? List.of() : List.of(mfaCode));
        }
    }

    private static final List<String> WRONG = List.of("wrong_password", "wrong_password_2", "wrong_password_3",
            "wrong_password_4", "wrong_password_5", "wrong_password_6");

    private static final Map<String, Credentials> USERS = Map.ofEntries(
            Map.entry("user_good", new Credentials("user_good", "pass_good", null)),
            Map.entry("user_mfa", new Credentials("user_mfa", "pass_good", "123456")),
            // Every password is wrong: they keep trying others until Passage stops them.
            Map.entry("user_bad", new Credentials("user_bad", WRONG, List.of())),
            Map.entry("user_locked", new Credentials("user_locked", "pass_good", null)),
            Map.entry("user_empty", new Credentials("user_empty", "pass_good", null)),
            Map.entry("user_redesign", new Credentials("user_redesign", "pass_good", null)),
            Map.entry("user_outage", new Credentials("user_outage", "pass_good", null)),
            // People rather than accounts.
            // Has forgotten the password of the account user_lockout and keeps guessing until the site locks it.
            Map.entry("user_lockout", new Credentials("user_lockout", WRONG, List.of())),
            // user_good who mistypes the password once, then gets it right.
            Map.entry("user_typo", new Credentials("user_good", List.of("pass_goof", "pass_good"), List.of())),
            // The MFA user who mistypes the code once, then types the right one.
            Map.entry("user_mfa_typo", new Credentials("user_mfa", List.of("pass_good"), List.of("123465", "123456"))),
            // The MFA user who types a wrong code every time, and one who never types it.
            Map.entry("user_mfa_wrong", new Credentials("user_mfa", List.of("pass_good"),
                    List.of("000000", "111111", "222222", "333333", "444444", "555555"))),
            Map.entry("user_mfa_silent", new Credentials("user_mfa", "pass_good", null)));

    private SandboxUsers() {}

    public static Optional<Credentials> find(String name) {
        return Optional.ofNullable(USERS.get(name));
    }

    public static java.util.Set<String> names() {
        return new java.util.TreeSet<>(USERS.keySet());
    }
}
