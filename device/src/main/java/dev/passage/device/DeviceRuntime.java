package dev.passage.device;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import dev.passage.protocol.ClientMessage;
import dev.passage.protocol.Role;
import dev.passage.protocol.ServerMessage;
import dev.passage.protocol.SessionSocket;
import dev.passage.protocol.SessionState;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The device side of a session: claims the link, opens Chromium, connects as the client, injects the
 * telemetry scripts, runs the worker's commands, hands the page to the person when the session
 * yields, and returns when the session ends. Playwright is single-threaded, so everything touching the
 * browser happens on the thread that calls {@link #run()}; the socket only queues what arrives.
 */
public final class DeviceRuntime {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TICK = Duration.ofMillis(50);
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
    private final BlockingQueue<ObjectNode> scriptEvents = new LinkedBlockingQueue<>();
    private volatile SessionSocket socket;
    private long lastSeq;
    private LinkClaim claim;
    private boolean interactive;
    private boolean announcedTurn;

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
            SessionSocket s = socket;
            if (s != null) {
                s.close("device done");
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
            ServerMessage message;
            try {
                message = socket.poll(TICK);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return end(new Outcome("interrupted", "CONNECTION_FAILED", "Interrupted."));
            }
            try {
                if (message != null) {
                    Outcome ended = handle(message, context, commands);
                    if (ended != null) {
                        flush(telemetry);
                        returnToIntegrator(page);
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
            if (socket.isClosed() && !socket.hasMessages() && !reconnect()) {
                return end(new Outcome("disconnected", "CONNECTION_FAILED", "Lost the connection to the server."));
            }
        }
        return end(new Outcome("timeout", "CLIENT_TIMEOUT", "Gave up after " + options.maxDuration().toSeconds() + " s."));
    }

    /** Handles one server message; returns the outcome when it ends the session. */
    private Outcome handle(ServerMessage message, BrowserContext context, PageCommands commands) {
        if (message instanceof ServerMessage.Stored stored && stored.seq() > 0) {
            if (stored.seq() <= lastSeq) {
                return null; // already handled before a reconnect
            }
            lastSeq = stored.seq();
        }
        switch (message) {
            case ServerMessage.Hello hello -> {
                if (hello.scripts() != null) {
                    hello.scripts().forEach(script -> context.addInitScript(script.source()));
                }
                interactive = Boolean.TRUE.equals(hello.interactive());
                if (hello.ended()) {
                    return outcome(hello.state(), hello.error());
                }
            }
            case ServerMessage.Replay replay -> {
                for (ServerMessage replayed : replay.messages()) {
                    Outcome ended = handle(replayed, context, commands);
                    if (ended != null) {
                        return ended;
                    }
                }
            }
            case ServerMessage.RunCommand command when command.redacted() -> {
                // The stored copy of a command whose secret value was never kept: the worker sends it again.
            }
            case ServerMessage.RunCommand command -> {
                // The worker may hand the page back and forth while it waits (checking for a login
                // error between short yields); tell the person only when it really moves on.
                if (announcedTurn && command.command().movesPage()) {
                    announcedTurn = false;
                    out.println("Thanks: the automation continues.");
                }
                respond(command, commands);
            }
            case ServerMessage.SetInteractive set -> {
                interactive = set.interactive();
                if (interactive && !announcedTurn) {
                    announcedTurn = true;
                    out.println("Your turn: log in in the browser window.");
                }
            }
            case ServerMessage.SessionEnd end -> {
                return outcome(end.state(), end.error());
            }
            default -> {
                // server.ack and anything newer: nothing to do.
            }
        }
        return null;
    }

    private void respond(ServerMessage.RunCommand command, PageCommands commands) {
        try {
            send(ClientMessage.CommandResponse.success(command.id(), commands.run(command.command(), command.args())));
        } catch (CommandFailure failure) {
            send(ClientMessage.CommandResponse.failure(command.id(), failure.code(), failure.getMessage()));
        }
    }

    private void flush(Telemetry telemetry) {
        List<JsonNode> events = new ArrayList<>(telemetry.drain());
        scriptEvents.drainTo(events);
        if (!events.isEmpty()) {
            send(new ClientMessage.Events(events));
        }
    }

    /**
     * Sends the person where the integrator asked ({@code returnUrl}): a web page opens in the browser;
     * an app's own scheme is printed, since only the operating system can open it.
     */
    private void returnToIntegrator(Page page) {
        String url = claim.returnUrl();
        if (url == null) {
            return;
        }
        if (url.startsWith("https://") || url.startsWith("http://")) {
            try {
                page.navigate(url, new Page.NavigateOptions().setTimeout(10_000));
                out.println("Back to " + url);
            } catch (PlaywrightException e) {
                out.println("Could not open " + url + ": " + Chromium.firstLine(e.getMessage()));
            }
        } else {
            out.println("Return to the app: " + url);
        }
    }

    private static Outcome outcome(SessionState state, dev.passage.protocol.ErrorBody error) {
        return new Outcome(state.wire(), error == null ? null : error.code(), error == null ? null : error.message());
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
                connect(claim);
                out.println("Reconnected to the session.");
                return true;
            } catch (RuntimeException e) {
                // Not back yet: try again.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private void connect(LinkClaim claim) {
        socket = SessionSocket.connect(http, claim.websocketUrl(), Role.CLIENT, claim.clientToken(), Duration.ofSeconds(10));
        send(new ClientMessage.Hello(lastSeq));
    }

    private void send(Object message) {
        socket.send(message);
    }
}
