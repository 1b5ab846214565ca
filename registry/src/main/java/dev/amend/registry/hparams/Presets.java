package dev.amend.registry.hparams;

import dev.amend.api.InvalidInputException;
import dev.amend.api.NamedProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The hparams files a provider ships: resources {@code <package>/presets/<name>.yaml} next to its class, found by
 * listing that folder in the provider's JAR (or class directory). {@value #DEFAULTS}{@code .yaml} holds the defaults
 * every hparams file is merged over; the others are presets users pick by name.
 */
public final class Presets {

    /** The file name (without {@code .yaml}) of a provider's defaults. */
    public static final String DEFAULTS = "default";

    private static final String SUFFIX = ".yaml";

    private Presets() {}

    /**
     * {@return the presets {@code provider} ships, sorted by name, without its defaults}
     *
     * @param provider the provider
     * @throws UncheckedIOException when its JAR cannot be read
     */
    public static List<String> names(NamedProvider<?, ?> provider) {
        List<String> names = new ArrayList<>(files(provider.getClass()));
        names.remove(DEFAULTS);
        Collections.sort(names);
        return List.copyOf(names);
    }

    /**
     * {@return the YAML text of preset {@code name}}
     *
     * @param provider the provider
     * @param name one of {@link #names}
     * @throws InvalidInputException naming the presets there are
     */
    public static String text(NamedProvider<?, ?> provider, String name) {
        if (name.equals(DEFAULTS) || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw unknown(provider, name);
        }
        return read(provider, name).orElseThrow(() -> unknown(provider, name));
    }

    /**
     * {@return the YAML text of the provider's defaults ({@value #DEFAULTS}{@code .yaml}), when it has them}
     *
     * @param provider the provider
     */
    public static Optional<String> defaults(NamedProvider<?, ?> provider) {
        return read(provider, DEFAULTS);
    }

    /**
     * {@return the resource path of preset {@code name} of {@code provider}, for messages}
     *
     * @param provider the provider
     * @param name a preset name, or {@link #DEFAULTS}
     */
    public static String resource(NamedProvider<?, ?> provider, String name) {
        return folder(provider.getClass()) + name + SUFFIX;
    }

    private static InvalidInputException unknown(NamedProvider<?, ?> provider, String name) {
        List<String> known = names(provider);
        return new InvalidInputException(provider.name() + " has no preset '" + name + "'; its presets: "
                + (known.isEmpty() ? "none" : String.join(", ", known)));
    }

    private static Optional<String> read(NamedProvider<?, ?> provider, String name) {
        try (InputStream in = provider.getClass().getResourceAsStream("presets/" + name + SUFFIX)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource(provider, name), e);
        }
    }

    private static String folder(Class<?> type) {
        return type.getPackageName().replace('.', '/') + "/presets/";
    }

    /** The names of the {@code .yaml} files in the presets folder next to {@code type}, in its JAR or directory. */
    private static List<String> files(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null) {
            return List.of();
        }
        String folder = folder(type);
        try {
            Path root = Path.of(location.toURI());
            if (Files.isDirectory(root)) {
                Path dir = root.resolve(folder);
                if (!Files.isDirectory(dir)) {
                    return List.of();
                }
                try (Stream<Path> files = Files.list(dir)) {
                    return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(SUFFIX))
                            .map(Presets::stem).toList();
                }
            }
            try (JarFile jar = new JarFile(root.toFile())) {
                return jar.stream().map(JarEntry::getName)
                        .filter(n -> n.startsWith(folder) && n.endsWith(SUFFIX) && n.indexOf('/', folder.length()) < 0)
                        .map(n -> stem(n.substring(folder.length()))).toList();
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the presets of " + type.getName() + " in " + location, e);
        }
    }

    private static String stem(String file) {
        return file.substring(0, file.length() - SUFFIX.length());
    }
}
