package dev.passage.server.errors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Text from outside is bounded, without control characters, and stays readable. */
class OutsideTextTest {

    @Test
    void control_and_format_characters_go_and_whitespace_runs_become_one_space() {
        assertThat(OutsideText.bound("Wrong\u0000 pass\u001b[31mword\r\n\tnow \u202Eevil", 100))
                .isEqualTo("Wrong pass[31mword now evil");
        assertThat(OutsideText.bound("  \u0007 ", 100)).isNull();
        assertThat(OutsideText.bound(null, 100)).isNull();
    }

    @Test
    void long_text_is_cut_at_the_limit_with_an_ellipsis_and_short_text_is_kept_whole() {
        String cut = OutsideText.bound("x".repeat(500_000), 300);
        assertThat(cut).hasSize(300).endsWith("…");
        assertThat(OutsideText.bound("y".repeat(300), 300)).isEqualTo("y".repeat(300));
        String emoji = OutsideText.bound("😀".repeat(400), 10);
        assertThat(emoji.codePointCount(0, emoji.length())).isEqualTo(10);
    }
}
