package dev.amend.cli.web;

import dev.amend.api.HParams;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.registry.AmendRuntime;
import dev.amend.registry.UnknownProviderException;
import dev.amend.registry.hparams.Presets;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The online demo's HTTP front, on Javalin: one page ({@code GET /}) and a JSON API, each visitor in its own
 * {@link EditSession} (cookie {@value #COOKIE}), which only an explicit start opens: every other call without a live
 * session gets a 403 {@link Problem} of type {@value Problem#NO_SESSION}, and opens nothing.
 * <ul>
 *   <li>{@code POST /api/sessions}: starts this visitor's session (201), or keeps the live one its cookie names
 *   (200);</li>
 *   <li>{@code GET /api/methods}: the editing methods, with capabilities and presets;</li>
 *   <li>{@code POST /api/ask} ({@link AskBody}): greedy continuation and the top next tokens;</li>
 *   <li>{@code POST /api/edits} ({@link EditBody}): applies the edit, returns answers before/after and the
 *   metrics;</li>
 *   <li>{@code GET /api/edits}: the edits in force; {@code DELETE /api/edits/ID}: reverts it and every later one;</li>
 *   <li>{@code GET /api/edits/ID/download}: the edit saved, as a zip; {@code POST /api/edits/upload} (the zip as the
 *   body): applies a downloaded edit on top of this visitor's edits.</li>
 * </ul>
 * Bad input gets a 4xx status and a {@link Problem} saying why; nothing is changed.
 */
final class DemoApi {

    static final String COOKIE = "amend_session";

    private final AmendRuntime runtime;
    private final EditSessions sessions;
    private final Map<String, String> overrides;
    private final byte[] page;

    /**
     * @param overrides hparams overrides applied after a method's preset, to each method whose hparams have the key
     *                  (paths the presets give relative to the checkout, made absolute)
     */
    DemoApi(AmendRuntime runtime, EditSessions sessions, Map<String, String> overrides) {
        this.runtime = runtime;
        this.sessions = sessions;
        this.overrides = overrides;
        this.page = page();
    }

    /** A Javalin app serving this API, not yet started; {@code server} says where and with which limits. */
    Javalin app(Consumer<JavalinConfig> server) {
        return Javalin.create(config -> {
            server.accept(config);
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jsonMapper(new JavalinJackson(ApiJson.MAPPER, false));
            routes(config.routes);
            Problems.register(config.routes);
        });
    }

    private void routes(RoutesConfig routes) {
        routes.before(ctx -> EngineThreads.recordNoGradients());
        routes.get("/", ctx -> ctx.contentType("text/html; charset=utf-8").result(page));
        routes.post("/api/sessions", this::start);
        routes.get("/api/methods", ctx -> ctx.json(methods()));
        routes.post("/api/ask", ctx -> {
            EditSession session = session(ctx);
            AskBody body = RequestBodies.json(ctx, AskBody.class);
            ctx.json(session.ask(body.prompt(), body.newTokens()));
        });
        routes.post("/api/edits", ctx -> {
            EditSession session = session(ctx);
            ctx.json(Replies.Edited.of(edit(session, RequestBodies.json(ctx, EditBody.class))));
        });
        routes.get("/api/edits", ctx -> ctx.json(session(ctx).edits().stream().map(Replies.Edit::of).toList()));
        routes.delete("/api/edits/{id}", ctx -> ctx.json(new Replies.Reverted(session(ctx).revert(editId(ctx)))));
        routes.get("/api/edits/{id}/download", this::download);
        routes.post("/api/edits/upload", ctx -> {
            EditSession session = session(ctx);
            ctx.json(Replies.Edit.of(session.upload(RequestBodies.read(ctx, RequestBodies.MAX_UPLOAD))));
        });
    }

    /** Opens a session for the visitor (its cookie set), unless its cookie names a live one already. */
    private void start(Context ctx) {
        if (sessions.find(ctx.cookie(COOKIE)) != null) {
            ctx.json(new Replies.Session(false, sessions.idleTimeout().toSeconds()));
            return;
        }
        EditSession session = sessions.open(ctx.ip());
        ctx.cookie(new Cookie(COOKIE, session.id(), "/", -1, false, true, null, SameSite.STRICT));
        ctx.status(HttpStatus.CREATED).json(new Replies.Session(true, sessions.idleTimeout().toSeconds()));
    }

    /** The visitor's live session. */
    private EditSession session(Context ctx) {
        String id = ctx.cookie(COOKIE);
        EditSession session = sessions.find(id);
        if (session == null) {
            throw new NoSessionException(id == null ? "no demo session: start one with POST /api/sessions (the page"
                    + " does when it loads)" : "this demo session has ended (idle for "
                    + sessions.idleTimeout().toMinutes() + " minutes, or the server restarted): start a new one with"
                    + " POST /api/sessions (reloading the page does)");
        }
        return session;
    }

    private List<Replies.Method> methods() {
        return runtime.providers().methods().values().stream().map(p -> new Replies.Method(p.name(), p.description(),
                p.capabilities().features().stream().sorted().map(Enum::name).toList(),
                Presets.names(p))).toList();
    }

    private EditSession.EditResult edit(EditSession session, EditBody body) {
        EditMethodProvider<?> method;
        try {
            method = runtime.providers().method(body.method());
        } catch (UnknownProviderException e) {
            throw new InvalidFieldException("method", e.getMessage());
        }
        return session.edit(body.request(), body.method(), body.preset(), applicable(method.hparamsType()));
    }

    private void download(Context ctx) throws IOException {
        int id = editId(ctx);
        byte[] zip = session(ctx).download(id);
        ctx.header("Content-Disposition", "attachment; filename=\"edit-" + id + ".zip\"")
                .contentType("application/zip").result(zip);
    }

    /** The edit id of the path. */
    private static int editId(Context ctx) {
        String id = ctx.pathParam("id");
        try {
            return Integer.parseInt(id);
        } catch (NumberFormatException e) {
            throw new InvalidFieldException("id", "edit id must be a number, got '" + id + "'");
        }
    }

    /** The overrides whose keys {@code hparams} accepts, as the hparams codec spells them. */
    private Map<String, String> applicable(Class<? extends HParams> hparams) {
        Set<String> keys = runtime.hparams().validKeys(hparams);
        Map<String, String> kept = new LinkedHashMap<>(overrides);
        kept.keySet().retainAll(keys);
        return kept;
    }

    /** A call that needs a session came without a live one (a 403). */
    static final class NoSessionException extends RuntimeException {
        NoSessionException(String message) {
            super(message);
        }
    }

    private static byte[] page() {
        try (InputStream in = DemoApi.class.getResourceAsStream("demo.html")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the demo page", e);
        }
    }
}
