package io.jprov.facts;

import io.jprov.util.Sh;

/** Reads a small text file whole, with its sha256, so a module can compare and diff it. */
public final class FileContentFacts {
  private FileContentFacts() {}

  /**
   * A regular file's state.
   *
   * @param exists whether {@code path} is a regular file
   * @param sha256 lowercase hex digest of the bytes on the host, or null when absent
   * @param content the content as read (UTF-8), or null when absent
   */
  public record FileContent(boolean exists, String sha256, String content) {
    public static final FileContent ABSENT = new FileContent(false, null, null);
  }

  /** The content of {@code path} (absolute); a missing file parses as {@link FileContent#ABSENT}. */
  public static Fact<FileContent> of(String path) {
    String p = Sh.quote(path);
    String command = "if [ -f " + p + " ]; then sha256sum < " + p + " | cut -c1-64 && cat " + p
        + "; else echo absent; fi";
    return new Fact<>("filecontent:" + path, command, FileContentFacts::parse);
  }

  static FileContent parse(FactOutput out) {
    String text = out.output();
    int nl = text.indexOf('\n');
    String first = nl < 0 ? text : text.substring(0, nl);
    if (out.exitCode() != 0 || !first.matches("[0-9a-f]{64}")) {
      return FileContent.ABSENT;
    }
    return new FileContent(true, first, nl < 0 ? "" : text.substring(nl + 1));
  }
}
