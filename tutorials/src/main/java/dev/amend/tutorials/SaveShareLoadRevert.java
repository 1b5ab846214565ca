package dev.amend.tutorials;

import dev.amend.api.HParams;
import dev.amend.api.Progress;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.registry.AmendRuntime;
import dev.amend.registry.EditedModels;
import dev.amend.registry.Editor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Tutorial "Save, share, load and revert an edit" (docs/tutorials/05-save-share-load-revert.md). From the checkout's
 * root: {@code java -Dai.djl.offline=true -cp "$(./amend classpath)" tutorials/src/main/java/dev/amend/tutorials/SaveShareLoadRevert.java [DIR]}
 * (DIR, default {@code runs/tutorial-edits}, must not exist yet).
 */
public final class SaveShareLoadRevert {

    private SaveShareLoadRevert() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "runs/tutorial-edits");
        Path base = Path.of("models/toy");
        AmendRuntime amend = AmendRuntime.create(null);
        EditRequest request = EditRequest.of(". {} plays", "safa gusag", "golf");

        // tag::save[]
        Path saved = out.resolve("golf-edit");
        try (LanguageModel model = amend.models().load(base, LoadOptions.cpu())) {
            EditMethodProvider<?> rome = amend.providers().method("rome");
            HParams hparams = amend.hparams().preset(rome, "toy");
            try (Editor editor = amend.editor("rome", hparams, model, amend.context(0, Progress.NONE));
                 AppliedEdit edit = editor.edit(List.of(request)).edit()) {
                amend.edits().save(edit, saved);   // edit.json + deltas.safetensors
                System.out.println("edited: " + answer(edit.model(), request.filledPrompt()));
            }   // the edit is closed, so reverted: it lives on in the saved folder only
        }
        // end::save[]

        // tag::load[]
        try (LanguageModel model = amend.models().load(base, LoadOptions.cpu())) {
            String original = model.weights().fingerprint();
            System.out.println("base:   " + answer(model, request.filledPrompt()));
            try (AppliedEdit loaded = amend.edits().apply(saved, model)) {
                System.out.println("loaded: " + answer(loaded.model(), request.filledPrompt()));
            }
            System.out.println("closed, base again: " + model.weights().fingerprint().equals(original));
        }
        // end::load[]

        // tag::bake[]
        EditedModels editedModels = amend.editedModels();
        Path edited = out.resolve("toy-golf");
        EditedModels.Applied applied = editedModels.apply(saved, base, edited);   // a model directory, edit applied
        try (LanguageModel model = amend.models().load(edited, LoadOptions.cpu())) {
            System.out.println("baked:  " + answer(model, request.filledPrompt()));
        }
        Path reverted = out.resolve("toy-reverted");
        editedModels.revert(edited, reverted);   // the original weights, from edited/amend-edit/
        try (LanguageModel model = amend.models().load(reverted, LoadOptions.cpu())) {
            System.out.println("reverted to the base bit for bit: "
                    + model.weights().fingerprint().equals(applied.baseFingerprint()));
        }
        // end::bake[]
    }

    /** The prompt and the model's greedy continuation of it (three tokens). */
    static String answer(LanguageModel model, String prompt) {
        int[] ids = model.tokenizer().encode(prompt, true);
        int[] continuation = model.generate(List.of(ids), 3).get(0);
        return prompt + " -> " + model.tokenizer().decode(continuation).strip();
    }
}
