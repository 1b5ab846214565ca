/**
 * The runtime side of the contract: finds providers ({@link dev.amend.registry.discovery}), loads their hparams
 * ({@link dev.amend.registry.hparams}), wires everything with Guice ({@link dev.amend.registry.AmendRuntime}), loads
 * models and saved edits, and offers EasyEdit's editor as {@link dev.amend.registry.Editor}.
 */
package dev.amend.registry;
