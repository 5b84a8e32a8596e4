package dev.passage.server.sessions;

import dev.passage.protocol.TelemetryEvent;
import dev.passage.protocol.YieldCondition;
import dev.passage.server.json.Json;
import dev.passage.server.secrets.SecretBox;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One {@code client.events} batch made ready before the session's lock is taken, so the transaction
 * that stores it does no JSON, encryption or pattern work: the events accepted (objects with a string
 * {@code type}, at most {@link #MAX_EVENTS} of them), their size as sent, the network events sealed for
 * storage (what a later yield may be judged on), the batch's last navigation (the current URL) sealed,
 * and, when a yield was outstanding as the batch was read, what the batch says of it.
 */
record TelemetryBatch(int accepted, long bytes, List<String> sealedNetwork, String lastUrl, String sealedUrl,
                      List<TelemetryEvent.Network> network, Judged judged) {
    static final int MAX_EVENTS = 1000;

    /** The batch judged for the yield {@code yieldId} that was outstanding after the yield that ended at {@code mark}. */
    record Judged(String yieldId, long mark, Optional<ObjectNode> match) {}

    static TelemetryBatch prepare(String sessionId, List<JsonNode> events, SecretBox box) {
        int accepted = 0;
        long bytes = 0;
        List<String> sealed = new ArrayList<>();
        List<TelemetryEvent.Network> network = new ArrayList<>();
        String lastUrl = null;
        for (JsonNode event : events) {
            if (accepted == MAX_EVENTS) {
                break;
            }
            if (!event.isObject() || !event.path("type").isString()) {
                continue;
            }
            accepted++;
            byte[] json = Json.mapper().writeValueAsBytes(event);
            bytes += json.length;
            switch (TelemetryEvent.of(event).orElse(null)) {
                case TelemetryEvent.Navigation n -> lastUrl = n.url();
                case TelemetryEvent.Network n -> {
                    network.add(n);
                    sealed.add(box.seal(sessionId, json));
                }
                case null, default -> { }
            }
        }
        String sealedUrl = lastUrl == null ? null : box.seal(sessionId, lastUrl.getBytes(StandardCharsets.UTF_8));
        return new TelemetryBatch(accepted, bytes, List.copyOf(sealed), lastUrl, sealedUrl, List.copyOf(network), null);
    }

    /** This batch with its judgment for the yield that was outstanding (after the yield that ended at {@code mark}). */
    TelemetryBatch judgedFor(Outstanding.Yield yield, long mark) {
        return new TelemetryBatch(accepted, bytes, sealedNetwork, lastUrl, sealedUrl, network,
                new Judged(yield.id(), mark, judge(yield)));
    }

    /**
     * What the first of the yield's conditions that holds on this batch found: a URL condition on the
     * batch's last navigation (the URL before it was judged when it became current), a network condition
     * on the batch's responses.
     */
    Optional<ObjectNode> judge(Outstanding.Yield yield) {
        return YieldJudge.firstMatch(YieldCondition.parseAll(yield.conditions()), lastUrl, network);
    }
}
