/** Training data that memory-based methods draw on (demonstrations, irrelevant inputs). */
package dev.amend.methods.data;
