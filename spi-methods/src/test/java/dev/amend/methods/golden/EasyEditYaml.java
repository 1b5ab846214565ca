package dev.amend.methods.golden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.api.HParams;
import dev.amend.api.NamedProvider;
import dev.amend.registry.hparams.HParamsCodec;
import dev.amend.registry.hparams.Presets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * EasyEdit's own hparams files, as data: the key/value pairs of each file of EasyEdit's {@code hparams/<METHOD>/}
 * folder, written down (not copied) under {@code src/test/resources/easyedit-yaml/<METHOD>/}. A method's
 * {@code <Method>EasyEditYamlTest} loads every one unchanged and checks it against the preset named after its model.
 */
public final class EasyEditYaml {

    private static final HParamsCodec CODEC = new HParamsCodec();

    private EasyEditYaml() {}

    /**
     * {@return the written-down files of EasyEdit's {@code hparams/<folder>/}, sorted by name}
     *
     * @param folder EasyEdit's folder name, such as {@code ROME} or {@code AlphaEdit}
     */
    public static List<Path> files(String folder) {
        URL url = EasyEditYaml.class.getResource("/easyedit-yaml/" + folder);
        if (url == null) {
            throw new IllegalStateException("no easyedit-yaml/" + folder + " on the test class path");
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@return the hparams {@code file} means, loaded as a user's file would be}
     *
     * @param provider the method that reads it
     * @param file     one of {@link #files}
     */
    public static <H extends HParams> H load(NamedProvider<H, ?> provider, Path file) {
        return CODEC.load(provider, file).hparams();
    }

    /**
     * {@return the preset named after {@code file}'s model (the file name without {@code .yaml}, such as
     * {@code gpt2-xl}), when the method has one}
     */
    public static Optional<String> presetFor(NamedProvider<?, ?> provider, Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.yaml$", "");
        return Presets.names(provider).contains(name) ? Optional.of(name) : Optional.empty();
    }

    /**
     * Asserts that {@code file} loads and, when a preset is named after its model, means exactly that preset.
     *
     * @return whether a preset was compared
     */
    public static <H extends HParams> boolean assertLoadsAsItsPreset(NamedProvider<H, ?> provider, Path file) {
        H loaded = load(provider, file);
        Optional<String> preset = presetFor(provider, file);
        preset.ifPresent(name -> assertThat(loaded).as("%s against the preset '%s'", file.getFileName(), name)
                .isEqualTo(CODEC.preset(provider, name)));
        return preset.isPresent();
    }
}
