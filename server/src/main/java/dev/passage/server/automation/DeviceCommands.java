package dev.passage.server.automation;

import dev.passage.protocol.Command;
import dev.passage.protocol.FailureReason;
import dev.passage.protocol.ServerMessage;
import dev.passage.protocol.YieldCondition;
import dev.passage.server.integrations.Integration;
import dev.passage.server.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One run's commands to the device, each one traced: a failed command is a {@link WorkerConnection.StepFailure}
 * whose reason says what the failure means about the site (unless the command is optional), and a
 * status for the person is sent for what it is worth (a client that cannot show it stops nothing).
 */
final class DeviceCommands {
    static final String EXTRACTOR = readExtractor();

    private final Integration integration;
    private final WorkerConnection connection;
    private final TraceRecorder trace;
    private final Clock clock;

    DeviceCommands(Integration integration, WorkerConnection connection, TraceRecorder trace, Clock clock) {
        this.integration = integration;
        this.connection = connection;
        this.trace = trace;
        this.clock = clock;
    }

    /** Runs one command on the device and returns its result; a failure is a StepFailure unless optional. */
    JsonNode run(String op, int n, Command command, JsonNode args, boolean optional) {
        return run(op, n, command, args, optional, false);
    }

    /** As {@link #run(String, int, Command, JsonNode, boolean)}; a {@code secret} command's value is never stored. */
    JsonNode run(String op, int n, Command command, JsonNode args, boolean optional, boolean secret) {
        long started = clock.millis();
        ServerMessage.CommandResult answer = connection.command(command, args, secret);
        trace.step(op, n, command.wire(), started, answer.ok() ? null : answer.error());
        if (!answer.ok() && !optional) {
            String selector = args.path("selector").isString() ? " " + args.path("selector").asString() : "";
            JsonNode error = answer.error();
            throw new WorkerConnection.StepFailure(op + " step " + n + " (" + command.wire() + selector + ") failed on the device.",
                    reasonOf(command, error), said(error));
        }
        JsonNode result = answer.result() == null || !answer.ok() ? Json.mapper().nullNode() : answer.result();
        if (command == Command.NAVIGATE && !optional && result.path("status").asInt(0) >= 500) {
            throw new WorkerConnection.StepFailure(op + " step " + n + " (navigate) failed: " + integration.name()
                    + " answered HTTP " + result.path("status").asInt(), FailureReason.SITE_UNAVAILABLE);
        }
        return result;
    }

    /** One evaluate of the generic extractor with {@code spec}; null when an optional one cannot run. */
    JsonNode extract(String op, int n, JsonNode spec, boolean optional) {
        ObjectNode args = Json.mapper().createObjectNode().put("expression", EXTRACTOR);
        args.set("arg", spec);
        return run(op, n, Command.EVALUATE, args, optional);
    }

    /**
     * Hands the page to the person for at most {@code millis}; true when a condition held. A yield
     * the server refuses fails the run.
     */
    boolean yieldToUser(String op, int n, List<YieldCondition> conditions, long millis) {
        long started = clock.millis();
        ServerMessage.CommandResult answer = connection.yieldToUser(conditions, millis);
        trace.step(op, n, "yield_to_user", started, answer.ok() ? null : answer.error());
        if (!answer.ok()) {
            throw new WorkerConnection.StepFailure("Waiting for the login failed.", FailureReason.AUTOMATION_FAILED,
                    said(answer.error()));
        }
        return answer.result() != null && answer.result().path("matched").asBoolean(false);
    }

    /** Shows {@code status} to the person; the trace keeps what they were told. */
    void status(String op, int n, StatusLine.Status status) {
        long started = clock.millis();
        ObjectNode args = status.args();
        ServerMessage.CommandResult answer = connection.command(Command.UPDATE_STATUS, args, false);
        trace.status(op, n, started, answer.ok() ? null : answer.error(), args);
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

    private static String readExtractor() {
        try (InputStream in = DeviceCommands.class.getResourceAsStream("/automation/extractor.js")) {
            if (in == null) {
                throw new IllegalStateException("automation/extractor.js is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the device said about a failed command ({@code CODE: message}, bounded by the server), or null. */
    private static String said(JsonNode error) {
        if (error == null || !error.isObject()) {
            return null;
        }
        String code = error.path("code").asString("");
        String message = error.path("message").asString("");
        return code.isEmpty() ? message : message.isEmpty() ? code : code + ": " + message;
    }
}
