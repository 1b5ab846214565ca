package dev.amend.tutorials;

import dev.amend.api.Progress;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.harness.data.EditDatasets;
import dev.amend.registry.AmendRuntime;
import dev.amend.registry.EditOutcome;
import dev.amend.registry.Editor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

/**
 * The README's example: one fact of the embedded model edited with ROME, measured and reverted. From the checkout's
 * root: {@code java -Dai.djl.offline=true -cp "$(./amend classpath)" tutorials/src/main/java/dev/amend/tutorials/EditOneFact.java}
 */
public final class EditOneFact {

    private EditOneFact() {}

    public static void main(String[] args) throws IOException {
        // tag::readme[]
        AmendRuntime amend = AmendRuntime.create(null);   // the providers on the class path
        try (LanguageModel model = amend.models().load(Path.of("models/toy"), LoadOptions.cpu())) {
            EditMethodProvider<?> rome = amend.providers().method("rome");
            try (Editor editor = amend.editor("rome", amend.hparams().preset(rome, "toy"), model,
                    amend.context(0, Progress.NONE))) {
                EditRequest fact = EditDatasets.read(Path.of("models/toy/data/zsre_mend_eval.json")).get(0);
                EditOutcome outcome = editor.edit(List.of(fact));   // ". safa gusag competes in" → fencing
                System.out.println("after: " + new TreeMap<>(outcome.scores().get(0).post()));
                outcome.edit().close();   // revert, bit for bit
            }
        }
        // end::readme[]
    }
}
