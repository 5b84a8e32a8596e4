package dev.passage.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The origin rules, case by case, as the extension's lib/origins.js has them. */
class OriginsTest {
    static final List<String> ALLOWED = List.of("http://127.0.0.1:41873");

    static String refusal(String url, String current) {
        try {
            return "allowed " + Origins.checkNavigation(url, current, ALLOWED);
        } catch (CommandFailure e) {
            return e.code();
        }
    }

    @Test
    void origins_are_normalised_like_a_browser_does_and_junk_is_dropped() {
        assertThat(Origins.normalise(List.of("http://127.0.0.1:41873/", "HTTPS://Portal.Example:443/x", "http://a.example:80",
                "file:///etc", "not a url", "javascript:alert(1)")))
                .containsExactly("http://127.0.0.1:41873", "https://portal.example", "http://a.example");
        assertThat(Origins.normalise(null)).isEmpty();
    }

    @Test
    void navigation_goes_only_to_an_allowed_origin_over_http() {
        String page = "http://127.0.0.1:41873/login";
        assertThat(refusal("http://127.0.0.1:41873/account?x=1", page)).isEqualTo("allowed http://127.0.0.1:41873/account?x=1");
        assertThat(refusal("/account", page)).isEqualTo("allowed http://127.0.0.1:41873/account");
        assertThat(refusal("account", page)).isEqualTo("allowed http://127.0.0.1:41873/account");
        assertThat(refusal("/account", "about:blank")).isEqualTo("BAD_ARGUMENTS");
        for (String url : List.of("http://localhost:41873/", "https://127.0.0.1:41873/", "http://127.0.0.1:41874/",
                "//evil.example/x", "file:///etc/passwd", "javascript:alert(1)", "data:text/html,<b>x</b>", "chrome://settings",
                "about:blank", "blob:http://127.0.0.1:41873/1", "view-source:http://127.0.0.1:41873/")) {
            assertThat(refusal(url, page)).as(url).isEqualTo("ORIGIN_NOT_ALLOWED");
        }
        assertThatThrownBy(() -> Origins.checkNavigation("http://127.0.0.1:41873/", page, List.of()))
                .satisfies(e -> assertThat(((CommandFailure) e).code()).isEqualTo("ORIGIN_NOT_ALLOWED"));
    }

    @Test
    void a_page_elsewhere_is_not_touched_but_a_blank_one_is() {
        assertThatCode(() -> Origins.checkCurrent("about:blank", ALLOWED)).doesNotThrowAnyException();
        assertThatCode(() -> Origins.checkCurrent("http://127.0.0.1:41873/a#b", ALLOWED)).doesNotThrowAnyException();
        for (String url : List.of("http://localhost:41873/", "chrome-error://chromewebdata/", "data:text/html,x")) {
            assertThatThrownBy(() -> Origins.checkCurrent(url, ALLOWED)).as(url)
                    .satisfies(e -> assertThat(((CommandFailure) e).code()).isEqualTo("ORIGIN_NOT_ALLOWED"));
        }
        assertThat(Origins.reportable("about:blank", ALLOWED)).isTrue();
        assertThat(Origins.reportable("http://localhost:41873/", ALLOWED)).isFalse();
    }
}
