package dev.passage.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.passage.server.testing.TestServer;
import dev.passage.server.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Malformed input of every kind gets a clear 4xx in the error shape, never a 500, a stack trace in a
 * body or an ERROR line: requests written byte by byte on a raw socket, as a hostile client would.
 */
class MalformedInputTest {
    static TestServer server;
    static String key;
    static final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeAll
    static void start() {
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        server = TestServer.start("sqlite");
        key = server.newOrgKey();
    }

    @AfterAll
    static void stop() {
        server.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    @BeforeEach
    void clearLogs() {
        logs.list.clear();
    }

    /** A raw HTTP/1.1 exchange: the status line's code, the headers and the body as text. */
    record Raw(int status, String head, String body) {
        JsonNode json() {
            return Json.mapper().readTree(body);
        }
    }

    private static Raw raw(byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.passage.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            try {
                while ((n = in.read(buffer)) > 0) {
                    all.write(buffer, 0, n);
                    String text = all.toString(StandardCharsets.ISO_8859_1);
                    int end = text.indexOf("\r\n\r\n");
                    if (end > 0) {
                        int length = contentLength(text.substring(0, end));
                        if (length >= 0 && all.size() >= end + 4 + length) {
                            break;
                        }
                    }
                }
            } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
                // What was read is the answer.
            }
            String text = all.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            String body = end < 0 ? "" : text.substring(end + 4);
            int status = head.length() >= 12 ? Integer.parseInt(head.substring(9, 12)) : -1;
            return new Raw(status, head, body);
        }
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).strip());
            }
        }
        return -1;
    }

    private static byte[] post(String path, byte[] body) {
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    private static void assertNoErrorLines() {
        assertThat(logs.list).noneSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.ERROR));
        assertThat(logs.list).allSatisfy(e -> assertThat(e.getThrowableProxy()).as(e.getFormattedMessage()).isNull());
    }

    @Test
    void numbers_too_large_for_a_schema_check_are_a_400_naming_their_path() throws IOException {
        for (String number : List.of("1e19", "1e30", "-1e30", "9.3e18", "1e400", "123456789012345678901234567890")) {
            Raw r = raw(post("/v1/links", ("{\"integrationId\":\"tmobile\",\"resource\":\"mobileBillingStatement\",\"action\":\"read\","
                    + "\"arguments\":{\"limit\":" + number + "}}").getBytes(StandardCharsets.UTF_8)));
            assertThat(r.status()).as(number + " " + r.body()).isEqualTo(400);
            assertThat(r.body()).as(number).contains("arguments.limit");
        }
        assertNoErrorLines();
    }

    @Test
    void a_lone_surrogate_and_overlong_utf8_are_a_400_and_nothing_is_stored() throws IOException {
        Raw surrogate = raw(post("/v1/links", "{\"integrationId\":\"tmobile\",\"resource\":\"paymentMethod\",\"action\":\"read\",\"externalUserId\":\"a\\ud800b\"}"
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(surrogate.status()).as(surrogate.body()).isEqualTo(400);
        assertThat(surrogate.body()).contains("externalUserId");

        byte[] overlong = "{\"integrationId\":\"tmobile\",\"resource\":\"paymentMethod\",\"action\":\"read\",\"externalUserId\":\"a__b\"}"
                .getBytes(StandardCharsets.ISO_8859_1);
        int at = new String(overlong, StandardCharsets.ISO_8859_1).indexOf("__");
        overlong[at] = (byte) 0xC0;
        overlong[at + 1] = (byte) 0xAF;
        Raw bad = raw(post("/v1/links", overlong));
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(bad.json().get("error").asString()).containsIgnoringCase("UTF-8");
        long stored = server.passage.database().read(h -> h.createQuery(
                "SELECT COUNT(*) FROM links WHERE external_user_id LIKE 'a%b'").mapTo(Long.class).one());
        assertThat(stored).isZero();
        assertNoErrorLines();
    }

    @Test
    void thousands_of_unknown_fields_get_a_short_list_of_issues() throws IOException {
        StringBuilder body = new StringBuilder("{\"integrationId\":\"tmobile\",\"resource\":\"paymentMethod\",\"action\":\"read\"");
        for (int i = 0; i < 5000; i++) {
            body.append(",\"f").append(i).append("\":1");
        }
        Raw r = raw(post("/v1/links", body.append('}').toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().length()).isLessThan(20_000);
        assertThat(r.json().get("issues").size()).isLessThanOrEqualTo(101);
        assertThat(r.body()).contains("more");
    }

    @Test
    void a_malformed_chunk_size_is_a_400_and_a_client_hanging_up_mid_body_is_one_quiet_line() throws Exception {
        String head = "POST /v1/links HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        Raw chunk = raw((head + "zz\r\n{}\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(chunk.status()).as(chunk.head()).isEqualTo(400);

        try (Socket socket = new Socket("127.0.0.1", server.passage.port())) {
            String partial = "POST /v1/links HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
                    + "\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"integrationId\":";
            socket.getOutputStream().write(partial.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            Thread.sleep(200);
        }
        Thread.sleep(500);
        assertNoErrorLines();
    }

    @Test
    void a_websocket_upgrade_without_its_key_is_a_400_in_the_error_shape() throws IOException {
        for (String path : List.of("/link/ws?code=clm_x", "/sessions/session_x/ws?role=client&token=ct_x")) {
            Raw r = raw(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(r.status()).as(path + "\n" + r.head()).isIn(400, 401, 404);
            assertThat(r.json().get("error").asString()).isNotBlank();
        }
        assertNoErrorLines();
    }

    @Test
    void websocket_refusals_carry_the_error_body_and_set_no_cookie() throws IOException {
        for (String path : List.of("/link/ws?code=clm_unknown", "/link/ws", "/sessions/session_x/ws?role=client&token=ct_x",
                "/sessions/session_x/ws?role=admin&token=x")) {
            Raw r = raw(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            assertThat(r.status()).as(path).isIn(400, 401, 404);
            assertThat(r.head().toLowerCase(java.util.Locale.ROOT)).as(path).doesNotContain("set-cookie");
            assertThat(r.json().get("error").asString()).as(path).isNotBlank();
        }
        assertNoErrorLines();
    }

    @Test
    void a_webhook_url_with_a_port_out_of_range_is_refused_at_create() throws IOException {
        for (String url : List.of("http://example.com:65536/hook", "http://example.com:0/hook", "http://example.com:99999999999/x")) {
            Raw r = raw(post("/v1/links", ("{\"integrationId\":\"tmobile\",\"resource\":\"paymentMethod\",\"action\":\"read\","
                    + "\"webhookUrl\":\"" + url + "\"}").getBytes(StandardCharsets.UTF_8)));
            assertThat(r.status()).as(url + " " + r.body()).isEqualTo(400);
            assertThat(r.body()).contains("webhookUrl");
        }
    }
}
