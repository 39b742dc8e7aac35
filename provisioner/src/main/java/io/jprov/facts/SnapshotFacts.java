package io.jprov.facts;

import io.jprov.util.Sh;

/**
 * Whether a file's last known-good state is still kept next to it, waiting for a handler to confirm
 * the new one: a copy at {@code PATH.jprov-prev}, or an empty {@code PATH.jprov-absent} marker when
 * there was no file (the {@code template} module's {@code keep_previous}).
 */
public final class SnapshotFacts {
  private SnapshotFacts() {}

  /** True when either snapshot of {@code path} exists; anything but {@code pending} reads as false. */
  public static Fact<Boolean> pending(String path) {
    return new Fact<>("pending-snapshot:" + path,
        "if [ -e " + Sh.quote(path + ".jprov-prev") + " ] || [ -e " + Sh.quote(path + ".jprov-absent")
            + " ]; then echo pending; else echo none; fi",
        o -> o.output().strip().equals("pending"));
  }
}
