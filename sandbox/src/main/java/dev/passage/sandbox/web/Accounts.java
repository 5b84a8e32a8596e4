package dev.passage.sandbox.web;

import dev.passage.sandbox.TestUser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The test users' credentials, checked the same way by every portal. Like a real service, each
 * portal counts wrong passwords per account: {@value #LOCK_AFTER} in a row lock the account for
 * {@link #LOCK_DURATION} (on the portal's clock), whatever password comes next; a right password
 * before that starts the count again. {@code user_bad} and unknown names have no account to lock.
 */
public final class Accounts {
    /** Wrong passwords in a row that lock an account (the last of them is answered with the lock message). */
    public static final int LOCK_AFTER = 3;
    /** How long a lock lasts. */
    public static final Duration LOCK_DURATION = Duration.ofMinutes(15);

    private final Clock clock;
    private final Map<String, Integer> wrongInARow = new HashMap<>();
    private final Map<String, Instant> lockedUntil = new HashMap<>();

    /** One portal's accounts; {@code clock} decides when a lock ends. */
    public Accounts(Clock clock) {
        this.clock = clock;
    }

    /** Checks a user name and password, counting a wrong one against the account. */
    public synchronized SignIn check(String username, String password) {
        var user = TestUser.byUsername(username == null ? "" : username.trim()).orElse(null);
        if (user == null || user == TestUser.BAD) {
            return new SignIn.WrongPassword();
        }
        boolean right = same(user.password(), password);
        if (user == TestUser.LOCKED) {
            return right ? new SignIn.Locked() : new SignIn.WrongPassword();
        }
        Instant until = lockedUntil.get(user.username());
        if (until != null && clock.instant().isBefore(until)) {
            return new SignIn.Locked();
        }
        lockedUntil.remove(user.username());
        if (!right) {
            int wrong = wrongInARow.merge(user.username(), 1, Integer::sum);
            if (wrong < LOCK_AFTER) {
                return new SignIn.WrongPassword();
            }
            wrongInARow.remove(user.username());
            lockedUntil.put(user.username(), clock.instant().plus(LOCK_DURATION));
            return new SignIn.Locked();
        }
        wrongInARow.remove(user.username());
        return switch (user) {
            case MFA -> new SignIn.CodeRequired(user.username());
            case GOOD, EMPTY, REDESIGN, OUTAGE, LOCKOUT -> new SignIn.SignedIn(user.username());
            case BAD, LOCKED -> throw new IllegalStateException("answered above");
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
