package dev.passage.protocol;

import java.util.Arrays;
import java.util.Optional;

/** Why a link or session failed (SPEC §3): the {@code error.code} of links, webhooks and {@code worker.fail}. */
public enum ErrorCode {
    AUTOMATION_ERROR, CLIENT_TIMEOUT, CONNECTION_FAILED, UNKNOWN_PROVIDER, RESULT_VALIDATION_ERROR, INTERNAL_ERROR;

    /** The code named {@code wire}, or empty when it is not one of SPEC §3's. */
    public static Optional<ErrorCode> parse(String wire) {
        return Arrays.stream(values()).filter(c -> c.name().equals(wire)).findFirst();
    }
}
