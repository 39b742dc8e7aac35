package io.jprov.transport;

import java.nio.file.Path;

/**
 * A local file to copy to a host, streamed (never held in memory), resumable and verified.
 *
 * <p>Semantics (both transports, see {@link CopyScripts}): the destination directory is created
 * (mode 0700) or checked by the writer ({@link SafeDir}: a symlink, a directory owned by someone
 * else or writable by others is refused, nothing is written). The bytes go to {@code path +
 * ".part"}, written by the writer itself (never through SFTP); when that file exists with k bytes,
 * k &lt; {@code size}, writing resumes at offset k. The host then computes the sha256 of the
 * {@code .part} file; on a match it is renamed over {@code path} (mode set), on a mismatch it is
 * deleted and the copy fails naming both checksums. A write error (disk full) deletes the {@code
 * .part} and fails with the host's message; a connection lost mid-stream keeps it for resuming.
 *
 * @param local the local file; its size must be {@code size}
 * @param path absolute destination path on the host
 * @param mode octal mode such as {@code 0644}, or null for 0644
 * @param size expected size in bytes
 * @param sha256 expected sha256, 64 lower-case hex digits
 * @param become write as root (through sudo for a non-root SSH user, the bytes streamed on its
 *     stdin); else as the SSH user, and the directory must then be owned by root or that user
 */
public record FileCopy(Path local, String path, String mode, long size, String sha256, boolean become) {

  /**
   * What a copy did.
   *
   * @param transferred bytes sent over the wire in this call
   * @param resumedFrom the offset the copy started at (0 unless a {@code .part} was resumed)
   */
  public record Result(long transferred, long resumedFrom) {
    /** The stdout line the engine reports for a copy: {@code copied N bytes (resumed at K)}. */
    public String line() {
      return "copied " + transferred + " bytes" + (resumedFrom > 0 ? " (resumed at " + resumedFrom + ")" : "") + "\n";
    }
  }

  /** The temporary name the bytes are written to. */
  public String partPath() {
    return path + ".part";
  }
}
