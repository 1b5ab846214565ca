/**
 * The shared runner: data set readers, devices, studies (a grid run into a resumable log of typed rows), reports and
 * charts, progress bars.
 */
package dev.amend.harness;
