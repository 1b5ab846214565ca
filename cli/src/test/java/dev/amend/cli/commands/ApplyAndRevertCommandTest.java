package dev.amend.cli.commands;

import static dev.amend.cli.AmendRun.amend;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.api.model.TokenBatch;
import dev.amend.cli.Amend;
import dev.amend.cli.AmendRun.Result;
import dev.amend.cli.AmendRun;
import dev.amend.registry.AmendRuntime;
import dev.amend.registry.EditedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code amend edit --save}, {@code amend apply-edit} and {@code amend revert} on the embedded toy model with FT-L:
 * the written model gives the same logits as the edit made in memory, and reverting gives the base weights back
 * bit for bit.
 */
class ApplyAndRevertCommandTest {

    private static final Path TOY = AmendRun.TOY;
    static final String PROMPT = ". safa gusag competes in";

    @TempDir
    static Path temp;

    static Path edit;
    static final AmendRuntime RUNTIME = AmendRuntime.create(null);

    @BeforeAll
    static void saveAnEdit() {
        edit = temp.resolve("edit");
        Result saved = amend("edit", "--model", TOY.toString(), "--method", "ft", "--preset", "toy",
                "--set", "num_steps=10", "--prompt", PROMPT, "--subject", "safa gusag", "--target", "fencing",
                "--save", edit.toString());
        assertThat(saved.status()).as(saved.err()).isZero();
    }

    @Test
    void theWrittenModelGivesTheLogitsOfTheEditMadeInMemoryAndRevertRestoresTheBaseBitForBit() throws IOException {
        Path edited = temp.resolve("edited");
        Result applied = amend("apply-edit", edit.toString(), "--model", TOY.toString(),
                "--out", edited.toString());
        assertThat(applied.status()).as(applied.err()).isZero();
        assertThat(applied.out()).contains("changed decoder.0.mlp_out_proj");
        assertThat(edited.resolve(EditedModels.EDIT_DIR)).isDirectory();

        String base;
        float[] inMemory;
        try (LanguageModel model = RUNTIME.models().load(TOY, LoadOptions.cpu())) {
            base = model.weights().fingerprint();
            try (AppliedEdit again = RUNTIME.edits().apply(edit, model)) {
                inMemory = logits(model);
            }
        }
        try (LanguageModel written = RUNTIME.models().load(edited, LoadOptions.cpu())) {
            assertThat(written.weights().fingerprint()).isNotEqualTo(base);
            assertThat(logits(written)).containsExactly(inMemory);
        }

        Path restored = temp.resolve("restored");
        Result reverted = amend("revert", edited.toString(), "--out", restored.toString());
        assertThat(reverted.status()).as(reverted.err()).isZero();
        assertThat(fingerprint(restored)).isEqualTo(base);

        Result inPlace = amend("revert", edited.toString());
        assertThat(inPlace.status()).as(inPlace.err()).isZero();
        assertThat(fingerprint(edited)).isEqualTo(base);
        assertThat(edited.resolve(EditedModels.EDIT_DIR)).doesNotExist();
    }

    @Test
    void refusesAModelOtherThanTheEditsBaseAndWritesNothing() throws IOException {
        Path edited = temp.resolve("edited-twice");
        assertThat(amend("apply-edit", edit.toString(), "--model", TOY.toString(), "--out", edited.toString())
                .status()).isZero();
        Path twice = temp.resolve("twice");
        Result refused = amend("apply-edit", edit.toString(), "--model", edited.toString(),
                "--out", twice.toString());
        assertThat(refused.status()).isEqualTo(Amend.BAD_INPUT);
        assertThat(refused.err()).contains("was made on weights with fingerprint");
        assertThat(twice).doesNotExist();
        try (var siblings = Files.list(temp)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".twice"));
        }
    }

    @Test
    void revertRefusesADirectoryWithoutAnAppliedEdit() {
        Result refused = amend("revert", TOY.toString());
        assertThat(refused.status()).isEqualTo(Amend.BAD_INPUT);
        assertThat(refused.err()).contains("is not an edited model").contains("amend-edit/applied.json is missing");
    }

    private static float[] logits(LanguageModel model) {
        try (NDManager m = NDManager.newBaseManager()) {
            return model.forward(m, TokenBatch.of(model.tokenizer().encode(PROMPT))).logits(0).toFloatArray();
        }
    }

    private static String fingerprint(Path dir) throws IOException {
        try (LanguageModel model = RUNTIME.models().load(dir, LoadOptions.cpu())) {
            return model.weights().fingerprint();
        }
    }
}
