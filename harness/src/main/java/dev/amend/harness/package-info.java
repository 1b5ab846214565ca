/**
 * The shared runner. Today: progress bars for long work. Issue E adds the device pool, the model cache, evaluation
 * modes, data sets, studies and reports here.
 */
package dev.amend.harness;
