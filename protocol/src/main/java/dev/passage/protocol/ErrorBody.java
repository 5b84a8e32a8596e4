package dev.passage.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An error as the protocol carries it: {@code {"code": "…", "message": "…"}}. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ErrorBody(String code, String message) {}
