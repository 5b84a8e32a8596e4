package dev.passage.server.automation;

import dev.passage.server.config.PassageConfig;
import dev.passage.server.http.Json;
import dev.passage.server.integrations.Integration;
import dev.passage.server.sessions.SessionTicket;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One hosted worker session: connects as the worker, sends the person to the login page, yields until
 * the logged-in condition holds (watching the failure detectors meanwhile), runs each operation's
 * steps one command at a time, and completes or fails the session. Never logs arguments or results.
 */
final class WorkerRun {
    private static final Logger log = LoggerFactory.getLogger(WorkerRun.class);
    static final String EXTRACTOR = readExtractor();
    /** Longest single yield; between yields the failure detectors are checked. */
    private static final long YIELD_SLICE_MS = 2_000;

    private final SessionTicket ticket;
    private final String websocketUrl;
    private final Integration integration;
    private final Optional<URI> baseUrl;
    private final HostedWorker.Secrets secrets;
    private boolean secretsOnPage;
    private final PassageConfig.Automation config;
    private final Traces traces;
    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private volatile boolean closed;
    private WebSocket socket;
    private int nextId;
    private ArrayNode trace;

    WorkerRun(SessionTicket ticket, String websocketUrl, Integration integration, Optional<URI> baseUrl, HostedWorker.Secrets secrets,
              PassageConfig.Automation config, Traces traces) {
        this.ticket = ticket;
        this.websocketUrl = websocketUrl;
        this.integration = integration;
        this.baseUrl = baseUrl;
        this.secrets = secrets;
        this.config = config;
        this.traces = traces;
    }

    /** A step that cannot be done: the session fails with AUTOMATION_ERROR and this message. */
    static final class StepFailure extends RuntimeException {
        StepFailure(String message) {
            super(message);
        }
    }

    /** The session ended (or the socket closed) while the worker was waiting: nothing more to send. */
    static final class SessionGone extends RuntimeException {
        SessionGone(String message) {
            super(message);
        }
    }

    void run() {
        connect();
        try {
            JsonNode hello = send(Json.mapper().createObjectNode().put("type", "worker.hello").put("lastSeq", 0), "server.hello");
            String state = hello.path("state").asString("");
            if (state.equals("complete") || state.equals("failed") || state.equals("expired")) {
                return;
            }
            trace = hello.path("debug").asBoolean(false) ? Json.mapper().createArrayNode() : null;
            try {
                JsonNode result = automate();
                ObjectNode complete = Json.mapper().createObjectNode().put("type", "worker.complete");
                complete.set("result", result);
                sendOnly(complete);
            } catch (StepFailure failure) {
                fail(failure.getMessage());
            }
            awaitClose(Duration.ofSeconds(5));
        } catch (SessionGone gone) {
            log.debug("Session {} ended under the worker: {}", ticket.sessionId(), gone.getMessage());
        } finally {
            if (trace != null) {
                try {
                    traces.save(ticket.linkId(), ticket.sessionId(), trace);
                } catch (RuntimeException e) {
                    log.warn("The trace of {} could not be saved: {}", ticket.sessionId(), e.toString());
                }
            }
            if (!socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "worker done");
            }
        }
    }

    private JsonNode automate() {
        JsonNode automation = integration.automation();
        if (automation == null || automation.isNull()) {
            throw new StepFailure("Integration " + integration.id() + " has no automation.");
        }
        URI base = baseUrl.orElseThrow(() -> new StepFailure("No base URL is configured for integration "
                + integration.id() + " (sandbox portals off and no automation.live-base-urls entry)."));
        String baseText = base.toString().replaceAll("/+$", "");
        ObjectNode scope = Json.mapper().createObjectNode().put("baseUrl", baseText);
        login(automation.get("login"), scope);

        ObjectNode sealed = secrets.open(ticket.linkId()).orElse(Json.mapper().createObjectNode());
        ArrayNode operations = (ArrayNode) ticket.operations();
        ObjectNode combined = Json.mapper().createObjectNode();
        JsonNode single = null;
        for (int i = 0; i < operations.size(); i++) {
            JsonNode op = operations.get(i);
            String key = op.path("resource").asString() + "." + op.path("action").asString();
            JsonNode definition = automation.path("operations").get(key);
            if (definition == null) {
                throw new StepFailure("Integration " + integration.id() + " has no automation for " + key + ".");
            }
            ObjectNode arguments = op.path("arguments").isObject() ? ((ObjectNode) op.get("arguments")).deepCopy()
                    : Json.mapper().createObjectNode();
            boolean hadSecrets = false;
            if (sealed.get(Integer.toString(i)) instanceof ObjectNode secret && !secret.isEmpty()) {
                arguments.setAll(secret);
                hadSecrets = true;
            }
            // A screenshot of a page holding a typed card number would store it: none from here on.
            secretsOnPage |= hadSecrets;
            ObjectNode opScope = scope.deepCopy();
            opScope.set("arguments", arguments);
            ObjectNode result = Json.mapper().createObjectNode();
            int n = 0;
            for (JsonNode step : definition.path("steps")) {
                n++;
                runStep(key, n, step, opScope, result);
            }
            combined.set(key, result);
            single = result;
        }
        return operations.size() == 1 ? single : combined;
    }

    private void login(JsonNode login, ObjectNode scope) {
        command("login", 1, "navigate", Json.mapper().createObjectNode()
                .put("url", Templates.resolveString(login.path("url").asString(), scope).asString()), false);
        JsonNode conditions = Templates.resolve(login.get("loggedIn"), scope);
        JsonNode failures = login.path("failures");
        long deadline = System.nanoTime() + config.loginTimeout().toNanos();
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            ObjectNode yield = Json.mapper().createObjectNode().put("type", "worker.yield_to_user").put("id", id());
            yield.set("conditions", conditions);
            yield.put("optional", true).put("timeout", Math.max(100, Math.min(YIELD_SLICE_MS, left)));
            long started = System.currentTimeMillis();
            JsonNode answer = send(yield, null);
            boolean ok = answer.path("ok").asBoolean(false);
            traceStep("login", 2, "yield_to_user", started, ok ? null : answer.path("error"));
            if (!ok) {
                throw new StepFailure("Waiting for the login failed: " + answer.path("error").path("message").asString("error"));
            }
            if (answer.path("result").path("matched").asBoolean(false)) {
                return;
            }
            detect(failures, "login", 3);
            if (left <= YIELD_SLICE_MS) {
                throw new StepFailure("The user did not log in to " + integration.name() + " within "
                        + config.loginTimeout().toSeconds() + " s.");
            }
        }
    }

    /**
     * Fails when one of the failure detectors' selectors is visible on the page. A check that cannot
     * run (the page is navigating, e.g. right after a successful sign-in) finds nothing.
     */
    private void detect(JsonNode failures, String where, int n) {
        for (JsonNode failure : failures) {
            ObjectNode spec = Json.mapper().createObjectNode();
            spec.set("check", failure.get("selector"));
            ObjectNode args = Json.mapper().createObjectNode().put("expression", EXTRACTOR);
            args.set("arg", spec);
            JsonNode found = command(where, n, "evaluate", args, true);
            if (found != null && found.isObject()) {
                String detail = found.path("text").asString("");
                String code = found.path("code").isString() ? " [" + found.path("code").asString() + "]" : "";
                throw new StepFailure(failure.path("message").asString("The page shows an error") + ": " + detail + code);
            }
        }
    }

    private void runStep(String op, int n, JsonNode step, ObjectNode scope, ObjectNode result) {
        if (step.has("when") && !Templates.truthy(Templates.resolve(step.get("when"), scope))) {
            return;
        }
        if (step.has("unless") && Templates.truthy(Templates.resolve(step.get("unless"), scope))) {
            return;
        }
        if (step.has("command")) {
            JsonNode args = Templates.resolve(step.path("args"), scope);
            command(op, n, step.get("command").asString(), args, step.path("optional").asBoolean(false));
        } else if (step.has("extract")) {
            JsonNode value = evaluate(op, n, Templates.resolve(step.get("extract"), scope));
            put(result, step.path("into").asString(""), value);
        } else if (step.has("set")) {
            JsonNode values = Templates.resolve(step.get("set"), scope);
            values.properties().forEach(e -> put(result, e.getKey(), e.getValue()));
        } else if (step.has("count")) {
            JsonNode list = at(result, step.get("count").asString());
            put(result, step.path("into").asString(),
                    Json.mapper().getNodeFactory().numberNode(list == null ? 0 : list.size()));
        } else if (step.has("failIf")) {
            ObjectNode failure = Json.mapper().createObjectNode();
            failure.set("selector", step.get("failIf"));
            failure.put("message", op + " step " + n + ": " + step.path("message").asString("the page shows an error"));
            detect(Json.mapper().createArrayNode().add(failure), op, n);
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

    private JsonNode evaluate(String op, int n, JsonNode spec) {
        ObjectNode args = Json.mapper().createObjectNode().put("expression", EXTRACTOR);
        args.set("arg", spec);
        return command(op, n, "evaluate", args, false);
    }

    /** Runs one command on the device and returns its result; a failure is a StepFailure unless optional. */
    private JsonNode command(String op, int n, String name, JsonNode args, boolean optional) {
        ObjectNode message = Json.mapper().createObjectNode().put("type", "worker.command").put("id", id())
                .put("command", name);
        message.set("args", args);
        long started = System.currentTimeMillis();
        JsonNode answer = send(message, null);
        boolean ok = answer.path("ok").asBoolean(false);
        traceStep(op, n, name, started, ok ? null : answer.path("error"));
        if (!ok && !optional) {
            String selector = args.path("selector").isString() ? " " + args.path("selector").asString() : "";
            throw new StepFailure(op + " step " + n + " (" + name + selector + ") failed: "
                    + answer.path("error").path("message").asString(answer.path("error").toString()));
        }
        return answer.path("result");
    }

    /** Debug links: the step, its timing, and a screenshot after it (never arguments or typed values). */
    private void traceStep(String op, int n, String name, long started, JsonNode error) {
        if (trace == null) {
            return;
        }
        ObjectNode entry = trace.addObject().put("operation", op).put("step", n).put("command", name)
                .put("startedAt", started).put("durationMs", System.currentTimeMillis() - started);
        if (error != null) {
            entry.set("error", error);
        }
        ObjectNode shot = Json.mapper().createObjectNode().put("type", "worker.command").put("id", id())
                .put("command", "screenshot");
        shot.putObject("args");
        if (secretsOnPage) {
            entry.put("screenshotOmitted", "the page may show secret arguments (card number, cvv)");
            return;
        }
        JsonNode answer = send(shot, null);
        if (answer.path("ok").asBoolean(false)) {
            entry.put("screenshot", answer.path("result").path("data").asString(""));
        }
    }

    private void fail(String message) {
        ObjectNode fail = Json.mapper().createObjectNode().put("type", "worker.fail");
        fail.putObject("error").put("code", "AUTOMATION_ERROR").put("message", message);
        sendOnly(fail);
    }

    private String id() {
        return "w" + (++nextId);
    }

    /** Sends {@code message} and waits for its answer: the command result with its id, or a message of type {@code type}. */
    private JsonNode send(ObjectNode message, String type) {
        sendOnly(message);
        String id = message.path("id").asString(null);
        long deadline = System.nanoTime() + config.commandTimeout().toNanos()
                + TimeUnit.MILLISECONDS.toNanos(message.path("timeout").asLong(0));
        while (System.nanoTime() < deadline) {
            JsonNode in;
            try {
                in = inbox.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SessionGone("interrupted");
            }
            if (in == null) {
                if (closed) {
                    throw new SessionGone("socket closed");
                }
                continue;
            }
            String t = in.path("type").asString("");
            if (type != null && t.equals(type)) {
                return in;
            }
            if (t.equals("server.replay")) {
                in.path("messages").forEach(inbox::add);
            } else if (t.equals("server.command_result") && id != null && id.equals(in.path("id").asString(null))) {
                return in;
            } else if (t.equals("server.error")) {
                if (in.path("code").asString("").equals("SESSION_ENDED")) {
                    throw new SessionGone("session ended");
                }
                if (id != null && id.equals(in.path("id").asString(null))) {
                    throw new StepFailure("The server refused " + id + ": " + in.path("message").asString(""));
                }
            }
        }
        throw new StepFailure("No answer to " + message.path("command").asString(message.path("type").asString())
                + " within " + config.commandTimeout().toSeconds() + " s.");
    }

    private void awaitClose(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!closed && System.nanoTime() < deadline) {
            JsonNode in = inbox.poll();
            if (in == null) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } else if (in.path("type").asString("").equals("server.error")) {
                log.info("Session {}: the server refused the worker's message: {}", ticket.sessionId(),
                        in.path("code").asString(""));
                return;
            }
        }
    }

    private synchronized void sendOnly(ObjectNode message) {
        if (closed || socket.isOutputClosed()) {
            throw new SessionGone("socket closed");
        }
        socket.sendText(message.toString(), true).join();
    }

    private void connect() {
        URI uri = URI.create(websocketUrl + "?role=worker&token="
                + URLEncoder.encode(ticket.workerToken(), StandardCharsets.UTF_8));
        socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, new dev.passage.device.JsonMessages(inbox, () -> closed = true)).join();
    }

    private static String readExtractor() {
        try (InputStream in = WorkerRun.class.getResourceAsStream("/automation/extractor.js")) {
            if (in == null) {
                throw new IllegalStateException("automation/extractor.js is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
