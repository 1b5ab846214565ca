package dev.amend.cli.web;

import dev.amend.api.InvalidInputException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.router.EndpointNotFound;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Maps what a request can fail with to its status and a {@link Problem}: bad input 400 (naming the field where one is
 * at fault), an unknown edit, page or API 404, a body too large 413, every session in use 503, anything else 500.
 */
final class Problems {

    private Problems() {}

    /** Registers the mapping on {@code routes}. */
    static void register(RoutesConfig routes) {
        routes.exception(InvalidFieldException.class,
                (e, ctx) -> send(ctx, Problem.invalidField(e.field(), e.getMessage())));
        routes.exception(InvalidInputException.class, (e, ctx) -> send(ctx, HttpStatus.BAD_REQUEST, e.getMessage()));
        routes.exception(IllegalArgumentException.class,
                (e, ctx) -> send(ctx, HttpStatus.BAD_REQUEST, e.getMessage()));
        routes.exception(EditSession.NotFoundException.class,
                (e, ctx) -> send(ctx, HttpStatus.NOT_FOUND, e.getMessage()));
        routes.exception(RequestBodies.BodyTooLargeException.class,
                (e, ctx) -> send(ctx, HttpStatus.CONTENT_TOO_LARGE, e.getMessage()));
        routes.exception(EditSessions.SessionsFullException.class,
                (e, ctx) -> send(ctx, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage()));
        routes.exception(EndpointNotFound.class, (e, ctx) -> send(ctx, HttpStatus.NOT_FOUND, nothingAt(ctx)));
        routes.exception(HttpResponseException.class,
                (e, ctx) -> send(ctx, HttpStatus.forStatus(e.getStatus()), e.getMessage()));
        routes.exception(Exception.class,
                (e, ctx) -> send(ctx, HttpStatus.INTERNAL_SERVER_ERROR, "internal error: " + e));
    }

    /** What a request for an unknown path gets told: no such API call, or no such page. */
    private static String nothingAt(Context ctx) {
        return ctx.path().startsWith("/api/") ? "no API " + ctx.method() + " " + ctx.path() : "no page " + ctx.path();
    }

    private static void send(Context ctx, HttpStatus status, String detail) {
        send(ctx, Problem.of(status, detail));
    }

    private static void send(Context ctx, Problem problem) {
        try {
            ctx.status(problem.status()).contentType(Problem.CONTENT_TYPE)
                    .result(ApiJson.MAPPER.writeValueAsBytes(problem));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the problem " + problem, e);
        }
    }
}
