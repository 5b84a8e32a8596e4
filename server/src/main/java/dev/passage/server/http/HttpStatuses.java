package dev.passage.server.http;

import dev.passage.server.errors.PassageException;

/** The HTTP status of each failure kind, for pages that answer in HTML rather than the JSON error shape. */
public final class HttpStatuses {
    private HttpStatuses() {}

    /** The status {@code ErrorMapper} gives {@code e}: one mapping for JSON and HTML alike. */
    public static int of(PassageException e) {
        return ErrorMapper.status(e);
    }
}
