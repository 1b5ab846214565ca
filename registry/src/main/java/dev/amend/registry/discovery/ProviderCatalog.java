package dev.amend.registry.discovery;

import dev.amend.api.ProviderKind;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What discovery found: the providers of each kind, sorted by name, with their origins, and what it could not
 * load.
 */
public final class ProviderCatalog {

    private final Map<ProviderKind, List<Discovered>> byKind;
    private final List<BrokenPlugin> broken;

    ProviderCatalog(Map<ProviderKind, List<Discovered>> byKind, List<BrokenPlugin> broken) {
        this.byKind = new EnumMap<>(ProviderKind.class);
        for (ProviderKind kind : ProviderKind.values()) {
            this.byKind.put(kind, byKind.getOrDefault(kind, List.of()).stream()
                    .sorted(Comparator.comparing(d -> d.name().toLowerCase(java.util.Locale.ROOT))).toList());
        }
        this.broken = List.copyOf(broken);
    }

    /** The providers of one kind, sorted by name. */
    public List<Discovered> providers(ProviderKind kind) {
        return byKind.get(kind);
    }

    /** Plugins and providers that failed to load. */
    public List<BrokenPlugin> broken() {
        return broken;
    }
}
