package dev.passage.server.sessions;

import dev.passage.protocol.TelemetryEvent;
import dev.passage.protocol.YieldCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Judges a yield's conditions (docs/protocol.md) on the client's telemetry: a {@code url} condition on the
 * current URL (the last navigation of the whole session), a {@code networkRequest} on the network
 * responses after the previous yield's end. The first condition that holds says what matched.
 */
final class YieldJudge {
    private YieldJudge() {}

    /** What the first condition that holds found, for the worker's {@code server.command_result}, or empty. */
    static Optional<ObjectNode> firstMatch(List<YieldCondition> conditions, List<Telemetry.Stored> telemetry,
                                           long networkAfterSeq) {
        String currentUrl = null;
        List<TelemetryEvent.Network> network = new ArrayList<>();
        for (Telemetry.Stored t : telemetry) {
            switch (t.typed().orElse(null)) {
                case TelemetryEvent.Navigation n -> currentUrl = n.url();
                case TelemetryEvent.Network n when t.seq() > networkAfterSeq -> network.add(n);
                case null, default -> { }
            }
        }
        return firstMatch(conditions, currentUrl, network);
    }

    /**
     * What the first condition that holds found, judged on the current URL and the network events not
     * judged yet by an ended yield, or empty. Each batch of telemetry is judged on its own events (and the
     * URL after it): a yield never re-reads what earlier batches already failed to match.
     */
    static Optional<ObjectNode> firstMatch(List<YieldCondition> conditions, String currentUrl,
                                           List<TelemetryEvent.Network> network) {
        for (YieldCondition condition : conditions) {
            Optional<ObjectNode> match = match(condition, currentUrl, network);
            if (match.isPresent()) {
                return match;
            }
        }
        return Optional.empty();
    }

    static Optional<ObjectNode> match(YieldCondition condition, String currentUrl, List<TelemetryEvent.Network> network) {
        return switch (condition) {
            case YieldCondition.Url u -> currentUrl != null && u.pattern().matcher(currentUrl).find()
                    ? Optional.of(JsonNodeFactory.instance.objectNode().put("matched", true).put("condition", "url")
                            .put("url", currentUrl))
                    : Optional.empty();
            case YieldCondition.NetworkRequest n -> network.stream().filter(e -> matches(n, e)).findFirst()
                    .map(e -> networkMatch(n, e));
        };
    }

    private static boolean matches(YieldCondition.NetworkRequest n, TelemetryEvent.Network e) {
        if (n.url() != null && !n.url().matcher(e.url()).find()) {
            return false;
        }
        if (n.urlContains() != null && !e.url().contains(n.urlContains())) {
            return false;
        }
        if (n.method() != null && (e.method() == null || !n.method().equalsIgnoreCase(e.method()))) {
            return false;
        }
        if (n.successfulOnly() && (e.status() < 200 || e.status() > 299)) {
            return false;
        }
        return n.bodyContains() == null || (e.body() != null && e.body().contains(n.bodyContains()));
    }

    private static ObjectNode networkMatch(YieldCondition.NetworkRequest n, TelemetryEvent.Network e) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("matched", true).put("condition", "networkRequest");
        ObjectNode response = result.putObject("response");
        response.put("url", e.url());
        response.put("method", e.method());
        response.put("status", e.status());
        if (n.captureBody() && e.body() != null) {
            response.put("body", e.body());
        }
        return result;
    }
}
