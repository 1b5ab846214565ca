package dev.amend.registry.discovery;

import dev.amend.api.InvalidInputException;
import dev.amend.api.NamedProvider;
import dev.amend.api.ProviderKind;
import dev.amend.registry.discovery.PluginGuard.PluginFailure;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Finds providers with {@link ServiceLoader}: first on the host class path, then in each plugin of a plugins
 * directory. A plugin is a {@code *.jar} file directly in the directory, or a sub-directory holding a plugin's JARs
 * (its own plus its libraries); each gets its own {@link PluginClassLoader}. Provider code runs under a
 * {@link PluginGuard}: a provider that throws or hangs while it is loaded is reported as broken, by name, and the
 * others still load.
 */
public final class ProviderDiscovery {

    /** Stop reading one service file after this many consecutive failures (a malformed file fails at every step). */
    private static final int MAX_CONSECUTIVE_FAILURES = 64;

    private final Map<ProviderKind, List<Discovered>> found = new EnumMap<>(ProviderKind.class);
    private final Map<ProviderKind, Map<String, Discovered>> byKey = new EnumMap<>(ProviderKind.class);
    private final List<BrokenPlugin> broken = new ArrayList<>();

    private final PluginGuard guard;

    private ProviderDiscovery(PluginGuard guard) {
        this.guard = guard;
    }

    /**
     * Discovers every provider visible to {@code host} and, when {@code pluginsDir} is given, in its plugins.
     *
     * @throws DuplicateProviderException when two providers of one kind share a name
     * @throws InvalidInputException      when {@code pluginsDir} is given but is not a directory
     */
    public static ProviderCatalog discover(ClassLoader host, Path pluginsDir) {
        return discover(host, pluginsDir, PluginGuard.configuredLimit());
    }

    /** As {@link #discover(ClassLoader, Path)}, each provider given at most {@code limit} to load and construct. */
    static ProviderCatalog discover(ClassLoader host, Path pluginsDir, Duration limit) {
        try (PluginGuard guard = new PluginGuard(limit)) {
            ProviderDiscovery discovery = new ProviderDiscovery(guard);
            discovery.scan(host, false);
            if (pluginsDir != null) {
                discovery.scanPlugins(host, pluginsDir);
            }
            return new ProviderCatalog(discovery.found, discovery.broken);
        }
    }

    private void scanPlugins(ClassLoader host, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("plugins directory " + dir + " does not exist or is not a directory");
        }
        List<Path> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = list.sorted().toList();
        } catch (IOException e) {
            throw new InvalidInputException("cannot list plugins directory " + dir + ": " + e.getMessage(), e);
        }
        for (Path entry : entries) {
            List<Path> jars = Files.isDirectory(entry) ? jarsIn(entry) : isJar(entry) ? List.of(entry) : List.of();
            if (jars.isEmpty()) {
                continue;
            }
            List<URL> urls = new ArrayList<>();
            for (Path jar : jars) {
                String problem = unreadableJar(jar);
                if (problem != null) {
                    broken.add(new BrokenPlugin(jar.toString(), problem));
                } else {
                    urls.add(toUrl(jar));
                }
            }
            if (!urls.isEmpty()) {
                scan(new PluginClassLoader("amend-plugin:" + entry.getFileName(), urls.toArray(URL[]::new), host), true);
            }
        }
    }

    private void scan(ClassLoader loader, boolean plugin) {
        for (ProviderKind kind : ProviderKind.values()) {
            Iterator<ServiceLoader.Provider<NamedProvider<?, ?>>> it = load(kind, loader).stream().iterator();
            int failures = 0;
            while (failures < MAX_CONSECUTIVE_FAILURES) {
                ServiceLoader.Provider<NamedProvider<?, ?>> found;
                try {
                    found = guard.call("plugin " + loaderName(loader), () -> it.hasNext() ? it.next() : null);
                } catch (PluginFailure e) {
                    failures++;
                    broken.add(new BrokenPlugin(loaderName(loader), kind.label() + " provider failed to load: "
                            + describe(e)));
                    if (e.getCause() == null) {
                        break;   // hung: the service file cannot be read on
                    }
                    continue;
                }
                if (found == null) {
                    break;
                }
                failures = 0;
                construct(kind, found, plugin);
            }
        }
    }

    /** Constructs one provider and checks it, reporting a provider that throws, hangs or tries to end the JVM. */
    private void construct(ProviderKind kind, ServiceLoader.Provider<NamedProvider<?, ?>> found, boolean plugin) {
        String who = found.type().getName() + " from " + originOf(found.type());
        NamedProvider<?, ?> provider;
        List<String> problems;
        try {
            provider = guard.call("provider " + who, found::get);
            problems = guard.call("provider " + who, () -> ProviderChecks.problems(provider));
        } catch (PluginFailure e) {
            broken.add(new BrokenPlugin(who, kind.label() + " provider failed to load: " + describe(e)));
            return;
        }
        if (!problems.isEmpty()) {
            broken.add(new BrokenPlugin(who, kind.label() + " provider rejected: " + String.join("; ", problems)));
            return;
        }
        accept(kind, provider, plugin);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ServiceLoader<NamedProvider<?, ?>> load(ProviderKind kind, ClassLoader loader) {
        return (ServiceLoader) ServiceLoader.load(kind.serviceType(), loader);
    }

    private void accept(ProviderKind kind, NamedProvider<?, ?> provider, boolean plugin) {
        String origin = originOf(provider.getClass());
        Discovered discovered = new Discovered(kind, provider, origin, plugin);
        Discovered previous = byKey.computeIfAbsent(kind, k -> new HashMap<>())
                .putIfAbsent(ProviderNames.key(provider.name()), discovered);
        if (previous != null) {
            throw new DuplicateProviderException(previous, discovered);
        }
        found.computeIfAbsent(kind, k -> new ArrayList<>()).add(discovered);
    }

    /** The JAR or directory a class was loaded from. */
    public static String originOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return "(unknown origin)";
        }
        try {
            return Path.of(source.getLocation().toURI()).toString();
        } catch (Exception e) {
            return source.getLocation().toString();
        }
    }

    private static List<Path> jarsIn(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(ProviderDiscovery::isJar).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean isJar(Path path) {
        return Files.isRegularFile(path) && path.getFileName().toString().endsWith(".jar");
    }

    private static String unreadableJar(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.entries().hasMoreElements() ? null : "the JAR is empty";
        } catch (IOException e) {
            return "not a readable JAR: " + e.getMessage();
        }
    }

    private static URL toUrl(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String loaderName(ClassLoader loader) {
        if (loader instanceof URLClassLoader urls && urls.getURLs().length > 0) {
            return Stream.of(urls.getURLs()).map(URL::getPath).reduce((a, b) -> a + ", " + b).orElse("");
        }
        return "classpath";
    }

    private static String describe(PluginFailure failure) {
        return failure.getCause() == null ? failure.getMessage() : describe(failure.getCause());
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.getClass().getSimpleName() + ": " + e.getMessage());
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append(" <- ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
        }
        return text.toString();
    }
}
