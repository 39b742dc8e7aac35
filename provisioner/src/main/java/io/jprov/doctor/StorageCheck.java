package io.jprov.doctor;

import io.jprov.facts.DockerDaemonFacts;
import io.jprov.facts.DockerDaemonFacts.DiskUsage;
import io.jprov.facts.DockerInfoFacts;
import io.jprov.facts.DockerInfoFacts.DockerInfo;
import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Doctor checks {@code storage.*}: storage driver, free space and inodes, docker info warnings.
 *
 * <p>Thresholds (space and inodes of the filesystem holding Docker's data root): warn from {@value
 * #WARN_PERCENT} % used, fail from {@value #FAIL_PERCENT} % used, and for space also below 1 GiB
 * available (an image pull or a container's writes need room whatever the percentage). They follow
 * the kubelet's defaults for a node's image filesystem (image garbage collection from 85 % used;
 * eviction when under 10-15 % of space or 5 % of inodes is free).
 */
final class StorageCheck implements DoctorCheck {
  static final String DRIVER = "storage.driver";
  static final String SPACE = "storage.space";
  static final String INODES = "storage.inodes";
  static final String WARNINGS = "storage.warnings";
  static final int WARN_PERCENT = 85;
  static final int FAIL_PERCENT = 95;
  /** Available space under which the data root's filesystem fails, in KiB (1 GiB). */
  static final long MIN_FREE_KB = 1024L * 1024L;

  private static final Map<String, String> CHECKS = checkNames();

  private static Map<String, String> checkNames() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(DRIVER, "the storage driver: devicemapper (worst on loop files, loop-lvm), vfs and removed drivers warn; "
        + "overlay2 without d_type warns");
    m.put(SPACE, "space on the data root's filesystem (df -P): warn from " + WARN_PERCENT + " % used, fail from "
        + FAIL_PERCENT + " % or under 1 GiB available");
    m.put(INODES, "inodes on the data root's filesystem (df -Pi): warn from " + WARN_PERCENT + " % used, fail from "
        + FAIL_PERCENT + " %");
    m.put(WARNINGS, "docker info's warnings: the first one and how many");
    return Collections.unmodifiableMap(m);
  }

  @Override
  public String name() {
    return "storage";
  }

  @Override
  public Map<String, String> checks() {
    return CHECKS;
  }

  @Override
  public List<Fact<?>> facts(DoctorContext ctx) {
    return List.of(DockerInfoFacts.INFO, DockerDaemonFacts.DATA_ROOT_USAGE);
  }

  @Override
  public List<Finding> evaluate(FactSet facts, DoctorContext ctx) {
    DockerInfo info = facts.get(DockerInfoFacts.INFO);
    DiskUsage df = facts.get(DockerDaemonFacts.DATA_ROOT_USAGE);
    List<Finding> out = new ArrayList<>();
    out.add(driver(info));
    out.add(space(df));
    out.add(inodes(df));
    if (info.reachable()) {
      out.add(warnings(info));
    }
    return out;
  }

  private static Finding driver(DockerInfo info) {
    if (!info.reachable()) {
      String fix = !info.installed() ? "run jprov apply"
          : info.error().toLowerCase(Locale.ROOT).contains("permission denied")
              ? "run jprov doctor as root (become: true) or as a member of group docker"
              : "start docker (see services.docker), then run jprov doctor again";
      return Finding.warn(DRIVER, DaemonCheckText.line("not checked: docker info: " + info.error()), fix);
    }
    String d = info.driver();
    String overlay2 = "use overlay2: set docker.daemon {\"storage-driver\": \"overlay2\"} and run jprov apply (images "
        + "are pulled again and containers must be recreated)";
    switch (d) {
      case "devicemapper": {
        String loop = info.driverStatus("Data loop file");
        if (loop != null) {
          return Finding.warn(DRIVER, DaemonCheckText.line("devicemapper on loop files (loop-lvm, Data loop file: " + loop
              + "): for testing only, slow, and the driver is removed in Docker 25"), overlay2);
        }
        String pool = info.driverStatus("Pool Name");
        return Finding.warn(DRIVER, DaemonCheckText.line("devicemapper (direct-lvm" + (pool == null ? "" : ", pool " + pool)
            + "): deprecated, removed in Docker 25"), "plan the move to overlay2 before Docker 25: " + overlay2);
      }
      case "vfs":
        return Finding.warn(DRIVER, "vfs: no copy-on-write, every layer is a full copy (for testing)", overlay2);
      case "aufs":
      case "overlay":
        return Finding.warn(DRIVER, d + ": a legacy driver removed in Docker 24", overlay2);
      default:
        break;
    }
    String backing = info.driverStatus("Backing Filesystem");
    String dtype = info.driverStatus("Supports d_type");
    if (d.equals("overlay2") && "false".equals(dtype)) {
      return Finding.warn(DRIVER, "overlay2 on " + (backing == null ? "a filesystem" : backing)
              + " without d_type (Supports d_type: false)",
          "put the data root on a filesystem with d_type (xfs made with mkfs.xfs -n ftype=1, or ext4)");
    }
    String detail = backing == null ? "" : " (Backing Filesystem: " + backing + (dtype == null ? "" : ", Supports d_type: " + dtype) + ")";
    return Finding.ok(DRIVER, DaemonCheckText.line((d.isEmpty() ? "(none)" : d) + detail + ", Docker " + info.serverVersion()));
  }

  private static Finding space(DiskUsage df) {
    if (df.sizeKb() < 0) {
      return Finding.warn(SPACE, DaemonCheckText.line("not checked: " + df.error()), "check the data root's filesystem: df -P "
          + df.path());
    }
    String evidence = where(df) + ": " + df.usedPercent() + "% used, " + size(df.availableKb()) + " available of "
        + size(df.sizeKb());
    String fix = "free space: docker system prune removes stopped containers, unused networks and dangling images "
        + "(add -a for every unused image); or grow the filesystem";
    if (df.usedPercent() >= FAIL_PERCENT || df.availableKb() < MIN_FREE_KB) {
      return Finding.fail(SPACE, DaemonCheckText.line(evidence), fix);
    }
    if (df.usedPercent() >= WARN_PERCENT) {
      return Finding.warn(SPACE, DaemonCheckText.line(evidence), fix);
    }
    return Finding.ok(SPACE, DaemonCheckText.line(evidence));
  }

  private static Finding inodes(DiskUsage df) {
    if (df.inodes() < 0) {
      return Finding.warn(INODES, DaemonCheckText.line("not checked: " + (df.error().isEmpty() ? "df -Pi gave no line"
          : df.error())), "check the data root's filesystem: df -Pi " + df.path());
    }
    if (df.inodes() == 0 || df.inodesUsedPercent() < 0) {
      return Finding.ok(INODES, DaemonCheckText.line(where(df) + ": no fixed inode count (df -Pi: " + df.inodes()
          + " inodes, IUse% -)"));
    }
    String evidence = where(df) + ": " + df.inodesUsedPercent() + "% of inodes used, " + df.inodesFree() + " free of "
        + df.inodes();
    String fix = "free inodes: docker system prune removes unused images and containers (many small files); or move "
        + "the data root to a filesystem with more inodes";
    if (df.inodesUsedPercent() >= FAIL_PERCENT) {
      return Finding.fail(INODES, DaemonCheckText.line(evidence), fix);
    }
    if (df.inodesUsedPercent() >= WARN_PERCENT) {
      return Finding.warn(INODES, DaemonCheckText.line(evidence), fix);
    }
    return Finding.ok(INODES, DaemonCheckText.line(evidence));
  }

  private static Finding warnings(DockerInfo info) {
    List<String> w = info.warnings();
    if (w.isEmpty()) {
      return Finding.ok(WARNINGS, "docker info reports no warnings");
    }
    String first = DaemonCheckText.line(w.get(0));
    String lower = first.toLowerCase(Locale.ROOT);
    String fix;
    if (lower.contains("bridge-nf-call")) {
      fix = "run jprov apply (it loads br_netfilter and sets net.bridge.bridge-nf-call-iptables/ip6tables = 1; see net.*)";
    } else if (lower.contains("ipv4 forwarding")) {
      fix = "sysctl -w net.ipv4.ip_forward=1 and persist it in /etc/sysctl.d (see net.ip-forward)";
    } else if (lower.contains("swap limit") || lower.contains("swap accounting")) {
      fix = "enable swap accounting (swapaccount=1 on the kernel command line), or accept that --memory-swap limits "
          + "are not applied";
    } else if (lower.contains("devicemapper") || lower.contains("storage-driver")) {
      fix = "see storage.driver";
    } else if (lower.contains("api is accessible on http") || lower.contains("without encryption")) {
      fix = "remove the tcp:// listener from hosts (or -H), or protect it with TLS (tlsverify)";
    } else {
      fix = "read the warnings on the host: docker info 2>&1 | grep -A1 WARNING";
    }
    return Finding.warn(WARNINGS, DaemonCheckText.line(w.size() + " warning(s), the first: " + first), fix);
  }

  private static String where(DiskUsage df) {
    String root = df.dataRoot().equals(df.path()) ? df.dataRoot() : df.dataRoot() + " (not there yet: " + df.path() + ")";
    return root + " on " + df.filesystem() + " mounted on " + df.mountedOn();
  }

  /** KiB as people read them: 1.2 GiB, 512 MiB, 300 KiB. */
  static String size(long kb) {
    if (kb >= 1024L * 1024L) {
      return String.format(Locale.ROOT, "%.1f GiB", kb / (1024.0 * 1024.0));
    }
    if (kb >= 1024L) {
      return String.format(Locale.ROOT, "%.1f MiB", kb / 1024.0);
    }
    return kb + " KiB";
  }
}
