package dev.passage.device;

import com.microsoft.playwright.Frame;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.BindingCallback;
import dev.passage.protocol.TelemetryEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Watches the automation's page and records what a yield condition is judged on: top-frame
 * navigations, the top frame's network responses (url, method, status, resource type) and what the
 * injected scripts report through {@code window.__passage.emit(event)}. Only the top frame reports:
 * {@code __passage} is defined there alone, and a frame that calls the underlying binding directly is
 * ignored (the binding checks which frame called it), so an embedded frame cannot report a login that
 * did not happen. Nothing is recorded while the page is outside the integration's origins. Request
 * bodies are never recorded: they are where passwords travel. Response bodies are not read here:
 * asking Playwright for one from inside its event callback can wait forever once the page navigates
 * on; the injected telemetry script reports fetch/XHR bodies from inside the page instead.
 */
public final class Telemetry {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BINDING = "__passageEmit";
    /** Defines {@code window.__passage} in the top frame only, bound to the binding and JSON.stringify as they are at document start. */
    private static final String SHIM = """
            (() => {
              if (window !== window.top || window.__passage) return;
              const early = window.%1$s;
              const stringify = JSON.stringify;
              const binding = () => typeof early === "function" ? early : window.%1$s;
              window.__passage = { emit: (e) => { try { binding()(stringify(e)); } catch (_) {} } };
            })();""".formatted(BINDING);

    private final Page page;
    private final Clock clock;
    private final Supplier<List<String>> allowedOrigins;
    private final List<ObjectNode> pending = new ArrayList<>();

    /** Starts watching {@code page}; events are kept only while it is on one of {@code allowedOrigins} (or blank). */
    public Telemetry(Page page, Clock clock, Supplier<List<String>> allowedOrigins) {
        this.page = page;
        this.clock = clock;
        this.allowedOrigins = allowedOrigins;
        page.exposeBinding(BINDING, this::reported);
        page.addInitScript(SHIM);
        page.onFrameNavigated(frame -> {
            if (frame.parentFrame() == null) {
                add(new TelemetryEvent.Navigation(frame.url(), clock.millis()).toJson());
            }
        });
        page.onResponse(this::response);
    }

    /** Injects {@code source} into every document of the page from now on, at document start (after the shim). */
    public void addScript(String source) {
        page.addInitScript(source);
    }

    private Object reported(BindingCallback.Source source, Object... args) {
        // Only the automation's page, and only its top frame: an iframe (an ad, a widget) cannot forge events.
        if (source.page() != page || source.frame() == null || source.frame().parentFrame() != null
                || args.length == 0 || args[0] == null) {
            return null;
        }
        try {
            if (JSON.readTree(args[0].toString()) instanceof ObjectNode event && event.path("type").isString()) {
                if (!event.path("ts").isNumber()) {
                    event.put("ts", clock.millis());
                }
                add(event);
            }
        } catch (RuntimeException ignored) {
            // A page cannot break the runtime with a bad event; it is dropped.
        }
        return null;
    }

    private void response(Response response) {
        Frame frame;
        try {
            frame = response.frame();
        } catch (PlaywrightException e) {
            return; // a service worker's request: no frame of this page
        }
        if (frame != page.mainFrame() || !response.url().matches("(?i)^https?:.*")) {
            return;
        }
        String type = response.request().resourceType();
        // A document on its way in from elsewhere answers before the page shows it: judge it by its own URL.
        if ("document".equals(type) && !Origins.httpOrigin(response.url()).map(allowedOrigins.get()::contains).orElse(false)) {
            return;
        }
        add(new TelemetryEvent.Network(response.url(), response.request().method(), response.status(), type, null,
                clock.millis()).toJson());
    }

    private synchronized void add(ObjectNode event) {
        // Where else the person goes in this page is not Passage's business.
        if (Origins.reportable(page.url(), allowedOrigins.get())) {
            pending.add(event);
        }
    }

    /** The events recorded since the last drain, oldest first. */
    public synchronized List<JsonNode> drain() {
        List<JsonNode> out = List.copyOf(pending);
        pending.clear();
        return out;
    }
}
