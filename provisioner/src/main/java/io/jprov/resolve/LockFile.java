package io.jprov.resolve;

import io.jprov.platform.VersionMatch;
import io.jprov.InputException;
import io.jprov.JprovException;
import io.jprov.ExitCodes;
import io.jprov.util.Text;
import io.jprov.yaml.YNode;
import io.jprov.yaml.YamlLoader;
import io.jprov.yaml.YamlWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The lock file, {@code docker-lock.yml} (docs/lock.md): for each {@code docker.version} as written and
 * each repository ({@link io.jprov.platform.Distro#lockKey()}), the exact package set resolved once, so
 * that every host of a distro gets the identical set until {@code jprov lock --update}. Immutable.
 *
 * <pre>
 * format: 1
 * docker:
 *   "27.3":
 *     centos-9-x86_64:
 *       version: 27.3.1
 *       repo: https://download.docker.com/linux/centos/9/x86_64/stable
 *       resolved_at: "2026-12-01T01:02:03Z"
 *       packages:
 *         docker-ce: 3:27.3.1-1.el9
 *         ...
 * </pre>
 *
 * @param entries docker.version → lock key → entry
 */
public record LockFile(Map<String, Map<String, Entry>> entries) {
  /** The file's name, beside the inventory. */
  public static final String NAME = "docker-lock.yml";
  static final int FORMAT = 1;

  private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9._]*(-[a-z0-9._]+)+");
  private static final Pattern NAME_RE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");
  private static final Pattern PIN = Pattern.compile("(\\d+:)?[A-Za-z0-9._+~^]+(-[A-Za-z0-9._+~^]+)?");
  private static final Pattern UPSTREAM = Pattern.compile("[0-9][A-Za-z0-9._+~^]*");

  /** An empty lock. */
  public static final LockFile EMPTY = new LockFile(Map.of());

  /**
   * One resolved set.
   *
   * @param version the anchor's upstream version ({@code 27.3.1})
   * @param pins package name → exact version, the anchor first
   * @param repo the repository it was resolved from
   * @param resolvedAt when, ISO-8601 UTC
   */
  public record Entry(String version, Map<String, String> pins, String repo, String resolvedAt) {
    public Entry {
      pins = Collections.unmodifiableMap(new LinkedHashMap<>(pins));
    }
  }

  public LockFile {
    Map<String, Map<String, Entry>> copy = new LinkedHashMap<>();
    entries.forEach((v, m) -> copy.put(v, Collections.unmodifiableMap(new LinkedHashMap<>(m))));
    entries = Collections.unmodifiableMap(copy);
  }

  /** The entry of {@code version} for {@code lockKey}, or null. */
  public Entry get(String version, String lockKey) {
    Map<String, Entry> m = entries.get(version);
    return m == null ? null : m.get(lockKey);
  }

  /** This lock with {@code added} (version → lock key → entry) put in, replacing entries of the same keys. */
  public LockFile with(Map<String, Map<String, Entry>> added) {
    Map<String, Map<String, Entry>> out = new LinkedHashMap<>();
    entries.forEach((v, m) -> out.put(v, new LinkedHashMap<>(m)));
    added.forEach((v, m) -> out.computeIfAbsent(v, x -> new LinkedHashMap<>()).putAll(m));
    return new LockFile(out);
  }

  /** Every lock key of any version, in order of first appearance. */
  public List<String> lockKeys() {
    java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>();
    entries.values().forEach(m -> keys.addAll(m.keySet()));
    return List.copyOf(keys);
  }

  /**
   * Reads a lock file; a missing file is an empty lock.
   *
   * @param display the file as shown in messages
   * @throws InputException (exit 2) naming file:line:column for anything that is not a valid lock
   */
  public static LockFile read(Path file, String display) {
    if (!Files.exists(file)) {
      return EMPTY;
    }
    YNode root = YamlLoader.load(file, display);
    if (root instanceof YNode.YMap m && m.entries().isEmpty()) {
      return EMPTY;
    }
    YNode.YMap top = map(root, "the lock file");
    for (YNode.Entry e : top.entries().values()) {
      if (!e.key().equals("format") && !e.key().equals("docker")) {
        throw new InputException(e.keyLocation() + ": unknown key '" + Text.shown(e.key())
            + "' (known: format, docker); see docs/lock.md");
      }
    }
    YNode format = top.get("format");
    if (format == null) {
      throw new InputException(top.location() + ": the lock file has no 'format' (expected format: " + FORMAT + ")");
    }
    if (!(format instanceof YNode.YScalar s) || !String.valueOf(FORMAT).equals(s.text())) {
      throw new InputException(format.location() + ": format: expected " + FORMAT + " (this jprov reads lock"
          + " format " + FORMAT + "), found '" + Text.shown(text(format)) + "'");
    }
    YNode docker = top.get("docker");
    Map<String, Map<String, Entry>> out = new LinkedHashMap<>();
    if (docker == null || docker instanceof YNode.YScalar ds && ds.value() == null) {
      return new LockFile(out);
    }
    for (YNode.Entry ve : map(docker, "docker").entries().values()) {
      String version = ve.key();
      if (!VersionMatch.VERSION.matcher(version).matches()) {
        throw new InputException(ve.keyLocation() + ": docker: '" + Text.shown(version) + "' is not a Docker"
            + " version or prefix (27.3.1, 27.3, 27)");
      }
      Map<String, Entry> byKey = new LinkedHashMap<>();
      for (YNode.Entry ke : map(ve.value(), "docker." + version).entries().values()) {
        if (!KEY.matcher(ke.key()).matches()) {
          throw new InputException(ke.keyLocation() + ": '" + Text.shown(ke.key()) + "' is not a repository key"
              + " (e.g. centos-9-x86_64, debian-bookworm-amd64)");
        }
        byKey.put(ke.key(), entry(ke.value(), "docker." + version + "." + ke.key()));
      }
      out.put(version, byKey);
    }
    return new LockFile(out);
  }

  private static Entry entry(YNode node, String where) {
    YNode.YMap m = map(node, where);
    for (YNode.Entry e : m.entries().values()) {
      if (!List.of("version", "repo", "resolved_at", "packages").contains(e.key())) {
        throw new InputException(e.keyLocation() + ": " + where + ": unknown key '" + Text.shown(e.key())
            + "' (known: version, repo, resolved_at, packages)");
      }
    }
    String version = scalar(m, "version", where, UPSTREAM, "a version such as 27.3.1");
    String repo = scalar(m, "repo", where, null, null);
    if (io.jprov.util.HttpUrl.problem(repo) != null) {
      throw new InputException(m.get("repo").location() + ": " + where + ".repo: not an http(s) URL: "
          + io.jprov.util.HttpUrl.problem(repo));
    }
    String at = m.get("resolved_at") == null ? "" : scalar(m, "resolved_at", where, null, null);
    YNode p = m.get("packages");
    if (p == null) {
      throw new InputException(m.location() + ": " + where + ": 'packages' is missing");
    }
    Map<String, String> pins = new LinkedHashMap<>();
    for (YNode.Entry e : map(p, where + ".packages").entries().values()) {
      if (!NAME_RE.matcher(e.key()).matches()) {
        throw new InputException(e.keyLocation() + ": " + where + ".packages: '" + Text.shown(e.key())
            + "' is not a package name");
      }
      String pin = text(e.value());
      if (!(e.value() instanceof YNode.YScalar) || pin == null || !PIN.matcher(pin).matches()) {
        throw new InputException(e.value().location() + ": " + where + ".packages." + e.key()
            + ": expected an exact version such as 3:27.3.1-1.el9, found '" + Text.shown(String.valueOf(pin)) + "'");
      }
      pins.put(e.key(), pin);
    }
    if (pins.isEmpty()) {
      throw new InputException(p.location() + ": " + where + ".packages: lists no package");
    }
    return new Entry(version, pins, repo, at);
  }

  private static String scalar(YNode.YMap m, String key, String where, Pattern pattern, String expected) {
    YNode n = m.get(key);
    if (n == null) {
      throw new InputException(m.location() + ": " + where + ": '" + key + "' is missing");
    }
    String t = text(n);
    if (!(n instanceof YNode.YScalar) || t == null || t.isBlank() || pattern != null && !pattern.matcher(t).matches()) {
      throw new InputException(n.location() + ": " + where + "." + key + ": expected "
          + (expected == null ? "text" : expected) + ", found " + (t == null ? n.kind() : "'" + Text.shown(t) + "'"));
    }
    return t;
  }

  /** A scalar as written (so an unquoted 27.3 stays 27.3), or null for a non-scalar or a null. */
  private static String text(YNode n) {
    return n instanceof YNode.YScalar s && s.value() != null ? s.text() : null;
  }

  private static YNode.YMap map(YNode n, String what) {
    if (n instanceof YNode.YMap m) {
      return m;
    }
    throw new InputException(n.location() + ": " + what + ": expected a mapping, found " + n.kind());
  }

  /** The file's text: versions and lock keys sorted, so the same sets always give the same file. */
  public String toYaml() {
    Map<String, Object> docker = new TreeMap<>(VersionMatch.Scheme.RPM::compareUpstream);
    entries.forEach((v, m) -> {
      Map<String, Object> byKey = new TreeMap<>();
      m.forEach((k, e) -> {
        Map<String, Object> y = new LinkedHashMap<>();
        y.put("version", e.version());
        y.put("repo", e.repo());
        y.put("resolved_at", e.resolvedAt());
        y.put("packages", new LinkedHashMap<>(e.pins()));
        byKey.put(k, y);
      });
      docker.put(v, byKey);
    });
    Map<String, Object> y = new LinkedHashMap<>();
    y.put("format", FORMAT);
    y.put("docker", new LinkedHashMap<>(docker));
    return YamlWriter.write(y, "Docker CE package sets resolved by jprov from the mirror's metadata (docs/lock.md).\n"
        + "Commit this file: every host of a distro gets these exact versions until `jprov lock --update`.");
  }

  /**
   * Writes the file atomically (a temporary file beside it, then renamed).
   *
   * @throws JprovException (exit 1) when it cannot be written, naming the file
   */
  public void write(Path file, String display) {
    Path abs = file.toAbsolutePath();
    try {
      Path tmp = Files.createTempFile(abs.getParent(), ".docker-lock-", ".tmp");
      try {
        Files.writeString(tmp, toYaml(), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw new JprovException(ExitCodes.INTERNAL, display + ": cannot write the lock file: " + e.getMessage(), e);
    }
  }
}
