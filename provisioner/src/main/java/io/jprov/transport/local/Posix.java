package io.jprov.transport.local;

import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * The process's POSIX view through jnr-posix: effective uid, user/group lookups, chmod/chown,
 * isatty. The only place jnr is used.
 */
public final class Posix {
  private static volatile POSIX posix;

  private Posix() {}

  private static POSIX get() {
    if (posix == null) {
      synchronized (Posix.class) {
        if (posix == null) {
          posix = POSIXFactory.getNativePOSIX();
        }
      }
    }
    return posix;
  }

  public static int geteuid() {
    return get().geteuid();
  }

  /** The uid of a user name, or -1 when unknown. */
  public static int uid(String user) {
    var pw = get().getpwnam(user);
    return pw == null ? -1 : (int) pw.getUID();
  }

  /** The gid of a group name, or -1 when unknown. */
  public static int gid(String group) {
    var gr = get().getgrnam(group);
    return gr == null ? -1 : (int) gr.getGID();
  }

  /** @return 0 on success, else errno-style non-zero */
  public static int chmod(String path, int mode) {
    return get().chmod(path, mode);
  }

  /** @return 0 on success; -1 leaves that id unchanged */
  public static int chown(String path, int uid, int gid) {
    return get().chown(path, uid, gid);
  }

  /** Whether standard output is a terminal. */
  public static boolean stdoutIsTty() {
    try {
      return get().isatty(java.io.FileDescriptor.out);
    } catch (RuntimeException | LinkageError e) {
      return System.console() != null;
    }
  }
}
