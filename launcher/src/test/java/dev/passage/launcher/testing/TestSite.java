package dev.passage.launcher.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * A small local website on a free loopback port for the device runtimes' tests: each path's page from
 * a function ("JSON…" for a JSON answer, "CSP…" for a page behind a strict policy), and a sign-in form
 * posting to {@code /session} that lets {@code user_good} / {@code pass_good} through to {@code /account}.
 */
public final class TestSite implements AutoCloseable {
    /** A frame's script that tries, again and again, to report a login that did not happen. */
    public static final String FORGER = """
            <script>
            window.forged = 0;
            setInterval(() => {
              const events = [{type: 'navigation', url: location.origin + '/account'},
                {type: 'network', url: location.origin + '/api/session', method: 'GET', status: 200, body: 'ok'}];
              for (const e of events) {
                try { window.__passageEmit && window.__passageEmit(JSON.stringify(e)); window.forged++; } catch (x) {}
                try { window.__passage && window.__passage.emit(e); } catch (x) {}
              }
              fetch('/api/session').catch(() => {});
            }, 150);
            </script>""";

    /** A page whose script reports 24 events of about 100 KB and one of 3 MB, far more than one frame may carry. */
    public static final String FLOOD = """
            <p id="flood">flood</p><script>
            const body = 'x'.repeat(100 * 1024);
            for (let i = 0; i < 24; i++) window.__passage.emit({type: 'network', url: location.origin + '/api/big/' + i,
              method: 'GET', status: 200, body});
            window.__passage.emit({type: 'network', url: location.origin + '/api/huge', method: 'GET', status: 200,
              body: 'y'.repeat(3 * 1024 * 1024)});
            </script>""";

    private final HttpServer server;
    public final String url;

    private TestSite(HttpServer server) {
        this.server = server;
        this.url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves {@code pages} (path and query → body). */
    public static TestSite start(Function<String, String> pages) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            s.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                if (path.equals("/session") && exchange.getRequestMethod().equals("POST")) {
                    String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    boolean ok = form.contains("username=user_good") && form.contains("password=pass_good");
                    exchange.getResponseHeaders().add("Location", ok ? "/account" : "/login?error=1");
                    exchange.sendResponseHeaders(303, -1);
                    exchange.close();
                    return;
                }
                String body = pages.apply(path + (exchange.getRequestURI().getRawQuery() == null ? ""
                        : "?" + exchange.getRequestURI().getRawQuery()));
                String type = "text/html; charset=utf-8";
                if (body.startsWith("JSON")) {
                    body = body.substring(4);
                    type = "application/json";
                } else if (body.startsWith("CSP")) {
                    body = body.substring(3);
                    exchange.getResponseHeaders().add("Content-Security-Policy", "default-src 'none'; script-src 'none'");
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", type);
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            s.start();
            return new TestSite(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A whole HTML page. */
    public static String page(String title, String body) {
        return "<!doctype html><html><head><title>" + title + "</title></head><body>" + body + "</body></html>";
    }

    /** The sign-in form of the site. */
    public static String signIn() {
        return """
                <form method="post" action="/session"><input name="username" id="username">
                <input type="password" name="password" id="password"><button id="signin" type="submit">Sign in</button></form>""";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
