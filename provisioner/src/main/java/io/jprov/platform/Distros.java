package io.jprov.platform;

import io.jprov.facts.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The support table: which OS ids and versions jprov supports, as which {@link Family}. The README's
 * support table and {@code assert_platform}'s message are this list.
 */
public final class Distros {
  private Distros() {}

  /**
   * One row of the support table.
   *
   * @param family the family
   * @param ids os-release IDs accepted
   * @param versions major versions accepted (Ubuntu: releases such as 24.04)
   */
  public record Row(Family family, List<String> ids, List<String> versions) {}

  /** Supported platforms (x86_64). */
  public static final List<Row> SUPPORTED = List.of(
      new Row(Family.EL7, List.of("centos", "rhel"), List.of("7")),
      new Row(Family.EL8, List.of("rhel", "rocky", "almalinux", "ol"), List.of("8")),
      new Row(Family.EL9, List.of("rhel", "rocky", "almalinux", "centos", "ol"), List.of("9")),
      new Row(Family.DEBIAN, List.of("debian"), List.of("11", "12")),
      new Row(Family.UBUNTU, List.of("ubuntu"), List.of("22.04", "24.04")));

  /** Supported architectures ({@code uname -m}). */
  public static final List<String> ARCHES = List.of("x86_64");

  private static final Map<String, String> CODENAMES = Map.of(
      "debian-11", "bullseye", "debian-12", "bookworm", "debian-13", "trixie",
      "ubuntu-22.04", "jammy", "ubuntu-24.04", "noble");

  /**
   * The supported platform {@code p} runs, or null when it is not in the table (wrong OS, version
   * or architecture). Ubuntu's major is its release ({@code 24.04}); the codename comes from
   * os-release ({@code UBUNTU_CODENAME}, {@code VERSION_CODENAME}) or, when missing, from the version.
   */
  public static Distro of(Platform p) {
    String id = p.osId().toLowerCase(Locale.ROOT);
    String major = id.equals("ubuntu") ? ubuntuRelease(p.versionId()) : p.majorVersion();
    if (!ARCHES.contains(p.arch())) {
      return null;
    }
    for (Row r : SUPPORTED) {
      if (r.ids().contains(id) && r.versions().contains(major)) {
        String codename = p.codename();
        if (codename.isEmpty() && r.family().packageManager() == PackageManager.APT) {
          codename = CODENAMES.getOrDefault(r.family().key() + "-" + major, "");
        }
        return new Distro(r.family(), id, p.versionId(), major, codename, p.arch());
      }
    }
    return null;
  }

  /** {@code 24.04} of {@code 24.04} or {@code 24.04.1}. */
  private static String ubuntuRelease(String versionId) {
    String[] parts = versionId.split("\\.");
    return parts.length >= 2 ? parts[0] + "." + parts[1] : versionId;
  }

  /**
   * The support table in words: {@code CentOS/RHEL 7, RHEL/Rocky Linux/AlmaLinux/Oracle Linux 8,
   * RHEL/Rocky Linux/AlmaLinux/CentOS Stream/Oracle Linux 9, Debian 11/12, Ubuntu 22.04/24.04 on x86_64}.
   */
  public static String describeSupported() {
    List<String> rows = new ArrayList<>();
    for (Row r : SUPPORTED) {
      List<String> names = new ArrayList<>();
      for (String id : r.ids()) {
        names.add(id.equals("centos") && r.family() == Family.EL9 ? "CentOS Stream" : osName(id));
      }
      rows.add(String.join("/", names) + " " + String.join("/", r.versions()));
    }
    return String.join(", ", rows) + " on " + String.join("/", ARCHES);
  }

  /** A product name for an os-release ID. */
  public static String osName(String id) {
    return switch (id.toLowerCase(Locale.ROOT)) {
      case "centos" -> "CentOS";
      case "rhel" -> "RHEL";
      case "rocky" -> "Rocky Linux";
      case "almalinux" -> "AlmaLinux";
      case "ol" -> "Oracle Linux";
      case "debian" -> "Debian";
      case "ubuntu" -> "Ubuntu";
      default -> id;
    };
  }
}
