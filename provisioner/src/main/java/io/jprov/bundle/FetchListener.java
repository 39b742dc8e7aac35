package io.jprov.bundle;

/**
 * Progress of a fetch. Called from the fetching thread only, in this order per file:
 * {@link #started}, any number of {@link #progress}, then {@link #finished}. {@link #message} may
 * come at any time between files.
 */
public interface FetchListener {
  /** A file download begins; {@code size} is -1 when unknown; {@code resumeFrom} bytes are already there. */
  default void started(String file, long size, long resumeFrom) {}

  /** {@code done} bytes of {@code size} are on disk. */
  default void progress(String file, long done, long size) {}

  /** A file is complete: {@code downloaded} bytes came over the network now (0 when skipped). */
  default void finished(String file, long size, long downloaded, boolean skipped) {}

  /** A one-line note (resolving, which repository, …). */
  default void message(String text) {}

  FetchListener NONE = new FetchListener() {};
}
