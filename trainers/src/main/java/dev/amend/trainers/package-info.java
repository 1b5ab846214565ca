/** Trainer providers. {@link dev.amend.trainers.toy}: the toy world and the pretrainer of the embedded model. */
package dev.amend.trainers;
