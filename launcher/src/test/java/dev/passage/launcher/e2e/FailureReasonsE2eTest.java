package dev.passage.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every reason a link fails with, produced by the sandbox's users and portals through the hosted
 * worker and the device runtime, so an integrator can tell a wrong password from a broken automation.
 */
class FailureReasonsE2eTest {
    static E2e e2e;

    @BeforeAll
    static void start() {
        // A short login window, so the reasons that take the person's time come within the test's.
        e2e = new E2e(Map.of("automation.login-timeout-seconds", "8"));
    }

    @AfterAll
    static void stop() {
        e2e.close();
    }

    private JsonNode failedWith(String integration, String sandboxUser) {
        return failed(integration, sandboxUser, false).path("error");
    }

    /** The failed link (a debug one when asked, so its trace says what the person was told). */
    private JsonNode failed(String integration, String sandboxUser, boolean debug) {
        JsonNode created = e2e.createLink("{\"integrationId\":\"" + integration
                + "\",\"resource\":\"paymentMethod\",\"action\":\"read\",\"debug\":" + debug + "}");
        if (sandboxUser == null) {
            e2e.deviceAsNobody(created);
        } else {
            e2e.device(created, sandboxUser);
        }
        JsonNode link = e2e.settledLink(created.get("linkId").asString());
        assertThat(link.path("status").asString()).as(link.toString()).isEqualTo("failed");
        return link;
    }

    @Test
    void wrong_one_time_codes_are_mfa_failed() {
        // Out of tries or, in this test's short login window, out of time after a refused code: mfa_failed either way.
        JsonNode error = failedWith("tmobile", "user_mfa_wrong");
        assertThat(error.path("reason").asString()).isEqualTo("mfa_failed");
        assertThat(error.path("message").asString()).contains("T-Mobile refused the sign-in");
    }

    @Test
    void a_code_never_entered_is_mfa_timeout_and_the_person_was_asked_for_it() {
        JsonNode link = failed("att", "user_mfa_silent", true);
        assertThat(link.path("error").path("reason").asString()).isEqualTo("mfa_timeout");
        assertThat(link.path("error").path("message").asString()).contains("did not enter the code");
        assertThat(LoginRetryE2eTest.told(e2e.trace(link.path("id").asString())))
                .extracting(s -> s.path("heading").asString())
                .containsSubsequence("Sign in to AT&T", "Enter the code AT&T emailed you", "Time is up");
    }

    @Test
    void a_login_never_finished_is_login_timeout() {
        assertThat(failedWith("verizon", null).path("reason").asString()).isEqualTo("login_timeout");
    }

    @Test
    void pages_without_what_the_automation_expects_are_site_changed() {
        assertThat(failedWith("tmobile", "user_redesign").path("reason").asString()).isEqualTo("site_changed");
    }

    @Test
    void a_service_that_answers_503_is_site_unavailable() {
        JsonNode error = failedWith("tmobile", "user_outage");
        assertThat(error.path("reason").asString()).isEqualTo("site_unavailable");
        assertThat(error.path("code").asString()).isEqualTo("AUTOMATION_ERROR");
    }
}
