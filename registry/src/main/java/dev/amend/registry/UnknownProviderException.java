package dev.amend.registry;

import dev.amend.api.InvalidInputException;
import dev.amend.api.ProviderKind;
import java.util.Collection;
import java.util.List;

/** A name that no provider of a kind has; the message lists the known names and suggests the closest. */
public final class UnknownProviderException extends InvalidInputException {

    private final List<String> known;

    public UnknownProviderException(ProviderKind kind, String name, Collection<String> known) {
        super("unknown " + kind.label() + " '" + name + "'" + DidYouMean.hint(name, known) + "; known "
                + kind.label() + "s: " + (known.isEmpty() ? "none (is the provider's JAR on the classpath or in the plugins directory?)"
                : String.join(", ", known.stream().sorted().toList())));
        this.known = List.copyOf(known);
    }

    /** The names that exist. */
    public List<String> known() {
        return known;
    }
}
