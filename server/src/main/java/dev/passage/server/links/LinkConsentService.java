package dev.passage.server.links;

import dev.passage.protocol.ErrorCode;
import dev.passage.protocol.FailureReason;
import dev.passage.server.errors.PassageException;
import dev.passage.server.integrations.IntegrationRegistry;
import dev.passage.server.orgs.OrgService;
import dev.passage.server.orgs.Organization;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The person's side of a link before it runs: what they are asked to agree to ({@link #info}), and
 * their refusal ({@link #decline}), which fails the link like any failure, with reason
 * {@code user_cancelled}. The claim code is the secret, as for the claim itself.
 */
public final class LinkConsentService {
    static final Link.LinkError DECLINED = new Link.LinkError(ErrorCode.CONNECTION_FAILED.name(),
            "The person declined to link their account.", FailureReason.USER_CANCELLED.wire());

    private final LinkService links;
    private final OrgService orgs;
    private final IntegrationRegistry integrations;
    private final Clock clock;

    public LinkConsentService(LinkService links, OrgService orgs, IntegrationRegistry integrations, Clock clock) {
        this.links = links;
        this.orgs = orgs;
        this.integrations = integrations;
        this.clock = clock;
    }

    /** The link of {@code code} as the consent page shows it; 404 for an unknown code. */
    public LinkInfo info(String code) {
        return info(find(code), code);
    }

    /** The link of {@code code} as it is now, if there is one. */
    public Optional<Link> lookUp(String code) {
        return links.findByClaimCode(code).map(l -> l.asOf(clock.millis()));
    }

    /** {@code link} (found by {@code code}) as the person is shown it. */
    public LinkInfo info(Link link, String code) {
        var integration = integrations.find(link.integrationId());
        String service = integration.map(i -> i.name()).orElse(link.integrationId());
        List<LinkInfo.Operation> operations = link.operations().stream().map(op -> new LinkInfo.Operation(
                op.resource(), op.action(), LinkPurpose.phrase(service, op.resource(), op.action()),
                integration.flatMap(i -> i.operation(op.resource(), op.action()))
                        .map(dev.passage.server.integrations.Operation::description).orElse(null))).toList();
        String org = orgs.findOrganization(link.orgId()).map(Organization::name).orElse(null);
        return new LinkInfo(link.id(), link.status().wire(), new LinkInfo.Named(org),
                new LinkInfo.Integration(link.integrationId(), service),
                LinkPurpose.sentence(org == null ? "An app" : org, service, link.operations()),
                operations, link.expiresAt(), link.returnUrlWithLinkId(), links.appClipUrl(code),
                link.status() == LinkStatus.FAILED ? LinkPurpose.lastTry(link.error(), service) : null);
    }

    /** Declines the link of {@code code}: 404 unknown, 409 active or complete, 410 expired. */
    public Link decline(String code) {
        Link link = find(code);
        refuseFinal(link);
        return links.decline(link, DECLINED).orElseGet(() -> {
            // It moved on between the read and the write: say what it is now.
            Link now = links.findByClaimCode(code).orElseThrow();
            refuseFinal(now);
            throw new PassageException.Conflict("The link changed while it was being declined; try again.");
        });
    }

    private Link find(String code) {
        return lookUp(code).orElseThrow(() -> new PassageException.NotFound("No link has this claim code."));
    }

    private static void refuseFinal(Link link) {
        switch (link.status()) {
            case ACTIVE -> throw new PassageException.Conflict("The link is running; it can no longer be declined.");
            case COMPLETE -> throw new PassageException.Conflict("The link has been used; it can no longer be declined.");
            case EXPIRED -> throw new PassageException.Gone("The link has expired.");
            case PENDING, FAILED -> { }
        }
    }
}
