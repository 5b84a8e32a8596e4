package dev.passage.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.passage.device.StatusOverlay;
import dev.passage.protocol.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * A person who mistypes may try again on the same page, through the hosted worker and the device
 * runtime (headless Chromium) on every sandbox portal, since each signs in its own way: T-Mobile in
 * two server-rendered steps, AT&T with one classic form, Verizon by script over a JSON API (the error
 * banner is written again in place), Uber Eats with a CSRF form, Apple on one page by script (the
 * error hidden and shown again). The default tries (3) against the portals' lock (3 wrong passwords
 * in a row), one server for the class; debug links where the test reads what the person was told.
 */
class LoginRetryE2eTest {
    static E2e e2e;

    @BeforeAll
    static void start() {
        e2e = new E2e(Map.of());
    }

    @AfterAll
    static void stop() {
        e2e.close();
    }

    /** The quickest operation of each portal. */
    static String link(String id, boolean debug) {
        String op = switch (id) {
            case "ubereats" -> "\"resource\":\"orderHistory\",\"action\":\"read\",\"arguments\":{\"limit\":1}";
            case "apple-review" -> "\"resource\":\"readHistory\",\"action\":\"read\",\"arguments\":{\"limit\":1}";
            default -> "\"resource\":\"mobileBillingStatement\",\"action\":\"read\",\"arguments\":{\"limit\":1}";
        };
        return "{\"integrationId\":\"" + id + "\"," + op + ",\"debug\":" + debug + "}";
    }

    private JsonNode run(String id, String person, boolean debug) {
        JsonNode created = e2e.createLink(link(id, debug));
        e2e.device(created, person);
        return e2e.settledLink(created.get("linkId").asString());
    }

    /** What the person was told, in order: the trace's updateStatus steps. */
    static List<JsonNode> told(JsonNode trace) {
        List<JsonNode> statuses = new ArrayList<>();
        for (JsonNode step : trace.path("sessions").get(0).path("steps")) {
            if (step.path("command").asString().equals("updateStatus")) {
                statuses.add(step.path("status"));
            }
        }
        return statuses;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tmobile", "att", "verizon", "ubereats", "apple-review"})
    void a_wrong_password_then_the_right_one_completes_the_link(String id) {
        JsonNode link = run(id, "user_typo", true);

        assertThat(link.path("status").asString()).as(link.toString()).isEqualTo("complete");
        List<JsonNode> told = told(e2e.trace(link.path("id").asString()));
        assertThat(told).anySatisfy(s -> {
            assertThat(s.path("heading").asString()).isEqualTo("That password didn't work");
            assertThat(s.path("subheading").asString()).isEqualTo("Check it and try again — 2 tries left");
        });
        assertThat(told.getLast().path("heading").asString()).isEqualTo("Done — you can close this tab");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tmobile", "att", "verizon", "ubereats", "apple-review"})
    void wrong_passwords_until_the_site_locks_the_account_fail_with_account_locked(String id) {
        JsonNode link = run(id, "user_lockout", false);

        assertThat(link.path("status").asString()).as(link.toString()).isEqualTo("failed");
        assertThat(link.path("error").path("reason").asString()).as(link.toString()).isEqualTo("account_locked");
        assertThat(link.path("error").path("message").asString()).endsWith("refused the sign-in: the account is locked");
        assertThat(link.path("error").path("details").asString()).as("what the site said").isNotBlank();
    }

    /**
     * Counting is what differs here: T-Mobile renders each refusal on a new page (as AT&T and Uber Eats
     * do), Verizon writes the same words into the same banner again, Apple hides the message and shows it again.
     */
    @ParameterizedTest
    @ValueSource(strings = {"tmobile", "verizon", "apple-review"})
    void a_person_who_uses_up_the_tries_fails_with_invalid_credentials(String id) {
        JsonNode link = run(id, "user_bad", true);

        assertThat(link.path("status").asString()).as(link.toString()).isEqualTo("failed");
        assertThat(link.path("error").path("reason").asString()).as(link.toString()).isEqualTo("invalid_credentials");
        assertThat(link.path("error").path("message").asString()).contains("refused the sign-in").contains("3 tries, none left");
        // Each refused password counted once: the person is told after each, and never twice for one.
        assertThat(told(e2e.trace(link.path("id").asString()))).extracting(s -> s.path("subheading").asString()).containsExactly(
                "Passage carries on by itself once you are signed in. Your password stays on this device.",
                "Check it and try again — 2 tries left", "Check it and try again — 1 try left",
                "That was the last try, so Passage has stopped. Start again from the app when you are ready.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tmobile", "apple-review"})
    void a_wrong_one_time_code_then_the_right_one_completes_the_link(String id) {
        JsonNode link = run(id, "user_mfa_typo", true);

        assertThat(link.path("status").asString()).as(link.toString()).isEqualTo("complete");
        List<JsonNode> told = told(e2e.trace(link.path("id").asString()));
        assertThat(told).anySatisfy(s -> {
            assertThat(s.path("heading").asString()).isEqualTo("That code didn't work");
            assertThat(s.path("subheading").asString()).isEqualTo("Check the code and try again — 2 tries left");
        });
    }

    /**
     * The device runtime's overlay as the person saw it in a real run (the trace's screenshot after the
     * updateStatus, 1280 px), and the same words drawn by the device's own overlay code on the same
     * portal page at phone width (390 px): the retry message, then progress during the operation.
     */
    @Test
    void the_device_overlay_shows_the_retry_and_the_progress_at_desktop_and_phone_widths() throws IOException {
        JsonNode created = e2e.createLink("""
                {"integrationId":"tmobile","resource":"paymentMethod","action":"read","debug":true}""");
        JsonNode info = e2e.server.get("/link/info?code=" + created.get("claimCode").asString(), null).json();
        e2e.device(created, "user_typo");
        String linkId = created.get("linkId").asString();
        assertThat(e2e.settledLink(linkId).path("status").asString()).isEqualTo("complete");
        List<JsonNode> steps = new ArrayList<>();
        e2e.trace(linkId).path("sessions").get(0).path("steps").forEach(steps::add);
        JsonNode retry = steps.stream().filter(s -> s.path("status").path("heading").asString().equals("That password didn't work"))
                .findFirst().orElseThrow();
        JsonNode progress = steps.stream().filter(s -> s.path("operation").asString().equals("paymentMethod.read")
                && s.path("status").path("subheading").asString().startsWith("Reading the saved cards")).findFirst().orElseThrow();
        Path dir = Path.of("target", "screenshots", "device").toAbsolutePath();
        Files.createDirectories(dir);
        Files.write(dir.resolve("retry-desktop.png"), Base64.getDecoder().decode(retry.path("screenshot").asString()));
        Files.write(dir.resolve("progress-desktop.png"), Base64.getDecoder().decode(progress.path("screenshot").asString()));

        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(Path.of("/usr/bin/chromium")).setArgs(List.of("--no-sandbox", "--disable-gpu")));
            Page phone = browser.newPage(new Browser.NewPageOptions().setViewportSize(390, 844));
            StatusOverlay overlay = new StatusOverlay(phone, Clock.systemUTC(), info);
            overlay.running();
            String portal = e2e.sandbox.url("tmobile");
            phone.navigate(portal + "/signin");
            phone.fill("#usernameInput", "user_good");
            phone.click("#lp1-next-btn");
            phone.fill("#passwordInput", "pass_goof");
            phone.click("#lp2-login-btn");
            phone.waitForSelector(".tmo-alert--error");
            overlay.personsTurn();
            overlay.status(retry.path("status"));
            overlay.render();
            phone.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve("retry-phone.png")));
            phone.fill("#passwordInput", "pass_good");
            phone.click("#lp2-login-btn");
            phone.waitForURL("**/account/overview");
            phone.navigate(portal + "/account/payments/methods");
            overlay.command(Command.NAVIGATE);
            overlay.status(progress.path("status"));
            overlay.pageChanged();
            overlay.render();
            phone.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve("progress-phone.png")));
            assertThat(overlay.shown().path("heading").asString()).isEqualTo(progress.path("status").path("heading").asString());
        }
    }
}
