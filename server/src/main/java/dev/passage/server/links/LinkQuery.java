package dev.passage.server.links;

import java.util.Optional;

/** A page of an organization's links: newest first, after an optional cursor, with optional filters. */
public record LinkQuery(
        String orgId,
        int limit,
        Optional<Cursor> after,
        Optional<LinkStatus> status,
        Optional<String> integrationId,
        Optional<String> externalUserId) {

    /** A position in the newest-first order: the last link of the previous page. */
    public record Cursor(long createdAt, String id) {}
}
