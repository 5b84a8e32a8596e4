package dev.passage.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A compact JWS ({@code header.payload.signature}, each base64url): parsed without trusting any of it.
 *
 * @param header the decoded header
 * @param payload the decoded payload
 * @param signingInput the bytes the signature covers: {@code header.payload} as sent
 * @param signature the decoded signature
 */
public record Jws(JsonNode header, JsonNode payload, byte[] signingInput, byte[] signature) {
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    /** Parses a compact JWS; throws {@link IllegalArgumentException} saying what is wrong with it. */
    public static Jws parse(String compact) {
        String[] parts = compact.strip().split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a compact JWS has three dot-separated parts, not " + parts.length);
        }
        JsonNode header = json(parts[0], "header");
        JsonNode payload = json(parts[1], "payload");
        byte[] signature;
        try {
            signature = DECODER.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the signature is not base64url");
        }
        return new Jws(header, payload, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), signature);
    }

    private static JsonNode json(String part, String what) {
        JsonNode node;
        try {
            node = Json.parse(DECODER.decode(part));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + what + " is not base64url JSON");
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("the " + what + " is not a JSON object");
        }
        return node;
    }

    /** base64url without padding. */
    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }
}
