package dev.amend.methods.serac;

import dev.amend.api.InvalidInputException;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.api.model.ModelLoader;
import dev.amend.api.model.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An archive's two models, loaded once and shared by the SERAC edits made on each other's views (sequential
 * editing): each edit holds a share, and the models are closed with the last share.
 */
final class TrainedParts implements AutoCloseable {

    private final SeracArchive archive;
    private final ScopeClassifier classifier;
    private final LanguageModel replacement;
    private int shares = 1;

    private TrainedParts(SeracArchive archive, ScopeClassifier classifier, LanguageModel replacement) {
        this.archive = archive;
        this.classifier = classifier;
        this.replacement = replacement;
    }

    /**
     * Loads an archive's models for edits of {@code base}, whose tokenizer the counterfactual model must share (its
     * logits stand in for the base model's).
     */
    static TrainedParts load(SeracArchive archive, LanguageModel base, ModelLoader models) {
        LanguageModel encoder = null;
        LanguageModel replacement = null;
        try {
            encoder = models.load(archive.classifier(), LoadOptions.cpu());
            replacement = models.load(archive.replacement(), LoadOptions.cpu());
            requireSameVocabulary(base.tokenizer(), replacement.tokenizer(), archive);
            return new TrainedParts(archive, new ScopeClassifier(encoder, archive.cos(), archive.square()), replacement);
        } catch (IOException e) {
            closeQuietly(encoder, replacement);
            throw new UncheckedIOException("cannot load the SERAC archive's models from " + archive.classifier()
                    .getParent(), e);
        } catch (RuntimeException e) {
            closeQuietly(encoder, replacement);
            throw e;
        }
    }

    private static void requireSameVocabulary(Tokenizer base, Tokenizer replacement, SeracArchive archive) {
        boolean same = base.vocabSize() == replacement.vocabSize();
        for (int id = 0; same && id < base.vocabSize(); id++) {
            same = base.token(id).equals(replacement.token(id));
        }
        if (!same) {
            throw new InvalidInputException(archive.replacement() + ": the counterfactual model's vocabulary differs"
                    + " from the edited model's (" + replacement.vocabSize() + " vs " + base.vocabSize() + " ids):"
                    + " SERAC puts its logits in the edited model's place, so train it with the same tokenizer");
        }
    }

    private static void closeQuietly(LanguageModel... models) {
        for (LanguageModel m : models) {
            if (m != null) {
                m.close();
            }
        }
    }

    SeracArchive archive() {
        return archive;
    }

    ScopeClassifier classifier() {
        return classifier;
    }

    LanguageModel replacement() {
        return replacement;
    }

    /** One more share, for an edit made on a view that uses these parts. */
    synchronized TrainedParts share() {
        if (shares == 0) {
            throw new IllegalStateException("the SERAC archive's models are closed");
        }
        shares++;
        return this;
    }

    /** Gives one share back; the last closes both models. */
    @Override
    public synchronized void close() {
        if (shares > 0 && --shares == 0) {
            closeQuietly(classifier.encoder(), replacement);
        }
    }
}
