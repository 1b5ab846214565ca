package dev.amend.registry.discovery;

/**
 * Something discovery could not load; reported, while the rest loads.
 *
 * @param origin  the JAR, directory or provider class concerned
 * @param problem what went wrong
 */
public record BrokenPlugin(String origin, String problem) {}
