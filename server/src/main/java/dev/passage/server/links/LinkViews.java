package dev.passage.server.links;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The wire shapes of {@code /v1/links} (SPEC §2), built from stored links. */
final class LinkViews {
    private LinkViews() {}

    /** An operation of a link, as every link response lists them. */
    record Operation(String resource, String action) {}

    /** {@code POST /v1/links} → 201. */
    record Created(String linkId, String claimCode, String integrationId, List<Operation> operations, String resource,
                   String action, String status, String appClipUrl, long expiresAt, long createdAt,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String returnUrl) {
        static Created of(CreatedLink created) {
            Link link = created.link();
            return new Created(link.id(), created.claimCode(), link.integrationId(), LinkViews.operations(link),
                    link.operations().getFirst().resource(), link.operations().getFirst().action(), link.status().wire(),
                    created.appClipUrl(), link.expiresAt(), link.createdAt(), link.returnUrlWithLinkId());
        }
    }

    /** {@code GET /v1/links/:id} (with the outcome) and each entry of {@code GET /v1/links} (without). */
    record View(String id, String integrationId, List<Operation> operations, String resource, String action,
                String externalUserId, String status, String currentSessionId, @JsonUnwrapped Outcome outcome,
                long expiresAt, long createdAt, long updatedAt, String returnUrl) {
        static View of(Link link, boolean withOutcome) {
            return new View(link.id(), link.integrationId(), LinkViews.operations(link), link.operations().getFirst().resource(),
                    link.operations().getFirst().action(), link.externalUserId(), link.status().wire(),
                    link.currentSessionId(), withOutcome ? new Outcome(link.result(), link.error()) : null,
                    link.expiresAt(), link.createdAt(), link.updatedAt(), link.returnUrlWithLinkId());
        }
    }

    /** What a link came to: its result when complete, its error when failed (each null otherwise). */
    record Outcome(JsonNode result, Link.LinkError error) {}

    /** {@code GET /v1/links}: a page, newest first, and the cursor of the next one (null on the last page). */
    record Page(List<View> links, String nextCursor) {}

    private static List<Operation> operations(Link link) {
        return link.operations().stream().map(op -> new Operation(op.resource(), op.action())).toList();
    }
}
