package dev.passage.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Why a link failed, as a stable lower-case word beside its {@link ErrorCode}: what an integrator
 * switches on to tell a wrong password from a broken automation. The list is documented in
 * docs/api.md; new words may be added, existing ones never change meaning.
 */
public enum FailureReason {
    /** The service refused the sign-in: a wrong username or password. */
    INVALID_CREDENTIALS,
    /** The service says the account is locked or disabled. */
    ACCOUNT_LOCKED,
    /** The one-time code the person entered was refused. */
    MFA_FAILED,
    /** The person did not enter the one-time code in time. */
    MFA_TIMEOUT,
    /** The person did not finish logging in in time. */
    LOGIN_TIMEOUT,
    /** The person declined or cancelled. */
    USER_CANCELLED,
    /** The service's pages did not have what the automation expected: they changed. */
    SITE_CHANGED,
    /** The service could not be reached, or answered with an error. */
    SITE_UNAVAILABLE,
    /** The device never connected to the session. */
    DEVICE_TIMEOUT,
    /** The device lost its connection and did not come back in time. */
    CONNECTION_LOST,
    /** The device sent more telemetry than one session may hold (a misbehaving or hostile client). */
    TELEMETRY_LIMIT,
    /** The server running the session stopped (crashed or was killed) before it finished. */
    SERVER_RESTARTED,
    /** The session ran out of time before the automation finished. */
    SESSION_TIMEOUT,
    /** The automation's result did not match the operation's result schema. */
    RESULT_INVALID,
    /** The link's integration is not known to this server. */
    UNKNOWN_PROVIDER,
    /** The automation failed for another reason. */
    AUTOMATION_FAILED,
    /** Passage itself failed. */
    INTERNAL_ERROR;

    /** The reason on the wire, e.g. {@code invalid_credentials}. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The reason named {@code wire}, or empty when it is not one of these. */
    public static Optional<FailureReason> parse(String wire) {
        return Arrays.stream(values()).filter(r -> r.wire().equals(wire)).findFirst();
    }

    /** The reason a failure with {@code code} has when nothing more specific is known. */
    public static FailureReason defaultFor(ErrorCode code) {
        return switch (code) {
            case AUTOMATION_ERROR -> AUTOMATION_FAILED;
            case CLIENT_TIMEOUT -> DEVICE_TIMEOUT;
            case CONNECTION_FAILED -> CONNECTION_LOST;
            case UNKNOWN_PROVIDER -> UNKNOWN_PROVIDER;
            case RESULT_VALIDATION_ERROR -> RESULT_INVALID;
            case INTERNAL_ERROR -> INTERNAL_ERROR;
        };
    }
}
