package dev.passage.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The portals' seed data, for end-to-end tests that compare what an automation extracted with the portal. */
public final class SandboxData {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private SandboxData() {}

    /** The seed data of one portal by integration id ({@code tmobile}, {@code att}, …), newest first. */
    public static PortalData load(String integrationId) {
        if (!SandboxPortals.IDS.contains(integrationId)) {
            throw new IllegalArgumentException("no sandbox portal for integration '" + integrationId
                    + "'; known: " + SandboxPortals.IDS);
        }
        String resource = "/fixtures/" + integrationId + ".json";
        try (InputStream in = SandboxData.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return MAPPER.readValue(in, PortalData.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
