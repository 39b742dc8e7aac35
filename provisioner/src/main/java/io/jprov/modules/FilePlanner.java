package io.jprov.modules;

import io.jprov.util.UnifiedDiff;
import io.jprov.facts.FileStat;
import io.jprov.util.Sh;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Plans a regular file's content and metadata from its {@link FileStat}; shared by file and template. */
final class FilePlanner {
  private FilePlanner() {}

  /**
   * The plan for a regular file at {@code path}.
   *
   * @param content desired content, or null to leave the content alone (create empty when absent)
   * @param before commands to run before the upload when the content changes (validate, backup)
   */
  static Plan regularFile(String path, FileStat cur, byte[] content, String mode, String owner,
      String group, List<Command> before) {
    if (cur.type() == FileStat.Type.DIRECTORY || cur.type() == FileStat.Type.OTHER) {
      return Plan.fail(path + " exists and is " + (cur.type() == FileStat.Type.DIRECTORY
          ? "a directory" : "not a regular file") + "; refusing to replace it with a file");
    }
    if (!cur.exists()) {
      byte[] bytes = content == null ? new byte[0] : content;
      List<Command> cmds = new ArrayList<>(before);
      cmds.add(new Command.Upload(path, bytes, mode, owner, group));
      String diff = content == null ? null : UnifiedDiff.diff(null, text(bytes), path);
      return Plan.change("create " + path + " (" + bytes.length + " bytes)", cmds, emptyToNull(diff));
    }
    if (content != null && !io.jprov.util.Sha256.of(content).equals(cur.sha256())) {
      List<Command> cmds = new ArrayList<>(before);
      // An atomic replace creates a new inode: keep the old file's mode and owner unless told otherwise.
      cmds.add(new Command.Upload(path, content,
          mode != null ? mode : cur.mode(),
          owner != null ? owner : cur.owner(),
          group != null ? group : cur.group()));
      String diff = cur.content() != null
          ? UnifiedDiff.diff(cur.content(), text(content), path)
          : "(no diff: " + path + " is larger than " + FileStat.MAX_CONTENT / 1024 + " KiB or unreadable)\n";
      String meta = metadataSummary(cur, mode, owner, group);
      return Plan.change("replace content of " + path + (meta.isEmpty() ? "" : "; " + meta), cmds,
          emptyToNull(diff));
    }
    return metadata(path, cur, mode, owner, group);
  }

  /** chmod/chown commands for an existing path, or OK. */
  static Plan metadata(String path, FileStat cur, String mode, String owner, String group) {
    List<Command> cmds = new ArrayList<>();
    String p = Sh.quote(path);
    if (mode != null && !mode.equals(cur.mode())) {
      cmds.add(new Command.Shell("chmod " + Sh.quote(mode) + " -- " + p,
          "set mode " + mode + " on " + path + " (was " + cur.mode() + ")"));
    }
    boolean ownerDiffers = owner != null && !owner.equals(cur.owner());
    boolean groupDiffers = group != null && !group.equals(cur.group());
    if (ownerDiffers || groupDiffers) {
      String spec = (ownerDiffers ? owner : "") + (groupDiffers ? ":" + group : "");
      cmds.add(new Command.Shell("chown " + Sh.quote(spec) + " -- " + p,
          "set owner " + spec + " on " + path + " (was " + cur.owner() + ":" + cur.group() + ")"));
    }
    if (cmds.isEmpty()) {
      return Plan.ok(path + " is as desired");
    }
    return Plan.change(metadataSummary(cur, mode, owner, group) + " on " + path, cmds);
  }

  private static String metadataSummary(FileStat cur, String mode, String owner, String group) {
    List<String> parts = new ArrayList<>();
    if (mode != null && !mode.equals(cur.mode())) {
      parts.add("mode " + cur.mode() + " → " + mode);
    }
    if (owner != null && !owner.equals(cur.owner())) {
      parts.add("owner " + cur.owner() + " → " + owner);
    }
    if (group != null && !group.equals(cur.group())) {
      parts.add("group " + cur.group() + " → " + group);
    }
    return String.join(", ", parts);
  }

  static String text(byte[] content) {
    return new String(content, StandardCharsets.UTF_8);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
