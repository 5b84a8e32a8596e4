package dev.passage.server.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.server.json.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TemplatesTest {
    private final JsonNode scope = Json.mapper().readTree("""
            {"baseUrl":"http://x","arguments":{"limit":3,"expirationDate":"07/29","dryRun":false,"a":{"state":"ca"}}}""");

    @Test
    void a_lone_template_keeps_the_value_type_and_a_missing_one_is_null() {
        assertThat(Templates.resolveString("{{arguments.limit}}", scope).isNumber()).isTrue();
        assertThat(Templates.resolveString("{{arguments.nope}}", scope).isNull()).isTrue();
        assertThat(Templates.resolveString("{{arguments.nope|default:}}", scope).asString()).isEmpty();
    }

    @Test
    void templates_in_text_and_filters() {
        assertThat(Templates.resolveString("{{baseUrl}}/bills?n={{arguments.limit}}", scope).asString())
                .isEqualTo("http://x/bills?n=3");
        assertThat(Templates.resolveString("{{arguments.expirationDate|split:/:0}}", scope).asString()).isEqualTo("07");
        assertThat(Templates.resolveString("{{arguments.expirationDate|split:/:1|prefix:20}}", scope).asString())
                .isEqualTo("2029");
        assertThat(Templates.resolveString("{{arguments.a.state|upper}}", scope).asString()).isEqualTo("CA");
    }

    @Test
    void truthiness_guards_steps() {
        assertThat(Templates.truthy(Templates.resolveString("{{arguments.dryRun}}", scope))).isFalse();
        assertThat(Templates.truthy(Templates.resolveString("{{arguments.nope}}", scope))).isFalse();
        assertThat(Templates.truthy(Templates.resolveString("{{arguments.a.state}}", scope))).isTrue();
    }
}
