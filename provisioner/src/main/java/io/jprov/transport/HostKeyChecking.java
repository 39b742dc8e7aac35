package io.jprov.transport;

/** How a host's SSH key is checked against known_hosts (the {@code host_key_checking} variable). */
public enum HostKeyChecking {
  /** Refuse unknown and changed keys (default). */
  STRICT,
  /** Record unknown keys in known_hosts; refuse changed ones. */
  ACCEPT_NEW,
  /** No checking at all; only when asked. */
  OFF;

  /** Parses the inventory spelling ({@code strict}, {@code accept-new}, {@code off}); null if unknown. */
  public static HostKeyChecking parse(String s) {
    return switch (s) {
      case "strict" -> STRICT;
      case "accept-new" -> ACCEPT_NEW;
      case "off" -> OFF;
      default -> null;
    };
  }
}
