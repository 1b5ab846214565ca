package dev.amend.registry.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.api.NamedProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds real plugin JARs in tests: compiles Java sources against Amend's API and packs them with service files. */
final class PluginJars {

    private PluginJars() {}

    /**
     * @param jar      the JAR to write
     * @param sources  fully qualified class name → Java source
     * @param services service interface name → provider class names
     */
    static Path build(Path jar, Map<String, String> sources, Map<String, List<String>> services) throws IOException {
        Path work = Files.createTempDirectory(jar.getParent(), "src");
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = work.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            files.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--release", "17",
                "-cp", ProviderDiscovery.originOf(NamedProvider.class)));
        args.addAll(files);
        if (!files.isEmpty()) {
            assertThat(javac.run(null, null, null, args.toArray(String[]::new))).as("plugin compiles").isZero();
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            try (Stream<Path> walk = Files.walk(classes)) {
                for (Path f : walk.filter(Files::isRegularFile).toList()) {
                    put(out, classes.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                }
            }
            for (Map.Entry<String, List<String>> s : services.entrySet()) {
                put(out, "META-INF/services/" + s.getKey(),
                        String.join("\n", s.getValue()).getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }

    /** Source of a minimal but complete method provider in package {@code pkg} named {@code name}. */
    static String methodProvider(String pkg, String className, String name, String constructorBody) {
        return """
                package %1$s;

                import dev.amend.api.NoHParams;
                import dev.amend.api.edit.*;

                public class %2$s implements EditMethodProvider<NoHParams> {
                    public %2$s() { %4$s }
                    public String name() { return "%3$s"; }
                    public String description() {
                        boolean guice;
                        try { Class.forName("com.google.inject.Guice"); guice = true; }
                        catch (ClassNotFoundException e) { guice = false; }
                        return "test plugin; host libraries visible: " + guice;
                    }
                    public Class<NoHParams> hparamsType() { return NoHParams.class; }
                    public MethodCapabilities capabilities() {
                        return MethodCapabilities.of(EditCapability.WEIGHT_DELTA);
                    }
                    public EditMethod create(NoHParams h) {
                        throw new UnsupportedOperationException("discovery tests never edit");
                    }
                }
                """.formatted(pkg, className, name, constructorBody);
    }

    private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    /** Writes arbitrary bytes as a file (for corrupt JARs). */
    static Path garbage(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("this is not a zip file".getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }
}
