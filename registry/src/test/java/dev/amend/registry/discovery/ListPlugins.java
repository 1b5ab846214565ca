package dev.amend.registry.discovery;

import java.nio.file.Path;

/** A child JVM for discovery tests whose plugins end the JVM: discovers the plugins in {@code args[0]}. */
final class ListPlugins {

    private ListPlugins() {}

    public static void main(String[] args) {
        ProviderCatalog catalog = ProviderDiscovery.discover(ListPlugins.class.getClassLoader(), Path.of(args[0]));
        System.out.println(catalog.broken());
    }
}
