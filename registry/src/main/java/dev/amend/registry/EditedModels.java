package dev.amend.registry;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.amend.api.InvalidInputException;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditState;
import dev.amend.api.edit.WeightDelta;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.api.model.ModelLoader;
import dev.amend.api.model.WeightSite;
import dev.amend.api.model.Weights;
import dev.amend.toolkit.io.AtomicFiles;
import dev.amend.toolkit.io.Safetensors;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Edited models on disk: {@link #apply} writes a base model with a saved edit applied as a new HuggingFace model
 * directory (any loader reads it), carrying the edit and the original values of the matrices it changed under
 * {@value #EDIT_DIR}/; {@link #revert} puts those originals back, bit for bit, which the base fingerprint proves.
 * Every write goes to a staging directory that replaces the target only when complete ({@link AtomicFiles}).
 */
public final class EditedModels {

    /** The folder of an edited model directory that records its edit. */
    public static final String EDIT_DIR = "amend-edit";
    static final String ORIGINALS = "originals.safetensors";
    static final String APPLIED = "applied.json";
    static final String WEIGHTS = "model.safetensors";

    private final ModelLoader loader;
    private final EditArchive archive;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Inject
    public EditedModels(ModelLoader loader, EditArchive archive) {
        this.loader = loader;
        this.archive = archive;
    }

    /**
     * {@code amend-edit/applied.json}: the fingerprints before and after the edit, and the edited sites, whose
     * original values {@code originals.safetensors} holds under the sites' names.
     */
    public record Applied(@JsonProperty("base_model") String baseModel,
                          @JsonProperty("base_fingerprint") String baseFingerprint,
                          @JsonProperty("edited_fingerprint") String editedFingerprint,
                          @JsonProperty("sites") List<String> sites) {}

    /**
     * Loads {@code baseModel}, re-applies the saved edit in {@code edit} (checked against the fingerprints saved with
     * it) and writes the edited model to {@code out}, which must not exist or be empty.
     */
    public Applied apply(Path edit, Path baseModel, Path out) throws IOException {
        AtomicFiles.prepareNewDirectory(out);
        EditManifest manifest = archive.manifest(edit);
        try (LanguageModel model = loader.load(baseModel, LoadOptions.cpu());
             NDManager originals = NDManager.newBaseManager(model.spec().device())) {
            Weights weights = model.weights();
            String base = weights.fingerprint();
            EditState state = archive.read(edit, manifest, originals);
            archive.requireFits(edit, manifest, state, model);
            Map<String, NDArray> before = new LinkedHashMap<>();
            for (WeightDelta d : state.deltas()) {
                before.computeIfAbsent(d.site().toString(), site -> weights.get(d.site(), originals));
            }
            AppliedEdit applied = archive.apply(edit, manifest, state, model);
            if (before.isEmpty()) {
                applied.close();
                throw new InvalidInputException(edit + " changes no weights (a " + applied.state().method()
                        + " edit lives at run time): put it in force where the model runs instead (amend inspect --edit "
                        + edit + ", or EditArchive.apply)");
            }
            applied.keep();
            Applied record = new Applied(baseModel.toAbsolutePath().normalize().toString(), base,
                    weights.fingerprint(), List.copyOf(before.keySet()));
            AtomicFiles.replaceDirectory(out, staging -> {
                copyFiles(baseModel, staging, EditedModels::isModelFile);
                writeWeights(weights, staging.resolve(WEIGHTS));
                Path editRecord = Files.createDirectory(staging.resolve(EDIT_DIR));
                copyFiles(edit, editRecord, file -> true);
                Safetensors.write(editRecord.resolve(ORIGINALS), before);
                json.writeValue(editRecord.resolve(APPLIED).toFile(), record);
            });
            return record;
        }
    }

    /**
     * Restores the original weights of an edited model directory written by {@link #apply}: to {@code out}, or in
     * place when {@code out} is null (the directory is then replaced whole, and no longer has {@value #EDIT_DIR}/).
     *
     * @throws InvalidInputException when the directory holds no applied edit, or its weights are no longer those the
     *                               edit produced (revert would not give the base model back)
     */
    public Applied revert(Path edited, Path out) throws IOException {
        Path target = out == null ? edited : out;
        if (out == null) {
            AtomicFiles.prepareReplacement(edited);
        } else {
            AtomicFiles.recoverDirectory(edited);
            AtomicFiles.prepareNewDirectory(out);
        }
        Path editRecord = edited.resolve(EDIT_DIR);
        Applied applied = AppliedRecords.read(editRecord.resolve(APPLIED), edited);
        try (LanguageModel model = loader.load(edited, LoadOptions.cpu());
             NDManager manager = NDManager.newBaseManager(model.spec().device())) {
            Weights weights = model.weights();
            String now = weights.fingerprint();
            if (!now.equals(applied.editedFingerprint())) {
                throw new InvalidInputException(edited + ": its weights (fingerprint " + now + ") are no longer the "
                        + "ones the edit produced (" + applied.editedFingerprint() + "), so putting the originals "
                        + "back would not give the base model");
            }
            Path originalsFile = editRecord.resolve(ORIGINALS);
            Map<String, NDArray> originals = Safetensors.read(originalsFile, manager);
            for (String site : applied.sites()) {
                NDArray original = originals.get(site);
                if (original == null) {
                    throw new InvalidInputException(originalsFile + " has no tensor " + site);
                }
                WeightSite weightSite = WeightSite.parse(site);
                if (!weights.sites().contains(weightSite) || !weights.shape(weightSite).equals(original.getShape())) {
                    throw new InvalidInputException(originalsFile + ": tensor " + site + " " + original.getShape()
                            + " is not the original of a matrix of " + edited + "; nothing was written");
                }
                weights.set(weightSite, original);
            }
            String restored = weights.fingerprint();
            if (!restored.equals(applied.baseFingerprint())) {
                throw new InvalidInputException(edited + ": the restored weights have fingerprint " + restored
                        + ", not the base model's " + applied.baseFingerprint() + "; nothing was written");
            }
            AtomicFiles.replaceDirectory(target, staging -> {
                copyFiles(edited, staging, EditedModels::isModelFile);
                writeWeights(weights, staging.resolve(WEIGHTS));
            });
            return applied;
        }
    }

    /**
     * Checks the base model that {@code applied} records, which nothing else relies on: {@link #revert} proves the
     * restored weights by the base fingerprint alone, so that an edited model stays revertible after its base has
     * moved or gone.
     *
     * @param applied an edited model's record
     * @return empty when {@code base_model} is a model directory whose weights have the recorded base fingerprint;
     * else why it is not
     */
    public Optional<String> checkBaseModel(Applied applied) throws IOException {
        Path base = Path.of(applied.baseModel());
        if (!Files.isDirectory(base)) {
            return Optional.of(base + " does not exist (any more)");
        }
        try (LanguageModel model = loader.load(base, LoadOptions.cpu())) {
            String fingerprint = model.weights().fingerprint();
            return fingerprint.equals(applied.baseFingerprint()) ? Optional.empty()
                    : Optional.of(base + " now holds other weights (fingerprint " + fingerprint + ")");
        } catch (InvalidInputException e) {
            return Optional.of(base + " is no longer a model directory Amend reads: " + e.getMessage());
        }
    }

    /** Copies the regular files of {@code from} that {@code which} accepts into {@code to}. */
    private static void copyFiles(Path from, Path to, Predicate<Path> which) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).filter(which).toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    /** {@code config.json} and the tokenizer files: what a model directory holds besides its weights. */
    private static boolean isModelFile(Path file) {
        String name = file.getFileName().toString();
        return name.equals("config.json") || name.equals("generation_config.json") || name.startsWith("tokenizer")
                || name.startsWith("special_tokens") || name.startsWith("added_tokens") || name.startsWith("vocab")
                || name.equals("merges.txt");
    }

    /** Every stored parameter as the model holds it (float32 for checkpoints stored in half precision). */
    private static void writeWeights(Weights weights, Path file) throws IOException {
        try (NDManager scratch = NDManager.newBaseManager()) {
            Map<String, NDArray> parameters = new LinkedHashMap<>();
            for (String name : weights.parameterNames()) {
                parameters.put(name, weights.parameter(name, scratch));
            }
            Safetensors.write(file, parameters);
        }
    }
}
