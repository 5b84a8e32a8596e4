package dev.passage.launcher.extension;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.passage.device.SandboxAutofill;
import dev.passage.device.SandboxUsers;
import dev.passage.server.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.JsonNode;

/**
 * Chromium with the Passage extension loaded unpacked from {@code extension/}, in a fresh profile,
 * headless (Chromium's new headless mode runs MV3 extensions and chrome.debugger). The test plays the
 * person: it opens link pages, answers the consent page, types a sandbox user's credentials when the
 * overlay says it is their turn, and stops the extension's service worker when a test asks.
 */
final class ExtensionBrowser implements AutoCloseable {
    static final Path EXTENSION = Path.of("..", "extension").toAbsolutePath().normalize();
    static final Path SCREENSHOTS = Path.of("target", "screenshots", "extension").toAbsolutePath();
    static final int DESKTOP_WIDTH = 1280;
    static final int DESKTOP_HEIGHT = 800;
    static final int PHONE_WIDTH = 390;
    static final int PHONE_HEIGHT = 844;

    private final Playwright playwright;
    final BrowserContext context;
    final String extensionId;
    private final Path profile;
    /** The profile's first tab, kept open and idle: DevTools calls go through it without tab events. */
    private final Page control;

    private ExtensionBrowser(Playwright playwright, BrowserContext context, String extensionId, Path profile) {
        this.playwright = playwright;
        this.context = context;
        this.extensionId = extensionId;
        this.profile = profile;
        this.control = context.pages().getFirst();
    }

    static ExtensionBrowser launch() {
        return launch(EXTENSION);
    }

    /** Chromium with the extension unpacked at {@code extension} (a packed build, say). */
    static ExtensionBrowser launch(Path extension) {
        assertThat(extension.resolve("manifest.json")).exists();
        Path profile;
        try {
            profile = Files.createTempDirectory("passage-extension-profile");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        BrowserContext context = playwright.chromium().launchPersistentContext(profile,
                new BrowserType.LaunchPersistentContextOptions()
                        .setExecutablePath(Path.of("/usr/bin/chromium"))
                        .setHeadless(true)
                        .setViewportSize(DESKTOP_WIDTH, DESKTOP_HEIGHT)
                        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                "--disable-component-update", "--disable-sync", "--no-first-run",
                                "--disable-extensions-except=" + extension, "--load-extension=" + extension)));
        String id = extensionId(context);
        return new ExtensionBrowser(playwright, context, id, profile);
    }

    /** A page of the extension, e.g. {@code popup.html}. */
    String url(String path) {
        return "chrome-extension://" + extensionId + "/" + path;
    }

    /** The id Chromium gave the unpacked extension, read from its service worker's target. */
    private static String extensionId(BrowserContext context) {
        CDPSession cdp = context.newCDPSession(context.pages().getFirst());
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                for (var target : cdp.send("Target.getTargets").getAsJsonArray("targetInfos")) {
                    String url = target.getAsJsonObject().get("url").getAsString();
                    if (target.getAsJsonObject().get("type").getAsString().equals("service_worker")
                            && url.startsWith("chrome-extension://") && url.endsWith("/background.js")) {
                        return url.split("/")[2];
                    }
                }
                sleep(100);
            }
            throw new AssertionError("the extension's service worker did not start");
        } finally {
            cdp.detach();
        }
    }

    /**
     * Evaluates {@code expression} (a function) in a page of the extension, where chrome.* is at
     * hand, and answers its JSON value; the page is closed again.
     */
    JsonNode inExtension(String expression) {
        Page page = context.newPage();
        try {
            page.navigate(url("popup.html"));
            Object raw = page.evaluate("async () => JSON.stringify(await (" + expression + ")())");
            return Json.mapper().readTree(raw.toString());
        } finally {
            page.close();
        }
    }

    /** What the running session last told the person (its updateStatus: heading, subheading, progress), or a missing node. */
    JsonNode status() {
        return storage().path("session").path("status");
    }

    /** What the extension keeps in chrome.storage.session (session state, last session, consent requests). */
    JsonNode storage() {
        return inExtension("() => chrome.storage.session.get(null)");
    }

    /** The extension's version, from its manifest. */
    String version() {
        return inExtension("() => chrome.runtime.getManifest().version").asString();
    }

    /**
     * Opens the link page at {@code appClipUrl}, waits until the extension has announced itself there
     * and the page offers "Continue in this browser", presses it, and answers the consent page the
     * extension opens.
     */
    Page openFromLinkPage(String appClipUrl) {
        Page linkPage = openLinkPage(appClipUrl);
        Page consent = continueInThisBrowser(linkPage);
        linkPage.close();
        return consent;
    }

    /** The link page at {@code appClipUrl}, once the extension has marked it and its button shows. */
    Page openLinkPage(String appClipUrl) {
        Page linkPage = context.newPage();
        linkPage.navigate(appClipUrl);
        linkPage.waitForSelector("html[data-passage-extension]", new Page.WaitForSelectorOptions()
                .setState(WaitForSelectorState.ATTACHED).setTimeout(10_000));
        linkPage.waitForSelector("#continue-extension", new Page.WaitForSelectorOptions()
                .setState(WaitForSelectorState.VISIBLE).setTimeout(10_000));
        return linkPage;
    }

    /** Presses the link page's "Continue in this browser"; answers the consent page the extension opens. */
    Page continueInThisBrowser(Page linkPage) {
        Page consent = context.waitForPage(new BrowserContext.WaitForPageOptions().setTimeout(10_000),
                () -> linkPage.click("#continue-extension"));
        consent.waitForSelector("#ask:not([hidden]), #problem:not([hidden])", new Page.WaitForSelectorOptions().setTimeout(10_000));
        return consent;
    }

    /** Presses "Continue" on the consent page; answers the automation tab the extension opens. */
    Page agree(Page consent) {
        Page tab = context.waitForPage(new BrowserContext.WaitForPageOptions().setTimeout(15_000),
                () -> consent.click("#agree"));
        tab.setDefaultTimeout(10_000);
        return tab;
    }

    /** The overlay's mode on the automation tab (turn, working, done, failed), or null when it is not there. */
    static String overlayMode(Page tab) {
        try {
            Object mode = tab.evaluate("() => { const o = document.querySelector('passage-overlay');"
                    + " return o ? o.getAttribute('data-mode') : null; }");
            return mode == null ? null : mode.toString();
        } catch (RuntimeException e) {
            return null; // between two documents
        }
    }

    /**
     * Plays the person until {@code done}: whenever the overlay says it is their turn, types the
     * sandbox user's credentials (or code) into the page's current login step, once per step.
     */
    static void actAsPerson(Page tab, String sandboxUser, BooleanSupplier done, Duration max) {
        actAsPerson(tab, SandboxUsers.find(sandboxUser).orElseThrow(), done, max);
    }

    /** As {@link #actAsPerson(Page, String, BooleanSupplier, Duration)}, for a person of the test's own. */
    static void actAsPerson(Page tab, SandboxUsers.Credentials credentials, BooleanSupplier done, Duration max) {
        SandboxAutofill person = new SandboxAutofill(credentials);
        long deadline = System.nanoTime() + max.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not done within " + max.toSeconds() + " s; overlay: " + overlayMode(tab)
                        + " at " + tab.url());
            }
            if (!tab.isClosed() && "turn".equals(overlayMode(tab))) {
                person.tryFill(tab);
            }
            sleep(100);
        }
    }

    /** Waits (bounded) until {@code condition} holds. */
    static void await(String what, Duration max, BooleanSupplier condition) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            sleep(50);
        }
    }

    /**
     * Stops the extension's service worker (as the browser does to an idle one) through the DevTools
     * protocol of an ordinary page, and waits until it has stopped.
     */
    void stopServiceWorker() {
        // Through the idle first tab: opening or closing a tab would itself wake the worker again.
        Page page = control;
        CDPSession cdp = context.newCDPSession(page);
        List<String> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
        cdp.on("ServiceWorker.workerVersionUpdated", event -> event.getAsJsonArray("versions").forEach(v -> {
            JsonObject version = v.getAsJsonObject();
            if (version.get("scriptURL").getAsString().startsWith("chrome-extension://" + extensionId)) {
                statuses.add(version.get("runningStatus").getAsString());
            }
        }));
        cdp.send("ServiceWorker.enable");
        // Playwright delivers events only while it is called: wait through it, not with Thread.sleep.
        pump(page, "the service worker to be reported", () -> !statuses.isEmpty());
        int before = statuses.size();
        cdp.send("ServiceWorker.stopAllWorkers");
        // Any event for the extension may start it again at once: "stopped" once is what counts.
        pump(page, "the service worker to stop", () -> statuses.subList(before, statuses.size()).contains("stopped"));
        cdp.detach();
    }

    private static void pump(Page page, String what, BooleanSupplier condition) {
        pump(page, what, Duration.ofSeconds(10), condition);
    }

    /** Waits (bounded) until {@code condition} holds, through Playwright, so the page's events and routes are served meanwhile. */
    static void pump(Page page, String what, Duration max, BooleanSupplier condition) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            page.waitForTimeout(50);
        }
    }

    /** Ends whatever session a failed test left running, as the popup's Cancel does. */
    void cancelSession() {
        inExtension("() => chrome.runtime.sendMessage({type: 'popup.cancel'})");
    }

    /** Saves a screenshot of {@code page} at {@code width}×{@code height} as {@code name}.png. */
    static Path screenshot(Page page, String name, int width, int height) {
        page.setViewportSize(width, height);
        sleep(250); // the overlay and pages lay out again
        Path file = SCREENSHOTS.resolve(name + ".png");
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(file));
        return file;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        try {
            context.close();
        } finally {
            playwright.close();
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp directory: the OS cleans it eventually
            }
        }
    }
}
