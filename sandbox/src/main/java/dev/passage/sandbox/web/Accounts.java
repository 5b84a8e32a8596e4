package dev.passage.sandbox.web;

import dev.passage.sandbox.TestUser;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

/** The test users' credentials, checked the same way by every portal. */
public final class Accounts {
    private Accounts() {}

    /** Checks a user name and password. */
    public static SignIn check(String username, String password) {
        var user = TestUser.byUsername(username == null ? "" : username.trim()).orElse(null);
        if (user == null || user == TestUser.BAD || !same(user.password(), password)) {
            return new SignIn.WrongPassword();
        }
        return switch (user) {
            case LOCKED -> new SignIn.Locked();
            case MFA -> new SignIn.CodeRequired(user.username());
            case GOOD, EMPTY, REDESIGN, OUTAGE -> new SignIn.SignedIn(user.username());
            case BAD -> new SignIn.WrongPassword();
        };
    }

    /** Whether a one-time code typed by the MFA user is the right one (spaces around it are ignored). */
    public static boolean codeMatches(String code) {
        return same(TestUser.MFA_CODE, code == null ? "" : code.replace(" ", "").trim());
    }

    private static boolean same(String expected, String given) {
        return given != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
