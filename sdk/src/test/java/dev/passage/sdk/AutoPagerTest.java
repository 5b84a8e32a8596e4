package dev.passage.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pager's laziness, which the real server cannot show: a page is fetched only when iteration reaches it. */
class AutoPagerTest {
    private final List<Optional<String>> fetched = new ArrayList<>();

    private final AutoPager<Integer> pager = new AutoPager<>(cursor -> {
        fetched.add(cursor);
        int page = cursor.map(Integer::parseInt).orElse(0);
        return new AutoPager.Page<>(List.of(page * 2, page * 2 + 1), page < 4 ? Optional.of(Integer.toString(page + 1)) : Optional.empty());
    });

    @Test
    void a_page_is_fetched_only_when_iteration_reaches_it() {
        assertThat(pager.stream().limit(3).toList()).containsExactly(0, 1, 2);
        assertThat(fetched).containsExactly(Optional.empty(), Optional.of("1"));
    }

    @Test
    void every_item_of_every_page_is_iterated_once_in_order() {
        assertThat(pager).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(fetched).hasSize(5);
    }

    @Test
    void an_empty_page_with_a_cursor_is_followed() {
        AutoPager<String> gaps = new AutoPager<>(cursor -> cursor.isEmpty()
                ? new AutoPager.Page<>(List.of(), Optional.of("next"))
                : new AutoPager.Page<>(List.of("last"), Optional.empty()));
        assertThat(gaps).containsExactly("last");
    }
}
