package io.jprov.resolve;

import io.jprov.InputException;
import io.jprov.platform.Distro;
import io.jprov.platform.Distros;
import io.jprov.platform.Family;
import io.jprov.util.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The distros {@code jprov lock --platform} names, without a host to ask: a platform key ({@code el9},
 * {@code rhel-9}, {@code debian-12}, {@code ubuntu-24.04}) or a lock key as the file writes it ({@code
 * centos-9-x86_64}, {@code debian-bookworm-amd64}). Only what {@link Distros#SUPPORTED} supports, on x86_64.
 * Stateless.
 */
public final class LockPlatforms {
  private LockPlatforms() {}

  private static final Map<String, String> CODENAMES = Map.of(
      "debian-11", "bullseye", "debian-12", "bookworm", "ubuntu-22.04", "jammy", "ubuntu-24.04", "noble");

  /** Every platform key accepted, for messages: el7, el8, el9, rhel-7, …, debian-11, …, ubuntu-24.04. */
  public static List<String> keys() {
    List<String> out = new ArrayList<>();
    for (Distros.Row r : Distros.SUPPORTED) {
      for (String v : r.versions()) {
        switch (r.family()) {
          case EL7, EL8, EL9 -> {
            out.add(r.family().key());
            if (r.ids().contains("rhel")) {
              out.add("rhel-" + v);
            }
          }
          default -> out.add(r.family().key() + "-" + v);
        }
      }
    }
    return out;
  }

  /**
   * The distro of a platform key or lock key ({@code el9} is Docker's {@code centos} tree, {@code rhel-9}
   * its {@code rhel} tree).
   *
   * @throws InputException (exit 2) for anything else, listing what is accepted
   */
  public static Distro parse(String given) {
    String s = given.strip().toLowerCase(Locale.ROOT);
    for (Distros.Row r : Distros.SUPPORTED) {
      for (String v : r.versions()) {
        for (Distro d : candidates(r, v)) {
          if (d.lockKey().equals(s) || d.key().equals(s) && !d.id().equals("rhel")
              || d.id().equals("rhel") && s.equals("rhel-" + v)) {
            return d;
          }
        }
      }
    }
    throw new InputException("--platform " + Text.shown(given) + ": not a supported platform; known: "
        + String.join(", ", keys()) + " (or a key of docker-lock.yml such as centos-9-x86_64)");
  }

  /** The distros of one support-table version: the centos tree and, where supported, the rhel tree. */
  private static List<Distro> candidates(Distros.Row r, String v) {
    List<Distro> out = new ArrayList<>();
    Family f = r.family();
    if (f == Family.DEBIAN || f == Family.UBUNTU) {
      out.add(new Distro(f, f.key(), v, v, CODENAMES.getOrDefault(f.key() + "-" + v, ""), "x86_64"));
      return out;
    }
    // Rocky/Alma/Oracle/CentOS use Docker's centos tree: one distro stands for them
    String centosLike = r.ids().contains("centos") ? "centos" : r.ids().stream().filter(i -> !i.equals("rhel"))
        .findFirst().orElse("centos");
    out.add(new Distro(f, centosLike, v, v, "", "x86_64"));
    if (r.ids().contains("rhel")) {
      out.add(new Distro(f, "rhel", v, v, "", "x86_64"));
    }
    return out;
  }
}
