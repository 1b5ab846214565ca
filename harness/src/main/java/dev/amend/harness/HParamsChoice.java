package dev.amend.harness;

import dev.amend.api.HParams;
import dev.amend.api.InvalidInputException;
import dev.amend.api.NamedProvider;
import dev.amend.registry.hparams.HParamsCodec;
import dev.amend.registry.hparams.Presets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Hparams from a provider's defaults, a preset or a file, then {@code --set} overrides: what commands share. */
public final class HParamsChoice {

    private HParamsChoice() {}

    /**
     * @param file      hparams YAML, or null
     * @param preset    one of the provider's presets, or null (not with a file)
     * @param overrides key → YAML value, applied last
     */
    public static <H extends HParams> H configure(HParamsCodec codec, NamedProvider<H, ?> provider, Path file,
                                           String preset, Map<String, String> overrides) throws IOException {
        if (file != null && preset != null) {
            throw new InvalidInputException("give either --hparams or --preset, not both");
        }
        H base;
        if (file != null) {
            base = codec.load(provider, file).hparams();
        } else if (preset != null) {
            base = codec.preset(provider, preset);
        } else {
            base = codec.defaults(provider).orElseThrow(() -> new InvalidInputException(provider.name()
                    + " has no default hparams: give --hparams or --preset (presets: " + Presets.names(provider) + ")"));
        }
        return codec.override(provider, base, overrides);
    }

    /** A path as a quoted YAML/JSON string, for an override value. */
    public static String quoted(Path path) {
        return "\"" + path.toAbsolutePath().normalize().toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
