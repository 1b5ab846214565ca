package dev.amend.methods.mend;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.amend.api.InvalidInputException;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.WeightSite;
import dev.amend.methods.locate.Checks;
import dev.amend.toolkit.io.AtomicFiles;
import dev.amend.toolkit.io.Safetensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a MEND training run leaves (the contract between the {@code mend} trainer and the method): {@code mend.json},
 * naming the weights the network edits ({@code inner_params}, decoder MLP output projections), and
 * {@code mend.safetensors}, the {@link MendNet}'s tensors.
 *
 * @param innerParams the edited weights, as EasyEdit names them
 */
public record MendArchive(List<String> innerParams) {

    /** The archive's manifest. */
    public static final String MANIFEST = "mend.json";
    /** The network's tensors. */
    public static final String TENSORS = "mend.safetensors";

    public MendArchive {
        if (innerParams == null || innerParams.isEmpty()) {
            throw new IllegalArgumentException("inner_params must name at least one MLP output projection");
        }
        innerParams = List.copyOf(innerParams);
    }

    /** The edited weights of {@code model}, checked to be decoder MLP output projections. */
    public List<WeightSite> sites(LanguageModel model) {
        List<WeightSite> sites = new ArrayList<>();
        for (String name : innerParams) {
            sites.add(Checks.innerMlpOutput(model, name, "MEND"));
        }
        return sites;
    }

    /** The {@code [out, in]} shape of each site. */
    public static long[][] shapes(LanguageModel model, List<WeightSite> sites) {
        return sites.stream().map(s -> model.weights().shape(s).getShape()).toArray(long[][]::new);
    }

    /**
     * Reads an archive's manifest.
     *
     * @throws InvalidInputException naming the file or field that is missing
     */
    public static MendArchive read(Path dir) {
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest) || !Files.isRegularFile(dir.resolve(TENSORS))) {
            throw new InvalidInputException("archive " + dir + " needs " + MANIFEST + " and " + TENSORS + ": it must be"
                    + " a directory made by 'amend train --trainer mend'");
        }
        try {
            JsonNode inner = new ObjectMapper().readTree(manifest.toFile()).path("inner_params");
            if (!inner.isArray() || inner.isEmpty()) {
                throw new InvalidInputException(manifest + ": field 'inner_params' must be a non-empty list");
            }
            List<String> names = new ArrayList<>();
            inner.forEach(n -> names.add(n.asText()));
            return new MendArchive(names);
        } catch (IOException e) {
            throw new InvalidInputException(manifest + " is not valid JSON: " + e.getMessage());
        }
    }

    /** The archive's network, for weights of the given shapes, into {@code manager}. */
    public static MendNet net(Path dir, NDManager manager, long[][] shapes) {
        try {
            return MendNet.of(Safetensors.read(dir.resolve(TENSORS), manager), shapes, dir.resolve(TENSORS).toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(TENSORS), e);
        }
    }

    /**
     * Writes the manifest (with {@code extra} fields, such as training figures) and the network into {@code dir}, each
     * file whole or not at all (the manifest last).
     */
    public void write(Path dir, MendNet net, ObjectNode extra) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = json.createObjectNode();
        manifest.putArray("inner_params").addAll(innerParams.stream().map(json.getNodeFactory()::textNode).toList());
        manifest.setAll(extra);
        try {
            AtomicFiles.write(dir.resolve(TENSORS), staging -> Safetensors.write(staging, net.tensors()));
            AtomicFiles.write(dir.resolve(MANIFEST),
                    staging -> json.writerWithDefaultPrettyPrinter().writeValue(staging.toFile(), manifest));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the MEND archive into " + dir, e);
        }
    }
}
