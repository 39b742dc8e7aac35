package io.jprov.transport;

import io.jprov.util.Sh;

/**
 * The shell script that writes a {@link FileUpload} atomically as root (through sudo), shared by
 * both transports: the content arrives on stdin and goes to a hidden temporary file in the
 * destination's directory ({@code .NAME.jprov-XXXXXX}, created by {@code mktemp} under umask 077,
 * so nobody else can read or replace it), gets its mode (the given one, else the existing file's,
 * else 0644) and owner/group, and is renamed over the destination ({@code mv -T}: never into a
 * directory of that name). On any failure the temporary file is removed and the destination is
 * untouched; the script exits with the failing command's status.
 */
public final class UploadScript {
  private UploadScript() {}

  /** The script for {@code u}; its mode must already be valid octal (or null). */
  public static String of(FileUpload u) {
    String dest = u.path();
    int slash = dest.lastIndexOf('/');
    String template = dest.substring(0, slash + 1) + "." + dest.substring(slash + 1) + ".jprov-XXXXXX";
    String chmod = u.mode() != null
        ? "chmod " + Sh.quote(u.mode()) + " \"$t\""
        : "{ if [ -e " + Sh.quote(dest) + " ]; then chmod --reference=" + Sh.quote(dest)
            + " \"$t\"; else chmod 0644 \"$t\"; fi; }";
    String owner = ownerSpec(u);
    String chown = owner == null ? "" : " && chown -h " + Sh.quote(owner) + " \"$t\"";
    return "umask 077; t=$(mktemp " + Sh.quote(template) + ") || exit 1; "
        + "cat > \"$t\" && " + chmod + chown + " && mv -fT \"$t\" " + Sh.quote(dest)
        + " || { rc=$?; rm -f \"$t\"; exit $rc; }";
  }

  /** {@code owner}, {@code owner:group} or {@code :group} for {@code chown -h}, or null for neither. */
  public static String ownerSpec(FileUpload u) {
    if (u.owner() == null) {
      return u.group() == null ? null : ":" + u.group();
    }
    return u.group() == null ? u.owner() : u.owner() + ":" + u.group();
  }
}
