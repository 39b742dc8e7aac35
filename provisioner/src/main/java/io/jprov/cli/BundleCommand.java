package io.jprov.cli;

import io.jprov.InputException;
import io.jprov.bundle.BundleFetcher;
import io.jprov.bundle.BundleManifest;
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

/** {@code jprov bundle fetch|verify|info}: the offline runtime bundle (docs/bundle.md). */
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
      description = "On a connected machine: resolve and download the Docker CE RPMs and their el7 dependencies, "
          + "the repositories' GPG keys and the images into DIR, and write DIR/bundle.yml.")
  static final class Fetch implements Callable<Integer> {
    @ParentCommand BundleCommand bundle;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--dir", required = true, description = "The bundle directory (created).") Path dir;
    @Option(names = "--mirror", defaultValue = BundleFetcher.DEFAULT_MIRROR,
        description = "Docker CE mirror root, as docker.mirror (default ${DEFAULT-VALUE}).") String mirror;
    @Option(names = "--base-mirror", defaultValue = BundleFetcher.DEFAULT_BASE_MIRROR,
        description = "CentOS tree root, as base_repos_mirror (default ${DEFAULT-VALUE}).") String baseMirror;
    @Option(names = "--registry", defaultValue = BundleFetcher.DEFAULT_REGISTRY,
        description = "Registry HTTP API v2 URL (default ${DEFAULT-VALUE}).") String registry;
    @Option(names = "--version", description = "Docker CE version (default: the request's docker_version).")
    String version;
    @Option(names = "--request", description = "The request file (default: DIR/bundle.yml when present, "
        + "else runtime-bundle/bundle.yml of the jprov install).") Path request;
    @Option(names = "--gpg-fingerprint", paramLabel = "FPR",
        description = "Also accept a repository key with this fingerprint (40 hex digits, spaces allowed; "
            + "repeatable). Docker's and CentOS 7's keys are always accepted; any other served key is refused.")
    List<String> gpgFingerprints = new ArrayList<>();

    @Override
    public Integer call() {
      checkUrl("--mirror", mirror);
      checkUrl("--base-mirror", baseMirror);
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
      Path reqFile = request;
      if (reqFile == null) {
        Path own = dir.resolve(BundleManifest.FILE_NAME);
        reqFile = Files.isRegularFile(own) ? own : Home.find().resolve("runtime-bundle").resolve(BundleManifest.FILE_NAME);
      }
      BundleManifest req = BundleManifest.load(reqFile, reqFile.toString());
      boolean tty = out == System.out && Posix.stdoutIsTty();
      BundleFetcher.Summary s = new BundleFetcher(new Http(), new ConsoleProgress(out, tty))
          .fetch(new BundleFetcher.Options(dir, req, mirror, baseMirror, registry, version, Set.copyOf(fingerprints)));
      out.println("bundle " + dir + ": " + s.files() + " files, " + ConsoleProgress.bytes(s.totalSize())
          + "; downloaded " + s.downloadedFiles() + " (" + s.bytesDownloaded() + " bytes), skipped " + s.skipped()
          + " already present");
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

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Check that every file of a bundle is present with its size and sha256.")
  static final class Verify implements Callable<Integer> {
    @ParentCommand BundleCommand bundle;
    @Option(names = "--dir", required = true, description = "The bundle directory.") Path dir;

    @Override
    public Integer call() {
      BundleManifest m = BundleManifest.read(dir);
      List<String> problems = BundleVerifier.problems(dir, m);
      if (!problems.isEmpty()) {
        for (int i = 1; i < problems.size(); i++) {
          bundle.parent.err.println("jprov: " + problems.get(i));
        }
        throw new InputException(problems.get(0)
            + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problem(s) above)" : ""));
      }
      bundle.parent.out.println("bundle " + dir + ": " + m.artifacts().size() + " files verified (size and sha256)");
      return 0;
    }
  }

  @Command(name = "info", mixinStandardHelpOptions = true, description = "Summarise a bundle.")
  static final class Info implements Callable<Integer> {
    @ParentCommand BundleCommand bundle;
    @Option(names = "--dir", required = true, description = "The bundle directory.") Path dir;

    @Override
    public Integer call() {
      BundleManifest m = BundleManifest.read(dir);
      PrintStream out = bundle.parent.out;
      long total = m.artifacts().stream().mapToLong(BundleManifest.Artifact::size).sum();
      out.println("bundle:         " + dir);
      out.println("target:         " + m.target().os() + " " + m.target().arch());
      out.println("docker version: " + m.dockerVersion());
      out.println("fetched:        " + (m.fetched() == null ? "never (a request, no artifacts)" : m.fetched()));
      out.println("artifacts:      " + m.artifacts(BundleManifest.Kind.RPM).size() + " rpms, "
          + m.artifacts(BundleManifest.Kind.KEY).size() + " keys, " + m.artifacts(BundleManifest.Kind.IMAGE).size()
          + " images, " + ConsoleProgress.bytes(total) + " (" + total + " bytes)");
      for (BundleManifest.Artifact a : m.artifacts()) {
        out.printf("  %-5s %-28s %-18s %10s  %s%n", a.kind().yaml(), a.name(), a.version() == null ? "" : a.version(),
            ConsoleProgress.bytes(a.size()), a.file());
      }
      return 0;
    }
  }
}
