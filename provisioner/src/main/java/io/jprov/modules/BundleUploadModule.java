package io.jprov.modules;

import io.jprov.InputException;
import io.jprov.bundle.install.BundleLayout;
import io.jprov.bundle.install.BundleLayout.Artifact;
import io.jprov.bundle.install.BundleParts;
import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.facts.FileDigests;
import io.jprov.transport.CommandResult;
import io.jprov.transport.SafeDir;
import io.jprov.util.Sh;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bundle_upload}: every file of an offline runtime bundle is on the host under {@code dest}
 * with the manifest's sha256 (docs/bundle.md).
 *
 * Arguments: {@code SPEC} below (docs/modules.md).
 *
 * <p>Fact: one command checks that {@code dest} can be trusted (see {@link SafeDir}; an unsafe one
 * fails the task, naming it, before anything is read or written), then lists the sha256 of every
 * file under it and the size of every {@code .part} left by an interrupted upload. Plan: ok when every artifact matches; otherwise one
 * {@link Command.Copy} per missing or different file, resuming from a {@code .part} shorter than the
 * file. The transport verifies each copy's sha256 on the host before renaming it into place.
 */
public final class BundleUploadModule implements TaskModule<BundleUploadModule.Arguments> {
  /** The host directory is created and owned by root: not / itself, and no '..' even inside a name. */
  private static final ArgType<String> DEST = ArgType.HOST_DIR.check("absolute directory other than /",
      d -> d.equals("/") || d.contains("..") ? "must be an absolute directory other than /, without '..' even"
          + " inside a name, found '" + io.jprov.util.Text.shown(d) + "'" : null);

  private static final ArgSpec SPEC = ArgSpec.of("bundle_upload",
          "Every file of an offline runtime bundle is on the host under 'dest' with the manifest's sha256;"
              + " an interrupted upload resumes.")
      .required("src", ArgType.NON_EMPTY, "The local bundle directory, holding bundle.yml.")
      .optional("dest", DEST, BundleLayout.DEFAULT_DEST,
          "The directory on the host; it must be (or become) a directory only root controls.")
      .optional("platform", ArgType.STRING, "The host's platform (facts.platform): 'src' is then a bundle"
          + " directory holding several platforms and the host gets its platform's part (el7 at the top,"
          + " others in <src>/<platform>/); a platform the bundle lacks fails the task, naming it. Without it,"
          + " 'src' is the part uploaded.")
      .build();

  private final Map<String, BundleLayout> layouts = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, BundleParts> bundles = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The parsed arguments.
   *
   * @param src the local bundle directory
   * @param dest the host directory, without a trailing slash
   * @param platform the host's platform key (src holds several platforms), or null (src is one part)
   */
  public record Arguments(String src, String dest, String platform) {}

  @Override
  public ArgSpec spec() {
    return SPEC;
  }

  @Override
  public Arguments parse(Args a) {
    String d = a.string("dest");
    return new Arguments(a.string("src"), d.endsWith("/") ? d.substring(0, d.length() - 1) : d, a.string("platform"));
  }

  /** The manifest is a local input: read (once) before any host is contacted. */
  @Override
  public void preflight(Arguments a, TaskContext ctx) {
    if (a.platform() == null) {
      layout(a);
    } else {
      parts(a);
    }
  }

  /** Every platform's part of a bundle directory, read once per run. */
  private BundleParts parts(Arguments a) {
    try {
      return bundles.computeIfAbsent(a.src(), dir -> BundleParts.read(Path.of(dir)));
    } catch (InputException e) {
      throw SPEC.error(e.getMessage());
    }
  }

  /**
   * The message of a host whose platform the bundle lacks, or null when it has the part.
   */
  static String missingPart(BundleParts parts, String src, String platform) {
    if (parts.parts().containsKey(platform)) {
      return null;
    }
    if (platform.isEmpty()) {
      return "the host's platform is not one jprov supports: the bundle has parts for " + parts.platforms() + " only";
    }
    return "the bundle has no " + platform + " part: fetch it with --platform " + platform
        + " (the bundle " + src + " has " + parts.platforms() + "; nothing was uploaded)";
  }

  /** The manifest, read once per run and bundle directory, not once per host and phase. */
  private BundleLayout layout(Arguments a) {
    try {
      return layouts.computeIfAbsent(a.src(), dir -> BundleLayout.read(Path.of(dir)));
    } catch (InputException e) {
      throw SPEC.error(e.getMessage());
    }
  }

  /**
   * A shell fragment, run as root right before a bundle file is used ({@code rpm --import},
   * {@code yum}, {@code docker load}) in the same script: fails the script (exit 1, one line on
   * stderr) unless {@code path} has the manifest's sha256.
   */
  public static String checkSha256(String path, String sha256) {
    return "printf '%s  %s\\n' " + Sh.quote(sha256) + " " + Sh.quote(path) + " | sha256sum -c --status"
        + " || { echo " + Sh.quote("jprov: " + path + " is missing or its sha256 differs from the bundle manifest ("
        + sha256 + "); not used") + " >&2; exit 1; }\n";
  }

  /** The message of a task whose script refused the bundle directory, or null. */
  static String refusal(List<CommandResult> results) {
    for (CommandResult r : results) {
      String why = SafeDir.refusal(r);
      if (why != null) {
        return why;
      }
    }
    return null;
  }

  @Override
  public List<Fact<?>> facts(Arguments a, TaskContext ctx) {
    return List.of(FileDigests.under(a.dest()));
  }

  @Override
  public Plan plan(Arguments a, FactSet facts, TaskContext ctx) {
    if (a.platform() != null) {
      BundleParts parts = parts(a);
      String missing = missingPart(parts, a.src(), a.platform());
      if (missing != null) {
        return Plan.fail(missing);
      }
      return plan(parts.parts().get(a.platform()), a.dest(), facts.get(FileDigests.under(a.dest())));
    }
    return plan(layout(a), a.dest(), facts.get(FileDigests.under(a.dest())));
  }

  static Plan plan(BundleLayout layout, String dest, FileDigests remote) {
    if (remote.unsafe() != null) {
      return Plan.fail("refusing the bundle directory: " + remote.unsafe() + " (it must be a real directory owned by"
          + " root and writable only by root; remove it or set another dest; nothing was uploaded)");
    }
    List<Command> copies = new ArrayList<>();
    long bytes = 0;
    long total = 0;
    int resumed = 0;
    for (Artifact art : layout.artifacts()) {
      total += art.size();
      if (art.sha256().equals(remote.sha256().get(art.file()))) {
        continue;
      }
      Long part = remote.parts().get(art.file());
      long offset = part != null && part < art.size() ? part : 0;
      if (offset > 0) {
        resumed++;
      }
      bytes += art.size() - offset;
      copies.add(new Command.Copy(layout.local(art), dest + "/" + art.file(), "0644", art.size(), art.sha256()));
    }
    int n = layout.artifacts().size();
    if (copies.isEmpty()) {
      return Plan.ok(n + " files (" + total + " bytes) present in " + dest + " with matching sha256; 0 bytes uploaded");
    }
    return Plan.change("upload " + copies.size() + " of " + n + " files, " + bytes + " bytes"
        + (resumed > 0 ? " (" + resumed + " resumed)" : "") + " to " + dest, copies);
  }

  @Override
  public Outcome interpret(Arguments a, Plan plan, List<CommandResult> results) {
    Outcome standard = Outcomes.standard(plan, results);
    if (standard.status() == Outcome.Status.FAILED) {
      return standard;
    }
    long bytes = 0;
    for (CommandResult r : results) {
      if (r.copied() != null) {
        bytes += r.copied().transferred();
      }
    }
    int n = results.size();
    return Outcome.changed("uploaded " + n + " file" + (n == 1 ? "" : "s") + ", " + bytes + " bytes transferred ("
        + plan.message() + ")");
  }
}
