package dev.passage.server.dashboard;

import dev.passage.server.automation.TraceRepository;
import dev.passage.server.integrations.IntegrationRegistry;
import dev.passage.server.links.Link;
import dev.passage.server.links.LinkPage;
import dev.passage.server.links.LinkPurpose;
import dev.passage.server.links.LinkQuery;
import dev.passage.server.links.LinkService;
import dev.passage.server.links.LinkStatus;
import dev.passage.server.links.StatusHistory;
import dev.passage.server.orgs.ApiKey;
import dev.passage.server.orgs.OrgService;
import dev.passage.server.people.Member;
import dev.passage.server.people.PeopleService;
import dev.passage.server.people.Person;
import dev.passage.server.sessions.SessionSummaries;
import dev.passage.server.webhooks.Delivery;
import dev.passage.server.webhooks.SigningKey;
import dev.passage.server.webhooks.WebhookService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard's pages as values: reads each feature through its service (links, keys, people,
 * webhooks, traces, sessions) for the member's organization only, and puts it in words and formatted
 * times. No HTTP here; {@link DashboardRoutes} renders what this returns.
 */
final class DashboardViews {
    /** A link stays followed this long after it last changed, so its trace and first webhook appear by themselves. */
    private static final long SETTLING_MILLIS = 20_000;

    private final LinkService links;
    private final OrgService orgs;
    private final WebhookService webhooks;
    private final TraceRepository traces;
    private final StatusHistory history;
    private final SessionSummaries sessions;
    private final PeopleService people;
    private final IntegrationRegistry integrations;
    private final Clock clock;

    DashboardViews(LinkService links, OrgService orgs, WebhookService webhooks, TraceRepository traces,
                   StatusHistory history, SessionSummaries sessions, PeopleService people,
                   IntegrationRegistry integrations, Clock clock) {
        this.links = links;
        this.orgs = orgs;
        this.webhooks = webhooks;
        this.traces = traces;
        this.history = history;
        this.sessions = sessions;
        this.people = people;
        this.integrations = integrations;
        this.clock = clock;
    }

    // Keys

    List<Views.KeyRow> keys(Member member) {
        return orgs.listKeys(member.orgId()).stream()
                .sorted((a, b) -> Long.compare(b.createdAt(), a.createdAt()))
                .map(k -> new Views.KeyRow(k.id(), k.prefix() + "…", Times.at(k.createdAt()),
                        k.lastUsedAt() == null ? "never" : Times.at(k.lastUsedAt()), k.revoked(), Times.at(k.revokedAt())))
                .toList();
    }

    /** Whether {@code keyId} is one of the member's organization's keys. */
    boolean ownsKey(Member member, String keyId) {
        return orgs.listKeys(member.orgId()).stream().map(ApiKey::id).anyMatch(keyId::equals);
    }

    // Links

    /** A page of the member's organization's links; {@code nextUrl} makes the next page's address from its cursor. */
    Views.LinksPage links(LinkQuery query, String queryString, java.util.function.Function<LinkQuery.Cursor, String> nextUrl) {
        LinkPage page = links.list(query);
        List<Views.LinkRow> rows = page.links().stream().map(this::row).toList();
        List<Views.Option> statuses = new ArrayList<>();
        statuses.add(new Views.Option("", "Any status", query.status().isEmpty()));
        for (LinkStatus s : LinkStatus.values()) {
            statuses.add(new Views.Option(s.wire(), s.wire(), query.status().filter(s::equals).isPresent()));
        }
        List<Views.Option> ints = new ArrayList<>();
        ints.add(new Views.Option("", "Any integration", query.integrationId().isEmpty()));
        integrations.all().forEach(i -> ints.add(new Views.Option(i.id(), i.name(),
                query.integrationId().filter(i.id()::equals).isPresent())));
        return new Views.LinksPage(rows, statuses, ints, query.externalUserId().orElse(""),
                "/dashboard/links/rows" + queryString, page.next().map(nextUrl).orElse(null), query.after().isPresent(),
                null);
    }

    private Views.LinkRow row(Link l) {
        return new Views.LinkRow(l.id(), integrationName(l.integrationId()), operations(l), l.externalUserId(),
                l.status().wire(), Times.at(l.createdAt()), Times.at(l.updatedAt()));
    }

    /** The member's organization's link; 404 for any other. */
    Link link(Member member, String linkId) {
        return links.get(member.orgId(), linkId);
    }

    Views.LinkLive live(Member member, String linkId) {
        Link l = link(member, linkId);
        List<Views.TimelineEntry> timeline = new ArrayList<>();
        timeline.add(new Views.TimelineEntry("pending", Times.at(l.createdAt()), "created"));
        history.forLink(l.id()).forEach(e -> timeline.add(new Views.TimelineEntry(e.status().wire(), Times.at(e.at()),
                e.error() == null ? null : error(e.error().code(), e.error().reason(), e.error().message()))));
        if (l.status() == LinkStatus.EXPIRED && timeline.stream().noneMatch(t -> t.status().equals("expired"))) {
            // Read as expired before the sweeper wrote it.
            timeline.add(new Views.TimelineEntry("expired", Times.at(l.expiresAt()), null));
        }
        List<SessionSummaries.Summary> summaries = sessions.forLink(l.id());
        List<Views.SessionRow> sessionRows = summaries.stream()
                .map(s -> new Views.SessionRow(s.id(), s.state(), Times.at(s.createdAt()), Times.at(s.updatedAt()),
                        Times.at(s.expiresAt()), s.errorCode() == null ? null : error(s.errorCode(), s.errorReason(), s.errorMessage())))
                .toList();
        return new Views.LinkLive(l.id(), l.status().wire(), integrationName(l.integrationId()),
                l.operations().stream().map(op -> op.resource() + "." + op.action()).toList(),
                LinkPurpose.sentence(member.orgName(), integrationName(l.integrationId()), l.operations()) + ".",
                l.externalUserId(), Times.at(l.createdAt()), Times.at(l.updatedAt()), Times.at(l.expiresAt()), l.webhookUrl(),
                l.debug(), l.error() == null ? null : l.error().code(), l.error() == null ? null : l.error().reason(),
                l.error() == null ? null : l.error().message(),
                timeline, sessionRows, l.result() == null ? null : l.result().toPrettyString(), traces(l, summaries), followed(l));
    }

    /**
     * The link's traces as step lists. A step whose command failed carries its error; when a session
     * failed on a check between commands (the page showed the service's error message), its last
     * step is where it failed, and carries the session's error.
     */
    private List<Views.TraceView> traces(Link l, List<SessionSummaries.Summary> summaries) {
        List<Views.TraceView> out = new ArrayList<>();
        for (TraceRepository.SessionTrace t : traces.forLink(l.id()).sessions()) {
            SessionSummaries.Summary session = summaries.stream().filter(x -> x.id().equals(t.sessionId())).findFirst()
                    .orElse(null);
            List<Views.StepView> steps = new ArrayList<>();
            int index = 0;
            boolean failed = false;
            for (JsonNode s : t.steps()) {
                JsonNode error = s.get("error");
                boolean stepFailed = error != null && !error.isNull();
                failed |= stepFailed;
                String message = !stepFailed ? null
                        : error.isString() ? error.asString()
                        : error.path("message").isString() ? error.path("message").asString() : error.toString();
                steps.add(new Views.StepView(index, s.path("operation").asString(""), s.path("step").asInt(),
                        s.path("command").asString(""), Times.at(s.path("startedAt").asLong()),
                        Times.duration(s.path("durationMs").asLong()), message,
                        s.path("screenshot").isString() && !s.path("screenshot").asString().isEmpty()
                                ? "/dashboard/links/" + l.id() + "/screenshots/" + t.sessionId() + "/" + index : null,
                        s.path("screenshotOmitted").isString() ? s.path("screenshotOmitted").asString() : null,
                        stepFailed));
                index++;
            }
            if (!failed && !steps.isEmpty() && session != null && session.errorCode() != null) {
                Views.StepView last = steps.removeLast();
                steps.add(new Views.StepView(last.index(), last.operation(), last.step(), last.command(), last.started(),
                        last.duration(), error(session.errorCode(), session.errorReason(), session.errorMessage()), last.screenshotUrl(),
                        last.omitted(), true));
                failed = true;
            }
            out.add(new Views.TraceView(t.sessionId(), Times.at(t.createdAt()), steps, failed));
        }
        return out;
    }

    /** The PNG of a trace step's screenshot, when the member's link has one there. */
    Optional<byte[]> screenshot(Member member, String linkId, String sessionId, int step) {
        Link l = link(member, linkId);
        return traces.forLink(l.id()).sessions().stream().filter(t -> t.sessionId().equals(sessionId)).findFirst()
                .map(t -> t.steps().get(step))
                .map(s -> s.path("screenshot").asString(""))
                .filter(data -> !data.isEmpty())
                .flatMap(data -> {
                    try {
                        return Optional.of(Base64.getDecoder().decode(data));
                    } catch (IllegalArgumentException e) {
                        return Optional.empty();
                    }
                });
    }

    Views.Deliveries deliveries(Member member, String linkId, String notice) {
        Link l = link(member, linkId);
        List<Delivery> all = webhooks.deliveries(member.orgId(), l.id());
        List<Views.DeliveryView> views = all.stream().map(d -> new Views.DeliveryView(d.id(), d.event(), d.url(), d.status(),
                Times.at(d.createdAt()), d.resendOf(), d.nextAttemptAt() == null ? null : Times.at(d.nextAttemptAt()),
                d.attempts().stream().map(a -> new Views.AttemptView(a.number(), Times.at(a.startedAt()),
                        a.statusCode() == null ? "no answer" : a.statusCode().toString(), Times.duration(a.latencyMs()),
                        a.error(), a.statusCode() != null && a.statusCode() >= 200 && a.statusCode() < 300)).toList()))
                .toList();
        boolean pending = all.stream().anyMatch(d -> d.status().equals("pending"));
        return new Views.Deliveries(l.id(), views, l.webhookUrl() != null, pending || followed(l),
                member.isAdmin() && !all.isEmpty(), notice);
    }

    /** Whether a page should keep following the link: still moving, or it just stopped. */
    private boolean followed(Link l) {
        return l.status() == LinkStatus.PENDING || l.status() == LinkStatus.ACTIVE
                || clock.millis() - l.updatedAt() < SETTLING_MILLIS;
    }

    // People and keys of the webhooks

    List<Views.PersonRow> people(Member member) {
        long now = clock.millis();
        return people.people(member.orgId()).stream().map(p -> new Views.PersonRow(p.id(), p.email(), p.role().wire(),
                state(p, now), p.lastSignInAt() == null ? "never" : Times.at(p.lastSignInAt()),
                p.id().equals(member.person().id()))).toList();
    }

    private String state(Person p, long now) {
        if (p.lockedAt(now)) {
            return "locked until " + Times.at(p.lockedUntil());
        }
        if (!p.hasPassword()) {
            return people.pendingInvitation(p).map(until -> "invited, until " + Times.at(until))
                    .orElse("invitation expired");
        }
        return "active";
    }

    List<Views.SigningKeyRow> signingKeys() {
        List<SigningKey> keys = new ArrayList<>(webhooks.signingKeys());
        java.util.Collections.reverse(keys);
        return keys.stream().map(k -> new Views.SigningKeyRow(k.kid(), Times.at(k.createdAt()), k.retired(),
                Times.at(k.retiredAt()))).toList();
    }

    String integrationName(String id) {
        return integrations.find(id).map(i -> i.name()).orElse(id);
    }

    private static String operations(Link l) {
        return String.join(", ", l.operations().stream().map(op -> op.resource() + "." + op.action()).toList());
    }

    /** An error as the dashboard shows it: "CONNECTION_FAILED (user_cancelled): The person declined …". */
    private static String error(String code, String reason, String message) {
        return code + (reason == null ? "" : " (" + reason + ")") + ": " + message;
    }
}
