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
            log.error("Unhandled error on {} {}", ctx.method(), ctx.path(), e);
            write(ctx, 500, "Internal error; the request id names it in the server's log.", null);
        });
    }

    static int status(PassageException e) {
        return switch (e) {
            case ValidationException v -> 400;
            case PassageException.BadRequest b -> 400;
            case PassageException.Unauthorized u -> 401;
            case PassageException.Forbidden f -> 403;
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
        ctx.status(status).json(new ErrorResponse(message, issues));
    }
}
