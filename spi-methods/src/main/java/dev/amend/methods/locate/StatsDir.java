package dev.amend.methods.locate;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where second-moment statistics are kept when {@code stats_dir} is not given: a per-user cache, as Hugging Face and
 * DJL keep theirs, so that statistics computed once serve every later run wherever it is started from (they are
 * named by the model's fingerprint and the corpus' hash, so runs never mix them up).
 */
public final class StatsDir {

    /** The variable naming Amend's cache directory. */
    public static final String AMEND_CACHE = "AMEND_CACHE";

    private StatsDir() {}

    /**
     * {@return {@code statsDir} as a path, or, when it is null or blank, {@code stats} in the per-user cache}
     *
     * @param statsDir the {@code stats_dir} hparam (a relative path is taken from the working directory, as before)
     */
    public static Path of(String statsDir) {
        return of(statsDir, userCache(System.getenv(), System.getProperty("user.home")));
    }

    /** {@return {@code statsDir} as a path, or {@code <cache>/stats} when it is null or blank} */
    static Path of(String statsDir, Path cache) {
        return statsDir == null || statsDir.isBlank() ? cache.resolve("stats") : Path.of(statsDir);
    }

    /**
     * {@return Amend's per-user cache: {@code $AMEND_CACHE} when set, else {@code $XDG_CACHE_HOME/amend} when that is
     * an absolute path (the XDG base directory specification ignores relative ones), else {@code ~/.cache/amend}}
     *
     * @param env the environment
     * @param home the user's home directory
     */
    static Path userCache(Map<String, String> env, String home) {
        String amend = env.get(AMEND_CACHE);
        if (amend != null && !amend.isBlank()) {
            return Path.of(amend);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "amend");
        }
        return Path.of(home, ".cache", "amend");
    }
}
