package dev.amend.tutorials;

import dev.amend.api.HParams;
import dev.amend.api.Progress;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.api.model.WeightSite;
import dev.amend.registry.AmendRuntime;
import dev.amend.registry.EditOutcome;
import dev.amend.registry.Editor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Tutorial "Add a model architecture" (docs/tutorials/03-add-a-model-architecture.md): once an adapter maps a family's
 * weights and activations to the canonical sites, every method edits it. From the checkout's root:
 * {@code java -Dai.djl.offline=true -cp "$(./amend classpath)" tutorials/src/main/java/dev/amend/tutorials/NewArchitecture.java}
 */
public final class NewArchitecture {

    private NewArchitecture() {}

    public static void main(String[] args) throws IOException {
        // tag::sites[]
        AmendRuntime amend = AmendRuntime.create(null);
        Path neox = Path.of("spi-models/src/test/resources/fixtures/neox");   // a tiny random GPT-NeoX checkpoint
        try (LanguageModel model = amend.models().load(neox, LoadOptions.cpu())) {
            System.out.println(model.spec().modelType() + ": " + model.spec().numLayers() + " layers, width "
                    + model.spec().hiddenSize() + ", " + model.hookSites().size() + " hook sites");
            System.out.println("layer 0's hook sites: " + model.hookSites().stream().limit(6).toList());
            WeightSite mlpOut = model.weights().resolveModule("gpt_neox.layers.{}.mlp.dense_4h_to_h", 1);
            System.out.println("gpt_neox.layers.1.mlp.dense_4h_to_h is " + mlpOut + ", out x in = "
                    + model.weights().shape(mlpOut));
            // end::sites[]

            // tag::edit[]
            EditMethodProvider<?> rome = amend.providers().method("rome");
            HParams hparams = amend.hparams().parse(rome, """
                    layers: [1]
                    rewrite_module_tmp: "gpt_neox.layers.{}.mlp.dense_4h_to_h"
                    fact_token: last
                    mom2_adjustment: false
                    """, "GPT-NeoX hparams").hparams();
            EditRequest request = EditRequest.of("Alice gave {} a small red", "Bob", "fox");   // random weights
            try (Editor editor = amend.editor("rome", hparams, model, amend.context(0, Progress.NONE))) {
                EditOutcome outcome = editor.edit(List.of(request));
                System.out.println("reliability before/after: " + outcome.scores().get(0).pre().get("reliability")
                        + " / " + outcome.scores().get(0).post().get("reliability"));
                outcome.edit().close();
            }
            // end::edit[]
        }
    }
}
