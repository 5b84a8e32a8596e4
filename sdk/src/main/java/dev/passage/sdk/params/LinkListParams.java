package dev.passage.sdk.params;

import dev.passage.sdk.model.LinkStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The query of {@code GET /v1/links}: page size, cursor and filters, all optional.
 *
 * @param limit links per page, 1 to 200 (the server's default, 50, when empty)
 * @param cursor the previous page's {@code nextCursor}
 * @param status only links in this status
 * @param integrationId only links of this integration
 * @param externalUserId only links of this user
 */
public record LinkListParams(Optional<Integer> limit, Optional<String> cursor, Optional<LinkStatus> status,
                             Optional<String> integrationId, Optional<String> externalUserId) {
    /** Checks the limit and status. */
    public LinkListParams {
        limit.ifPresent(l -> {
            if (l < 1 || l > 200) {
                throw new IllegalArgumentException("limit must be from 1 to 200, not " + l);
            }
        });
        status.ifPresent(s -> {
            if (s == LinkStatus.UNKNOWN) {
                throw new IllegalArgumentException("cannot filter on UNKNOWN");
            }
        });
    }

    /** Every link, first page. */
    public static LinkListParams all() {
        return builder().build();
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The same query from {@code cursor} on. */
    public LinkListParams withCursor(String cursor) {
        return new LinkListParams(limit, Optional.of(cursor), status, integrationId, externalUserId);
    }

    /** The query parameters, in a stable order. */
    public Map<String, String> toQuery() {
        Map<String, String> query = new LinkedHashMap<>();
        limit.ifPresent(l -> query.put("limit", Integer.toString(l)));
        cursor.ifPresent(c -> query.put("cursor", c));
        status.ifPresent(s -> query.put("status", s.wire()));
        integrationId.ifPresent(i -> query.put("integrationId", i));
        externalUserId.ifPresent(e -> query.put("externalUserId", e));
        return query;
    }

    /** Builds {@link LinkListParams}. */
    public static final class Builder {
        private Integer limit;
        private String cursor;
        private LinkStatus status;
        private String integrationId;
        private String externalUserId;

        private Builder() {}

        /** Links per page, 1 to 200. */
        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        /** Start after the page whose {@code nextCursor} this is. */
        public Builder cursor(String cursor) {
            this.cursor = cursor;
            return this;
        }

        /** Only links in this status. */
        public Builder status(LinkStatus status) {
            this.status = status;
            return this;
        }

        /** Only links of this integration. */
        public Builder integrationId(String integrationId) {
            this.integrationId = integrationId;
            return this;
        }

        /** Only links of this user (your {@code externalUserId}). */
        public Builder externalUserId(String externalUserId) {
            this.externalUserId = externalUserId;
            return this;
        }

        /** The parameters. */
        public LinkListParams build() {
            return new LinkListParams(Optional.ofNullable(limit), Optional.ofNullable(cursor), Optional.ofNullable(status),
                    Optional.ofNullable(integrationId), Optional.ofNullable(externalUserId));
        }
    }
}
