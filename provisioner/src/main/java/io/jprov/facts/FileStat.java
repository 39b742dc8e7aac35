package io.jprov.facts;

import io.jprov.util.Sh;

/**
 * The state of one path on a host: type, mode, owner, group, size, sha256 of a regular file and,
 * when asked for and small enough, its content (for diffs). Symbolic links are followed.
 *
 * @param type what is at the path
 * @param mode permission bits as four octal digits ({@code 0644}), or null when absent
 * @param owner user name ({@code UNKNOWN}, as stat prints it, when the uid has none), or null when absent
 * @param group group name ({@code UNKNOWN} when the gid has none), or null when absent
 * @param size size in bytes, or -1 when absent
 * @param sha256 lowercase hex digest of a readable regular file, else null
 * @param content the file's content when it was fetched, else null
 */
public record FileStat(
    Type type, String mode, String owner, String group, long size, String sha256, String content) {

  /** Files at most this big have their content fetched for a diff. */
  public static final long MAX_CONTENT = 256 * 1024;

  private static final String CONTENT_MARK = "::jprov-content::";

  /** What a path holds. */
  public enum Type {
    ABSENT,
    FILE,
    DIRECTORY,
    OTHER
  }

  public boolean exists() {
    return type != Type.ABSENT;
  }

  /** The fact for {@code path}; with {@code withContent}, small regular files' content too. */
  public static Fact<FileStat> of(String path, boolean withContent) {
    return new Fact<>((withContent ? "stat+content:" : "stat:") + path, command(path, withContent),
        FileStat::parse);
  }

  static String command(String path, boolean withContent) {
    String p = Sh.quote(path);
    StringBuilder sb = new StringBuilder();
    sb.append("p=").append(p).append("; ");
    sb.append("if [ -e \"$p\" ]; then stat -L -c '%F|%a|%U|%G|%s' -- \"$p\"; ");
    sb.append("if [ -f \"$p\" ]; then sha256sum < \"$p\" | cut -d' ' -f1; ");
    if (withContent) {
      sb.append("if [ \"$(stat -L -c %s -- \"$p\")\" -le ").append(MAX_CONTENT)
          .append(" ]; then echo '").append(CONTENT_MARK).append("'; cat -- \"$p\"; fi; ");
    }
    sb.append("fi; else echo absent; fi");
    return sb.toString();
  }

  /** Parses the output of {@link #command}; never throws. */
  public static FileStat parse(FactOutput out) {
    String text = out.output();
    String head = text;
    String content = null;
    int mark = text.indexOf(CONTENT_MARK + "\n");
    if (mark >= 0) {
      head = text.substring(0, mark);
      content = text.substring(mark + CONTENT_MARK.length() + 1);
    }
    String[] lines = head.strip().split("\n");
    if (lines.length == 0 || lines[0].strip().equals("absent") || lines[0].isBlank()) {
      return new FileStat(Type.ABSENT, null, null, null, -1, null, null);
    }
    String[] f = lines[0].strip().split("\\|", -1);
    if (f.length < 5) {
      // stat failed (e.g. permission denied): the path exists but we cannot tell more.
      return new FileStat(Type.OTHER, null, null, null, -1, null, null);
    }
    Type type = switch (f[0]) {
      case "regular file", "regular empty file" -> Type.FILE;
      case "directory" -> Type.DIRECTORY;
      default -> Type.OTHER;
    };
    long size;
    try {
      size = Long.parseLong(f[4].strip());
    } catch (NumberFormatException e) {
      size = -1;
    }
    String sha = null;
    if (type == Type.FILE && lines.length > 1 && lines[1].strip().matches("[0-9a-f]{64}")) {
      sha = lines[1].strip();
    }
    return new FileStat(type, normalizeMode(f[1]), f[2], f[3], size, sha, sha == null ? null : content);
  }

  /** {@code 644} → {@code 0644}; {@code 4755} stays; null or garbage → null. */
  public static String normalizeMode(String mode) {
    if (mode == null || !mode.strip().matches("[0-7]{1,4}")) {
      return null;
    }
    return String.format("%04o", Integer.parseInt(mode.strip(), 8));
  }
}
