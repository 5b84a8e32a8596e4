package dev.passage.server.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passage.protocol.YieldCondition;
import dev.passage.server.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** How yield conditions are parsed and judged on telemetry, without a server. */
class YieldJudgeTest {

    private static List<YieldCondition> conditions(String json) {
        return YieldCondition.parseAll(Json.mapper().readTree(json));
    }

    private static List<Telemetry.Stored> telemetry(String... events) {
        List<Telemetry.Stored> stored = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            stored.add(new Telemetry.Stored(i + 1, Json.mapper().readTree(events[i])));
        }
        return stored;
    }

    @Test
    void the_url_condition_is_judged_on_the_last_navigation_only() {
        List<YieldCondition> c = conditions("[{\"url\":\"/account\"}]");
        List<Telemetry.Stored> left = telemetry("{\"type\":\"navigation\",\"url\":\"https://p/account\"}",
                "{\"type\":\"navigation\",\"url\":\"https://p/logout\"}");

        assertThat(YieldJudge.firstMatch(c, left, 0)).isEmpty();
        assertThat(YieldJudge.firstMatch(c, telemetry("{\"type\":\"navigation\",\"url\":\"https://p/account\"}"), 0))
                .hasValueSatisfying(m -> assertThat(m.get("url").asString()).isEqualTo("https://p/account"));
    }

    @Test
    void network_events_up_to_the_mark_are_not_judged() {
        List<YieldCondition> c = conditions("[{\"networkRequest\":{\"urlContains\":\"/login\"}}]");
        List<Telemetry.Stored> t = telemetry("{\"type\":\"network\",\"url\":\"https://p/login\",\"method\":\"POST\",\"status\":200}");

        assertThat(YieldJudge.firstMatch(c, t, 0)).isPresent();
        assertThat(YieldJudge.firstMatch(c, t, 1)).isEmpty();
    }

    @Test
    void successful_only_accepts_2xx_and_method_is_case_insensitive() {
        List<YieldCondition> c = conditions("[{\"networkRequest\":{\"url\":\"api\",\"method\":\"post\",\"successfulOnly\":true}}]");

        assertThat(YieldJudge.firstMatch(c, telemetry(
                "{\"type\":\"network\",\"url\":\"https://p/api\",\"method\":\"POST\",\"status\":302}"), 0)).isEmpty();
        assertThat(YieldJudge.firstMatch(c, telemetry(
                "{\"type\":\"network\",\"url\":\"https://p/api\",\"method\":\"GET\",\"status\":200}"), 0)).isEmpty();
        assertThat(YieldJudge.firstMatch(c, telemetry(
                "{\"type\":\"network\",\"url\":\"https://p/api\",\"method\":\"POST\",\"status\":204}"), 0)).isPresent();
    }

    @Test
    void the_first_condition_that_holds_wins() {
        List<YieldCondition> c = conditions("[{\"url\":\"never\"},{\"url\":\"home\"},{\"networkRequest\":{}}]");
        JsonNode match = YieldJudge.firstMatch(c, telemetry("{\"type\":\"navigation\",\"url\":\"https://p/home\"}",
                "{\"type\":\"network\",\"url\":\"https://p/x\",\"status\":200}"), 0).orElseThrow();

        assertThat(match.get("condition").asString()).isEqualTo("url");
    }

    @Test
    void malformed_conditions_are_refused_with_their_path() {
        assertThatThrownBy(() -> conditions("[]")).hasMessageContaining("non-empty");
        assertThatThrownBy(() -> conditions("{\"url\":\"x\"}")).hasMessageContaining("non-empty array");
        assertThatThrownBy(() -> conditions("[{\"url\":\"x\",\"networkRequest\":{}}]")).hasMessageContaining("conditions.0");
        assertThatThrownBy(() -> conditions("[{\"url\":\"ok\"},{\"url\":\"[\"}]")).hasMessageContaining("conditions.1.url");
        assertThatThrownBy(() -> conditions("[{\"networkRequest\":{\"successfulOnly\":\"yes\"}}]"))
                .hasMessageContaining("conditions.0.networkRequest.successfulOnly");
        assertThatThrownBy(() -> conditions("[{\"cookie\":\"x\"}]")).hasMessageContaining("exactly one of url or networkRequest");
    }
}
