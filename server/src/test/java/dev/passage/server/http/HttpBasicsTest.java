package dev.passage.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.passage.server.testing.TestServer;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What every response and every log line owes, over real HTTP. */
class HttpBasicsTest {
    static TestServer server;
    static ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeAll
    static void start() {
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        server = TestServer.start("sqlite");
    }

    @AfterAll
    static void stop() {
        server.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    @Test
    void health_answers_ok_when_the_database_does() {
        var r = server.get("/healthz", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asString()).isEqualTo("ok");
    }

    @Test
    void every_response_carries_a_request_id_including_errors() {
        assertThat(server.get("/healthz", null).header("X-Request-Id")).hasValueSatisfying(v -> assertThat(v).startsWith("req_"));
        assertThat(server.get("/v1/links", null).header("X-Request-Id")).isPresent();
        assertThat(server.get("/no/such/path", null).header("X-Request-Id")).isPresent();
        assertThat(server.postJson("/v1/links", server.newOrgKey(), "{").header("X-Request-Id")).isPresent();
    }

    @Test
    void a_sane_request_id_from_the_caller_is_kept_and_logged() {
        var r = server.send(HttpRequest.newBuilder(server.uri("/healthz")).header("X-Request-Id", "trace-abc.123").GET().build());

        assertThat(r.header("X-Request-Id")).contains("trace-abc.123");
        assertThat(logs.list).anySatisfy(e -> {
            assertThat(e.getMDCPropertyMap()).containsEntry("requestId", "trace-abc.123");
            assertThat(e.getFormattedMessage()).contains("/healthz");
        });
        var odd = server.send(HttpRequest.newBuilder(server.uri("/healthz")).header("X-Request-Id", "bad id\u00e9").GET().build());
        assertThat(odd.header("X-Request-Id")).hasValueSatisfying(v -> assertThat(v).startsWith("req_"));
    }

    @Test
    void unknown_paths_and_methods_answer_in_the_error_shape() {
        var notFound = server.get("/nowhere", null);
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.json().get("error").asString()).isNotBlank();

        var wrongMethod = server.send(HttpRequest.newBuilder(server.uri("/healthz"))
                .method("DELETE", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(wrongMethod.status()).isBetween(404, 405);
        assertThat(wrongMethod.json().get("error").asString()).isNotBlank();
    }

    @Test
    void the_app_clip_url_lands_on_a_page_that_says_how_to_open_the_link() {
        var created = server.postJson("/v1/links", server.newOrgKey(),
                "{\"integrationId\":\"tmobile\",\"resource\":\"paymentMethod\",\"action\":\"read\"}").json();
        var page = server.get(java.net.URI.create(created.get("appClipUrl").asString()).getRawPath() + "?code="
                + created.get("claimCode").asString(), null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.body()).contains("passage device '" + created.get("appClipUrl").asString() + "'");
        var bad = server.get("/clip?code=%3Cscript%3E", null);
        assertThat(bad.status()).isEqualTo(404);
        assertThat(bad.body()).doesNotContain("<script>");
    }

    @Test
    void a_uri_the_http_layer_refuses_still_gets_the_error_shape() {
        var r = server.get("/v1/links/%00", null);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(r.json().get("error").asString()).contains("could not be read");
    }

    @Test
    void secrets_never_reach_the_logs() {
        String key = server.newOrgKey();
        var created = server.postJson("/v1/links", key, """
                {"integrationId":"tmobile","resource":"paymentMethod","action":"write","arguments":{
                  "cardNumber":"5555555555554444","expirationDate":"01/30","cvv":"314","nameOnCard":"N",
                  "billingZip":"10001"}}""");
        assertThat(created.status()).isEqualTo(201);
        String claimCode = created.json().get("claimCode").asString();
        server.postJson("/v1/links", key, "{\"integrationId\":\"tmobile\",\"resource\":\"paymentMethod\",\"action\":\"write\","
                + "\"arguments\":{\"cardNumber\":\"5555555555554444x\",\"cvv\":\"314\"}}");
        server.get("/v1/links?cursor=" + claimCode, key);

        assertThat(logs.list).isNotEmpty().allSatisfy(e -> assertThat(e.getFormattedMessage() + e.getMDCPropertyMap())
                .doesNotContain("5555555555554444").doesNotContain("314\"").doesNotContain(key).doesNotContain(claimCode));
    }
}
