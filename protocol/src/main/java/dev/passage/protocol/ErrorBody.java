package dev.passage.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An error as the protocol carries it: {@code {"code": "…", "message": "…", "reason": "…", "details": "…"}}.
 * {@code message} is Passage's own words; {@code details} what the device or the service's page said
 * (text from outside, bounded by the server). The reason ({@link FailureReason}) and details are left
 * out when there are none.
 */
public record ErrorBody(String code, String message,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String details) {
    public ErrorBody(String code, String message, String reason) {
        this(code, message, reason, null);
    }

    public ErrorBody(String code, String message) {
        this(code, message, null, null);
    }
}
