package dev.passage.sandbox;

import java.util.Optional;

/** The test users, the same on every portal. */
public enum TestUser {
    /** Signs in and has data. */
    GOOD("user_good", "pass_good", null, true),
    /** Signs in with a one-time code ({@value TestUser#MFA_CODE}) after the password, and has data. */
    MFA("user_mfa", "pass_good", TestUser.MFA_CODE, true),
    /** Every password is wrong: the login page shows an error and stays. */
    BAD("user_bad", "pass_good", null, false),
    /** The login page says the account is locked (a wrong password gets the wrong-password error). */
    LOCKED("user_locked", "pass_good", null, false),
    /** Signs in and has no records. */
    EMPTY("user_empty", "pass_good", null, false),
    /**
     * Signs in, then every account page is the portal's "new design" page: none of what automations
     * look for is there (they fail with {@code site_changed}).
     */
    REDESIGN("user_redesign", "pass_good", null, true),
    /** Signs in, then every account page and API answers 503 (automations fail with {@code site_unavailable}). */
    OUTAGE("user_outage", "pass_good", null, true),
    /**
     * Signs in and has no records: the account lockout tests type wrong passwords into, so the lock
     * they cause (three wrong passwords in a row) falls on no account another test signs in with.
     */
    LOCKOUT("user_lockout", "pass_good", null, false);

    /** The one-time code the MFA user's code page accepts. */
    public static final String MFA_CODE = "123456";

    private final String username;
    private final String password;
    private final String mfaCode;
    private final boolean hasData;

    TestUser(String username, String password, String mfaCode, boolean hasData) {
        this.username = username;
        this.password = password;
        this.mfaCode = mfaCode;
        this.hasData = hasData;
    }

    /** The user name to type. */
    public String username() {
        return username;
    }

    /** The password to type; for {@link #BAD} it is rejected like any other. */
    public String password() {
        return password;
    }

    /** The one-time code to type after the password, for the MFA user only. */
    public Optional<String> mfaCode() {
        return Optional.ofNullable(mfaCode);
    }

    /** Whether the user sees the portal's seed data (otherwise empty lists). */
    public boolean hasData() {
        return hasData;
    }

    /** The test user with this user name, if any. */
    public static Optional<TestUser> byUsername(String username) {
        for (TestUser u : values()) {
            if (u.username.equals(username)) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }
}
