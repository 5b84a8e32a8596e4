package dev.passage.device;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import dev.passage.protocol.Command;
import java.time.Clock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The panel at the bottom of the automation's page that tells the person what is happening: the
 * automation at work (the worker's updateStatus heading, subheading and progress), their turn to log
 * in, and how it ended. It keeps the session as the extension keeps it ({@code lib/session.js}) and
 * draws it with the extension's own overlay and words ({@link SharedUi}), so both runtimes look and
 * read the same. It never blocks the page: pointer events pass through it.
 */
public final class StatusOverlay {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Clock clock;
    private final SharedUi ui;
    private final ObjectNode state = NODES.objectNode();
    private boolean dirty = true;

    /** An overlay for {@code page}; {@code info} is what GET /link/info said about the link (organization, integration, operations). */
    public StatusOverlay(Page page, Clock clock, JsonNode info) {
        this.clock = clock;
        this.ui = new SharedUi(page);
        state.put("phase", "connecting").put("turn", false).put("commandsRun", 0);
        state.set("info", publicInfo(info));
    }

    /** The session said hello: it runs. */
    public void running() {
        change("phase", "running");
    }

    /** The session hands the page to the person; true when their turn begins now (not already theirs). */
    public boolean personsTurn() {
        if (state.path("turn").asBoolean()) {
            return false;
        }
        state.put("turn", true).put("turnSince", clock.millis());
        dirty = true;
        return true;
    }

    /**
     * The automation runs {@code command}. Looking at the page leaves the person's turn as it is; a
     * command that moves the page on ends it. True when it ended the person's turn.
     */
    public boolean command(Command command) {
        boolean endsTurn = command.movesPage() && state.path("turn").asBoolean();
        if (endsTurn) {
            state.put("turn", false);
        }
        int run = state.path("commandsRun").asInt() + 1;
        state.put("commandsRun", run);
        if (run == 1 || command.movesPage()) {
            dirty = true;
        }
        return endsTurn;
    }

    /** The worker's updateStatus: {@code heading}, {@code subheading} and {@code progress} (0 to 1, or none). */
    public void status(JsonNode args) {
        ObjectNode status = NODES.objectNode();
        status.put("heading", args.path("heading").asString(""));
        status.put("subheading", args.path("subheading").asString(""));
        if (args.path("progress").isNumber()) {
            status.put("progress", args.get("progress").asDouble());
        }
        status.put("at", clock.millis());
        state.set("status", status);
        dirty = true;
    }

    /** The session ended in {@code sessionState} (complete, failed, expired, …), with the error's message or null. */
    public void ended(String sessionState, String message) {
        ObjectNode outcome = NODES.objectNode().put("state", sessionState);
        if (message != null) {
            outcome.set("error", NODES.objectNode().put("message", message));
        }
        state.put("phase", "ended").put("turn", false);
        state.set("outcome", outcome);
        dirty = true;
    }

    /** A new document is in the page: it has no overlay until drawn again. */
    public void pageChanged() {
        dirty = true;
    }

    /** Draws the overlay if anything changed since it was last drawn; a page between two documents gets it on its next load. */
    public void render() {
        if (!dirty) {
            return;
        }
        try {
            ui.render(state);
            dirty = false;
        } catch (PlaywrightException | IllegalStateException e) {
            // Between two documents: the next load draws it.
        }
    }

    /** What the overlay shows now: {@code {mode, label, heading, subheading, progress}} (progress in percent), or null. */
    public JsonNode shown() {
        return ui.shown();
    }

    /** The consent sentence and whether the link changes the account, in the extension's words. */
    JsonNode consent() {
        return ui.consent(state.get("info"));
    }

    private void change(String field, String value) {
        if (!value.equals(state.path(field).asString(null))) {
            state.put(field, value);
            dirty = true;
        }
    }

    /** Only what the person is shown: no code, no token, no arguments. */
    private static ObjectNode publicInfo(JsonNode info) {
        ObjectNode out = NODES.objectNode();
        if (info == null) {
            return out;
        }
        for (String field : new String[] {"linkId", "organization", "integration", "purpose"}) {
            if (info.has(field)) {
                out.set(field, info.get(field).deepCopy());
            }
        }
        var operations = out.putArray("operations");
        info.path("operations").forEach(op -> {
            var kept = operations.addObject().put("resource", op.path("resource").asString(""))
                    .put("action", op.path("action").asString(""));
            if (op.path("phrase").isString()) {
                kept.put("phrase", op.path("phrase").asString());
            }
        });
        return out;
    }
}
