package dev.passage.server.http;

import dev.passage.server.json.Json;
import dev.passage.server.errors.PassageException;
import dev.passage.server.errors.ValidationException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become HTTP statuses and the API reference's {@code {error, issues}} body. */
final class ErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {}

    static void register(RoutesConfig routes) {
        routes.exception(PassageException.class, (e, ctx) -> write(ctx, status(e), e.getMessage(), issuesOf(e)));
        routes.exception(HttpResponseException.class, (e, ctx) -> write(ctx, e.getStatus(), javalinMessage(e), null));
        routes.exception(Exception.class, (e, ctx) -> {
            String fault = clientFault(e);
            if (fault != null) {
                // The client's mistake (a malformed chunk, a body cut short): one quiet line, a 400.
                log.info("{} {}: {}", ctx.method(), ctx.path(), fault);
                write(ctx, 400, fault, null);
                return;
            }
            log.error("Unhandled error on {} {}", ctx.method(), ctx.path(), e);
            write(ctx, 500, "Internal error; the request id names it in the server's log.", null);
        });
    }

    /**
     * What the client did wrong, when {@code e} comes from reading a request it broke: an HTTP framing
     * error (a malformed chunk size, a bad header) or a connection closed before the body was complete.
     * Null for a failure of the server's own.
     */
    static String clientFault(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.eclipse.jetty.http.BadMessageException bad) {
                return "The request is malformed" + (bad.getReason() == null ? "" : ": " + bad.getReason()) + ".";
            }
            if (t instanceof org.eclipse.jetty.http.HttpException.RuntimeException http && http.getCode() >= 400
                    && http.getCode() < 500) {
                return "The request is malformed" + (http.getReason() == null ? "" : ": " + http.getReason()) + ".";
            }
            if (t instanceof java.io.EOFException || t instanceof org.eclipse.jetty.io.EofException
                    || t.getClass().getSimpleName().contains("EofException")) {
                return "The request ended before its body was complete.";
            }
        }
        return null;
    }

    static int status(PassageException e) {
        return switch (e) {
            case ValidationException v -> 400;
            case PassageException.BadRequest b -> 400;
            case PassageException.Unauthorized u -> 401;
            case PassageException.NotFound n -> 404;
            case PassageException.Conflict c -> 409;
            case PassageException.Gone g -> 410;
            case PassageException.TooLarge t -> 413;
            case PassageException.UnsupportedMediaType m -> 415;
            case PassageException.TooManyRequests r -> 429;
            case PassageException.Unprocessable u -> 422;
            case PassageException.Upstream u -> 502;
        };
    }

    private static List<ValidationException.Issue> issuesOf(PassageException e) {
        return e instanceof ValidationException v ? v.issues() : null;
    }

    private static String javalinMessage(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> "Not found.";
            case 405 -> "Method not allowed.";
            case 413 -> "Request body is too large.";
            default -> e.getMessage() == null || e.getMessage().isBlank() ? "Request failed." : e.getMessage();
        };
    }

    static void write(Context ctx, int status, String message, List<ValidationException.Issue> issues) {
        if (isUpgrade(ctx)) {
            // A refused websocket upgrade never reaches the normal response writing: write the body here.
            try {
                byte[] body = Json.mapper().writeValueAsBytes(new ErrorResponse(message, issues));
                var res = ctx.res();
                res.setStatus(status);
                res.setContentType("application/json");
                res.setContentLength(body.length);
                res.getOutputStream().write(body);
                res.flushBuffer();
            } catch (java.io.IOException | RuntimeException e) {
                log.debug("The refusal of a websocket upgrade could not be written", e);
            }
            return;
        }
        ctx.status(status).json(new ErrorResponse(message, issues));
    }

    private static boolean isUpgrade(Context ctx) {
        String upgrade = ctx.header("Upgrade");
        return upgrade != null && upgrade.equalsIgnoreCase("websocket") && ctx.header("Sec-WebSocket-Key") != null;
    }
}
