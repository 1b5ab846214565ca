package dev.amend.registry;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Amend's version, as Maven wrote it into {@code version.properties} when it built this module: what saved edits and
 * study rows record, and what {@code amend --version} prints.
 */
public final class AmendVersion {

    private static final String VERSION = read();

    private AmendVersion() {}

    /** Amend's version ({@code 0.1.0-SNAPSHOT}, say); {@code unknown} for classes Maven did not build. */
    public static String get() {
        return VERSION;
    }

    private static String read() {
        Properties properties = new Properties();
        try (InputStream in = AmendVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        String version = properties.getProperty("version", "unknown");
        return version.startsWith("${") ? "unknown" : version;   // an unfiltered copy of the resource
    }
}
