package io.jprov.facts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a host runs and who jprov is on it: read from {@code /etc/os-release},
 * {@code /etc/redhat-release}, {@code uname}, {@code id} and {@code sudo -n true} in one command
 * ({@link HostFacts#PLATFORM}). Fields are empty strings (never null) when the host did not say.
 *
 * @param osId os-release {@code ID} ({@code centos}, {@code rhel}, {@code debian}, ...)
 * @param versionId os-release {@code VERSION_ID} ({@code 7}, {@code 7.9})
 * @param prettyName os-release {@code PRETTY_NAME} ({@code CentOS Linux 7 (Core)})
 * @param redhatRelease first line of {@code /etc/redhat-release}, or empty
 * @param arch {@code uname -m}
 * @param kernel {@code uname -r}
 * @param uid numeric user id of the connecting user, -1 when unknown
 * @param user name of the connecting user
 * @param sudo whether {@code sudo -n true} succeeded (passwordless sudo); true for root
 * @param codename os-release {@code UBUNTU_CODENAME}, else {@code VERSION_CODENAME} ({@code bookworm}, {@code noble}), or empty
 */
public record Platform(
    String osId,
    String versionId,
    String prettyName,
    String redhatRelease,
    String arch,
    String kernel,
    int uid,
    String user,
    boolean sudo,
    String codename) {

  private static final Pattern REDHAT =
      Pattern.compile("^(.*?) release (\\d+(?:\\.\\d+)*)");

  /** The major version: {@code 7} of {@code 7.9}; empty when unknown. */
  public String majorVersion() {
    int dot = versionId.indexOf('.');
    return dot < 0 ? versionId : versionId.substring(0, dot);
  }

  public boolean root() {
    return uid == 0;
  }

  /**
   * This platform as the {@code facts} variable of templates and conditions: {@code os.id},
   * {@code os.version}, {@code os.major}, {@code os.name}, {@code redhat_release}, {@code arch},
   * {@code kernel}, {@code uid}, {@code user}, {@code sudo}.
   */
  public Map<String, Object> toModel() {
    Map<String, Object> os = new LinkedHashMap<>();
    os.put("id", osId);
    os.put("version", versionId);
    os.put("major", majorVersion());
    os.put("name", prettyName);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("os", os);
    m.put("redhat_release", redhatRelease);
    m.put("arch", arch);
    m.put("kernel", kernel);
    m.put("uid", uid);
    m.put("user", user);
    m.put("sudo", sudo);
    os.put("codename", codename);
    return m;
  }

  static final String COMMAND = String.join("; ",
      "echo '::os-release::'",
      "cat /etc/os-release 2>/dev/null",
      "echo '::redhat-release::'",
      "head -n 1 /etc/redhat-release 2>/dev/null",
      "echo '::uname::'",
      "uname -m",
      "uname -r",
      "echo '::id::'",
      "id -u",
      "id -un",
      "echo '::sudo::'",
      "if [ \"$(id -u)\" = 0 ]; then echo root; "
          + "elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then echo yes; "
          + "else echo no; fi");

  /** Parses the output of {@link HostFacts#PLATFORM}; never throws. */
  public static Platform parse(FactOutput out) {
    Map<String, StringBuilder> sections = new LinkedHashMap<>();
    StringBuilder current = null;
    for (String line : out.output().split("\n", -1)) {
      String l = line.strip();
      if (l.matches("::[a-z-]+::")) {
        current = new StringBuilder();
        sections.put(l.substring(2, l.length() - 2), current);
      } else if (current != null && !l.isEmpty()) {
        current.append(l).append('\n');
      }
    }
    Map<String, String> os = new LinkedHashMap<>();
    for (String line : lines(sections, "os-release")) {
      int eq = line.indexOf('=');
      if (eq > 0 && !line.startsWith("#")) {
        os.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
      }
    }
    String[] rh = lines(sections, "redhat-release");
    String redhat = rh.length > 0 ? rh[0] : "";
    String id = os.getOrDefault("ID", "");
    String version = os.getOrDefault("VERSION_ID", "");
    String pretty = os.getOrDefault("PRETTY_NAME", "");
    if (id.isEmpty() && !redhat.isEmpty()) {
      // Hosts without os-release (EL6 and older): derive what we can from redhat-release.
      Matcher m = REDHAT.matcher(redhat);
      if (m.find()) {
        String name = m.group(1).toLowerCase(java.util.Locale.ROOT);
        id = name.startsWith("centos") ? "centos" : name.startsWith("red hat") ? "rhel" : name;
        version = m.group(2);
      }
      pretty = redhat;
    }
    String[] uname = lines(sections, "uname");
    String[] ids = lines(sections, "id");
    int uid;
    try {
      uid = ids.length > 0 ? Integer.parseInt(ids[0]) : -1;
    } catch (NumberFormatException e) {
      uid = -1;
    }
    String[] sudo = lines(sections, "sudo");
    boolean canSudo = sudo.length > 0 && (sudo[0].equals("yes") || sudo[0].equals("root"));
    return new Platform(id, version, pretty, redhat,
        uname.length > 0 ? uname[0] : "", uname.length > 1 ? uname[1] : "",
        uid, ids.length > 1 ? ids[1] : "", canSudo,
        os.getOrDefault("UBUNTU_CODENAME", os.getOrDefault("VERSION_CODENAME", "")));
  }

  private static String[] lines(Map<String, StringBuilder> sections, String name) {
    StringBuilder sb = sections.get(name);
    if (sb == null || sb.length() == 0) {
      return new String[0];
    }
    return sb.toString().strip().split("\n");
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
      return v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    return v;
  }
}
