package dev.passage.server.automation;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.passage.protocol.Command;
import dev.passage.protocol.ServerMessage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The trace of a debug link's session: each step, its timing, its error, what the person was told
 * (the status of an updateStatus step: the worker's own words, never arguments), and a screenshot of
 * the page after it (never arguments or typed values, and no screenshot once a secret argument may be
 * on the page). A session that is not a debug one records nothing.
 */
class TraceRecorder {
    /** One recorded step. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Step(String operation, int step, String command, long startedAt, long durationMs, JsonNode error,
                JsonNode status, String screenshot, String screenshotOmitted) {}

    /** Records nothing. */
    static final TraceRecorder NONE = new TraceRecorder(null, null) {
        @Override
        void record(String operation, int n, String command, long startedAt, JsonNode error, JsonNode status) {}
    };

    private final WorkerConnection connection;
    private final Clock clock;
    private final List<Step> steps = new ArrayList<>();
    private boolean secretsOnPage;

    TraceRecorder(WorkerConnection connection, Clock clock) {
        this.connection = connection;
        this.clock = clock;
    }

    /** From now on the page may show a secret argument (a typed card number): no more screenshots. */
    void secretsOnPage() {
        secretsOnPage = true;
    }

    /** The step just done: its timing, its error (null when it succeeded), and a screenshot after it. */
    void step(String operation, int n, String command, long startedAt, JsonNode error) {
        record(operation, n, command, startedAt, error, null);
    }

    /** An updateStatus just sent: what the person was told ({heading, subheading, progress}), as a step. */
    void status(String operation, int n, long startedAt, JsonNode error, JsonNode status) {
        record(operation, n, Command.UPDATE_STATUS.wire(), startedAt, error, status);
    }

    void record(String operation, int n, String command, long startedAt, JsonNode error, JsonNode status) {
        long duration = clock.millis() - startedAt;
        if (secretsOnPage) {
            steps.add(new Step(operation, n, command, startedAt, duration, error, status, null,
                    "the page may show secret arguments (card number, cvv)"));
            return;
        }
        ServerMessage.CommandResult shot = connection.command(Command.SCREENSHOT, JsonNodeFactory.instance.objectNode());
        String data = shot.ok() && shot.result() != null ? shot.result().path("data").asString("") : null;
        steps.add(new Step(operation, n, command, startedAt, duration, error, status, data, null));
    }

    List<Step> steps() {
        return List.copyOf(steps);
    }

    boolean records() {
        return this != NONE;
    }
}
