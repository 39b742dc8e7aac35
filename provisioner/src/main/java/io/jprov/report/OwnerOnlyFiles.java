package io.jprov.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Creates the files a run writes (JSON report, per-host logs) readable by their owner only (mode
 * 0600) and without following a symlink planted at their path: reports and logs may hold what a
 * host said about itself, which is nobody else's business. Stateless.
 */
final class OwnerOnlyFiles {
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

  private OwnerOnlyFiles() {}

  /**
   * A new file at {@code file}, mode 0600. Whatever was there (a file from a previous run, a
   * symlink) is removed first (the link itself, never its target); the create fails rather than
   * follows a link that appears in between.
   */
  static OutputStream createNew(Path file) throws IOException {
    Files.deleteIfExists(file);
    Set<StandardOpenOption> options =
        EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return Channels.newOutputStream(POSIX
        ? Files.newByteChannel(file, options, PosixFilePermissions.asFileAttribute(FILE_MODE))
        : Files.newByteChannel(file, options));
  }

  /**
   * Writes {@code content} to {@code target} through a temp file made with {@link
   * Files#createTempFile} next to it (mode 0600, created new: a planted link is never followed),
   * then renamed over the target in one step: a symlink at the target is replaced, not followed,
   * and a reader sees the old file or the whole new one.
   */
  static void replaceAtomically(Path target, byte[] content) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      createDirectories(dir);
    }
    FileAttribute<?>[] attrs = POSIX
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)}
        : new FileAttribute<?>[0];
    Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp", attrs);
    try {
      try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
        out.write(content);
      }
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Creates missing directories; the ones created here are mode 0700. */
  static void createDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null) {
      createDirectories(parent);
    }
    if (POSIX) {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
    } else {
      Files.createDirectory(dir);
    }
  }
}
