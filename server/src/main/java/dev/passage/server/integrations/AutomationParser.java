package dev.passage.server.integrations;

import dev.passage.protocol.Command;
import dev.passage.protocol.FailureReason;
import dev.passage.protocol.ProtocolException;
import dev.passage.protocol.YieldCondition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Turns a file's {@code automation} section (already checked against the integration format) into
 * an {@link Automation}, checking what the format cannot: that every operation has steps and every
 * step an operation, that templates use known filters, and that the login conditions are conditions
 * the session can judge. A problem is an {@link IntegrationLoadException} naming the file.
 */
final class AutomationParser {
    /** What templates resolve to when the login conditions are checked at load. */
    private static final JsonNode SAMPLE_SCOPE = JsonNodeFactory.instance.objectNode().put("baseUrl", "http://portal.test");

    private AutomationParser() {}

    static Automation parse(String file, String integrationId, JsonNode a, List<Integration.Resource> resources) {
        Templates.check(a, "a template");
        JsonNode names = a.path("baseUrl");
        var baseUrl = new Automation.BaseUrl(names.path("sandbox").asString(integrationId),
                names.path("live").asString(integrationId));
        JsonNode login = a.get("login");
        try {
            YieldCondition.parseAll(Templates.resolve(login.get("loggedIn"), SAMPLE_SCOPE));
        } catch (ProtocolException e) {
            throw IntegrationLoadException.in(file, "automation.login.loggedIn: " + e.getMessage() + ".");
        }
        List<Automation.Failure> failures = new ArrayList<>();
        login.path("failures").forEach(f -> failures.add(failure(f, f.path("message").asString("The page shows an error"),
                FailureReason.INVALID_CREDENTIALS)));
        JsonNode mfa = login.get("mfa");
        Map<String, Automation.OperationSteps> operations = new LinkedHashMap<>();
        for (var entry : a.path("operations").properties()) {
            String[] parts = entry.getKey().split("\\.");
            boolean known = parts.length == 2 && resources.stream().anyMatch(r -> r.name().equals(parts[0])
                    && r.operations().stream().anyMatch(o -> o.action().equals(parts[1])));
            if (!known) {
                throw IntegrationLoadException.in(file, "automation.operations." + entry.getKey()
                        + " is not an operation of this integration.");
            }
            String path = "automation.operations." + entry.getKey();
            plainText(file, path + ".status", entry.getValue().get("status"));
            List<Automation.Step> steps = new ArrayList<>();
            for (JsonNode step : entry.getValue().path("steps")) {
                plainText(file, path + ".steps." + steps.size() + ".status", step.get("status"));
                steps.add(step(step));
            }
            operations.put(entry.getKey(), new Automation.OperationSteps(entry.getValue().path("description").asString(""),
                    entry.getValue().path("status").asString(null), List.copyOf(steps)));
        }
        for (Integration.Resource r : resources) {
            for (Operation o : r.operations()) {
                if (!operations.containsKey(r.name() + "." + o.action())) {
                    throw IntegrationLoadException.in(file, "automation.operations has no steps for "
                            + r.name() + "." + o.action() + ".");
                }
            }
        }
        return new Automation(baseUrl, new Automation.Login(login.path("url").asString(), login.get("loggedIn"),
                failures, mfa == null ? null : new Automation.Mfa(mfa.get("selector"),
                        mfa.path("message").asString("Enter the code we sent you"), attempts(mfa)), attempts(login)),
                Map.copyOf(operations));
    }

    /**
     * What the person is told is shown as written: a template there could put an argument (a card
     * number) in front of whoever watches the screen, and into the debug trace.
     */
    private static void plainText(String file, String path, JsonNode status) {
        if (status != null && status.asString("").contains("{{")) {
            throw IntegrationLoadException.in(file, path + " is shown to the person as written and cannot hold a template.");
        }
    }

    /** A section's own number of tries; the schema has checked it is a positive integer. */
    private static OptionalInt attempts(JsonNode section) {
        return section.has("attempts") ? OptionalInt.of(section.get("attempts").asInt()) : OptionalInt.empty();
    }

    /** One step; the format schema has already said it is exactly one of the kinds below. */
    private static Automation.Step step(JsonNode s) {
        Automation.Guard guard = s.has("when") || s.has("unless") || s.has("status")
                ? new Automation.Guard(s.get("when"), s.get("unless"), s.path("status").asString(null))
                : Automation.Guard.ALWAYS;
        if (s.has("command")) {
            Command command = Command.parse(s.get("command").asString()).orElseThrow();
            return new Automation.Step.Run(command, s.has("args") ? s.get("args") : JsonNodeFactory.instance.objectNode(),
                    s.path("optional").asBoolean(false), guard);
        }
        if (s.has("extract")) {
            return new Automation.Step.Extract(s.get("extract"), s.path("into").asString(""), guard);
        }
        if (s.has("set")) {
            return new Automation.Step.Set(s.get("set"), guard);
        }
        if (s.has("count")) {
            return new Automation.Step.Count(s.get("count").asString(), s.get("into").asString(), guard);
        }
        return new Automation.Step.FailIf(failure(s, s.path("message").asString("the page shows an error"),
                FailureReason.AUTOMATION_FAILED), guard);
    }

    /** A failure detector ({@code selector} or {@code failIf}) with its reason(s); the schema has checked their names. */
    private static Automation.Failure failure(JsonNode f, String message, FailureReason fallback) {
        JsonNode selector = f.has("selector") ? f.get("selector") : f.get("failIf");
        FailureReason reason = FailureReason.parse(f.path("reason").asString(null)).orElse(fallback);
        Map<String, FailureReason> reasons = new LinkedHashMap<>();
        f.path("reasons").properties().forEach(e -> reasons.put(e.getKey(),
                FailureReason.parse(e.getValue().asString()).orElse(reason)));
        return new Automation.Failure(selector, message, reason, reasons);
    }
}
