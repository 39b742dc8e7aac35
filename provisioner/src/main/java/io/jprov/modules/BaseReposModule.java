package io.jprov.modules;

import io.jprov.util.UnifiedDiff;
import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.facts.FileContentFacts;
import io.jprov.facts.FileContentFacts.FileContent;
import io.jprov.facts.HostFacts;
import io.jprov.facts.NetFacts;
import io.jprov.util.Text;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code base_repos}: CentOS 7's base, updates and extras repositories usable after the end of life.
 *
 * <p>Without {@code os_id} the id comes from the platform fact, which the engine reads first
 * anyway, so the task's facts join the host's first bulk read; {@code rhel} is left alone with a
 * note.
 *
 * <p>With a mirror: in the sections base, updates, extras and centosplus, {@code mirrorlist=} lines
 * are commented out and {@code baseurl=<mirror>/7/<os|updates|extras|centosplus>/$basearch/} is set
 * (a literal 7: the vault has no {@code 7Server}), once the base, updates and extras
 * repositories' {@code repodata/repomd.xml} answered from the host (else the task fails naming each
 * URL, nothing changed). Without one: fails with the EOL explanation when
 * the file still uses a mirrorlist and {@code mirrorlist.centos.org} does not resolve.
 */
public final class BaseReposModule implements TaskModule<BaseReposModule.Arguments> {
  static final String DEFAULT_PATH = "/etc/yum.repos.d/CentOS-Base.repo";
  static final String MIRRORLIST_HOST = "mirrorlist.centos.org";
  static final String EOL = "CentOS 7 reached end of life on 2024-06-30 and mirrorlist.centos.org is gone, "
      + "so yum cannot reach the base, updates and extras repositories; set base_repos_mirror to a vault or "
      + "internal mirror, e.g. http://vault.centos.org/centos";
  private static final List<String> SECTIONS = List.of("base", "updates", "extras", "centosplus");
  private static final Pattern URL = Pattern.compile("(?i)(https?|ftp|file)://\\S+");
  /** The mirror is written into the repo file: a newline (or any control character) would add keys. */
  private static final ArgType<String> MIRROR = ArgType.STRING.check("URL, or empty", m -> m.isBlank()
      || (URL.matcher(m.strip()).matches() && !Text.hasControl(m)) ? null
      : "is not a URL (e.g. http://vault.centos.org/centos): '" + Text.shown(m) + "'");

  private static final ArgSpec SPEC = ArgSpec.of("base_repos",
          "CentOS 7's base, updates and extras repositories stay usable after its end of life.")
      .optional("mirror", MIRROR, "", "Root of a CentOS tree holding 7/os/x86_64/ (e.g. "
          + "http://vault.centos.org/centos) that the repositories are pointed at; empty leaves the file alone.")
      .optional("os_id", ArgType.STRING,
          "An os-release id used instead of the host's; with rhel the repositories are left to subscription-manager.")
      .optional("path", ArgType.PATH, DEFAULT_PATH, "The repository file.")
      .build();

  /**
   * The parsed arguments.
   *
   * @param mirror without trailing slashes; empty for none
   * @param osId null to read the platform fact
   */
  public record Arguments(String mirror, String osId, String path) {}

  @Override
  public ArgSpec spec() {
    return SPEC;
  }

  @Override
  public Arguments parse(Args a) {
    return new Arguments(a.string("mirror").strip().replaceAll("/+$", ""), a.string("os_id"), a.string("path"));
  }

  private static boolean rhel(Arguments a, FactSet facts) {
    String id = a.osId() != null ? a.osId() : facts.get(HostFacts.PLATFORM).osId();
    return id != null && id.strip().equalsIgnoreCase("rhel");
  }

  @Override
  public List<Fact<?>> facts(Arguments a, TaskContext ctx) {
    if (a.osId() != null && a.osId().strip().equalsIgnoreCase("rhel")) {
      return List.of();
    }
    List<Fact<?>> out = new ArrayList<>();
    if (a.osId() == null) {
      out.add(HostFacts.PLATFORM);
    }
    out.add(FileContentFacts.of(a.path()));
    if (a.mirror().isEmpty()) {
      out.add(NetFacts.resolves(MIRRORLIST_HOST));
    } else {
      // in the host's first bulk read (no extra round trip): the three repositories docker-ce needs
      for (String url : repomdUrls(a.mirror()).values()) {
        out.add(NetFacts.answers(url));
      }
    }
    return out;
  }

  @Override
  public Plan plan(Arguments a, FactSet facts, TaskContext ctx) {
    if (rhel(a, facts)) {
      return Plan.ok("RHEL 7: repositories come from subscription-manager; docker-ce needs container-selinux "
          + "from the extras repo, so enable rhel-7-server-extras-rpms "
          + "(subscription-manager repos --enable=rhel-7-server-extras-rpms)");
    }
    String path = a.path();
    String mirror = a.mirror();
    FileContent have = facts.get(FileContentFacts.of(path));
    if (mirror.isEmpty()) {
      if (!have.exists() || !usesMirrorlist(have.content())) {
        return Plan.ok(have.exists() ? path + " uses baseurl, not mirrorlist" : path + " does not exist");
      }
      if (facts.get(NetFacts.resolves(MIRRORLIST_HOST))) {
        return Plan.ok(MIRRORLIST_HOST + " resolves; " + path + " left as is");
      }
      return Plan.fail(EOL);
    }
    String want = have.exists() ? rewrite(have.content(), mirror) : fresh(mirror);
    String unreachable = unreachable(mirror, repomdUrls(mirror), facts);
    if (unreachable != null) {
      return Plan.fail(unreachable);
    }
    if (have.exists() && want.equals(have.content())) {
      return Plan.ok(path + " points at " + mirror);
    }
    String diff = UnifiedDiff.diff(have.exists() ? have.content() : null, want, path);
    return Plan.change("point " + path + " at " + mirror, List.of(
        new Command.Upload(path, want.getBytes(StandardCharsets.UTF_8), "0644", "root", "root"),
        new Command.Shell("yum clean expire-cache >/dev/null", "yum clean expire-cache")), diff);
  }

  /**
   * Per repository docker-ce needs (base, updates, extras), the URL of its repomd.xml on {@code
   * mirror}, for x86_64 (the only arch the Docker CE playbook accepts; the facts are read before the
   * platform is known).
   */
  static Map<String, String> repomdUrls(String mirror) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String section : List.of("base", "updates", "extras")) {
      out.put(section, url(mirror, section).replace("$basearch", "x86_64") + "repodata/repomd.xml");
    }
    return out;
  }

  /**
   * Why the repositories on {@code mirror} cannot be used, naming each URL that does not answer
   * 2xx; null when all answer (or curl is missing to ask). When none answered at all (no HTTP
   * answer: DNS, route, timeout), the host reaches no repository: an offline install is suggested.
   */
  static String unreachable(String mirror, Map<String, String> urls, FactSet facts) {
    Map<String, List<String>> byWhy = new LinkedHashMap<>();
    int bad = 0;
    boolean anyReached = false;
    for (String url : urls.values()) {
      NetFacts.UrlAnswer answer = facts.get(NetFacts.answers(url));
      if (answer.unknown()) {
        continue;
      }
      anyReached |= answer.reached();
      if (!answer.ok()) {
        byWhy.computeIfAbsent(answer.why(), k -> new ArrayList<>()).add(url);
        bad++;
      }
    }
    if (bad == 0) {
      return null;
    }
    List<String> groups = new ArrayList<>();
    byWhy.forEach((why, list) -> groups.add(String.join(", ", list) + ": " + why));
    String which = String.join("; ", groups);
    if (!anyReached && bad == urls.size()) {
      return "this host reaches no repository on base_repos_mirror " + mirror + " (" + which + "); check the host's "
          + "network, DNS and proxy, or install offline with --bundle (docs/bundle.md); nothing was changed";
    }
    return "base_repos_mirror " + mirror + " does not serve the CentOS 7 repositories (" + which + "); it must be the"
        + " root of a CentOS tree holding 7/os/x86_64/ (e.g. http://vault.centos.org/centos); nothing was changed";
  }

  /** Whether an enabled section (no {@code enabled=0}) still has an active {@code mirrorlist=}. */
  static boolean usesMirrorlist(String content) {
    boolean mirrorlist = false;
    boolean enabled = true;
    boolean inSection = false;
    for (String raw : (content + "\n[end]").split("\n")) {
      String t = raw.strip();
      if (t.startsWith("[") && t.endsWith("]")) {
        if (inSection && mirrorlist && enabled) {
          return true;
        }
        inSection = true;
        mirrorlist = false;
        enabled = true;
      } else if (t.matches("mirrorlist\\s*=.*")) {
        mirrorlist = true;
      } else if (t.matches("enabled\\s*=\\s*(0|false|no|off)")) {
        enabled = false;
      }
    }
    return false;
  }

  static String dir(String section) {
    return section.equals("base") ? "os" : section;
  }

  /** Comments out mirrorlist and sets baseurl in the known sections; idempotent. */
  static String rewrite(String content, String mirror) {
    StringBuilder out = new StringBuilder();
    String section = null;
    boolean baseurlWritten = false;
    String[] lines = content.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String t = line.strip();
      boolean last = i == lines.length - 1;
      if (t.startsWith("[") && t.endsWith("]")) {
        if (section != null && !baseurlWritten && SECTIONS.contains(section)) {
          insertBeforeTrailingBlank(out, "baseurl=" + url(mirror, section));
        }
        section = t.substring(1, t.length() - 1).strip();
        baseurlWritten = false;
        out.append(line);
      } else if (section != null && SECTIONS.contains(section)
          && t.matches("^#?\\s*baseurl\\s*=.*")) {
        if (baseurlWritten) {
          continue;
        }
        out.append("baseurl=").append(url(mirror, section));
        baseurlWritten = true;
      } else if (section != null && SECTIONS.contains(section) && t.matches("^mirrorlist\\s*=.*")) {
        out.append('#').append(t);
      } else {
        out.append(line);
      }
      if (!last) {
        out.append('\n');
      }
    }
    if (section != null && !baseurlWritten && SECTIONS.contains(section)) {
      boolean endsNl = out.length() > 0 && out.charAt(out.length() - 1) == '\n';
      if (!endsNl) {
        out.append('\n');
      }
      out.append("baseurl=").append(url(mirror, section)).append('\n');
    }
    return out.toString();
  }

  private static void insertBeforeTrailingBlank(StringBuilder out, String line) {
    int end = out.length();
    while (end >= 2 && out.charAt(end - 1) == '\n' && out.charAt(end - 2) == '\n') {
      end--;
    }
    out.insert(end, line + "\n");
  }

  static String url(String mirror, String section) {
    return mirror + "/7/" + dir(section) + "/$basearch/";
  }

  /** A minimal CentOS-Base.repo when the file is missing. */
  static String fresh(String mirror) {
    StringBuilder sb = new StringBuilder("# Managed by jprov (base_repos)\n");
    for (String s : List.of("base", "updates", "extras")) {
      sb.append('\n').append('[').append(s).append("]\n")
          .append("name=CentOS-7 - ").append(Character.toUpperCase(s.charAt(0))).append(s.substring(1)).append('\n')
          .append("baseurl=").append(url(mirror, s)).append('\n')
          .append("gpgcheck=1\n")
          .append("gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-CentOS-7\n");
    }
    return sb.toString();
  }
}
