package dev.passage.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An error as the protocol carries it: {@code {"code": "…", "message": "…", "reason": "…"}}; the
 * reason ({@link FailureReason}) is left out when none is given.
 */
public record ErrorBody(String code, String message,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {
    public ErrorBody(String code, String message) {
        this(code, message, null);
    }
}
