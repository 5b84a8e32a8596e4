package dev.passage.server.http;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/** Gives every request an id: the caller's {@code X-Request-Id} when it is sane, else a new one. */
final class RequestIds {
    static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {}

    static void assign(Context ctx) {
        String given = ctx.header(HEADER);
        String id = given != null && SANE.matcher(given).matches() ? given : "req_" + UUID.randomUUID();
        ctx.attribute(MDC_KEY, id);
        ctx.header(HEADER, id);
        MDC.put(MDC_KEY, id);
    }

    static String of(Context ctx) {
        String id = ctx.attribute(MDC_KEY);
        return id == null ? "-" : id;
    }
}
