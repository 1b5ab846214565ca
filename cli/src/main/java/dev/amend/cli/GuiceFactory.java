package dev.amend.cli;

import com.google.inject.ConfigurationException;
import com.google.inject.Injector;
import picocli.CommandLine;

/**
 * Picocli's factory backed by Guice: commands, their mixins and argument groups are made by the injector, so their
 * {@code @Inject} constructors receive their collaborators. What Guice cannot make (picocli's collection types and
 * private helpers) falls back to picocli's own factory.
 */
final class GuiceFactory implements CommandLine.IFactory {

    private final Injector injector;

    GuiceFactory(Injector injector) {
        this.injector = injector;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        try {
            return injector.getInstance(type);
        } catch (ConfigurationException notInjectable) {
            return CommandLine.defaultFactory().create(type);
        }
    }
}
