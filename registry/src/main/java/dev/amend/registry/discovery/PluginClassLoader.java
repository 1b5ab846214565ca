package dev.amend.registry.discovery;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

/**
 * The class loader of one plugin. It sees the JDK, then the packages it shares with the host (Amend's API, DJL,
 * Jackson's annotations, SLF4J) from the host, then the plugin's own JARs; nothing else of the host, so that a
 * plugin cannot depend by accident on the runtime's libraries, and its libraries cannot clash with them.
 */
final class PluginClassLoader extends URLClassLoader {

    /** Package prefixes loaded from the host so that plugin and host share one copy of each type. */
    static final List<String> SHARED_PREFIXES = List.of("dev.amend.api.", "ai.djl.", "com.fasterxml.jackson.annotation.",
            "org.slf4j.");

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader host;

    PluginClassLoader(String name, URL[] jars, ClassLoader host) {
        super(name, jars, ClassLoader.getPlatformClassLoader());
        this.host = host;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                loaded = isShared(name) ? host.loadClass(name) : loadFromPlatformOrPlugin(name);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    private Class<?> loadFromPlatformOrPlugin(String name) throws ClassNotFoundException {
        try {
            return getParent().loadClass(name);
        } catch (ClassNotFoundException notPlatform) {
            return findClass(name);
        }
    }

    static boolean isShared(String className) {
        return SHARED_PREFIXES.stream().anyMatch(className::startsWith);
    }
}
