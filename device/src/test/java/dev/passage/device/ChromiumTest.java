package dev.passage.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** How Chromium is started: its sandbox on unless root, and a window only where there is a display. */
class ChromiumTest {
    @Test
    void chromiums_sandbox_is_turned_off_only_for_root() {
        assertThat(Chromium.flags(false)).doesNotContain("--no-sandbox").contains("--disable-background-networking");
        assertThat(Chromium.flags(true)).contains("--no-sandbox");
        assertThat(Chromium.runsAsRoot()).isEqualTo("root".equals(System.getProperty("user.name")));
    }

    @Test
    void a_window_without_a_display_is_refused_in_one_sentence_that_suggests_headless() {
        assertThat(Chromium.noDisplay(false, "Linux", Map.of())).hasValueSatisfying(m ->
                assertThat(m).contains("--headless").doesNotContain("\n").endsWith("."));
        assertThat(Chromium.noDisplay(true, "Linux", Map.of())).isEmpty();
        assertThat(Chromium.noDisplay(false, "Linux", Map.of("DISPLAY", ":0"))).isEmpty();
        assertThat(Chromium.noDisplay(false, "Linux", Map.of("WAYLAND_DISPLAY", "wayland-0"))).isEmpty();
        assertThat(Chromium.noDisplay(false, "Mac OS X", Map.of())).isEmpty();
    }
}
