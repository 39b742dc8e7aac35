package io.jprov.transport;

/**
 * What a connection goes to: the host's name (for messages, and the address when the spec has
 * none) and how to reach it. Transports know hosts only through this, not through the inventory.
 *
 * @param name the host's inventory name (or {@code localhost} for {@code --local})
 * @param spec typed connection settings; never null
 */
public record Target(String name, ConnectionSpec spec) {}
