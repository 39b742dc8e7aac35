package io.jprov.cli;

import io.jprov.InputException;
import io.jprov.bundle.BundleFetcher;
import io.jprov.bundle.BundleManifest;
import io.jprov.bundle.BundlePlatform;
import io.jprov.bundle.BundleVerifier;
import io.jprov.bundle.ConsoleProgress;
import io.jprov.bundle.Http;
import io.jprov.transport.local.Posix;
import io.jprov.util.OpenPgp;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code jprov bundle fetch|verify|info}: the offline runtime bundle, per platform (docs/bundle.md). */
@Command(
    name = "bundle",
    description = "Offline runtime bundle: fetch, verify, info.",
    mixinStandardHelpOptions = true,
    subcommands = {BundleCommand.Fetch.class, BundleCommand.Verify.class, BundleCommand.Info.class})
public final class BundleCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
  @ParentCommand JprovCommand parent;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: fetch, verify or info");
  }

  // no mixinStandardHelpOptions: its --version (jprov's) would clash with the Docker CE --version
  // below, and picocli then drops the whole mixin, -h and --help included
  @Command(name = "fetch",
      description = "On a connected machine: resolve and download the Docker CE packages and their dependency "
          + "closure for a platform (default el7), the repositories' GPG keys and the images into DIR (el7 at its "
          + "top, every other platform in DIR/<platform>/), and write the bundle.yml of each.")
  static final class Fetch implements Callable<Integer> {
    @ParentCommand BundleCommand bundle;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--dir", required = true, description = "The bundle directory (created).") Path dir;
    @Option(names = "--platform", paramLabel = "PLATFORM",
        description = "el7 (default), el8, el9, debian-11, debian-12, ubuntu-22.04 or ubuntu-24.04; repeatable: "
            + "one directory holds several platforms.")
    List<String> platforms = new ArrayList<>();
    @Option(names = "--mirror", defaultValue = BundleFetcher.DEFAULT_MIRROR,
        description = "Docker CE mirror root, as docker.mirror (default ${DEFAULT-VALUE}).") String mirror;
    @Option(names = "--base-mirror",
        description = "The distribution's repositories: CentOS tree root as base_repos_mirror (el7, default "
            + BundleFetcher.DEFAULT_BASE_MIRROR + "), the root holding <major>/BaseOS and <major>/AppStream "
            + "(el8/el9, default https://dl.rockylinux.org/pub/rocky), the archive holding dists/<codename> "
            + "(default https://deb.debian.org/debian, http://archive.ubuntu.com/ubuntu).") String baseMirror;
    @Option(names = "--registry", defaultValue = BundleFetcher.DEFAULT_REGISTRY,
        description = "Registry HTTP API v2 URL (default ${DEFAULT-VALUE}).") String registry;
    @Option(names = "--version", description = "Docker CE version (default: the request's docker_version); "
        + "on el8/el9/Debian/Ubuntu a prefix (26.1, 26) takes the highest matching docker-ce.")
    String version;
    @Option(names = "--request", description = "The request file, with one --platform only (default: the "
        + "platform's bundle.yml in DIR when present, else runtime-bundle/bundle.yml (el7) or "
        + "runtime-bundle/<platform>.yml of the jprov install).") Path request;
    @Option(names = "--gpg-fingerprint", paramLabel = "FPR",
        description = "Also accept a repository key with this fingerprint (40 hex digits, spaces allowed; "
            + "repeatable). Docker's keys (and CentOS 7's for el7) are always accepted; any other served key is "
            + "refused.")
    List<String> gpgFingerprints = new ArrayList<>();

    @Override
    public Integer call() {
      checkUrl("--mirror", mirror);
      if (baseMirror != null) {
        checkUrl("--base-mirror", baseMirror);
      }
      checkUrl("--registry", registry);
      PrintStream out = bundle.parent.out;
      Set<String> fingerprints = new LinkedHashSet<>();
      for (String f : gpgFingerprints) {
        String n = OpenPgp.normalise(f);
        if (n == null) {
          throw new InputException("--gpg-fingerprint: expected a key fingerprint of 40 hex digits, found '" + f + "'");
        }
        fingerprints.add(n);
      }
      List<BundlePlatform> selected = new ArrayList<>();
      for (String key : platforms.isEmpty() ? List.of(BundlePlatform.EL7) : platforms) {
        BundlePlatform p = BundlePlatform.of(key);
        if (p == null) {
          throw new InputException("bundle fetch --platform '" + io.jprov.util.Text.shown(key)
              + "': not a bundle platform (" + BundlePlatform.keys() + ")");
        }
        if (!selected.contains(p)) {
          selected.add(p);
        }
      }
      if (request != null && selected.size() > 1) {
        throw new InputException("bundle fetch --request: one request is for one platform; fetch "
            + selected.stream().map(BundlePlatform::key).collect(java.util.stream.Collectors.joining(", "))
            + " one at a time");
      }
      if (baseMirror != null && selected.stream().map(p -> p.distro().family()).distinct().count() > 1) {
        throw new InputException("bundle fetch --base-mirror: one mirror cannot serve "
            + selected.stream().map(BundlePlatform::key).collect(java.util.stream.Collectors.joining(" and "))
            + "; fetch them one at a time, each with its --base-mirror");
      }
      boolean tty = out == System.out && Posix.stdoutIsTty();
      for (BundlePlatform p : selected) {
        Path pdir = p.dir(dir);
        Path reqFile = request;
        if (reqFile == null) {
          Path own = pdir.resolve(BundleManifest.FILE_NAME);
          reqFile = Files.isRegularFile(own) ? own : Home.find().resolve("runtime-bundle").resolve(p.requestFile());
        }
        BundleManifest req = BundleManifest.load(reqFile, reqFile.toString());
        if (!req.target().os().equals(p.key())) {
          throw new InputException(reqFile + ": a request for " + req.target().os() + ", not for --platform "
              + p.key());
        }
        String base = baseMirror != null ? baseMirror : p.defaultBaseMirror();
        if (selected.size() > 1) {
          out.println("== " + p.key() + " (" + pdir + ")");
        }
        BundleFetcher.Summary s = new BundleFetcher(new Http(), new ConsoleProgress(out, tty))
            .fetch(new BundleFetcher.Options(pdir, req, mirror, base, registry, version, Set.copyOf(fingerprints)));
        out.println("bundle " + pdir + (p.key().equals(BundlePlatform.EL7) ? "" : " (" + p.key() + ")") + ": "
            + s.files() + " files, " + ConsoleProgress.bytes(s.totalSize())
            + "; downloaded " + s.downloadedFiles() + " (" + s.bytesDownloaded() + " bytes), skipped " + s.skipped()
            + " already present");
      }
      return 0;
    }
  }

  /**
   * Checks a URL option before anything is fetched: an absolute http(s) URL with a host, no query,
   * fragment, whitespace or control character.
   *
   * @throws InputException naming the option
   */
  static void checkUrl(String option, String url) {
    String why = io.jprov.util.HttpUrl.problem(url);
    if (why != null) {
      throw new InputException("bundle fetch " + option + " '" + io.jprov.util.Text.shown(url) + "': not a valid URL: "
          + why);
    }
  }

  /**
   * The platforms' bundles in {@code dir}: {@code dir/bundle.yml} (el7) and {@code dir/<platform>/bundle.yml},
   * each read and checked (its target must be the folder's platform).
   *
   * @throws InputException when there is none, or one is invalid
   */
  static java.util.Map<BundlePlatform, BundleManifest> bundles(Path dir) {
    java.util.Map<BundlePlatform, BundleManifest> out = new java.util.LinkedHashMap<>();
    if (!Files.isDirectory(dir)) {
      throw new InputException(dir + ": bundle directory not found");
    }
    for (BundlePlatform p : BundlePlatform.ALL) {
      Path pdir = p.dir(dir);
      if (!Files.isRegularFile(pdir.resolve(BundleManifest.FILE_NAME))) {
        continue;
      }
      BundleManifest m = BundleManifest.read(pdir);
      if (!m.target().os().equals(p.key())) {
        throw new InputException(pdir.resolve(BundleManifest.FILE_NAME) + ": target os " + m.target().os()
            + " in the folder of " + p.key());
      }
      out.put(p, m);
    }
    if (out.isEmpty()) {
      // the message for a directory without any bundle
      BundleManifest.read(dir);
    }
    return out;
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Check that every file of a bundle (every platform in it) is present with its size and sha256.")
  static final class Verify implements Callable<Integer> {
    @ParentCommand BundleCommand bundle;
    @Option(names = "--dir", required = true, description = "The bundle directory.") Path dir;

    @Override
    public Integer call() {
      java.util.Map<BundlePlatform, BundleManifest> all = bundles(dir);
      List<String> problems = new ArrayList<>();
      int files = 0;
      for (var e : all.entrySet()) {
        String prefix = e.getKey().key().equals(BundlePlatform.EL7) ? "" : e.getKey().key() + "/";
        for (String problem : BundleVerifier.problems(e.getKey().dir(dir), e.getValue())) {
          problems.add(prefix + problem);
        }
        files += e.getValue().artifacts().size();
      }
      if (!problems.isEmpty()) {
        for (int i = 1; i < problems.size(); i++) {
          bundle.parent.err.println("jprov: " + problems.get(i));
        }
        throw new InputException(problems.get(0)
            + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problem(s) above)" : ""));
      }
      bundle.parent.out.println("bundle " + dir + ": " + files + " files verified (size and sha256)"
          + (all.size() == 1 && all.containsKey(BundlePlatform.of(BundlePlatform.EL7)) ? ""
              : " for " + all.keySet().stream().map(BundlePlatform::key)
                  .collect(java.util.stream.Collectors.joining(", "))));
      return 0;
    }
  }

  @Command(name = "info", mixinStandardHelpOptions = true, description = "Summarise a bundle (every platform in it).")
  static final class Info implements Callable<Integer> {
    @ParentCommand BundleCommand bundle;
    @Option(names = "--dir", required = true, description = "The bundle directory.") Path dir;

    @Override
    public Integer call() {
      java.util.Map<BundlePlatform, BundleManifest> all = bundles(dir);
      PrintStream out = bundle.parent.out;
      boolean first = true;
      for (var e : all.entrySet()) {
        BundleManifest m = e.getValue();
        if (!first) {
          out.println();
        }
        first = false;
        long total = m.artifacts().stream().mapToLong(BundleManifest.Artifact::size).sum();
        out.println("bundle:         " + e.getKey().dir(dir));
        out.println("target:         " + m.target().os() + " " + m.target().arch());
        out.println("docker version: " + m.dockerVersion());
        out.println("fetched:        " + (m.fetched() == null ? "never (a request, no artifacts)" : m.fetched()));
        BundleManifest.Kind pkg = e.getKey().apt() ? BundleManifest.Kind.DEB : BundleManifest.Kind.RPM;
        out.println("artifacts:      " + m.artifacts(pkg).size() + " " + pkg.yaml() + "s, "
            + m.artifacts(BundleManifest.Kind.KEY).size() + " keys, " + m.artifacts(BundleManifest.Kind.IMAGE).size()
            + " images, " + ConsoleProgress.bytes(total) + " (" + total + " bytes)");
        for (BundleManifest.Artifact a : m.artifacts()) {
          out.printf("  %-5s %-28s %-18s %10s  %s%n", a.kind().yaml(), a.name(), a.version() == null ? "" : a.version(),
              ConsoleProgress.bytes(a.size()), a.file());
        }
      }
      return 0;
    }
  }
}
