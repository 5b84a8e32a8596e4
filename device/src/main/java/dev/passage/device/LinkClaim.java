package dev.passage.device;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Claims a link with its code, as the device does when the person opens the link; {@code returnUrl} (or null) is where the person goes at the end. */
public record LinkClaim(String linkId, String sessionId, String clientToken, URI websocketUrl, long expiresAt,
                        String returnUrl) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Where to claim and with which code, from a bare {@code clm_…} code or an app-clip URL carrying one. */
    public record Target(URI server, String code) {
        public static Target parse(String codeOrUrl, URI defaultServer) {
            if (codeOrUrl.startsWith("clm_")) {
                return new Target(defaultServer, codeOrUrl);
            }
            URI url = URI.create(codeOrUrl);
            String query = url.getRawQuery() == null ? "" : url.getRawQuery();
            for (String pair : query.split("&")) {
                if (pair.startsWith("code=")) {
                    String code = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
                    // The app-clip URL is <public-url>/clip?code=…: the server is the same origin and base path.
                    String path = url.getRawPath() == null ? "" : url.getRawPath();
                    String base = path.endsWith("/clip") ? path.substring(0, path.length() - "/clip".length()) : "";
                    return new Target(URI.create(url.getScheme() + "://" + url.getRawAuthority() + base), code);
                }
            }
            throw new DeviceException("Give a claim code (clm_…) or an app-clip URL with ?code=clm_…, not " + codeOrUrl);
        }
    }

    /** POSTs the code to {@code /link/claim}; a refusal becomes a {@link DeviceException} with the server's words. */
    public static LinkClaim claim(HttpClient http, Target target) {
        String body = JSON.createObjectNode().put("code", target.code()).toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.server() + "/link/claim"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = send(http, request, target, "claiming the link");
        JsonNode json;
        try {
            json = JSON.readTree(response.body());
        } catch (RuntimeException e) {
            throw new DeviceException("Claim failed with HTTP " + response.statusCode());
        }
        if (response.statusCode() != 200) {
            throw new DeviceException("Claim refused (HTTP " + response.statusCode() + "): " + json.path("error").asString(""));
        }
        return new LinkClaim(json.get("linkId").asString(), json.get("sessionId").asString(),
                json.get("clientToken").asString(), URI.create(json.get("websocketUrl").asString()),
                json.path("expiresAt").asLong(), json.path("returnUrl").isString() ? json.get("returnUrl").asString() : null);
    }

    /** Sends {@code request} to {@code target}'s server; a server out of reach is a {@link DeviceException} saying so. */
    static HttpResponse<String> send(HttpClient http, HttpRequest request, Target target, String doing) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DeviceException("Could not reach the Passage server at " + target.server() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException("Interrupted while " + doing);
        }
    }
}
