package dev.passage.device;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Launches the machine's own Chromium through Playwright (no browser download): headed for a person,
 * headless for tests, with the flags a closed network and a root user need.
 */
public final class Chromium implements AutoCloseable {
    /** Flags that keep Chromium from phoning home and let it run as root in a sandboxless container. */
    static final List<String> FLAGS = List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
            "--disable-features=Translate,MediaRouter,OptimizationHints");
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable",
            "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome");

    private final Playwright playwright;
    private final Browser browser;

    private Chromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    /** Starts Chromium; {@code executable} empty means the first one found on this machine. */
    public static Chromium launch(boolean headless, Optional<Path> executable) {
        Path path = executable.or(Chromium::find).orElseThrow(() -> new DeviceException(
                "No Chromium found (looked at " + String.join(", ", CANDIDATES)
                        + "); install it (apt-get install chromium) or set PASSAGE_CHROMIUM."));
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(path)
                    .setHeadless(headless)
                    .setArgs(FLAGS));
            return new Chromium(playwright, browser);
        } catch (RuntimeException e) {
            playwright.close();
            throw new DeviceException("Chromium at " + path + " could not be started: " + firstLine(e.getMessage()));
        }
    }

    /** The Chromium named by PASSAGE_CHROMIUM, or the first of the usual install paths that exists. */
    public static Optional<Path> find() {
        String fromEnv = System.getenv("PASSAGE_CHROMIUM");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(Path.of(fromEnv));
        }
        return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    public Browser browser() {
        return browser;
    }

    @Override
    public void close() {
        try {
            browser.close();
        } catch (RuntimeException ignored) {
            // Already gone (the person closed the window, or the process died): nothing to close.
        } finally {
            playwright.close();
        }
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
