package dev.passage.sdk;

import dev.passage.sdk.internal.HttpTransport;
import dev.passage.sdk.model.CreatedLink;
import dev.passage.sdk.model.Link;
import dev.passage.sdk.model.LinkPage;
import dev.passage.sdk.params.LinkCreateParams;
import dev.passage.sdk.params.LinkListParams;
import java.util.Map;

/** {@code /v1/links}: create a link, read one, list the organization's links. */
public final class Links {
    private final HttpTransport transport;

    Links(HttpTransport transport) {
        this.transport = transport;
    }

    /** Creates a link ({@code POST /v1/links}); not retried, as it carries no idempotency key. */
    public CreatedLink create(LinkCreateParams params) {
        return create(params, RequestOptions.NONE);
    }

    /** Creates a link with per-call options; with an idempotency key it is retried safely. */
    public CreatedLink create(LinkCreateParams params, RequestOptions options) {
        return CreatedLink.fromJson(transport.post("/v1/links", params.toJson(), options).body());
    }

    /** The link with this id: status, and result or error ({@code GET /v1/links/:id}). */
    public Link get(String linkId) {
        return get(linkId, RequestOptions.NONE);
    }

    /** The link with this id, with per-call options. */
    public Link get(String linkId, RequestOptions options) {
        return Link.fromJson(transport.get("/v1/links/" + HttpTransport.segment(linkId), Map.of(), options).body());
    }

    /** One page of the organization's links, newest first ({@code GET /v1/links}). */
    public LinkPage list(LinkListParams params) {
        return list(params, RequestOptions.NONE);
    }

    /** One page of links, with per-call options. */
    public LinkPage list(LinkListParams params, RequestOptions options) {
        return LinkPage.fromJson(transport.get("/v1/links", params.toQuery(), options).body());
    }

    /** Every link the query matches, newest first, fetching page after page as iteration goes. */
    public AutoPager<Link> listAll(LinkListParams params) {
        return listAll(params, RequestOptions.NONE);
    }

    /** Every link the query matches, with per-call options for each page's request. */
    public AutoPager<Link> listAll(LinkListParams params, RequestOptions options) {
        return new AutoPager<>(cursor -> {
            LinkPage page = list(cursor.map(params::withCursor).orElse(params), options);
            return new AutoPager.Page<>(page.links(), page.nextCursor());
        });
    }
}
