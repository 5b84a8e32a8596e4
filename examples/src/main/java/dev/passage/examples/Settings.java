package dev.passage.examples;

import java.net.URI;
import java.util.Map;

/**
 * What the example app needs to know, from its environment: the API key of your organization
 * ({@code PASSAGE_API_KEY}), where Passage runs ({@code PASSAGE_URL}), the app's own port
 * ({@code EXAMPLE_PORT}) and the address Passage reaches it at for webhooks ({@code EXAMPLE_PUBLIC_URL}).
 */
public record Settings(String apiKey, URI passageUrl, int port, URI publicUrl) {

    /** The settings from environment variables; a missing API key is one clear sentence. */
    public static Settings fromEnv(Map<String, String> env) {
        String key = env.getOrDefault("PASSAGE_API_KEY", "").strip();
        if (!key.startsWith("psg_")) {
            throw new IllegalArgumentException("Set PASSAGE_API_KEY to an API key (psg_…): make one in the dashboard "
                    + "(API keys) or with ./passage key create --org ORG_ID.");
        }
        URI passage = URI.create(strip(env.getOrDefault("PASSAGE_URL", "http://localhost:8080")));
        int port = Integer.parseInt(env.getOrDefault("EXAMPLE_PORT", "3000"));
        URI publicUrl = URI.create(strip(env.getOrDefault("EXAMPLE_PUBLIC_URL", "http://localhost:" + port)));
        return new Settings(key, passage, port, publicUrl);
    }

    /** The same settings on another port (tests pick free ones); the public URL follows unless it was set apart. */
    public Settings withPort(int newPort) {
        return new Settings(apiKey, passageUrl, newPort, URI.create("http://127.0.0.1:" + newPort));
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
