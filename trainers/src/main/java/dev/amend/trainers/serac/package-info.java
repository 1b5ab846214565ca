/** The {@code serac} trainer: SERAC's scope classifier, fine-tuned on a ZsRE-format split, packed with its archive. */
package dev.amend.trainers.serac;
