/** The {@code mend} trainer: MEND's hypernetwork, learnt by editing a frozen base model. */
package dev.amend.trainers.mend;
