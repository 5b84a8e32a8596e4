package dev.passage.device;

import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The browser extension's own words and overlay ({@code extension/lib/wording.js}, {@code view.js},
 * {@code overlay.js}, copied into this jar by the build), run by the Java runtime in the page so that
 * both runtimes tell the person the same things in the same look. The modules are joined into one
 * function body: their imports are dropped (they import only each other) and their exports become
 * plain declarations. Everything runs in the runtime's own world of the top frame ({@link Devtools}),
 * where the page's scripts cannot reach it.
 */
final class SharedUi {
    private static final List<String> MODULES = List.of("wording.js", "view.js", "overlay.js");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s[^;]*;\\s*$");
    private static final Pattern EXPORT = Pattern.compile("(?m)^export\\s+");
    private static final String SOURCE = load();
    private static final String RENDER = function("renderOverlay(viewOf(arg))");
    private static final String CONSENT = function("({sentence: consentSentence(arg), writes: writes(arg)})");
    /** The overlay's words as the person reads them (the host keeps its closed root for this world only). */
    private static final String SHOWN = """
            function () {
              const host = document.querySelector('passage-overlay');
              const root = host && host.__passageRoot;
              if (!root) return null;
              const text = (s) => root.querySelector(s).textContent;
              const bar = root.querySelector('.bar');
              return { mode: host.getAttribute('data-mode'), label: text('.label'), heading: text('.heading'),
                subheading: text('.sub'), progress: bar.hasAttribute('aria-valuenow') ? +bar.getAttribute('aria-valuenow') : null };
            }""";

    private final Devtools devtools;

    SharedUi(Page page) {
        this.devtools = new Devtools(page);
    }

    /** Draws the overlay for {@code state} (the extension's session state: phase, info, turn, status, outcome…). */
    void render(JsonNode state) {
        devtools.call(RENDER, state);
    }

    /** {@code {sentence, writes}}: "Acme wants to read your T-Mobile payment methods", and whether it changes the account. */
    JsonNode consent(JsonNode info) {
        return devtools.call(CONSENT, info);
    }

    /** What the overlay shows now ({mode, label, heading, subheading, progress}), or null when there is none. */
    JsonNode shown() {
        return devtools.call(SHOWN, null);
    }

    /** A function declaration of one argument ({@code arg}) answering {@code expression}, with the modules in scope. */
    private static String function(String expression) {
        return "function (arg) {\n" + SOURCE + "\nreturn (" + expression + ");\n}";
    }

    private static String load() {
        StringBuilder all = new StringBuilder();
        for (String module : MODULES) {
            try (InputStream in = SharedUi.class.getResourceAsStream("ui/" + module)) {
                if (in == null) {
                    throw new IllegalStateException("The extension's " + module + " is missing from the device runtime's jar");
                }
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                all.append(EXPORT.matcher(IMPORT.matcher(text).replaceAll("")).replaceAll("")).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all.toString();
    }
}
