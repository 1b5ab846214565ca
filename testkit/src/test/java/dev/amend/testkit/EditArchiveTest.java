package dev.amend.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.api.InvalidInputException;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.WeightDelta;
import dev.amend.registry.AmendRuntime;
import dev.amend.registry.AmendVersion;
import dev.amend.registry.EditArchive;
import dev.amend.registry.EditManifest;
import dev.amend.testkit.fixtures.RankOneNoise;
import dev.amend.testkit.tiny.TinyFacts;
import dev.amend.testkit.tiny.TinyLanguageModel;
import dev.amend.testkit.tiny.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saved edits: the directory format, its atomic write, and its errors. */
class EditArchiveTest {

    @TempDir
    Path temp;

    private final EditArchive archive = AmendRuntime.create(null).edits();
    private Path saved;

    @BeforeEach
    void saveALowRankEdit() throws IOException {
        saved = temp.resolve("edit");
        RankOneNoise provider = new RankOneNoise();
        try (TinyLanguageModel model = TinyModels.random(7);
             AppliedEdit edit = provider.create(new RankOneNoise.Params(0, 0.5, 42))
                     .apply(model, TinyFacts.requests(), EditContext.defaults())) {
            archive.save(edit, saved);
        }
    }

    @Test
    void writesAManifestAndTheLowRankFactors() throws IOException {
        try (Stream<Path> files = Files.list(saved)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("edit.json", "deltas.safetensors");
        }
        String manifest = Files.readString(saved.resolve("edit.json"));
        assertThat(manifest).contains("\"method\" : \"rank-one-noise\"").contains("\"form\" : \"low_rank\"")
                .contains("\"site\" : \"decoder.0.mlp_out_proj\"").contains("\"target_new\" : \"berlin\"");
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            var state = archive.read(saved, m);
            assertThat(state.deltas()).hasSize(3).allMatch(d -> d instanceof WeightDelta.LowRank);
            assertThat(state.requests()).isEqualTo(TinyFacts.requests());
            assertThat(state.hparams()).isEqualTo(new RankOneNoise.Params(0, 0.5, 42));
        }
        EditManifest read = archive.manifest(saved);
        assertThat(read.version()).isEqualTo(EditManifest.VERSION);
        assertThat(read.provenance().amendVersion()).isEqualTo(AmendVersion.get());
        assertThat(read.provenance().seed()).isEqualTo(EditContext.defaults().seed());
        assertThat(read.provenance().hparams().get("seed").asInt()).isEqualTo(42);
        try (Stream<Path> siblings = Files.list(temp)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("edit");
        }
    }

    @Test
    void refusesToWriteIntoANonEmptyDirectory() throws IOException {
        try (TinyLanguageModel model = TinyModels.random(7);
             AppliedEdit edit = new RankOneNoise().create(new RankOneNoise.Params(1, 0.1, 1))
                     .apply(model, TinyFacts.requests().subList(0, 1), EditContext.defaults())) {
            byte[] before = Files.readAllBytes(saved.resolve("edit.json"));
            assertThatThrownBy(() -> archive.save(edit, saved)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("already exists and is not empty");
            assertThat(Files.readAllBytes(saved.resolve("edit.json"))).isEqualTo(before);
        }
    }

    @Test
    void aTruncatedTensorFileIsNamed() throws IOException {
        Path tensors = saved.resolve("deltas.safetensors");
        byte[] bytes = Files.readAllBytes(tensors);
        Files.write(tensors, Arrays.copyOf(bytes, bytes.length - 100));
        try (TinyLanguageModel model = TinyModels.random(7)) {
            String fingerprint = model.weights().fingerprint();
            assertThatThrownBy(() -> archive.apply(saved, model)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(tensors.toString());
            assertThat(model.weights().fingerprint()).isEqualTo(fingerprint);
        }
    }

    @Test
    void aBrokenManifestIsNamed() throws IOException {
        Files.writeString(saved.resolve("edit.json"), "{\"format\": \"amend-edit\", ");
        try (TinyLanguageModel model = TinyModels.random(7)) {
            assertThatThrownBy(() -> archive.apply(saved, model)).isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith(saved.resolve("edit.json").toString());
        }
        assertThatThrownBy(() -> archive.read(temp, null)).hasMessage(temp + " is not a saved edit: edit.json is missing");
    }

    @Test
    void aManifestOfAVersionThisCodeDoesNotReadIsNamed() throws IOException {
        Path manifest = saved.resolve("edit.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"version\" : 2", "\"version\" : 3"));
        assertThatThrownBy(() -> archive.manifest(saved)).isInstanceOf(InvalidInputException.class)
                .hasMessage(manifest + ": expected format amend-edit version 1 to 2, got amend-edit version 3");
    }

    @Test
    void deltasOtherThanTheSavedOnesAreRefusedAndTheWeightsKept() throws IOException {
        Path other = temp.resolve("other");
        try (TinyLanguageModel model = TinyModels.random(7);
             AppliedEdit edit = new RankOneNoise().create(new RankOneNoise.Params(0, 0.5, 43))
                     .apply(model, TinyFacts.requests(), EditContext.defaults())) {
            archive.save(edit, other);
        }
        Files.copy(other.resolve("deltas.safetensors"), saved.resolve("deltas.safetensors"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (TinyLanguageModel model = TinyModels.random(7)) {
            String fingerprint = model.weights().fingerprint();
            assertThatThrownBy(() -> archive.apply(saved, model)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("does not hold the deltas that were saved");
            assertThat(model.weights().fingerprint()).isEqualTo(fingerprint);
        }
    }
}
