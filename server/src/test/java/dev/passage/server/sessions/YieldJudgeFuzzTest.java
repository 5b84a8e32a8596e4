package dev.passage.server.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.passage.protocol.ProtocolException;
import dev.passage.protocol.YieldCondition;
import dev.passage.server.json.Json;
import dev.passage.server.secrets.SecretBox;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A yield's conditions, as any worker may send them, are parsed or refused with a
 * {@link ProtocolException} (the one documented refusal), and judged on any telemetry a client may
 * send without an exception, each judgment within a time budget. Conditions come either as raw JSON
 * or built from the fuzzer's data; patterns are at most {@value #MAX_PATTERN} characters and texts
 * (URLs, methods, bodies) at most {@value #MAX_TEXT}, so the budget measures the judge and not an
 * unbounded backtracking search (bench/README.md says what longer URLs do to some patterns).
 * Fuzzes a few seconds under {@code ./mvnw verify}.
 */
class YieldJudgeFuzzTest {
    static final int MAX_PATTERN = 48;
    static final int MAX_TEXT = 256;
    /** Generous: a class Jazzer instruments as it loads, on a busy machine, takes its share too. */
    private static final long BUDGET_MILLIS = 10_000;
    private static final SecretBox BOX = SecretBox.forPurpose(new byte[32], "session-data");
    private static final ExecutorService JUDGE = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "yield-judge-fuzz");
        t.setDaemon(true);
        return t;
    });
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static {
        // Loads (and so instruments) the judge's classes before any judgment is timed.
        JsonNode warm = Json.mapper().readTree("[{\"url\":\"a\"},{\"networkRequest\":{\"url\":\"b\",\"method\":\"GET\"}}]");
        TelemetryBatch.prepare("session_fuzz", List.of(Json.mapper().readTree("{\"type\":\"navigation\",\"url\":\"a\"}"),
                Json.mapper().readTree("{\"type\":\"network\",\"url\":\"b\",\"method\":\"GET\",\"status\":200}")), BOX)
                .judge(new Outstanding.Yield("warm", true, warm));
    }

    @FuzzTest(maxDuration = "4s")
    void conditions_are_parsed_or_refused_and_judged_on_any_telemetry(FuzzedDataProvider data) throws Exception {
        JsonNode conditions = data.consumeBoolean() ? raw(data.consumeString(200)) : conditions(data);
        List<YieldCondition> parsed;
        try {
            parsed = YieldCondition.parseAll(conditions);
        } catch (ProtocolException e) {
            assertThat(e.getMessage()).isNotBlank().hasSizeLessThanOrEqualTo(300);
            return;
        }
        assertThat(parsed).isNotEmpty();
        List<JsonNode> events = events(data);
        Optional<ObjectNode> match = withinBudget(conditions, events, () -> {
            TelemetryBatch batch = TelemetryBatch.prepare("session_fuzz", events, BOX);
            // The judgment of one batch (before the session's lock) and of stored telemetry (at the yield's start) agree.
            Optional<ObjectNode> onBatch = batch.judge(new Outstanding.Yield("y1", true, conditions));
            List<Telemetry.Stored> stored = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                stored.add(new Telemetry.Stored(i + 1, events.get(i)));
            }
            Optional<ObjectNode> onStored = YieldJudge.firstMatch(parsed, stored, 0);
            assertThat(onStored.isPresent()).as("judged on the batch and on stored telemetry").isEqualTo(onBatch.isPresent());
            return onBatch;
        });
        match.ifPresent(m -> {
            assertThat(m.path("matched").asBoolean()).isTrue();
            assertThat(m.path("condition").asString()).isIn("url", "networkRequest");
        });
    }

    private static Optional<ObjectNode> withinBudget(JsonNode conditions, List<JsonNode> events,
                                                     java.util.concurrent.Callable<Optional<ObjectNode>> judge) throws Exception {
        Future<Optional<ObjectNode>> f = JUDGE.submit(judge);
        try {
            return f.get(BUDGET_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw new AssertionError(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("judging took more than " + BUDGET_MILLIS + " ms (catastrophic backtracking?): conditions "
                    + conditions + " on " + events.size() + " events");
        }
    }

    private static JsonNode raw(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (JacksonException e) {
            return NODES.stringNode(text);
        }
    }

    private static JsonNode conditions(FuzzedDataProvider data) {
        ArrayNode list = NODES.arrayNode();
        int n = data.consumeInt(0, 3);
        for (int i = 0; i < n; i++) {
            ObjectNode c = list.addObject();
            if (data.consumeBoolean()) {
                c.set("url", value(data, MAX_PATTERN));
                continue;
            }
            ObjectNode request = c.putObject("networkRequest");
            for (String field : List.of("url", "urlContains", "method", "bodyContains")) {
                if (data.consumeBoolean()) {
                    request.set(field, value(data, field.equals("url") ? MAX_PATTERN : MAX_TEXT));
                }
            }
            for (String field : List.of("successfulOnly", "captureBody")) {
                if (data.consumeBoolean()) {
                    request.set(field, data.consumeInt(0, 9) == 0 ? value(data, 8) : NODES.booleanNode(data.consumeBoolean()));
                }
            }
            if (data.consumeInt(0, 15) == 0) {
                request.put(data.consumeString(12), 1);
            }
        }
        return list;
    }

    /** Mostly a string, sometimes another JSON type (what a careless worker might send). */
    private static JsonNode value(FuzzedDataProvider data, int maxLength) {
        return switch (data.consumeInt(0, 15)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.numberNode(data.consumeInt());
            case 2 -> NODES.arrayNode();
            default -> NODES.stringNode(data.consumeString(maxLength));
        };
    }

    private static List<JsonNode> events(FuzzedDataProvider data) {
        List<JsonNode> events = new ArrayList<>();
        int n = data.consumeInt(0, 8);
        for (int i = 0; i < n; i++) {
            ObjectNode e = NODES.objectNode();
            switch (data.consumeInt(0, 4)) {
                case 0 -> e.put("type", "navigation").set("url", value(data, MAX_TEXT));
                case 1 -> {
                    e.put("type", "network").set("url", value(data, MAX_TEXT));
                    e.set("method", value(data, 8));
                    e.set("status", data.consumeBoolean() ? NODES.numberNode(data.consumeInt(0, 600)) : value(data, 4));
                    if (data.consumeBoolean()) {
                        e.set("body", value(data, MAX_TEXT));
                    }
                }
                case 2 -> e.put("type", "console").set("text", value(data, MAX_TEXT));
                case 3 -> e.set("type", value(data, 12));
                default -> events.add(raw(data.consumeString(MAX_TEXT)));
            }
            if (!e.isEmpty()) {
                events.add(e);
            }
        }
        return events;
    }
}
