/**
 * Finding providers: on the classpath and in a plugins directory (each plugin JAR, or directory of JARs, in a
 * class loader of its own that sees only Amend's API, DJL and the JDK), with names validated, duplicates rejected
 * and broken plugins reported without stopping the others.
 */
package dev.amend.registry.discovery;
