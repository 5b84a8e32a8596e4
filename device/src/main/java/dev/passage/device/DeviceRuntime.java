package dev.passage.device;

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
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The device side of a session: checks what it was given, says what the link is for, claims it,
 * opens Chromium, connects as the client, injects the telemetry scripts, runs the worker's commands on
 * the integration's origins only, hands the page to the person when the session yields, and returns
 * when the session ends. Playwright is single-threaded, so everything touching the browser happens on
 * the thread that calls {@link #run()}; the socket only queues what arrives.
 */
public final class DeviceRuntime {
    private static final Duration TICK = Duration.ofMillis(50);
    /** How long a dropped socket is tried again: the server's default reconnect grace. */
    private static final Duration RECONNECT_FOR = Duration.ofSeconds(30);
    /** A quiet socket is pinged this often, and one whose ping goes unanswered this long is given up and reconnected. */
    private static final Duration KEEP_ALIVE_EVERY = Duration.ofSeconds(3);
    private static final Duration DEAD_AFTER = Duration.ofSeconds(5);
    /** How long the end stays on screen before the page goes to the link's returnUrl. */
    private static final Duration RETURN_AFTER = Duration.ofMillis(1500);

    /** What to run: the link, how the browser looks, and an optional sandbox user to type in. */
    public record Options(String codeOrUrl, URI defaultServer, boolean headless, Optional<String> sandboxUser,
                          Optional<Path> chromium, Duration maxDuration) {}

    /** How the session ended, and the line printed for the person. */
    public record Outcome(String state, String errorCode, String message) {
        public boolean complete() {
            return "complete".equals(state);
        }
    }

    /** The socket closed before the answer to a command went out: the replay after the reconnect brings it again. */
    private static final class Dropped extends RuntimeException {
        Dropped() {
            super(null, null, false, false);
        }
    }

    private final Options options;
    private final PrintStream out;
    private final Clock clock = Clock.systemUTC();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private volatile SessionSocket socket;
    private long lastSeq;
    private LinkClaim claim;
    private LinkInfo info;
    private List<String> allowedOrigins = List.of();
    private boolean interactive;
    private boolean scriptsAdded;
    private StatusOverlay overlay;

    public DeviceRuntime(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /**
     * Runs the whole session; the outcome says how it ended. What the runtime can check by itself (the
     * link's code, the sandbox user, a display, Chromium) is checked before the claim, so a refused
     * invocation throws a {@link DeviceException} and leaves the link claimable.
     */
    public Outcome run() {
        LinkClaim.Target target = LinkClaim.Target.parse(options.codeOrUrl(), options.defaultServer());
        Optional<SandboxAutofill> autofill = options.sandboxUser().map(name -> new SandboxAutofill(SandboxUsers.find(name)
                .orElseThrow(() -> new DeviceException("There is no sandbox user '" + name + "'; use one of "
                        + String.join(", ", SandboxUsers.names()) + "."))));
        Chromium.noDisplay(options.headless()).ifPresent(problem -> {
            throw new DeviceException(problem);
        });
        info = LinkInfo.fetch(http, target);
        try (Chromium chromium = Chromium.launch(options.headless(), options.chromium())) {
            Page page = chromium.browser().newContext().newPage();
            overlay = new StatusOverlay(page, clock, info.json());
            describe(target, overlay.consent());
            claim = LinkClaim.claim(http, target);
            out.println("Claimed " + claim.linkId() + "; session " + claim.sessionId() + ".");
            Telemetry telemetry = new Telemetry(page, clock, () -> allowedOrigins);
            PageCommands commands = new PageCommands(page, () -> allowedOrigins, overlay::status);
            page.onFrameNavigated(frame -> {
                if (frame.parentFrame() == null) {
                    overlay.pageChanged();
                }
            });
            page.onDOMContentLoaded(p -> overlay.pageChanged());
            try {
                connect(claim);
            } catch (RuntimeException e) {
                if (refused(e)) { // the session ended between the claim and this socket (a worker that failed at once)
                    return end(new Outcome("ended", null, "The session ended before this device joined it."), page);
                }
                throw e;
            }
            return loop(page, telemetry, commands, autofill);
        } finally {
            SessionSocket s = socket;
            if (s != null) {
                s.close("device done");
            }
        }
    }

    /** Says, before anything is claimed, which server the link is on, who asked, and what it will do. */
    private void describe(LinkClaim.Target target, JsonNode consent) {
        out.println("Passage server: " + target.server());
        out.println(consent.path("sentence").asString(info.organization() + " wants to use your " + info.integration()
                + " account") + (info.linkId().isEmpty() ? "." : " (link " + info.linkId() + ")."));
        for (JsonNode op : info.json().path("operations")) {
            String description = op.path("description").asString("");
            out.println("  " + op.path("resource").asString("") + "." + op.path("action").asString("")
                    + (description.isEmpty() ? "" : ": " + description));
        }
        if (consent.path("writes").asBoolean(false)) {
            out.println("This changes your " + info.integration() + " account: " + info.organization()
                    + " gave Passage the details to enter, and Passage types them into " + info.integration() + "'s own form.");
        }
        out.println("You log in to " + info.integration() + " yourself, in Chromium; your password stays on this machine.");
    }

    private Outcome loop(Page page, Telemetry telemetry, PageCommands commands, Optional<SandboxAutofill> autofill) {
        long deadline = System.nanoTime() + options.maxDuration().toNanos();
        while (System.nanoTime() < deadline) {
            if (page.isClosed()) {
                return end(new Outcome("closed", "CONNECTION_FAILED", "The browser window was closed."), page);
            }
            ServerMessage message;
            try {
                message = socket.poll(TICK);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return end(new Outcome("interrupted", "CONNECTION_FAILED", "Interrupted."), page);
            }
            try {
                if (message != null) {
                    Outcome ended = handle(message, telemetry, commands);
                    if (ended != null) {
                        flush(telemetry);
                        Outcome result = end(ended, page);
                        returnToIntegrator(page);
                        return result;
                    }
                } else {
                    page.waitForTimeout(1); // lets Playwright deliver the page's events while nothing else happens
                }
                overlay.render();
                if (interactive && autofill.isPresent()) {
                    autofill.get().tryFill(page);
                }
                flush(telemetry);
            } catch (Dropped dropped) {
                // Reconnected below; the unanswered command comes again in the replay.
            } catch (PlaywrightException e) {
                if (page.isClosed()) {
                    return end(new Outcome("closed", "CONNECTION_FAILED", "The browser window was closed."), page);
                }
                throw e;
            }
            socket.keepAlive(KEEP_ALIVE_EVERY, DEAD_AFTER);
            if (socket.isClosed() && !socket.hasMessages() && !reconnect()) {
                return end(new Outcome("disconnected", "CONNECTION_FAILED", "Lost the connection to the server."), page);
            }
        }
        return end(new Outcome("timeout", "CLIENT_TIMEOUT", "Gave up after " + options.maxDuration().toSeconds() + " s."), page);
    }

    /**
     * Handles one server message; returns the outcome when it ends the session. A stored message counts
     * as seen ({@code lastSeq}) once it has been handled, so a command whose answer could not be sent
     * is run again from the replay.
     */
    private Outcome handle(ServerMessage message, Telemetry telemetry, PageCommands commands) {
        long seq = message instanceof ServerMessage.Stored stored ? stored.seq() : 0;
        if (seq > 0 && seq <= lastSeq) {
            return null; // already handled before a reconnect
        }
        Outcome ended = null;
        switch (message) {
            case ServerMessage.Hello hello -> {
                if (hello.scripts() != null && !scriptsAdded) {
                    hello.scripts().forEach(script -> telemetry.addScript(script.source()));
                    scriptsAdded = true;
                }
                allowedOrigins = Origins.normalise(hello.allowedOrigins());
                interactive = Boolean.TRUE.equals(hello.interactive());
                overlay.running();
                if (hello.ended()) {
                    ended = outcome(hello.state(), hello.error());
                }
            }
            case ServerMessage.Replay replay -> {
                for (ServerMessage replayed : replay.messages()) {
                    ended = handle(replayed, telemetry, commands);
                    if (ended != null) {
                        break;
                    }
                }
            }
            case ServerMessage.RunCommand command when command.redacted() -> {
                // The stored copy of a command whose secret value was never kept (a replay after a
                // reconnect): never run it, or "[redacted]" would be typed. The worker sends it again.
            }
            case ServerMessage.RunCommand command -> {
                // The worker may hand the page back and forth while it waits (checking for a login
                // error between short yields); tell the person only when it really moves on.
                if (overlay.command(command.command())) {
                    out.println("Thanks: the automation continues.");
                }
                overlay.render();
                respond(command, commands);
            }
            case ServerMessage.SetInteractive set -> {
                interactive = set.interactive();
                if (interactive && overlay.personsTurn()) {
                    out.println("Your turn: log in to " + info.integration() + " in the browser window.");
                }
            }
            case ServerMessage.SessionEnd end -> ended = outcome(end.state(), end.error());
            default -> {
                // server.ack and anything newer: nothing to do.
            }
        }
        if (seq > lastSeq) {
            lastSeq = seq;
        }
        return ended;
    }

    private void respond(ServerMessage.RunCommand command, PageCommands commands) {
        ClientMessage.CommandResponse response;
        try {
            response = ClientMessage.CommandResponse.success(command.id(), commands.run(command.command(), command.args()));
        } catch (CommandFailure failure) {
            response = ClientMessage.CommandResponse.failure(command.id(), failure.code(), failure.getMessage());
        }
        if (!send(response)) {
            throw new Dropped();
        }
    }

    /** Sends what the page reported, in frames the server takes ({@link TelemetryBatches}). */
    private void flush(Telemetry telemetry) {
        List<JsonNode> events = telemetry.drain();
        if (events.isEmpty()) {
            return;
        }
        for (List<JsonNode> batch : TelemetryBatches.split(events)) {
            send(new ClientMessage.Events(batch));
        }
    }

    /**
     * Sends the person where the integrator asked ({@code returnUrl}): a web page opens in the browser;
     * an app's own scheme is printed, since only the operating system can open it.
     */
    private void returnToIntegrator(Page page) {
        String url = claim.returnUrl();
        if (url == null || page.isClosed()) {
            return;
        }
        if (url.startsWith("https://") || url.startsWith("http://")) {
            try {
                page.waitForTimeout(RETURN_AFTER.toMillis()); // long enough to read that it is done, as the extension does
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

    /** Prints how it ended, and shows it on the page. */
    private Outcome end(Outcome outcome, Page page) {
        out.println(switch (outcome.state()) {
            case "complete" -> "Session complete: the link is complete.";
            case "failed", "expired" -> "Session " + outcome.state() + ": " + outcome.errorCode() + " " + outcome.message();
            default -> "Session not finished: " + outcome.message();
        });
        if (!page.isClosed()) {
            overlay.ended(outcome.state(), outcome.message());
            overlay.render();
        }
        return outcome;
    }

    /**
     * After a dropped socket, reconnects with the same token for as long as the server waits for a
     * client that went away; the server replays what was missed. A refused upgrade (the session is
     * over, the token no longer opens it) ends the attempts at once.
     */
    private boolean reconnect() {
        long until = System.nanoTime() + RECONNECT_FOR.toNanos();
        for (int attempt = 1; System.nanoTime() < until; attempt++) {
            try {
                Thread.sleep(Math.min(5_000L, attempt * 500L));
                connect(claim);
                out.println("Reconnected to the session.");
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (RuntimeException e) {
                if (refused(e)) {
                    return false;
                }
                // Not back yet: try again.
            }
        }
        return false;
    }

    private static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof WebSocketHandshakeException h && h.getResponse().statusCode() / 100 == 4) {
                return true;
            }
        }
        return false;
    }

    private void connect(LinkClaim claim) {
        socket = SessionSocket.connect(http, claim.websocketUrl(), Role.CLIENT, claim.clientToken(), Duration.ofSeconds(10));
        send(new ClientMessage.Hello(lastSeq));
    }

    /** Sends one message; false when the socket is closed or broke while sending (the loop then reconnects). */
    private boolean send(Object message) {
        try {
            return socket.send(message);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
