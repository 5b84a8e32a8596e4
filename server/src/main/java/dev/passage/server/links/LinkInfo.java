package dev.passage.server.links;

import java.util.List;

/**
 * {@code GET /link/info}: what the person is asked to agree to before a link runs, and nothing more:
 * who asked, which service, which operations (never their arguments), and until when.
 */
public record LinkInfo(String linkId, String status, Named organization, Integration integration,
                       List<Operation> operations, long expiresAt, String returnUrl) {

    /** The organization that created the link. */
    public record Named(String name) {}

    /** The service the link is for. */
    public record Integration(String id, String name) {}

    /** One operation and its description for people. */
    public record Operation(String resource, String action, String description) {}
}
