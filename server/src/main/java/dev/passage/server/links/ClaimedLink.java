package dev.passage.server.links;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A successful claim, as {@code POST /link/claim} answers it: what the device needs to join the session. Holds the client token: never log it. */
public record ClaimedLink(String linkId, String sessionId, String clientToken, String websocketUrl, long expiresAt,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String returnUrl) {
    @Override
    public String toString() {
        return "ClaimedLink[" + linkId + ", " + sessionId + "]";
    }
}
