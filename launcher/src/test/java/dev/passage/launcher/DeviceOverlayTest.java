package dev.passage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.passage.device.Chromium;
import dev.passage.device.StatusOverlay;
import dev.passage.protocol.Command;
import dev.passage.sandbox.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Java runtime's overlay on a sandbox portal's page, in its three states, with the extension's
 * own look and words (the same strings the extension's tests read in its overlay and popup). Saves
 * screenshots at 1280×800 and 390×844 under target/screenshots/device/.
 */
class DeviceOverlayTest {
    static final Path SCREENSHOTS = Path.of("target", "screenshots", "device").toAbsolutePath();
    static final JsonMapper JSON = JsonMapper.builder().build();
    /** What GET /link/info answers for a T-Mobile payment methods read by "Test org". */
    static final JsonNode INFO = JSON.readTree("""
            {"linkId":"link_1","status":"pending","organization":{"name":"Test org"},"integration":{"id":"tmobile","name":"T-Mobile"},
             "operations":[{"resource":"paymentMethod","action":"read","description":"Read the cards on the Payments page."}]}""");
    static Sandbox portals;
    static Chromium chromium;

    @BeforeAll
    static void start() {
        portals = Sandbox.start(0);
        chromium = Chromium.launch(true, Optional.empty());
    }

    @AfterAll
    static void stop() {
        chromium.close();
        portals.close();
    }

    static void screenshots(Page page, String state) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int[] size : new int[][] {{1280, 800}, {390, 844}}) {
            page.setViewportSize(size[0], size[1]);
            page.waitForTimeout(250); // the overlay lays out again
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(
                    "overlay-" + state + "-" + (size[0] > 500 ? "desktop" : "phone") + ".png")));
        }
        page.setViewportSize(1280, 800);
    }

    @Test
    void the_overlay_shows_the_automation_at_work_the_persons_turn_and_the_end_in_the_extensions_words() {
        Page page = chromium.browser().newPage();
        page.setViewportSize(1280, 800);
        page.navigate(portals.url("tmobile") + "/signin");
        StatusOverlay overlay = new StatusOverlay(page, Clock.systemUTC(), INFO);
        overlay.running();

        // The automation at work, with the worker's status and progress.
        overlay.command(Command.NAVIGATE);
        overlay.status(JSON.readTree("{\"heading\":\"Reading your payment methods\",\"subheading\":\"Step 2 of 3\",\"progress\":0.66}"));
        overlay.render();
        JsonNode working = overlay.shown();
        assertThat(working.path("mode").asString()).isEqualTo("working");
        assertThat(working.path("label").asString()).isEqualTo("Passage · for Test org");
        assertThat(working.path("heading").asString()).isEqualTo("Reading your payment methods");
        assertThat(working.path("subheading").asString()).isEqualTo("Step 2 of 3");
        assertThat(working.path("progress").asInt()).isEqualTo(66);
        screenshots(page, "working");

        // The person's turn: the extension's words, and the page stays usable under the panel.
        assertThat(overlay.personsTurn()).isTrue();
        overlay.render();
        JsonNode turn = overlay.shown();
        assertThat(turn.path("mode").asString()).isEqualTo("turn");
        assertThat(turn.path("label").asString()).isEqualTo("Passage · your turn");
        assertThat(turn.path("heading").asString()).isEqualTo("Your turn: log in to T-Mobile in this tab");
        assertThat(turn.path("subheading").asString()).startsWith("Passage carries on by itself once you are signed in.");
        assertThat(page.evaluate("() => getComputedStyle(document.querySelector('passage-overlay')).pointerEvents"))
                .isEqualTo("none");
        screenshots(page, "turn");
        // Looking at the page leaves the turn as it is; moving it on ends it.
        assertThat(overlay.command(Command.TEXT_CONTENT)).isFalse();
        assertThat(overlay.command(Command.CLICK)).isTrue();

        // A new document has no overlay until it is drawn again.
        page.navigate(portals.url("tmobile") + "/signin");
        overlay.pageChanged();
        overlay.ended("complete", null);
        overlay.render();
        JsonNode done = overlay.shown();
        assertThat(done.path("mode").asString()).isEqualTo("done");
        assertThat(done.path("heading").asString()).isEqualTo("Done: your T-Mobile account is linked");
        assertThat(done.path("subheading").asString()).isEqualTo("Test org has what you agreed to share. You can close this tab.");
        screenshots(page, "done");

        // The page's own scripts cannot reach into it: the panel's root is closed to them.
        assertThat(page.evaluate("() => { const h = document.querySelector('passage-overlay');"
                + " return h.shadowRoot === null && h.__passageRoot === undefined; }")).isEqualTo(true);
        page.close();
    }
}
