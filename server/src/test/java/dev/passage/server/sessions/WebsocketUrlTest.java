package dev.passage.server.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Where a session's socket is, as the claim hands it out. */
class WebsocketUrlTest {
    @Test
    void websocket_urls_follow_the_public_url_scheme() {
        assertThat(SessionService.websocketUrl(URI.create("http://localhost:8080"), "session_1"))
                .isEqualTo("ws://localhost:8080/sessions/session_1/ws");
        assertThat(SessionService.websocketUrl(URI.create("https://connect.example.com/base"), "session_1"))
                .isEqualTo("wss://connect.example.com/base/sessions/session_1/ws");
    }
}
