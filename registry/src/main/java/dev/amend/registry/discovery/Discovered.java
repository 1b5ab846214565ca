package dev.amend.registry.discovery;

import dev.amend.api.NamedProvider;
import dev.amend.api.ProviderKind;

/**
 * A provider that discovery found and checked.
 *
 * @param kind     which plugin type
 * @param provider the instance
 * @param origin   the JAR or classpath directory its class came from
 * @param plugin   whether it came from the plugins directory (rather than the classpath)
 */
public record Discovered(ProviderKind kind, NamedProvider<?, ?> provider, String origin, boolean plugin) {

    public String name() {
        return provider.name();
    }
}
