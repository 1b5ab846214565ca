package dev.amend.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.amend.api.InvalidInputException;
import dev.amend.api.edit.EditState;
import dev.amend.api.model.WeightKind;
import dev.amend.api.model.WeightSite;
import dev.amend.toolkit.io.Safetensors;
import java.util.List;
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
        Files.writeString(manifest, Files.readString(manifest).replace("\"version\" : 3", "\"version\" : 4"));
        assertThatThrownBy(() -> archive.manifest(saved)).isInstanceOf(InvalidInputException.class)
                .hasMessage(manifest + ": expected format amend-edit version 1 to 3, got amend-edit version 4");
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
                    .hasMessageContaining("but it was saved with");
            assertThat(model.weights().fingerprint()).isEqualTo(fingerprint);
        }
    }

    @Test
    void aTensorChangedAfterSavingIsRefusedByItsDigestAndTheWeightsKept() throws IOException {
        Path tensors = saved.resolve("deltas.safetensors");
        byte[] bytes = Files.readAllBytes(tensors);
        bytes[bytes.length - 1] ^= 1;
        Files.write(tensors, bytes);
        try (TinyLanguageModel model = TinyModels.random(7)) {
            String fingerprint = model.weights().fingerprint();
            assertThatThrownBy(() -> archive.apply(saved, model)).isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith(tensors + ": tensor 'delta.").hasMessageContaining("' has SHA-256 ")
                    .hasMessageContaining("but it was saved with");
            assertThat(model.weights().fingerprint()).isEqualTo(fingerprint);
        }
    }

    @Test
    void aManifestChangedAfterSavingIsRefused() throws IOException {
        Path manifest = saved.resolve("edit.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"berlin\"", "\"paris\""));
        assertThatThrownBy(() -> archive.manifest(saved)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(manifest + ": its content has SHA-256 ")
                .hasMessageContaining("the file was changed after it was saved");
    }

    @Test
    void deltasThatDoNotFitTheModelAreRefusedNamingTheFileAndWhatWasExpected() throws IOException {
        WeightSite site = WeightSite.decoder(0, WeightKind.MLP_OUT_PROJ);
        try (TinyLanguageModel model = TinyModels.random(7); NDManager m = NDManager.newBaseManager()) {
            String fingerprint = model.weights().fingerprint();
            Shape shape = model.weights().shape(site);
            NDArray right = m.zeros(shape);
            assertRefused(model, "elsewhere", new WeightDelta.Dense(WeightSite.decoder(99, WeightKind.MLP_OUT_PROJ), right),
                    "edit.json: delta 0 changes decoder.99.mlp_out_proj, a weight site this model does not have");
            assertRefused(model, "transposed", new WeightDelta.Dense(site, m.zeros(new Shape(shape.get(1), shape.get(0)))),
                    "deltas.safetensors: the delta for decoder.0.mlp_out_proj ([delta.0]) has shape ("
                            + shape.get(1) + ", " + shape.get(0) + "), expected the matrix's " + shape);
            assertRefused(model, "float64", new WeightDelta.Dense(site, m.zeros(shape, DataType.FLOAT64)),
                    "deltas.safetensors: the delta for decoder.0.mlp_out_proj ([delta.0]) is float64, expected "
                            + "float32 like the matrix it changes");
            assertThat(model.weights().fingerprint()).isEqualTo(fingerprint);
        }
    }

    @Test
    void nonFiniteTensorsAreNeitherSavedNorLoaded() throws IOException {
        WeightSite site = WeightSite.decoder(0, WeightKind.MLP_OUT_PROJ);
        try (TinyLanguageModel model = TinyModels.random(7); NDManager m = NDManager.newBaseManager()) {
            NDArray nan = m.zeros(model.weights().shape(site)).add(Float.NaN);
            Path refused = temp.resolve("nan");
            EditState state = HandedEdit.withDeltas(archive.read(saved, m), List.of(new WeightDelta.Dense(site, nan)));
            assertThatThrownBy(() -> archive.save(new HandedEdit(model, state), refused))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("the rank-one-noise edit to save in " + refused + ": tensor 'delta.0' holds NaN or "
                            + "infinite values; expected finite numbers only");
            assertThat(refused).doesNotExist();

            // an edit saved before digests (version 2) whose delta is NaN, with the fingerprint a NaN edit gives
            model.weights().add(site, nan);
            String nanFingerprint = model.weights().fingerprint();
            Path old = temp.resolve("old-nan");
            Files.createDirectories(old);
            Safetensors.write(old.resolve("deltas.safetensors"), java.util.Map.of("delta.0", nan));
            ObjectNode manifest = (ObjectNode) JSON.readTree(saved.resolve("edit.json").toFile());
            manifest.put("version", 2).put("edited_fingerprint", nanFingerprint).remove("integrity");
            manifest.set("deltas", JSON.readTree("[{\"site\": \"" + site + "\", \"form\": \"dense\", "
                    + "\"tensors\": [\"delta.0\"]}]"));
            JSON.writeValue(old.resolve("edit.json").toFile(), manifest);
        }
        try (TinyLanguageModel model = TinyModels.random(7)) {
            String fingerprint = model.weights().fingerprint();
            assertThatThrownBy(() -> archive.apply(temp.resolve("old-nan"), model))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage(temp.resolve("old-nan").resolve("deltas.safetensors") + ": tensor 'delta.0' holds "
                            + "NaN or infinite values; expected finite numbers only");
            assertThat(model.weights().fingerprint()).isEqualTo(fingerprint);
        }
    }

    @Test
    void aWeightEditSavedBeforeDigestsStillLoadsCheckedByItsFingerprint() throws IOException {
        Path manifest = saved.resolve("edit.json");
        ObjectNode tree = (ObjectNode) JSON.readTree(manifest.toFile());
        tree.put("version", 2).remove("integrity");
        JSON.writeValue(manifest.toFile(), tree);
        try (TinyLanguageModel model = TinyModels.random(7)) {
            String base = model.weights().fingerprint();
            try (AppliedEdit edit = archive.apply(saved, model)) {
                assertThat(model.weights().fingerprint()).isEqualTo(archive.manifest(saved).editedFingerprint())
                        .isNotEqualTo(base);
            }
            assertThat(model.weights().fingerprint()).isEqualTo(base);
        }
    }

    /** Saves {@code delta} as an edit of {@code model} (digests right, content wrong); loading it is refused. */
    private void assertRefused(TinyLanguageModel model, String name, WeightDelta delta, String message)
            throws IOException {
        Path dir = temp.resolve(name);
        try (NDManager m = NDManager.newBaseManager()) {
            EditState state = HandedEdit.withDeltas(archive.read(saved, m), List.of(delta));
            archive.save(new HandedEdit(model, state), dir);
        }
        String fingerprint = model.weights().fingerprint();
        assertThatThrownBy(() -> archive.apply(dir, model)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(dir.resolve(message.substring(0, message.indexOf(':')))
                        + message.substring(message.indexOf(':')));
        assertThat(model.weights().fingerprint()).isEqualTo(fingerprint);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
}
