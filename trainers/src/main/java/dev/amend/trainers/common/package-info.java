/** What Amend's trainers share: the AdamW step and checkpoints that a kill cannot leave half-written. */
package dev.amend.trainers.common;
