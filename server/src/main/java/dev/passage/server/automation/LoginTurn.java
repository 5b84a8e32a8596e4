package dev.passage.server.automation;

import dev.passage.protocol.Command;
import dev.passage.protocol.FailureReason;
import dev.passage.protocol.YieldCondition;
import dev.passage.server.integrations.Automation;
import dev.passage.server.integrations.Integration;
import dev.passage.server.integrations.Templates;
import dev.passage.server.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The person's turn at the login. Opens the login page, tells the person to sign in, and yields to
 * them in short slices until a logged-in condition holds. Between slices one probe reads the page: a
 * refusal not seen before (each rendering of an error counts once) costs a try when it is a wrong
 * password or code, and with tries left the person is told so and tries again on the same page; any
 * other refusal (a locked account first of all) ends the login at once. The tries and the time
 * ({@code automation.login-attempts}, {@code automation.mfa-attempts}, {@code automation.login-timeout-seconds},
 * or the integration's own) are the person's; when they are used up the link fails with the reason
 * the site gave last.
 */
final class LoginTurn {
    /** Longest single yield; between yields the page is probed. */
    static final long YIELD_SLICE_MS = 2_000;
    private static final String LOGIN = "login";

    /** A refusal the page showed: the detector that saw it, the page's words and its error code. */
    private record Refusal(Automation.Failure detector, String text, String code) {
        FailureReason reason() {
            return detector.reasonFor(code);
        }

        /** What the page said: its text, and its code when it shows one. */
        String said() {
            return text + (code == null ? "" : " [" + code + "]");
        }
    }

    private final Integration integration;
    private final Automation.Login login;
    private final DeviceCommands device;
    private final StatusLine status;
    private final Duration timeout;
    private final int passwords;
    private final int codes;
    private final Clock clock;

    /** {@code passwords} and {@code codes}: the configured tries, unless the integration gives its own. */
    LoginTurn(Integration integration, DeviceCommands device, StatusLine status, Duration timeout, int passwords,
              int codes, Clock clock) {
        this.integration = integration;
        this.login = integration.automation().login();
        this.device = device;
        this.status = status;
        this.timeout = timeout;
        this.passwords = login.attempts().orElse(passwords);
        this.codes = login.mfa() == null ? codes : login.mfa().attempts().orElse(codes);
        this.clock = clock;
    }

    /** Returns once the person is logged in; otherwise fails with the reason the login ended with. */
    void run(ObjectNode scope) {
        device.run(LOGIN, 1, Command.NAVIGATE, Json.mapper().createObjectNode()
                .put("url", Templates.resolveString(login.url(), scope).asString()), false);
        status.signIn();
        List<YieldCondition> conditions = YieldCondition.parseAll(Templates.resolve(login.loggedIn(), scope));
        ObjectNode probe = probe();
        int passwordsLeft = passwords;
        int codesLeft = codes;
        Refusal lastWrong = null;
        boolean atCode = false;
        boolean toldCode = false;
        long deadline = clock.millis() + timeout.toMillis();
        while (true) {
            long left = deadline - clock.millis();
            if (device.yieldToUser(LOGIN, 3, conditions, Math.max(100, Math.min(YIELD_SLICE_MS, left)))) {
                return;
            }
            // A page that is navigating (right after a successful sign-in, say) cannot be read: nothing found.
            JsonNode page = device.extract(LOGIN, 4, probe, true);
            if (page.isObject()) {
                atCode = page.path("mfa").asBoolean(false);
                Refusal refusal = refusal(page.path("failure"));
                if (refusal != null) {
                    switch (refusal.reason()) {
                        case INVALID_CREDENTIALS -> {
                            lastWrong = refusal;
                            if (--passwordsLeft == 0) {
                                status.noTriesLeft(false);
                                throw failure(refusal.detector().message() + " (" + tries(passwords) + ", none left)", refusal);
                            }
                            status.wrongPassword(passwordsLeft);
                        }
                        case MFA_FAILED -> {
                            lastWrong = refusal;
                            if (--codesLeft == 0) {
                                status.noTriesLeft(true);
                                throw failure(refusal.detector().message() + " (" + tries(codes) + ", none left)", refusal);
                            }
                            status.wrongCode(codesLeft);
                        }
                        case ACCOUNT_LOCKED -> {
                            status.locked();
                            throw failure(refusal.detector().message() + ": the account is locked", refusal);
                        }
                        default -> {
                            status.refused();
                            throw failure(refusal.detector().message(), refusal);
                        }
                    }
                } else if (atCode && !toldCode && login.mfa() != null) {
                    toldCode = true;
                    status.code(login.mfa().message());
                }
            }
            if (left <= YIELD_SLICE_MS) {
                status.timeUp();
                throw timedOut(atCode, lastWrong);
            }
        }
    }

    /**
     * Why a login that ran out of time failed: at the code step, a wrong code (mfa_failed) or none at
     * all (mfa_timeout); before it, a wrong password (invalid_credentials) or no sign-in (login_timeout).
     */
    private WorkerConnection.StepFailure timedOut(boolean atCode, Refusal lastWrong) {
        String within = " within " + timeout.toSeconds() + " s.";
        if (lastWrong != null && lastWrong.reason() == (atCode ? FailureReason.MFA_FAILED : FailureReason.INVALID_CREDENTIALS)) {
            return failure(lastWrong.detector().message() + "; no right " + (atCode ? "code" : "password") + " followed" + within, lastWrong);
        }
        return atCode
                ? failure("The user did not enter the code " + integration.name() + " sent" + within, FailureReason.MFA_TIMEOUT)
                : failure("The user did not log in to " + integration.name() + within, FailureReason.LOGIN_TIMEOUT);
    }

    /** The probe's spec: every detector's selectors (in order) and the code step's. */
    private ObjectNode probe() {
        ObjectNode spec = Json.mapper().createObjectNode();
        ObjectNode of = spec.putObject("login");
        var failures = of.putArray("failures");
        login.failures().forEach(f -> failures.add(f.selector()));
        if (login.mfa() != null) {
            of.set("mfa", login.mfa().selector());
        }
        return spec;
    }

    private Refusal refusal(JsonNode found) {
        if (!found.isObject()) {
            return null;
        }
        int index = found.path("index").asInt(-1);
        if (index < 0 || index >= login.failures().size()) {
            return null;
        }
        return new Refusal(login.failures().get(index), found.path("text").asString(""),
                found.path("code").isString() ? found.path("code").asString() : null);
    }

    private static WorkerConnection.StepFailure failure(String message, FailureReason reason) {
        return new WorkerConnection.StepFailure(message, reason);
    }

    /** A failure in Passage's words for what {@code refusal} means; what the page said goes in its details. */
    private static WorkerConnection.StepFailure failure(String message, Refusal refusal) {
        return new WorkerConnection.StepFailure(message, refusal.reason(), refusal.said());
    }

    private static String tries(int n) {
        return n == 1 ? "1 try" : n + " tries";
    }
}
