/** Trainers: they make the artifacts (hypernetworks, classifiers, pretrained models) that some methods load. */
package dev.amend.api.train;
