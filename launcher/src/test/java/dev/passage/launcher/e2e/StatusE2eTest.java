package dev.passage.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The person never watches the page move without a word: every integration × operation, run through
 * the hosted worker and the device runtime as one debug link per integration (all its operations, the
 * card write as a dry run), is read back from the trace, which keeps every updateStatus the device was
 * sent, in order with the other commands.
 */
class StatusE2eTest {
    static E2e e2e;

    @BeforeAll
    static void start() {
        e2e = new E2e(Map.of());
    }

    @AfterAll
    static void stop() {
        e2e.close();
    }

    static String operations(String id) {
        return switch (id) {
            case "ubereats" -> "[{\"resource\":\"orderHistory\",\"action\":\"read\",\"arguments\":{\"limit\":2}}]";
            case "apple-review" -> "[{\"resource\":\"readHistory\",\"action\":\"read\",\"arguments\":{\"limit\":2}}]";
            default -> "[{\"resource\":\"paymentMethod\",\"action\":\"read\"},"
                    + "{\"resource\":\"mobileBillingStatement\",\"action\":\"read\",\"arguments\":{\"limit\":2}},"
                    + "{\"resource\":\"paymentMethod\",\"action\":\"write\",\"arguments\":{" + IntegrationsE2eTest.CARD
                    + ",\"dryRun\":true}}]";
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"tmobile", "att", "verizon", "ubereats", "apple-review"})
    void every_operation_tells_the_person_what_happens_before_each_yield_during_each_operation_and_at_the_end(String id) {
        JsonNode created = e2e.createLink("{\"integrationId\":\"" + id + "\",\"operations\":" + operations(id)
                + ",\"debug\":true}");
        String linkId = created.get("linkId").asString();
        assertThat(e2e.device(created, "user_good").complete()).isTrue();
        JsonNode link = e2e.settledLink(linkId);
        assertThat(link.path("status").asString()).as(link.toString()).isEqualTo("complete");
        List<JsonNode> steps = new ArrayList<>();
        e2e.trace(linkId).path("sessions").get(0).path("steps").forEach(steps::add);

        int firstYield = index(steps, "yield_to_user");
        assertThat(firstYield).as("the person had the page").isPositive();
        assertThat(steps.subList(0, firstYield)).as("told before the first yield")
                .anySatisfy(s -> assertThat(s.path("status").path("heading").asString()).isEqualTo("Sign in to " + name(id)));
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).path("command").asString().equals("yield_to_user")) {
                assertThat(steps.subList(0, i)).as("a status before the yield at " + i)
                        .anySatisfy(s -> assertThat(s.path("command").asString()).isEqualTo("updateStatus"));
            }
        }
        for (JsonNode op : e2e.server.get("/v1/links/" + linkId, e2e.key).json().path("operations")) {
            String key = op.path("resource").asString() + "." + op.path("action").asString();
            List<JsonNode> ofOp = steps.stream().filter(s -> s.path("operation").asString().equals(key)).toList();
            assertThat(ofOp).as(key).isNotEmpty();
            assertThat(ofOp.getFirst().path("command").asString()).as(key + " starts by saying so").isEqualTo("updateStatus");
            assertThat(ofOp.stream().skip(1).filter(s -> s.path("command").asString().equals("updateStatus")))
                    .as(key + " speaks while it runs").isNotEmpty();
        }
        List<Double> progress = steps.stream().filter(s -> s.path("status").has("progress"))
                .map(s -> s.path("status").path("progress").asDouble()).toList();
        assertThat(progress).as("the bar only moves forward").isSorted().allSatisfy(p -> assertThat(p).isBetween(0.0, 1.0));
        assertThat(steps.getLast().path("status").path("heading").asString()).isEqualTo("Done — you can close this tab");
        assertThat(steps.getLast().path("status").path("progress").asDouble()).isEqualTo(1.0);
        assertThat(steps.toString()).doesNotContain("4111111111111111").doesNotContain("pass_good");
    }

    private static int index(List<JsonNode> steps, String command) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).path("command").asString().equals(command)) {
                return i;
            }
        }
        return -1;
    }

    private static String name(String id) {
        return switch (id) {
            case "tmobile" -> "T-Mobile";
            case "att" -> "AT&T";
            case "verizon" -> "Verizon";
            case "ubereats" -> "Uber Eats";
            default -> "Apple Review";
        };
    }
}
