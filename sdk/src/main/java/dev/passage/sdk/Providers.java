package dev.passage.sdk;

import dev.passage.sdk.internal.HttpTransport;
import dev.passage.sdk.internal.Json;
import dev.passage.sdk.model.Provider;
import java.util.List;
import java.util.Map;

/** {@code /v1/providers}: the integrations that can be linked, with their JSON Schemas. */
public final class Providers {
    private final HttpTransport transport;

    Providers(HttpTransport transport) {
        this.transport = transport;
    }

    /** Every integration, with its resources and operations. */
    public List<Provider> list() {
        return list(RequestOptions.NONE);
    }

    /** Every integration, with per-call options. */
    public List<Provider> list(RequestOptions options) {
        return Json.list(transport.get("/v1/providers", Map.of(), options).body(), "providers", Provider::fromJson);
    }
}
