package dev.amend.tutorials;

import dev.amend.api.HParams;
import dev.amend.api.Progress;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.harness.data.EditDatasets;
import dev.amend.registry.AmendRuntime;
import dev.amend.registry.EditOutcome;
import dev.amend.registry.Editor;
import dev.amend.registry.RequestScores;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

/**
 * Tutorial "Getting started" (docs/tutorials/01-getting-started.md): what {@code ./amend quickstart} does, through the
 * Java API. From the checkout's root:
 * {@code java -Dai.djl.offline=true -cp "$(./amend classpath)" tutorials/src/main/java/dev/amend/tutorials/GettingStarted.java}
 */
public final class GettingStarted {

    private GettingStarted() {}

    public static void main(String[] args) throws IOException {
        // tag::load[]
        AmendRuntime amend = AmendRuntime.create(null);   // the providers on the class path (null: no plugin folder)
        try (LanguageModel model = amend.models().load(Path.of("models/toy"), LoadOptions.cpu())) {
            String original = model.weights().fingerprint();
            System.out.println("loaded " + model.spec().modelType() + " with " + model.spec().numLayers() + " layers");
            // end::load[]

            // tag::request[]
            List<EditRequest> requests = EditDatasets.read(Path.of("models/toy/data/zsre_mend_eval.json"));
            EditRequest request = requests.get(0);
            System.out.println("edit: " + request.filledPrompt() + " -> " + request.targetNew()
                    + " (the model says " + request.groundTruth() + ")");
            // end::request[]

            // tag::hparams[]
            EditMethodProvider<?> rome = amend.providers().method("rome");
            HParams hparams = amend.hparams().preset(rome, "toy");
            // end::hparams[]

            // tag::edit[]
            try (Editor editor = amend.editor("rome", hparams, model, amend.context(0, Progress.NONE))) {
                EditOutcome outcome = editor.edit(List.of(request));
                RequestScores scores = outcome.scores().get(0);
                System.out.println("before: " + new TreeMap<>(scores.pre()));   // metric name -> mean score
                System.out.println("after:  " + new TreeMap<>(scores.post()));
                // end::edit[]

                // tag::ask[]
                try (AppliedEdit edit = outcome.edit()) {
                    System.out.println(answer(edit.model(), request.filledPrompt()));
                    System.out.println(answer(edit.model(), request.rephrasePrompts().get(0)));
                }   // closing the edit reverts it
                System.out.println("reverted bit for bit: " + model.weights().fingerprint().equals(original));
                // end::ask[]
            }
        }
    }

    // tag::answer[]
    /** The prompt and the model's greedy continuation of it (three tokens). */
    static String answer(LanguageModel model, String prompt) {
        int[] ids = model.tokenizer().encode(prompt, true);
        int[] continuation = model.generate(List.of(ids), 3).get(0);
        return prompt + " -> " + model.tokenizer().decode(continuation).strip();
    }
    // end::answer[]
}
