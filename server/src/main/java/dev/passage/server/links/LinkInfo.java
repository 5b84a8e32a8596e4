package dev.passage.server.links;

import java.util.List;

/**
 * {@code GET /link/info}: what the person is asked to agree to before a link runs, and nothing more:
 * who asked, which service, which operations (never their arguments), in words for people
 * ({@link LinkPurpose}), until when, and the address of the link page.
 *
 * @param purpose "Acme wants to read your T-Mobile payment methods" (no closing full stop)
 * @param appClipUrl the link page of this link (the link's {@code appClipUrl})
 * @param lastTry why the last try did not finish, in words for the person ("T-Mobile did not accept
 *                the username or password."); null unless the link is failed
 */
public record LinkInfo(String linkId, String status, Named organization, Integration integration, String purpose,
                       List<Operation> operations, long expiresAt, String returnUrl, String appClipUrl, String lastTry) {

    /** The organization that created the link. */
    public record Named(String name) {}

    /** The service the link is for. */
    public record Integration(String id, String name) {}

    /**
     * One operation: its phrase for people ("read your T-Mobile payment methods") and the integration
     * file's description of it, which is written for developers.
     */
    public record Operation(String resource, String action, String phrase, String description) {}
}
