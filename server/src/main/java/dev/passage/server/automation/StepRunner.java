package dev.passage.server.automation;

import dev.passage.protocol.Command;
import dev.passage.server.config.PassageConfig;
import dev.passage.server.integrations.Automation;
import dev.passage.server.integrations.Integration;
import dev.passage.server.integrations.Operation;
import dev.passage.server.integrations.Templates;
import dev.passage.server.json.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs an integration's typed automation over a {@link WorkerConnection}: the person's turn at the
 * login ({@link LoginTurn}), then each operation's steps in order, telling the person what happens as
 * it goes ({@link StatusLine}). Never logs arguments or results.
 */
final class StepRunner {
    private final Integration integration;
    private final Automation automation;
    private final String baseUrl;
    private final DeviceCommands device;
    private final TraceRecorder trace;
    private final PassageConfig.Automation config;
    private final Clock clock;
    /** The secret arguments of the operation running now: a command whose template names one is sent as secret. */
    private Set<String> secretNames = Set.of();

    StepRunner(Integration integration, String baseUrl, WorkerConnection connection, TraceRecorder trace,
               PassageConfig.Automation config, Clock clock) {
        this.integration = integration;
        this.automation = integration.automation();
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.device = new DeviceCommands(integration, connection, trace, clock);
        this.trace = trace;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Logs in, then runs every operation ({@code [{resource, action, arguments?}]}) with its secret
     * arguments ({@code secrets} keyed by operation index); the result of one operation, or of several
     * {@code {"operations": [{resource, action, data}, …]}} in the order asked.
     */
    JsonNode run(JsonNode operations, ObjectNode secrets) {
        List<Automation.OperationSteps> plan = new ArrayList<>();
        for (JsonNode op : operations) {
            String key = op.path("resource").asString() + "." + op.path("action").asString();
            plan.add(automation.steps(op.path("resource").asString(), op.path("action").asString())
                    .orElseThrow(() -> new WorkerConnection.StepFailure("Integration " + integration.id()
                            + " has no automation for " + key + ".")));
        }
        StatusLine status = new StatusLine(device, integration.name(), plan.stream().mapToInt(p -> p.steps().size()).sum());
        ObjectNode scope = Json.mapper().createObjectNode().put("baseUrl", baseUrl);
        new LoginTurn(integration, device, status, config.loginTimeout(), config.loginAttempts(), config.mfaAttempts(), clock)
                .run(scope);
        ObjectNode combined = Json.mapper().createObjectNode();
        ArrayNode results = combined.putArray("operations");
        JsonNode single = null;
        for (int i = 0; i < operations.size(); i++) {
            JsonNode op = operations.get(i);
            String resource = op.path("resource").asString();
            String action = op.path("action").asString();
            String key = resource + "." + action;
            ObjectNode arguments = op.path("arguments") instanceof ObjectNode given ? given.deepCopy()
                    : Json.mapper().createObjectNode();
            if (secrets.get(Integer.toString(i)) instanceof ObjectNode secret && !secret.isEmpty()) {
                arguments.setAll(secret);
                trace.secretsOnPage();
            }
            secretNames = integration.operation(resource, action).map(Operation::secretArguments).orElse(Set.of());
            ObjectNode opScope = scope.deepCopy();
            opScope.set("arguments", arguments);
            ObjectNode result = Json.mapper().createObjectNode();
            status.operation(key, i, operations.size(), plan.get(i).status());
            int n = 0;
            for (Automation.Step step : plan.get(i).steps()) {
                n++;
                status.stepDone(key, n, step(key, n, step, opScope, result, status));
            }
            results.addObject().put("resource", resource).put("action", action).set("data", result);
            single = result;
        }
        status.done();
        return operations.size() == 1 ? single : combined;
    }

    /** Runs one step (unless its guard skips it); the command it sent, or null. */
    private Command step(String op, int n, Automation.Step step, ObjectNode scope, ObjectNode result, StatusLine status) {
        Automation.Guard guard = step.guard();
        if (guard.when() != null && !Templates.truthy(Templates.resolve(guard.when(), scope))) {
            return null;
        }
        if (guard.unless() != null && Templates.truthy(Templates.resolve(guard.unless(), scope))) {
            return null;
        }
        if (guard.status() != null) {
            status.step(op, n, guard.status());
        }
        switch (step) {
            case Automation.Step.Run r -> {
                device.run(op, n, r.command(), Templates.resolve(r.args(), scope), r.optional(),
                        secretNames.stream().anyMatch(name -> Templates.mentions(r.args(), "arguments." + name)));
                return r.command();
            }
            case Automation.Step.Extract e -> {
                put(result, e.into(), device.extract(op, n, Templates.resolve(e.spec(), scope), false));
                return Command.EVALUATE;
            }
            case Automation.Step.Set s -> Templates.resolve(s.values(), scope).properties()
                    .forEach(entry -> put(result, entry.getKey(), entry.getValue()));
            case Automation.Step.Count c -> {
                JsonNode list = at(result, c.path());
                put(result, c.into(), Json.mapper().getNodeFactory().numberNode(list == null ? 0 : list.size()));
            }
            case Automation.Step.FailIf f -> {
                failIf(op, n, f.failure());
                return Command.EVALUATE;
            }
        }
        return null;
    }

    /** Fails the step when the detector's selector is visible; a check that cannot run finds nothing. */
    private void failIf(String op, int n, Automation.Failure failure) {
        ObjectNode spec = Json.mapper().createObjectNode();
        spec.set("check", failure.selector());
        JsonNode found = device.extract(op, n, spec, true);
        if (found.isObject()) {
            String detail = found.path("text").asString("");
            String code = found.path("code").isString() ? found.path("code").asString() : null;
            throw new WorkerConnection.StepFailure(op + " step " + n + ": " + failure.message(), failure.reasonFor(code),
                    detail + (code == null ? "" : " [" + code + "]"));
        }
    }

    private static JsonNode at(ObjectNode root, String path) {
        JsonNode v = root;
        for (String key : path.split("\\.")) {
            v = v == null ? null : v.get(key);
        }
        return v;
    }

    private static void put(ObjectNode root, String path, JsonNode value) {
        if (path.isEmpty()) {
            if (value instanceof ObjectNode object) {
                root.setAll(object);
            }
            return;
        }
        String[] keys = path.split("\\.");
        ObjectNode target = root;
        for (int i = 0; i < keys.length - 1; i++) {
            target = target.get(keys[i]) instanceof ObjectNode o ? o : target.putObject(keys[i]);
        }
        target.set(keys[keys.length - 1], value);
    }
}
