package dev.passage.device;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Launches the machine's own Chromium through Playwright (no browser download): headed for a person,
 * headless for tests, with the flags a closed network needs. Chromium's sandbox stays on unless the
 * runtime runs as root, where Chromium refuses to start with it.
 */
public final class Chromium implements AutoCloseable {
    /** Flags that keep Chromium from phoning home. */
    private static final List<String> QUIET = List.of("--disable-gpu", "--disable-background-networking",
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
        if (!Files.isExecutable(path)) {
            throw new DeviceException("There is no Chromium at " + path + "; give --chromium the path of one, or set PASSAGE_CHROMIUM.");
        }
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(path)
                    .setHeadless(headless)
                    .setArgs(flags(runsAsRoot())));
            return new Chromium(playwright, browser);
        } catch (RuntimeException e) {
            playwright.close();
            throw new DeviceException("Chromium at " + path + " could not be started (" + reason(e.getMessage())
                    + "); give --chromium the path of a working Chromium, or set PASSAGE_CHROMIUM.");
        }
    }

    /** The flags to start Chromium with: its sandbox off only for root, which Chromium refuses to sandbox. */
    static List<String> flags(boolean root) {
        List<String> flags = new ArrayList<>();
        if (root) {
            flags.add("--no-sandbox");
        }
        flags.addAll(QUIET);
        return List.copyOf(flags);
    }

    /** Whether this process runs as root (effective uid 0 on Linux; the user name elsewhere). */
    static boolean runsAsRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] ids = line.substring(4).trim().split("\\s+");
                    return ids.length > 1 && ids[1].equals("0");
                }
            }
        } catch (IOException | RuntimeException e) {
            // No /proc (macOS, Windows): the user name says it.
        }
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * Why a headed Chromium cannot open a window here, or empty when it can: on Linux a window needs
     * an X11 or Wayland display.
     */
    static Optional<String> noDisplay(boolean headless, String osName, Map<String, String> env) {
        boolean linux = osName != null && osName.toLowerCase(java.util.Locale.ROOT).contains("linux");
        if (headless || !linux || present(env.get("DISPLAY")) || present(env.get("WAYLAND_DISPLAY"))) {
            return Optional.empty();
        }
        return Optional.of("There is no display to open Chromium's window on (neither DISPLAY nor WAYLAND_DISPLAY is set);"
                + " run it on a desktop, or add --headless to run without a window.");
    }

    /** {@link #noDisplay} for this machine. */
    public static Optional<String> noDisplay(boolean headless) {
        return noDisplay(headless, System.getProperty("os.name"), System.getenv());
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    /** The first line of Playwright's error, without its "Error: " prefixes and call log. */
    private static String reason(String message) {
        String line = firstLine(message).replaceFirst("^(Error: )+", "").replaceFirst("^BrowserType\\.launch: ", "");
        return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
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
