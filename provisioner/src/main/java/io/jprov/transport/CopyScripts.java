package io.jprov.transport;

import io.jprov.util.Sh;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two shell scripts of a {@link FileCopy}, shared by both transports so that a local copy
 * gives the same guarantees as one over SSH. Both run as the writer (root with {@code become}).
 *
 * <ol>
 *   <li>{@link #prepare}: the destination directory is created or checked ({@link SafeDir}); a
 *       {@code .part} that is not a regular file is removed; prints {@code jprov-part N}, the
 *       size of the {@code .part} to resume from (0 when there is none or it is too long).
 *   <li>{@link #write}: the bytes from offset N arrive on stdin and are appended to the {@code
 *       .part} by {@code cat}; then its size and sha256 are checked and it is renamed over the
 *       destination ({@code mv -T}: never into a directory of that name).
 * </ol>
 *
 * Files are never written through SFTP: SFTP's open follows symlinks and runs as the SSH user.
 * Here the directory was checked to be writable by the writer only, so nothing in it can be a
 * planted symlink.
 */
public final class CopyScripts {
  /** {@link #write}: the sha256 of the complete {@code .part} differs (printed on stdout); it was deleted. */
  public static final int MISMATCH = 4;
  /** {@link #write}: stdin ended early (connection lost); the {@code .part} is kept to resume. */
  public static final int INCOMPLETE = 5;
  /** {@link #write}: writing failed (e.g. disk full); the {@code .part} was deleted. */
  public static final int WRITE_FAILED = 6;

  private static final Pattern PART = Pattern.compile("(?m)^jprov-part (\\d+)$");

  private CopyScripts() {}

  public static String prepare(FileCopy c) {
    String p = Sh.quote(c.partPath());
    return SafeDir.ensure(SafeDir.parent(c.path()))
        + "P=" + p + "\n"
        + "if [ -L \"$P\" ] || { [ -e \"$P\" ] && [ ! -f \"$P\" ]; }; then rm -rf -- \"$P\" || exit 1; fi\n"
        + "if [ -f \"$P\" ]; then s=$(stat -c %s -- \"$P\") || exit 1; else s=0; fi\n"
        + "if [ \"$s\" -gt " + c.size() + " ]; then rm -f -- \"$P\" || exit 1; s=0; fi\n"
        + "echo \"jprov-part $s\"\n";
  }

  /** The resume offset printed by {@link #prepare}, or -1 when the output holds none. */
  public static long offset(String stdout) {
    Matcher m = PART.matcher(stdout);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  public static String write(FileCopy c, long offset) {
    String mode = c.mode() == null ? "0644" : c.mode();
    return "umask 077\n"
        + "P=" + Sh.quote(c.partPath()) + "\n"
        + "cat " + (offset == 0 ? ">" : ">>") + " \"$P\" || { rm -f -- \"$P\"; exit " + WRITE_FAILED + "; }\n"
        + "s=$(stat -c %s -- \"$P\") || exit 1\n"
        + "if [ \"$s\" != " + c.size() + " ]; then echo \"jprov-incomplete $s\"; exit " + INCOMPLETE + "; fi\n"
        + "h=$(sha256sum < \"$P\") || exit 1; h=${h%% *}\n"
        + "if [ \"$h\" != " + Sh.quote(c.sha256()) + " ]; then rm -f -- \"$P\"; echo \"$h\"; exit " + MISMATCH + "; fi\n"
        + "chmod " + Sh.quote(mode) + " -- \"$P\" && mv -fT -- \"$P\" " + Sh.quote(c.path()) + "\n";
  }

  /**
   * Why a copy failed, from the result of {@link #prepare} or {@link #write}, as one line.
   *
   * @param offset the offset the write resumed at (for the mismatch message)
   */
  public static String failure(FileCopy c, CommandResult r, long offset) {
    String refused = SafeDir.refusal(r);
    if (refused != null) {
      return refused;
    }
    String err = oneLine(r.stderr());
    return switch (r.exitCode()) {
      case MISMATCH -> "sha256 mismatch on the host (expected " + c.sha256() + ", found " + r.stdout().strip()
          + (offset > 0 ? "; the partial upload resumed at byte " + offset + " was wrong" : "")
          + "); " + c.partPath() + " deleted";
      case INCOMPLETE -> "the upload ended early (" + r.stdout().strip().replace("jprov-incomplete ", "")
          + " of " + c.size() + " bytes on the host); " + c.partPath() + " kept to resume";
      case WRITE_FAILED -> (err.isEmpty() ? "write failed" : err) + "; " + c.partPath() + " deleted";
      default -> "exit " + r.exitCode() + (err.isEmpty() ? "" : ": " + err);
    };
  }

  static String oneLine(String s) {
    return s.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
