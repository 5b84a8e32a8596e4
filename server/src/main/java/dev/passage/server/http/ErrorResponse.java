package dev.passage.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.passage.server.errors.ValidationException;
import java.util.List;

/** Every error body (SPEC §6): {@code {"error": "…"}}, plus {@code issues} with dot paths for validation failures. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorResponse(String error, List<ValidationException.Issue> issues) {
    public ErrorResponse(String error) {
        this(error, null);
    }
}
