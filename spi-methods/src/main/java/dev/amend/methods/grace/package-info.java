/** GRACE: a codebook of keys, values and deferral radii at one MLP output, for lifelong sequential editing. */
package dev.amend.methods.grace;
