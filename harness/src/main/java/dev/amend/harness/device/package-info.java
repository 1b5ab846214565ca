/** Where work runs: the CPU and the GPUs the engine reports, as worker slots. */
package dev.amend.harness.device;
