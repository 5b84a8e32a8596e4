package dev.passage.device;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a link is for, as {@code GET /link/info} tells it without claiming: who asked, which service,
 * which operations (never their arguments). {@code json} is the answer as the server gave it.
 */
public record LinkInfo(String linkId, String status, String organization, String integration, JsonNode json) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Reads the link of {@code target}'s code; a refusal becomes a {@link DeviceException} for the person. */
    public static LinkInfo fetch(HttpClient http, LinkClaim.Target target) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.server() + "/link/info?code="
                        + URLEncoder.encode(target.code(), StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<String> response = LinkClaim.send(http, request, target, "reading the link");
        JsonNode json;
        try {
            json = JSON.readTree(response.body());
        } catch (RuntimeException e) {
            json = JSON.createObjectNode();
        }
        switch (response.statusCode()) {
            case 200 -> { }
            case 404 -> throw new DeviceException("The Passage server at " + target.server()
                    + " has no link with this code; check the link you were given.");
            case 429 -> throw new DeviceException("The Passage server at " + target.server()
                    + " has had too many attempts from this address; try again in a minute.");
            default -> throw new DeviceException("Could not read the link from " + target.server() + " (HTTP "
                    + response.statusCode() + (json.path("error").isString() ? ": " + json.get("error").asString() : "") + ").");
        }
        return new LinkInfo(json.path("linkId").asString(""), json.path("status").asString(""),
                json.path("organization").path("name").asString("An app"),
                json.path("integration").path("name").asString("the service"), json);
    }
}
