package io.jprov.modules;

/**
 * The closed set of things a plan can ask a host to do. Modules return these; only the engine
 * executes them.
 */
public sealed interface Command permits Command.Shell, Command.Upload, Command.Copy {

  /** What the command does, for people (check mode, logs); never contains secrets. */
  String describe();

  /**
   * A shell script run with {@code sh -c}.
   *
   * @param script the script; values quoted with {@code io.jprov.util.Sh}
   * @param description what it does, for people
   * @param stdin bytes for standard input, or null
   */
  record Shell(String script, String description, byte[] stdin) implements Command {
    public Shell(String script) {
      this(script, script, null);
    }

    public Shell(String script, String description) {
      this(script, description, null);
    }

    @Override
    public String describe() {
      return description;
    }
  }

  /**
   * Write a whole file atomically (temp + rename) with mode and owner.
   *
   * @param path absolute path on the host
   * @param content the full content
   * @param mode octal mode or null
   * @param owner user or null
   * @param group group or null
   */
  record Upload(String path, byte[] content, String mode, String owner, String group)
      implements Command {
    @Override
    public String describe() {
      return "write " + path + " (" + content.length + " bytes"
          + (mode == null ? "" : ", mode " + mode)
          + (owner == null ? "" : ", owner " + owner)
          + (group == null ? "" : ", group " + group)
          + ")";
    }
  }

  /**
   * Copy a local file to the host, streamed and resumable, verified by sha256 on the host before it
   * is renamed into place (see {@code io.jprov.transport.FileCopy}).
   *
   * @param local the local file
   * @param path absolute path on the host
   * @param mode octal mode or null (0644)
   * @param size the file's size in bytes
   * @param sha256 the file's sha256 (64 hex digits)
   */
  record Copy(java.nio.file.Path local, String path, String mode, long size, String sha256) implements Command {
    @Override
    public String describe() {
      return "copy " + path + " (" + size + " bytes)";
    }
  }
}
