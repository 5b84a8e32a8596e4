package dev.passage.server.http;

import dev.passage.server.idempotency.IdempotencyService;
import io.javalin.http.Context;
import java.util.Optional;

/** The HTTP side of idempotent requests: the {@code Idempotency-Key} header in, the (replayed) answer out. */
public final class IdempotentReplies {
    private IdempotentReplies() {}

    /** The request's idempotency key, if it sent one. */
    public static Optional<String> key(Context ctx) {
        return Optional.ofNullable(ctx.header(IdempotencyService.HEADER));
    }

    /** Writes {@code reply}, marking a replayed one with {@code Idempotent-Replayed: true}. */
    public static void write(Context ctx, IdempotencyService.Reply reply) {
        if (reply.replayed()) {
            ctx.header(IdempotencyService.REPLAYED_HEADER, "true");
        }
        ctx.status(reply.status()).json(reply.body());
    }
}
