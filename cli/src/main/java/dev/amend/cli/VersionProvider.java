package dev.amend.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version Maven wrote into {@code version.properties}, with the Java and DJL versions. */
final class VersionProvider implements IVersionProvider {

    /** Amend's version. */
    static String version() {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return properties.getProperty("version", "unknown");
    }

    @Override
    public String[] getVersion() {
        return new String[] {"amend " + version(),
                "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
                "djl " + ai.djl.engine.Engine.getDjlVersion()};
    }
}
