package dev.passage.device;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The device side of a session: claims the link, opens Chromium, connects as the client, injects the
 * telemetry scripts, runs the worker's commands, hands the page to the person when the session
 * yields, and returns when the session ends. Playwright is single-threaded, so everything touching the
 * browser happens on the thread that calls {@link #run()}; the socket only queues what arrives.
 */
public final class DeviceRuntime {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long TICK_MILLIS = 50;
    private static final int RECONNECT_ATTEMPTS = 3;

    /** What to run: the link, how the browser looks, and an optional sandbox user to type in. */
    public record Options(String codeOrUrl, URI defaultServer, boolean headless, Optional<String> sandboxUser,
                          Optional<Path> chromium, Duration maxDuration) {}

    /** How the session ended, and the line printed for the person. */
    public record Outcome(String state, String errorCode, String message) {
        public boolean complete() {
            return "complete".equals(state);
        }
    }

    private final Options options;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final BlockingQueue<ObjectNode> scriptEvents = new LinkedBlockingQueue<>();
    private volatile WebSocket socket;
    private volatile boolean socketClosed;
    private long lastSeq;
    private LinkClaim claim;
    private boolean interactive;
    private boolean announcedTurn;
    /** Commands that mean the automation has taken over the page, not merely looked at it. */
    private static final java.util.Set<String> MOVES_ON = java.util.Set.of("navigate", "click", "fill", "select", "press",
            "goBack", "reload");

    public DeviceRuntime(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Runs the whole session; the outcome says how it ended. */
    public Outcome run() {
        LinkClaim.Target target = LinkClaim.Target.parse(options.codeOrUrl(), options.defaultServer());
        claim = LinkClaim.claim(http, target);
        out.println("Claimed " + claim.linkId() + "; session " + claim.sessionId() + ".");
        Optional<SandboxAutofill> autofill = options.sandboxUser().map(name -> new SandboxAutofill(SandboxUsers.find(name)
                .orElseThrow(() -> new DeviceException("Unknown sandbox user '" + name + "'; known: " + SandboxUsers.names()))));
        try (Chromium chromium = Chromium.launch(options.headless(), options.chromium())) {
            BrowserContext context = chromium.browser().newContext();
            context.exposeBinding("__passageEmit", (source, args) -> {
                if (args.length > 0 && args[0] != null) {
                    try {
                        JsonNode event = JSON.readTree(args[0].toString());
                        if (event instanceof ObjectNode object && event.path("type").isString()) {
                            scriptEvents.add(object);
                        }
                    } catch (RuntimeException ignored) {
                        // A page cannot break the runtime with a bad event; it is dropped.
                    }
                }
                return null;
            });
            context.addInitScript("window.__passage = window.__passage || "
                    + "{ emit: (e) => { try { window.__passageEmit(JSON.stringify(e)); } catch (_) {} } };");
            Page page = context.newPage();
            Telemetry telemetry = new Telemetry(page, Clock.systemUTC());
            PageCommands commands = new PageCommands(page);
            connect(claim);
            return loop(context, page, telemetry, commands, autofill);
        } finally {
            WebSocket ws = socket;
            if (ws != null && !ws.isOutputClosed()) {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "device done");
            }
        }
    }

    private Outcome loop(BrowserContext context, Page page, Telemetry telemetry, PageCommands commands,
                         Optional<SandboxAutofill> autofill) {
        long deadline = System.nanoTime() + options.maxDuration().toNanos();
        while (System.nanoTime() < deadline) {
            if (page.isClosed()) {
                return end(new Outcome("closed", "CONNECTION_FAILED", "The browser window was closed."));
            }
            JsonNode message;
            try {
                message = inbox.poll(TICK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return end(new Outcome("interrupted", "CONNECTION_FAILED", "Interrupted."));
            }
            try {
                if (message != null) {
                    Outcome ended = handle(message, context, commands);
                    if (ended != null) {
                        flush(telemetry);
                        return end(ended);
                    }
                } else {
                    page.waitForTimeout(1); // lets Playwright deliver the page's events while nothing else happens
                }
                if (interactive && autofill.isPresent()) {
                    autofill.get().tryFill(page);
                }
                flush(telemetry);
            } catch (PlaywrightException e) {
                if (page.isClosed()) {
                    return end(new Outcome("closed", "CONNECTION_FAILED", "The browser window was closed."));
                }
                throw e;
            }
            if (socketClosed && inbox.isEmpty() && !reconnect()) {
                return end(new Outcome("disconnected", "CONNECTION_FAILED", "Lost the connection to the server."));
            }
        }
        return end(new Outcome("timeout", "CLIENT_TIMEOUT", "Gave up after " + options.maxDuration().toSeconds() + " s."));
    }

    /** Handles one server message; returns the outcome when it ends the session. */
    private Outcome handle(JsonNode message, BrowserContext context, PageCommands commands) {
        String type = message.path("type").asString("");
        long seq = message.path("seq").asLong(0);
        if (seq > 0) {
            if (seq <= lastSeq) {
                return null; // already handled before a reconnect
            }
            lastSeq = seq;
        }
        switch (type) {
            case "server.hello" -> {
                for (JsonNode script : message.path("scripts")) {
                    context.addInitScript(script.path("source").asString(""));
                }
                interactive = message.path("interactive").asBoolean(false);
                String state = message.path("state").asString("");
                if (state.equals("complete") || state.equals("failed") || state.equals("expired")) {
                    return outcome(message);
                }
            }
            case "server.replay" -> {
                for (JsonNode replayed : message.path("messages")) {
                    Outcome ended = handle(replayed, context, commands);
                    if (ended != null) {
                        return ended;
                    }
                }
            }
            case "server.command" -> {
                // The worker may hand the page back and forth while it waits (checking for a login
                // error between short yields); tell the person only when it really moves on.
                if (announcedTurn && MOVES_ON.contains(message.path("command").asString(""))) {
                    announcedTurn = false;
                    out.println("Thanks: the automation continues.");
                }
                respond(message, commands);
            }
            case "server.set_interactive" -> {
                interactive = message.path("interactive").asBoolean(false);
                if (interactive && !announcedTurn) {
                    announcedTurn = true;
                    out.println("Your turn: log in in the browser window.");
                }
            }
            case "server.session_end" -> {
                return outcome(message);
            }
            default -> {
                // server.ack and anything newer: nothing to do.
            }
        }
        return null;
    }

    private void respond(JsonNode message, PageCommands commands) {
        ObjectNode response = JSON.createObjectNode();
        response.put("type", "client.command_response");
        response.set("id", message.get("id"));
        try {
            JsonNode result = commands.run(message.path("command").asString(""), message.get("args"));
            response.put("ok", true);
            response.set("result", result);
        } catch (CommandFailure failure) {
            response.put("ok", false);
            response.putObject("error").put("code", failure.code()).put("message", failure.getMessage());
        }
        send(response);
    }

    private void flush(Telemetry telemetry) {
        List<ObjectNode> events = new ArrayList<>(telemetry.drain());
        scriptEvents.drainTo(events);
        if (events.isEmpty()) {
            return;
        }
        ObjectNode batch = JSON.createObjectNode();
        batch.put("type", "client.events");
        ArrayNode list = batch.putArray("events");
        events.forEach(list::add);
        send(batch);
    }

    private static Outcome outcome(JsonNode message) {
        JsonNode error = message.path("error");
        return new Outcome(message.path("state").asString(""), error.path("code").asString(null), error.path("message").asString(null));
    }

    private Outcome end(Outcome outcome) {
        out.println(switch (outcome.state()) {
            case "complete" -> "Session complete: the link is complete.";
            case "failed", "expired" -> "Session " + outcome.state() + ": " + outcome.errorCode() + " " + outcome.message();
            default -> "Session not finished: " + outcome.message();
        });
        return outcome;
    }

    /** After a dropped socket, reconnects with the same token; the server replays what was missed. */
    private boolean reconnect() {
        for (int attempt = 1; attempt <= RECONNECT_ATTEMPTS; attempt++) {
            try {
                Thread.sleep(attempt * 500L);
                socketClosed = false;
                connect(claim);
                out.println("Reconnected to the session.");
                return true;
            } catch (RuntimeException e) {
                socketClosed = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private void connect(LinkClaim claim) {
        URI uri = URI.create(claim.websocketUrl() + "?role=client&token="
                + URLEncoder.encode(claim.clientToken(), StandardCharsets.UTF_8));
        socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new JsonMessages(inbox, () -> socketClosed = true)).join();
        ObjectNode hello = JSON.createObjectNode().put("type", "client.hello").put("lastSeq", lastSeq);
        send(hello);
    }

    private synchronized void send(ObjectNode message) {
        WebSocket ws = socket;
        if (ws == null || ws.isOutputClosed()) {
            return;
        }
        ws.sendText(message.toString(), true).join();
    }
}
