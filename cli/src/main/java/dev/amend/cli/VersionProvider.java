package dev.amend.cli;

import dev.amend.registry.AmendVersion;
import picocli.CommandLine.IVersionProvider;

/** Amend's version ({@link AmendVersion}), with the Java and DJL versions. */
final class VersionProvider implements IVersionProvider {

    /** Amend's version. */
    static String version() {
        return AmendVersion.get();
    }

    @Override
    public String[] getVersion() {
        return new String[] {"amend " + version(),
                "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
                "djl " + ai.djl.engine.Engine.getDjlVersion()};
    }
}
