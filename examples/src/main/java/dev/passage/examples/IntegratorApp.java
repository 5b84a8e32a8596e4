package dev.passage.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.passage.sdk.PassageClient;
import dev.passage.sdk.errors.PassageException;
import dev.passage.sdk.errors.WebhookVerificationException;
import dev.passage.sdk.model.CreatedLink;
import dev.passage.sdk.model.Link;
import dev.passage.sdk.model.Provider;
import dev.passage.sdk.params.LinkCreateParams;
import dev.passage.sdk.webhooks.WebhookEvent;
import dev.passage.sdk.webhooks.WebhookVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * An integrator's web app, as small as it can be: its backend creates a link with the Java SDK, its
 * page opens the web SDK's modal with the link's claim code, and Passage's signed webhook, verified
 * with the SDK's {@link WebhookVerifier}, brings the result, which the page then shows.
 *
 * <p>Run it beside {@code ./passage serve} with {@code ./run-example}.
 */
public final class IntegratorApp implements AutoCloseable {
    /** What the app remembers of a link it made: the claim code for its page, and the verified webhook once it came. */
    record Linked(String linkId, String claimCode, String what, WebhookEvent webhook) {}

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final Settings settings;
    private final PassageClient passage;
    private final WebhookVerifier verifier;
    private final Map<String, Linked> links = new ConcurrentHashMap<>();
    private final HttpServer http;

    private IntegratorApp(Settings settings, java.time.Clock clock) throws IOException {
        this.settings = settings;
        this.passage = PassageClient.builder().apiKey(settings.apiKey()).baseUrl(settings.passageUrl()).build();
        // One verifier for the app: it caches the public keys by kid and checks iat against this clock.
        this.verifier = WebhookVerifier.builder().client(passage).clock(clock).build();
        this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", settings.port()), 0);
        http.setExecutor(Executors.newCachedThreadPool());
        http.createContext("/", this::route);
    }

    /** Starts the app on its port. */
    public static IntegratorApp start(Settings settings) throws IOException {
        return start(settings, java.time.Clock.systemUTC());
    }

    /** Starts the app with the clock its webhook checks read (tests share the server's). */
    static IntegratorApp start(Settings settings, java.time.Clock clock) throws IOException {
        IntegratorApp app = new IntegratorApp(settings, clock);
        app.http.start();
        return app;
    }

    public static void main(String[] args) throws IOException {
        Settings settings;
        try {
            settings = Settings.fromEnv(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("example: " + e.getMessage());
            System.exit(2);
            return;
        }
        start(settings);
        System.out.println("Example integrator app: open " + settings.publicUrl() + "/ in a browser.");
        System.out.println("It creates links on " + settings.passageUrl() + " and takes their webhooks at "
                + settings.publicUrl() + "/webhooks/passage. Ctrl-C stops it.");
    }

    public int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
    }

    private void route(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (method.equals("GET") && path.equals("/")) {
                html(ex, 200, Pages.home(providers(), List.copyOf(links.values())));
            } else if (method.equals("POST") && path.equals("/links")) {
                createLink(ex);
            } else if (method.equals("GET") && path.matches("/links/link_[0-9a-f-]{36}")) {
                Linked linked = links.get(path.substring("/links/".length()));
                if (linked == null) {
                    html(ex, 404, Pages.message("Not found", "This app made no such link."));
                } else {
                    html(ex, 200, Pages.link(linked, settings.passageUrl().toString()));
                }
            } else if (method.equals("GET") && path.matches("/links/link_[0-9a-f-]{36}/result")) {
                result(ex, path.substring("/links/".length(), path.length() - "/result".length()));
            } else if (method.equals("POST") && path.equals("/webhooks/passage")) {
                webhook(ex);
            } else if (method.equals("GET") && path.equals("/app.js")) {
                send(ex, 200, "text/javascript; charset=utf-8", resource("example/app.js"));
            } else {
                html(ex, 404, Pages.message("Not found", "There is no such page."));
            }
        } catch (PassageException e) {
            // The SDK's exceptions carry status, message and request id: enough to show and to look up.
            html(ex, 502, Pages.message("Passage said no", e.getMessage()));
        }
    }

    /** The operations this app offers: every read (their arguments are all optional). */
    private List<Pages.Choice> providers() {
        List<Pages.Choice> choices = new ArrayList<>();
        for (Provider p : passage.providers().list()) {
            for (Provider.Resource r : p.resources()) {
                if (r.operation("read").isPresent()) {
                    choices.add(new Pages.Choice(p.id() + ":" + r.name(), p.name() + ": " + Pages.words(r.name())));
                }
            }
        }
        return choices;
    }

    private void createLink(HttpExchange ex) throws IOException {
        Map<String, String> form = form(ex);
        String[] choice = form.getOrDefault("operation", "").split(":", 2);
        if (choice.length != 2) {
            html(ex, 400, Pages.message("Choose an account", "Pick what to link first."));
            return;
        }
        CreatedLink created = passage.links().create(LinkCreateParams.builder()
                .integrationId(choice[0])
                .operation(choice[1], "read")
                .externalUserId("demo-user")
                .webhookUrl(settings.publicUrl() + "/webhooks/passage")
                .build());
        String what = providers().stream().filter(c -> c.value().equals(form.get("operation"))).map(Pages.Choice::label)
                .findFirst().orElse(form.get("operation"));
        links.put(created.linkId(), new Linked(created.linkId(), created.claimCode(), what, null));
        ex.getResponseHeaders().add("Location", "/links/" + created.linkId());
        ex.sendResponseHeaders(303, -1);
    }

    /** What the page polls after the modal says complete: the verified webhook when it came, and the link as polled. */
    private void result(HttpExchange ex, String linkId) throws IOException {
        Linked linked = links.get(linkId);
        if (linked == null) {
            send(ex, 404, "application/json", "{\"error\":\"no such link\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        Link polled = passage.links().get(linkId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", polled.status().wire());
        body.put("webhookVerified", linked.webhook() != null);
        body.put("webhook", linked.webhook() == null ? null : linked.webhook().json());
        body.put("polled", polled.json());
        send(ex, 200, "application/json", JSON.writeValueAsBytes(body));
    }

    /** Passage's webhook: the exact body bytes and headers go to the verifier; anything it refuses gets 400. */
    private void webhook(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        WebhookEvent event;
        try {
            event = verifier.verify(body, name -> ex.getRequestHeaders().getFirst(name));
        } catch (WebhookVerificationException e) {
            System.err.println("example: refused a webhook: " + e.getMessage());
            send(ex, 400, "text/plain", "signature refused".getBytes(StandardCharsets.UTF_8));
            return;
        }
        links.computeIfPresent(event.linkId(), (id, l) -> new Linked(l.linkId(), l.claimCode(), l.what(), event));
        ex.sendResponseHeaders(204, -1);
    }

    /** What this app made, by link id (for its tests). */
    Optional<Linked> linked(String linkId) {
        return Optional.ofNullable(links.get(linkId));
    }

    private static Map<String, String> form(HttpExchange ex) throws IOException {
        String raw = new String(ex.getRequestBody().readNBytes(16 * 1024), StandardCharsets.UTF_8);
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void html(HttpExchange ex, int status, String page) throws IOException {
        send(ex, status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        ex.getResponseBody().write(body);
    }

    private static byte[] resource(String name) {
        try (InputStream in = IntegratorApp.class.getClassLoader().getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
