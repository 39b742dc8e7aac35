package io.jprov.facts;

/**
 * What a fact's command printed (stdout and stderr merged, as a shell {@code 2>&1} would) and its
 * exit code.
 */
public record FactOutput(int exitCode, String output) {}
