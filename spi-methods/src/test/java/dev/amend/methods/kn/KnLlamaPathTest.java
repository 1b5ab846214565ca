package dev.amend.methods.kn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.amend.api.Progress;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.WeightKind;
import dev.amend.api.model.WeightSite;
import dev.amend.methods.golden.GoldenFixture;
import dev.amend.registry.hparams.HParamsCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * EasyEdit's KN on a LLaMA-style model (the llama fixture, SentencePiece with {@code <s>}), with the llama-2-7b preset
 * (one step at zero): the answers are {@code tokenizer.encode(answer)}, BOS first, so the value vectors gain the BOS
 * embedding too and lose two greedy tokens' embeddings (knowledge_neurons.py _prepare_inputs, modify_weights).
 */
class KnLlamaPathTest {

    @Test
    void answersCarryTheBosAndTheValueVectorsFollow() {
        KnHParams h = new HParamsCodec().preset(new KnProvider(), "llama-2-7b");
        try (LanguageModel model = GoldenFixture.model("llama"); NDManager m = NDManager.newBaseManager()) {
            String prompt = "Paris is the capital of";
            int[] target = model.tokenizer().encode("Alice", true);
            assertThat(target).hasSize(2);
            assertThat(target[0]).as("<s>").isEqualTo(1);
            assertThat(h.answerPositionsFor(model.spec().modelType())).isEqualTo(KnHParams.GREEDY_TEXT);
            int[] predicted = KnowledgeNeurons.greedyText(model, prompt, target.length);
            NDArray embed = model.weights().get(WeightSite.decoder(WeightKind.EMBED), m);
            NDArray change = embed.get(new NDIndex(":, {}", target[0])).add(embed.get(new NDIndex(":, {}", target[1])))
                    .sub(embed.get(new NDIndex(":, {}", predicted[0]))).sub(embed.get(new NDIndex(":, {}", predicted[1])));
            List<NDArray> before = List.of(model.weights().get(site(0), m), model.weights().get(site(1), m));
            EditRequest request = EditRequest.of(prompt, "Paris", "Alice").withGroundTruth("France");
            List<KnowledgeNeurons.Neuron> neurons = KnowledgeNeurons.coarse(model, prompt,
                    model.tokenizer().encode("France", true), h);
            assertThat(neurons).isNotEmpty();
            try (AppliedEdit edit = new KnProvider().create(h).apply(model, List.of(request),
                    GoldenFixture.runtime().context(1234L, Progress.NONE))) {
                for (KnowledgeNeurons.Neuron n : neurons) {
                    NDArray column = model.weights().get(site(n.layer()), m).sub(before.get(n.layer()))
                            .get(new NDIndex(":, {}", n.index()));
                    assertThat(column.sub(change).abs().max().getFloat()).isLessThan(1e-5f);
                }
                long changed = 0;
                for (int layer = 0; layer < 2; layer++) {
                    changed += model.weights().get(site(layer), m).sub(before.get(layer)).abs().sum(new int[] {0})
                            .gt(0).sum().getLong();
                }
                assertThat(changed).as("only the neurons' columns change").isEqualTo(neurons.size());
            }
        }
    }

    private static WeightSite site(int layer) {
        return WeightSite.decoder(layer, WeightKind.MLP_OUT_PROJ);
    }
}
