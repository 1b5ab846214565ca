package dev.amend.registry;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.amend.api.HParams;
import dev.amend.api.InvalidInputException;
import dev.amend.api.Progress;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.EditState;
import dev.amend.api.edit.WeightDelta;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.ModelLoader;
import dev.amend.api.model.WeightSite;
import dev.amend.registry.hparams.HParamsCodec;
import dev.amend.toolkit.io.AtomicFiles;
import dev.amend.toolkit.io.FileTrees;
import dev.amend.toolkit.io.Safetensors;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves an edit to a directory ({@code edit.json}, its {@link EditManifest} with the {@link Provenance} of the edit,
 * and {@code deltas.safetensors}) and re-creates it on a fresh copy of the same base model. Saving is atomic: the
 * directory appears complete or not at all. Edits saved in every earlier format version load and apply unchanged.
 */
public final class EditArchive {

    /** The metadata file. */
    public static final String MANIFEST = "edit.json";
    /** The tensors file. */
    public static final String TENSORS = "deltas.safetensors";

    private final Providers providers;
    private final HParamsCodec codec;
    private final ModelLoader models;

    @Inject
    public EditArchive(Providers providers, HParamsCodec codec, ModelLoader models) {
        this.providers = providers;
        this.codec = codec;
        this.models = models;
    }

    /**
     * Writes {@code edit} to {@code directory}, which must not exist or be empty.
     *
     * @throws InvalidInputException when the directory exists and is not empty
     */
    public void save(AppliedEdit edit, Path directory) throws IOException {
        AtomicFiles.recoverDirectory(directory);   // what a save killed before left: hidden staging, put-aside copy
        if (Files.exists(directory) && !FileTrees.isEmptyDirectory(directory)) {
            throw new InvalidInputException(directory + " already exists and is not empty; save edits to a new directory");
        }
        EditState state = edit.state();
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        List<EditManifest.Delta> deltas = new ArrayList<>();
        for (int i = 0; i < state.deltas().size(); i++) {
            WeightDelta d = state.deltas().get(i);
            if (d instanceof WeightDelta.Dense dense) {
                tensors.put("delta." + i, dense.delta());
                deltas.add(new EditManifest.Delta(d.site().toString(), "dense", List.of("delta." + i)));
            } else if (d instanceof WeightDelta.LowRank lowRank) {
                tensors.put("delta." + i + ".u", lowRank.u());
                tensors.put("delta." + i + ".v", lowRank.v());
                deltas.add(new EditManifest.Delta(d.site().toString(), "low_rank",
                        List.of("delta." + i + ".u", "delta." + i + ".v")));
            }
        }
        List<String> stateTensors = new ArrayList<>();
        state.tensors().forEach((name, array) -> {
            tensors.put("state." + name, array);
            stateTensors.add(name);
        });
        String edited = state.deltas().isEmpty() ? null : edit.model().weights().fingerprint();
        Provenance provenance = Provenance.now(state.baseFingerprint(), codec.toTree(state.hparams()), state.seed(),
                edit.model().spec().device());
        EditManifest manifest = new EditManifest(EditManifest.FORMAT, EditManifest.VERSION, state.method(), provenance,
                edited, state.requests(), deltas, stateTensors, new LinkedHashMap<>(state.attributes()));
        AtomicFiles.replaceDirectory(directory, staging -> {
            Safetensors.write(staging.resolve(TENSORS), tensors);
            manifest.write(staging.resolve(MANIFEST));
        });
    }

    /**
     * Reads a saved edit; its arrays are attached to {@code manager}.
     *
     * @throws InvalidInputException naming the file and what is wrong with it
     */
    public EditState read(Path directory, NDManager manager) throws IOException {
        return read(directory, manifest(directory), manager);
    }

    /** {@link #read(Path, NDManager)} with the directory's manifest already read. */
    EditState read(Path directory, EditManifest manifest, NDManager manager) throws IOException {
        Path manifestFile = directory.resolve(MANIFEST);
        EditMethodProvider<?> provider = providers.method(manifest.method());
        Provenance provenance = manifest.provenance();
        HParams hparams = codec.fromTree(provider, provenance.hparams(), manifestFile + " (hparams)");
        Map<String, NDArray> tensors = Safetensors.read(directory.resolve(TENSORS), manager);
        List<WeightDelta> deltas = new ArrayList<>();
        for (EditManifest.Delta entry : manifest.deltas()) {
            WeightSite site = parseSite(entry.site(), manifestFile);
            switch (entry.form()) {
                case "dense" -> deltas.add(new WeightDelta.Dense(site, tensor(tensors, entry.tensors(), 0, manifestFile)));
                case "low_rank" -> deltas.add(new WeightDelta.LowRank(site,
                        tensor(tensors, entry.tensors(), 0, manifestFile), tensor(tensors, entry.tensors(), 1, manifestFile)));
                default -> throw new InvalidInputException(manifestFile + ": delta form '" + entry.form()
                        + "' is neither dense nor low_rank");
            }
        }
        Map<String, NDArray> stateTensors = new LinkedHashMap<>();
        for (String name : manifest.tensors()) {
            stateTensors.put(name, tensor(tensors, List.of("state." + name), 0, manifestFile));
        }
        long seed = provenance.seed() == null ? 0L : provenance.seed();   // edits saved before seeds were recorded: 0
        return new EditState(manifest.method(), hparams, manifest.requests(), provenance.baseFingerprint(), seed,
                deltas, stateTensors, manifest.attributes());
    }

    /**
     * The manifest of the edit saved in {@code directory}, in whichever format version it was written.
     *
     * @throws InvalidInputException when there is none, or it is not a manifest this code reads
     */
    public EditManifest manifest(Path directory) throws IOException {
        Path manifestFile = directory.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new InvalidInputException(directory + " is not a saved edit: " + MANIFEST + " is missing");
        }
        return EditManifest.read(manifestFile);
    }

    /**
     * Re-creates the edit saved in {@code directory} on {@code model}, which must have the weights the edit was made
     * on. Close the result to revert.
     *
     * @throws InvalidInputException when the model is not the edit's base, or when the re-applied weights differ
     *                               from those saved with the edit (the deltas file does not hold what was saved)
     */
    public AppliedEdit apply(Path directory, LanguageModel model) throws IOException {
        EditManifest manifest = manifest(directory);
        try (NDManager loading = NDManager.newBaseManager(model.spec().device())) {
            return apply(directory, manifest, read(directory, manifest, loading), model);
        }
    }

    /** {@link #apply(Path, LanguageModel)} with the directory's manifest and state already read. */
    AppliedEdit apply(Path directory, EditManifest manifest, EditState state, LanguageModel model) {
        String expected = manifest.editedFingerprint();
        AppliedEdit edit = restore(providers.method(state.method()), state, model,
                EditContext.of(0L, Progress.NONE, models));
        String now = edit.deltas().isEmpty() ? null : model.weights().fingerprint();
        if (expected != null && !expected.equals(now)) {
            edit.close();
            throw new InvalidInputException("re-applying " + directory + " gave weights with fingerprint " + now
                    + ", but the edit was saved with " + expected + ": " + TENSORS
                    + " does not hold the deltas that were saved");
        }
        return edit;
    }

    private static <H extends HParams> AppliedEdit restore(EditMethodProvider<H> provider, EditState state,
                                                          LanguageModel model, EditContext context) {
        return provider.create(provider.hparamsType().cast(state.hparams())).restore(model, state, context);
    }

    private static NDArray tensor(Map<String, NDArray> tensors, List<String> names, int i, Path manifest) {
        if (names == null || names.size() <= i) {
            throw new InvalidInputException(manifest + ": a delta lists too few tensors: " + names);
        }
        NDArray array = tensors.get(names.get(i));
        if (array == null) {
            throw new InvalidInputException(manifest + ": tensor '" + names.get(i) + "' is not in " + TENSORS);
        }
        return array;
    }

    private static WeightSite parseSite(String text, Path manifest) {
        try {
            return WeightSite.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(manifest + ": " + e.getMessage(), e);
        }
    }
}
