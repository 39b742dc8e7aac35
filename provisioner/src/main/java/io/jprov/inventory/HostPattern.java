package io.jprov.inventory;

import java.util.List;

/** A parsed {@code --limit} / {@code hosts:} pattern. (Skeleton: to be completed.) */
public final class HostPattern {
  private final String text;

  private HostPattern(String text) {
    this.text = text;
  }

  public static HostPattern parse(String text) {
    return new HostPattern(text);
  }

  public List<Host> select(Inventory inventory) {
    if (text.equals("all") || text.equals("*")) {
      return inventory.hosts();
    }
    throw new UnsupportedOperationException("patterns not implemented yet");
  }
}
