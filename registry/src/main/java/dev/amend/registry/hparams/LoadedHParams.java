package dev.amend.registry.hparams;

import dev.amend.api.HParams;
import java.util.List;
import java.util.Optional;

/**
 * Hparams read from a file, with what the file said beside them.
 *
 * @param hparams     the validated record
 * @param source      the file (or other source) they came from
 * @param ignoredKeys keys the file carried that mean nothing here (reported to the user, not an error)
 * @param modelName   the file's {@code model_name}, where it has one
 */
public record LoadedHParams<H extends HParams>(H hparams, String source, List<String> ignoredKeys,
                                               Optional<String> modelName) {}
