package dev.passage.server.automation;

import dev.passage.protocol.Command;
import dev.passage.protocol.FailureReason;
import dev.passage.protocol.ServerMessage;
import dev.passage.protocol.YieldCondition;
import dev.passage.server.integrations.Automation;
import dev.passage.server.integrations.Integration;
import dev.passage.server.integrations.Templates;
import dev.passage.server.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs an integration's typed automation over a {@link WorkerConnection}: sends the person to the
 * login page, yields until the logged-in condition holds (checking the failure detectors between
 * short yields), then each operation's steps in order. Never logs arguments or results.
 */
final class StepRunner {
    static final String EXTRACTOR = readExtractor();
    /** Longest single yield; between yields the failure detectors are checked. */
    static final long YIELD_SLICE_MS = 2_000;

    private final Integration integration;
    private final Automation automation;
    private final String baseUrl;
    private final WorkerConnection connection;
    private final TraceRecorder trace;
    private final Duration loginTimeout;
    private final Clock clock;
    /** The secret arguments of the operation running now: a command whose template names one is sent as secret. */
    private java.util.Set<String> secretNames = java.util.Set.of();

    StepRunner(Integration integration, String baseUrl, WorkerConnection connection, TraceRecorder trace,
               Duration loginTimeout, Clock clock) {
        this.integration = integration;
        this.automation = integration.automation();
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.connection = connection;
        this.trace = trace;
        this.loginTimeout = loginTimeout;
        this.clock = clock;
    }

    /**
     * Logs in, then runs every operation ({@code [{resource, action, arguments?}]}) with its secret
     * arguments ({@code secrets} keyed by operation index); the result of one operation, or of several
     * {@code {"operations": [{resource, action, data}, …]}} in the order asked.
     */
    JsonNode run(JsonNode operations, ObjectNode secrets) {
        ObjectNode scope = Json.mapper().createObjectNode().put("baseUrl", baseUrl);
        login(scope);
        ObjectNode combined = Json.mapper().createObjectNode();
        ArrayNode results = combined.putArray("operations");
        JsonNode single = null;
        for (int i = 0; i < operations.size(); i++) {
            JsonNode op = operations.get(i);
            String key = op.path("resource").asString() + "." + op.path("action").asString();
            Automation.OperationSteps steps = automation.steps(op.path("resource").asString(), op.path("action").asString())
                    .orElseThrow(() -> new WorkerConnection.StepFailure("Integration " + integration.id()
                            + " has no automation for " + key + "."));
            ObjectNode arguments = op.path("arguments") instanceof ObjectNode given ? given.deepCopy()
                    : Json.mapper().createObjectNode();
            if (secrets.get(Integer.toString(i)) instanceof ObjectNode secret && !secret.isEmpty()) {
                arguments.setAll(secret);
                trace.secretsOnPage();
            }
            secretNames = integration.operation(op.path("resource").asString(), op.path("action").asString())
                    .map(dev.passage.server.integrations.Operation::secretArguments).orElse(java.util.Set.of());
            ObjectNode opScope = scope.deepCopy();
            opScope.set("arguments", arguments);
            ObjectNode result = Json.mapper().createObjectNode();
            int n = 0;
            for (Automation.Step step : steps.steps()) {
                n++;
                step(key, n, step, opScope, result);
            }
            results.addObject().put("resource", op.path("resource").asString()).put("action", op.path("action").asString())
                    .set("data", result);
            single = result;
        }
        return operations.size() == 1 ? single : combined;
    }

    private void login(ObjectNode scope) {
        Automation.Login login = automation.login();
        command("login", 1, Command.NAVIGATE, Json.mapper().createObjectNode()
                .put("url", Templates.resolveString(login.url(), scope).asString()), false);
        List<YieldCondition> conditions = YieldCondition.parseAll(Templates.resolve(login.loggedIn(), scope));
        long deadline = clock.millis() + loginTimeout.toMillis();
        while (true) {
            long left = deadline - clock.millis();
            long started = clock.millis();
            ServerMessage.CommandResult answer = connection.yieldToUser(conditions, Math.max(100, Math.min(YIELD_SLICE_MS, left)));
            trace.step("login", 2, "yield_to_user", started, answer.ok() ? null : answer.error());
            if (!answer.ok()) {
                throw new WorkerConnection.StepFailure("Waiting for the login failed: "
                        + (answer.error() == null ? "error" : answer.error().path("message").asString("error")));
            }
            if (answer.result() != null && answer.result().path("matched").asBoolean(false)) {
                return;
            }
            detect(login.failures(), "login", 3);
            if (left <= YIELD_SLICE_MS) {
                boolean atCode = login.mfa() != null && visible(login.mfa().selector(), "login", 3);
                throw new WorkerConnection.StepFailure((atCode ? "The user did not enter the code " + integration.name()
                        + " sent within " : "The user did not log in to " + integration.name() + " within ")
                        + loginTimeout.toSeconds() + " s.", atCode ? FailureReason.MFA_TIMEOUT : FailureReason.LOGIN_TIMEOUT);
            }
        }
    }

    /**
     * Fails when one of the detectors' selectors is visible on the page. A check that cannot run (the
     * page is navigating, e.g. right after a successful sign-in) finds nothing.
     */
    private void detect(List<Automation.Failure> failures, String where, int n) {
        for (Automation.Failure failure : failures) {
            JsonNode found = check(failure.selector(), where, n);
            if (found != null && found.isObject()) {
                String detail = found.path("text").asString("");
                String code = found.path("code").isString() ? found.path("code").asString() : null;
                throw new WorkerConnection.StepFailure(failure.message() + ": " + detail + (code == null ? "" : " [" + code + "]"),
                        failure.reasonFor(code));
            }
        }
    }

    /** Whether one of {@code selector} (a selector or a list) is visible; false when the check cannot run. */
    private boolean visible(JsonNode selector, String where, int n) {
        JsonNode found = check(selector, where, n);
        return found != null && found.isObject();
    }

    /** The extractor's check: {@code {text, code}} of the first visible match, else null. */
    private JsonNode check(JsonNode selector, String where, int n) {
        ObjectNode spec = Json.mapper().createObjectNode();
        spec.set("check", selector);
        return command(where, n, Command.EVALUATE, extractor(spec), true);
    }

    private void step(String op, int n, Automation.Step step, ObjectNode scope, ObjectNode result) {
        Automation.Guard guard = step.guard();
        if (guard.when() != null && !Templates.truthy(Templates.resolve(guard.when(), scope))) {
            return;
        }
        if (guard.unless() != null && Templates.truthy(Templates.resolve(guard.unless(), scope))) {
            return;
        }
        switch (step) {
            case Automation.Step.Run r -> command(op, n, r.command(), Templates.resolve(r.args(), scope), r.optional(),
                    secretNames.stream().anyMatch(name -> Templates.mentions(r.args(), "arguments." + name)));
            case Automation.Step.Extract e -> put(result, e.into(),
                    command(op, n, Command.EVALUATE, extractor(Templates.resolve(e.spec(), scope)), false));
            case Automation.Step.Set s -> Templates.resolve(s.values(), scope).properties()
                    .forEach(entry -> put(result, entry.getKey(), entry.getValue()));
            case Automation.Step.Count c -> {
                JsonNode list = at(result, c.path());
                put(result, c.into(), Json.mapper().getNodeFactory().numberNode(list == null ? 0 : list.size()));
            }
            case Automation.Step.FailIf f -> detect(List.of(new Automation.Failure(f.failure().selector(),
                    op + " step " + n + ": " + f.failure().message(), f.failure().reason(), f.failure().reasons())), op, n);
        }
    }

    private static ObjectNode extractor(JsonNode spec) {
        ObjectNode args = Json.mapper().createObjectNode().put("expression", EXTRACTOR);
        args.set("arg", spec);
        return args;
    }

    /** Runs one command on the device and returns its result; a failure is a StepFailure unless optional. */
    private JsonNode command(String op, int n, Command command, JsonNode args, boolean optional) {
        return command(op, n, command, args, optional, false);
    }

    private JsonNode command(String op, int n, Command command, JsonNode args, boolean optional, boolean secret) {
        long started = clock.millis();
        ServerMessage.CommandResult answer = connection.command(command, args, secret);
        trace.step(op, n, command.wire(), started, answer.ok() ? null : answer.error());
        if (!answer.ok() && !optional) {
            String selector = args.path("selector").isString() ? " " + args.path("selector").asString() : "";
            JsonNode error = answer.error();
            throw new WorkerConnection.StepFailure(op + " step " + n + " (" + command.wire() + selector + ") failed: "
                    + (error == null ? "null" : error.path("message").asString(error.toString())), reasonOf(command, error));
        }
        JsonNode result = answer.result() == null ? Json.mapper().nullNode() : answer.result();
        if (command == Command.NAVIGATE && !optional && result.path("status").asInt(0) >= 500) {
            throw new WorkerConnection.StepFailure(op + " step " + n + " (navigate) failed: " + integration.name()
                    + " answered HTTP " + result.path("status").asInt(), FailureReason.SITE_UNAVAILABLE);
        }
        return result;
    }

    /**
     * What a failed command says about the site: a page that could not be loaded is unavailable; an
     * element that is not there, or a page the extractor cannot read, means the site changed.
     */
    static FailureReason reasonOf(Command command, JsonNode error) {
        String code = error == null ? "" : error.path("code").asString("");
        return switch (command) {
            case NAVIGATE, RELOAD, GO_BACK, WAIT_FOR_NAVIGATION -> FailureReason.SITE_UNAVAILABLE;
            case CLICK, FILL, SELECT, PRESS, WAIT_FOR_SELECTOR, GET_ATTRIBUTE, TEXT_CONTENT, INNER_HTML, EVALUATE ->
                    code.equals("TIMEOUT") || code.equals("NOT_FOUND") || code.equals("PAGE_ERROR")
                            ? FailureReason.SITE_CHANGED : FailureReason.AUTOMATION_FAILED;
            default -> FailureReason.AUTOMATION_FAILED;
        };
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

    private static String readExtractor() {
        try (InputStream in = StepRunner.class.getResourceAsStream("/automation/extractor.js")) {
            if (in == null) {
                throw new IllegalStateException("automation/extractor.js is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
