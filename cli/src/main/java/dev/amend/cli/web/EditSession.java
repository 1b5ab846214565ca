package dev.amend.cli.web;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.amend.api.HParams;
import dev.amend.api.Progress;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.TokenBatch;
import dev.amend.cli.EditPrompts;
import dev.amend.harness.HParamsChoice;
import dev.amend.registry.AmendRuntime;
import dev.amend.registry.EditOutcome;
import dev.amend.registry.Editor;
import dev.amend.toolkit.io.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * One visitor's model and the edits in force on it, newest last. Answers take the session's read lock, edits and
 * reverts its write lock, so an answer never sees half-applied weights; edits of all sessions also take one lock
 * for the JVM, since gradient-based methods need the JVM's one gradient collector.
 */
final class EditSession {

    /** The most tokens an answer may generate. */
    static final int MAX_NEW_TOKENS = 32;
    private static final int TOP_K = 5;
    private static final ReentrantLock APPLY = new ReentrantLock();

    /** An edit in force: its id, method and request. */
    record Applied(int id, String method, String preset, EditRequest request, AppliedEdit edit) {}

    /** A prompt's greedy continuation and the most likely next tokens, most likely first. */
    record Answer(String prompt, String continuation, List<Token> top) {}

    /** A next token and its probability. */
    record Token(String token, double probability) {}

    /** A prompt answered before and after an edit. */
    record Comparison(String label, String prompt, String before, String after) {}

    /** A metric's value before and after an edit. */
    record BeforeAfter(double before, double after) {}

    /** What an edit did. */
    record EditResult(Applied applied, List<Comparison> answers, Map<String, BeforeAfter> metrics, double seconds) {}

    private final String id;
    private final String address;
    private final AmendRuntime runtime;
    private final LanguageModel base;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final List<Applied> applied = new ArrayList<>();
    private volatile Instant lastUsed;
    private int nextId = 1;
    private boolean closed;

    EditSession(String id, String address, AmendRuntime runtime, LanguageModel base, Instant now) {
        this.id = id;
        this.address = address;
        this.runtime = runtime;
        this.base = base;
        this.lastUsed = now;
    }

    String id() {
        return id;
    }

    /** The address of the client that started it. */
    String address() {
        return address;
    }

    Instant lastUsed() {
        return lastUsed;
    }

    void touch(Instant now) {
        lastUsed = now;
    }

    /** The model as this visitor's edits left it. */
    private LanguageModel current() {
        return applied.isEmpty() ? base : applied.get(applied.size() - 1).edit().model();
    }

    /** The greedy continuation of {@code prompt} and its {@value #TOP_K} most likely next tokens. */
    Answer ask(String prompt, int maxNewTokens) {
        return read(() -> {
            LanguageModel model = current();
            int[] ids = model.tokenizer().encode(prompt, true);
            String continuation = model.tokenizer().decode(model.generate(List.of(ids), maxNewTokens).get(0)).strip();
            List<Token> top = new ArrayList<>();
            try (NDManager m = NDManager.newBaseManager(model.spec().device())) {
                NDArray logits = model.forward(m, TokenBatch.of(ids)).logits(0);
                NDArray p = logits.get(logits.getShape().get(0) - 1).softmax(0);
                long[] order = p.argSort(0, false).toLongArray();
                float[] probabilities = p.toFloatArray();
                for (int i = 0; i < Math.min(TOP_K, order.length); i++) {
                    int token = (int) order[i];
                    top.add(new Token(model.tokenizer().token(token), probabilities[token]));
                }
            }
            return new Answer(prompt, continuation, top);
        });
    }

    /**
     * Applies one edit with {@code method} ({@code preset}, or its defaults, then {@code overrides}) on top of this
     * visitor's earlier edits, and compares the answers to the edit prompt, its rephrasings and locality prompts.
     */
    EditResult edit(EditRequest request, String method, String preset, Map<String, String> overrides) {
        EditMethodProvider<?> provider = runtime.providers().method(method);
        HParams h;
        try {
            h = HParamsChoice.configure(runtime.hparams(), provider, null, preset, overrides);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the hparams of " + method, e);
        }
        Map<String, String> prompts = EditPrompts.prompts(request);
        APPLY.lock();
        lock.writeLock().lock();
        try {
            requireOpen();
            LanguageModel model = current();
            List<String> before = EditPrompts.generate(model, new ArrayList<>(prompts.keySet()));
            Editor editor = runtime.editor(method, h, model, runtime.context(0, Progress.NONE),
                    List.of("reliability", "generalization", "locality"));
            long t0 = System.nanoTime();
            EditOutcome outcome = editor.edit(List.of(request));
            double seconds = (System.nanoTime() - t0) / 1e9;
            Applied entry = new Applied(nextId++, method, preset, request, outcome.edit());
            applied.add(entry);
            List<String> after = EditPrompts.generate(outcome.edit().model(), new ArrayList<>(prompts.keySet()));
            List<Comparison> answers = new ArrayList<>();
            int i = 0;
            for (Map.Entry<String, String> p : prompts.entrySet()) {
                answers.add(new Comparison(p.getValue(), p.getKey(), before.get(i), after.get(i)));
                i++;
            }
            Map<String, BeforeAfter> metrics = new LinkedHashMap<>();
            var scores = outcome.scores().get(0);
            scores.post().forEach((name, post) -> metrics.put(name, new BeforeAfter(scores.pre().get(name), post)));
            return new EditResult(entry, answers, metrics, seconds);
        } finally {
            lock.writeLock().unlock();
            APPLY.unlock();
        }
    }

    /** The edits in force, oldest first. */
    List<Applied> edits() {
        return read(() -> List.copyOf(applied));
    }

    /**
     * Reverts edit {@code editId} and every edit made after it (newest first: each was made on top of the ones
     * before), returning their ids.
     *
     * @throws NotFoundException when no edit in force has that id
     */
    List<Integer> revert(int editId) {
        lock.writeLock().lock();
        try {
            requireOpen();
            int index = -1;
            for (int i = 0; i < applied.size(); i++) {
                if (applied.get(i).id() == editId) {
                    index = i;
                }
            }
            if (index < 0) {
                throw new NotFoundException("no edit " + editId + " is in force in this session; in force: "
                        + applied.stream().map(Applied::id).toList());
            }
            List<Integer> reverted = new ArrayList<>();
            while (applied.size() > index) {
                Applied last = applied.remove(applied.size() - 1);
                last.edit().close();
                reverted.add(last.id());
            }
            return reverted;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Edit {@code editId} saved as a zip ({@code edit.json} and its tensors), for download. */
    byte[] download(int editId) throws java.io.IOException {
        Applied entry = read(() -> applied.stream().filter(a -> a.id() == editId).findFirst().orElseThrow(
                () -> new NotFoundException("no edit " + editId + " is in force in this session")));
        Path dir = Files.createTempDirectory("amend-edit");
        try {
            runtime.edits().save(entry.edit(), dir.resolve("edit"));
            return EditZips.zip(dir.resolve("edit"));
        } finally {
            FileTrees.delete(dir);
        }
    }

    /**
     * Applies an uploaded edit (a zip made by {@link #download}) on top of this visitor's edits, read by the same
     * loader as every saved edit ({@code runtime.edits()}); it must have been made on the model as it is now (its
     * weights' fingerprint is checked). Why an upload is refused is told without the server's temporary folder.
     */
    Applied upload(byte[] zip) throws java.io.IOException {
        Path dir = Files.createTempDirectory("amend-upload");
        try {
            EditZips.unzip(zip, dir);
            lock.writeLock().lock();
            try {
                requireOpen();
                AppliedEdit edit = UploadMessages.withoutFolder(dir, () -> runtime.edits().apply(dir, current()));
                EditRequest request = edit.state().requests().get(0);
                Applied entry = new Applied(nextId++, edit.state().method(), null, request, edit);
                applied.add(entry);
                return entry;
            } finally {
                lock.writeLock().unlock();
            }
        } finally {
            FileTrees.delete(dir);
        }
    }

    /** The weights' fingerprint of the base copy (equal to the loaded model's once every edit is reverted). */
    String baseFingerprint() {
        return read(base.weights()::fingerprint);
    }

    /** Reverts every edit and frees the model. */
    void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (int i = applied.size() - 1; i >= 0; i--) {
                applied.get(i).edit().close();
            }
            applied.clear();
            base.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private <T> T read(Supplier<T> action) {
        lock.readLock().lock();
        try {
            requireOpen();
            return action.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new NotFoundException("this session has expired; reload the page to start a new one");
        }
    }

    /** What a request names does not exist (a 404 for the visitor). */
    static final class NotFoundException extends RuntimeException {
        NotFoundException(String message) {
            super(message);
        }
    }
}
