package dev.passage.sandbox.web;

import tools.jackson.databind.json.JsonMapper;

/** The JSON mapper of the portals' APIs. */
public final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {}

    /** The shared mapper. */
    public static JsonMapper mapper() {
        return MAPPER;
    }
}
