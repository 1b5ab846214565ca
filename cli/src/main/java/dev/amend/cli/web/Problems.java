package dev.amend.cli.web;

import dev.amend.api.InvalidInputException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.router.EndpointNotFound;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps what a request can fail with to its status and a {@link Problem}: bad input 400 (naming the field where one is
 * at fault), no live session 403, an unknown edit, page or API 404, a body that stalls 408, a body too large 413, too
 * many sessions for the client's address 429, every session in use 503, anything else 500 (whose cause goes to the
 * server's log, not to the client: it may name server paths).
 */
final class Problems {

    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private Problems() {}

    /** Registers the mapping on {@code routes}. */
    static void register(RoutesConfig routes) {
        routes.exception(InvalidFieldException.class,
                (e, ctx) -> send(ctx, Problem.invalidField(e.field(), e.getMessage())));
        routes.exception(InvalidInputException.class, (e, ctx) -> send(ctx, HttpStatus.BAD_REQUEST, e.getMessage()));
        routes.exception(IllegalArgumentException.class,
                (e, ctx) -> send(ctx, HttpStatus.BAD_REQUEST, e.getMessage()));
        routes.exception(DemoApi.NoSessionException.class, (e, ctx) -> send(ctx, Problem.noSession(e.getMessage())));
        routes.exception(EditSessions.TooManySessionsException.class,
                (e, ctx) -> send(ctx, HttpStatus.TOO_MANY_REQUESTS, e.getMessage()));
        routes.exception(RequestBodies.BodyNotReadException.class,
                (e, ctx) -> send(ctx, e.timedOut() ? HttpStatus.REQUEST_TIMEOUT : HttpStatus.BAD_REQUEST,
                        e.getMessage()));
        routes.exception(EditSession.NotFoundException.class,
                (e, ctx) -> send(ctx, HttpStatus.NOT_FOUND, e.getMessage()));
        routes.exception(RequestBodies.BodyTooLargeException.class,
                (e, ctx) -> send(ctx, HttpStatus.CONTENT_TOO_LARGE, e.getMessage()));
        routes.exception(EditSessions.SessionsFullException.class,
                (e, ctx) -> send(ctx, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage()));
        routes.exception(EndpointNotFound.class, (e, ctx) -> send(ctx, HttpStatus.NOT_FOUND, nothingAt(ctx)));
        routes.exception(HttpResponseException.class,
                (e, ctx) -> send(ctx, HttpStatus.forStatus(e.getStatus()), e.getMessage()));
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            send(ctx, HttpStatus.INTERNAL_SERVER_ERROR, "internal error (" + e.getClass().getSimpleName()
                    + "); the server's log has the details");
        });
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
