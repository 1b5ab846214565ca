package dev.amend.methods.locate;

/** The second-moment statistics keys that ROME, MEMIT and AlphaEdit share (EasyEdit's names). */
public interface StatsHParams {

    /**
     * {@code stats_dir}: where precomputed and cached statistics live; null for the per-user cache
     * ({@link StatsDir#of}).
     */
    String statsDir();

    /**
     * {@code mom2_dataset}: a local text file (one sample per line), or the name of an EasyEdit data set
     * ({@code wikipedia}) whose precomputed statistics are under {@code stats_dir}.
     */
    String mom2Dataset();

    /** {@code mom2_n_samples}: samples (lines) the statistics are taken over. */
    int mom2NSamples();

    /** {@code mom2_dtype}: the precision named in EasyEdit's file names; Amend accumulates in float64. */
    String mom2Dtype();

    /** {@code rewrite_module_tmp}: the edited module, which also names the statistics' files. */
    String rewriteModuleTmp();
}
