package dev.passage.server.dashboard;

import java.util.List;

/** What the dashboard's templates show: plain values, already in words and formatted times. */
public final class Views {
    private Views() {}

    /** Around every signed-in page: who is signed in, for which organization, and the page's CSRF token. */
    public record Frame(String title, String section, String orgName, String email, boolean admin, String csrf,
                        boolean sandbox) {}

    /** A choice of a select. */
    public record Option(String value, String label, boolean selected) {}

    public record KeyRow(String id, String prefix, String created, String lastUsed, boolean revoked, String revokedAt) {}

    public record LinkRow(String id, String integration, String operations, String externalUserId, String status,
                          String created, String updated) {}

    /** The links page: its filters, rows and the pages around it. */
    public record LinksPage(List<LinkRow> rows, List<Option> statuses, List<Option> integrations, String externalUserId,
                            String rowsUrl, String nextUrl, boolean paged, String filtersError) {}

    public record TimelineEntry(String status, String at, String error) {}

    public record SessionRow(String id, String state, String started, String updated, String ends, String error) {}

    public record StepView(int index, String operation, int step, String command, String started, String duration,
                           String error, String screenshotUrl, String omitted, boolean failed) {}

    public record TraceView(String sessionId, String recorded, List<StepView> steps, boolean failed) {}

    public record AttemptView(int number, String started, String statusCode, String latency, String error, boolean ok) {}

    public record DeliveryView(String id, String event, String url, String status, String created, String resendOf,
                               String nextAttempt, List<AttemptView> attempts) {}

    /** The part of a link's page that follows the link while it moves. */
    public record LinkLive(String id, String status, String integration, List<String> operations, String purpose,
                           String externalUserId, String created, String updated, String expires, String webhookUrl,
                           boolean debug, String errorCode, String errorReason, String errorMessage, List<TimelineEntry> timeline, List<SessionRow> sessions,
                           String result, List<TraceView> traces, boolean live) {}

    /** The link's deliveries, following them while any is still being tried. */
    public record Deliveries(String linkId, List<DeliveryView> deliveries, boolean hasWebhook, boolean live,
                             boolean canResend, String notice) {}

    public record PersonRow(String id, String email, String role, String state, String lastSignIn, boolean self) {}

    public record SigningKeyRow(String kid, String created, boolean retired, String retiredAt) {}

    /** One field of the try-it form, from the operation's arguments schema. */
    public record Field(String name, String label, String kind, String value, boolean required, String hint,
                        List<Field> children) {
        public boolean checked() {
            return "true".equals(value);
        }
    }

    /** The try-it page: the chosen operation and its arguments' fields. */
    public record TryForm(List<Option> operations, String selected, List<Field> fields, List<String> issues,
                          String externalUserId, boolean debug) {}

    /** A test link just made: what a person needs to link it. */
    public record TryLink(String linkId, String claimCode, String appClipUrl, String purpose) {
        public String deviceCommand() {
            return "./passage device '" + appClipUrl + "'";
        }
    }
}
