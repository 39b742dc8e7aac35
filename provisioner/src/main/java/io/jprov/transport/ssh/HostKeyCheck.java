package io.jprov.transport.ssh;

import io.jprov.transport.HostKeyChecking;
import io.jprov.util.Sh;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.security.PublicKey;
import java.util.List;
import java.util.Locale;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * Verifies one server's host key against a {@link KnownHostsFile} under a {@link HostKeyChecking}
 * policy, and remembers why it refused so the connect error can say it in one line. As OpenSSH:
 * {@code strict} accepts only a known key; {@code accept-new} also records the key of a host that
 * has no key at all in the file, but refuses a host whose known key (of any type) differs; {@code
 * off} accepts anything except a key marked {@code @revoked}, which every mode refuses.
 *
 * <p>Used by one connect attempt (sshj calls it from its transport thread); {@link #refusal()} is
 * read afterwards by the connecting thread.
 */
final class HostKeyCheck implements HostKeyVerifier {
  private final HostKeyChecking mode;
  private final KnownHostsFile file;
  private final String host;
  private final int port;
  private volatile String refusal;

  HostKeyCheck(HostKeyChecking mode, KnownHostsFile file, String host, int port) {
    this.mode = mode;
    this.file = file;
    this.host = host;
    this.port = port;
  }

  /** Why the key was refused, or null if it was not. */
  String refusal() {
    return refusal;
  }

  @Override
  public boolean verify(String ignoredHostname, int ignoredPort, PublicKey key) {
    String name = KnownHostsFile.hostKeyName(host, port);
    String type = KeyType.fromKey(key).toString();
    String fp = KnownHostsFile.fingerprint(key);
    if (mode == HostKeyChecking.OFF) {
      // An explicit revocation is a statement that the key is stolen: refused in every mode.
      // (OpenSSH with StrictHostKeyChecking=no goes on with password and keyboard-interactive
      // authentication disabled; jprov would then send its key or the password to an impostor.)
      if (file != null && file.find(name, key).status() == KnownHostsFile.Status.REVOKED) {
        refusal = revoked(name, type, fp, file.find(name, key).line());
        return false;
      }
      return true;
    }
    KnownHostsFile.Status status;
    try {
      status = mode == HostKeyChecking.ACCEPT_NEW
          ? file.addIfUnknown(name, key)
          : file.check(name, key);
    } catch (IOException | RuntimeException e) {
      refusal = cannotRecord(type, fp, e);
      return false;
    }
    switch (status) {
      case KNOWN:
        return true;
      case UNKNOWN:
        if (mode == HostKeyChecking.ACCEPT_NEW) {
          return true;
        }
        refusal = "host key unknown (" + type + " " + fp + ") and host_key_checking is strict;"
            + " to trust it run: ssh-keyscan" + (port == 22 ? "" : " -p " + port) + " "
            + Sh.quote(host) + " >> " + Sh.quote(file.path().toString()) + "  (check the fingerprint first),"
            + " or set host_key_checking: accept-new";
        return false;
      case REVOKED:
        refusal = revoked(name, type, fp, file.find(name, key).line());
        return false;
      default:
        // Also when the known key is of another type: OpenSSH calls that a changed identity.
        refusal = "REMOTE HOST KEY CHANGED for " + name + " (now " + type + " " + fp
            + "; offending key in " + file.path() + ":" + file.find(name, key).line()
            + "): possible man-in-the-middle attack; refusing to connect. If the host was"
            + " reinstalled, remove the old entry with: ssh-keygen -R " + Sh.quote(name)
            + " -f " + Sh.quote(file.path().toString());
        return false;
    }
  }

  /**
   * Why {@code accept-new} refused a new key it could not write down: typically a {@code known_hosts} mounted
   * read-only into a container. Going on without recording it, as OpenSSH does after a warning, would trust
   * whatever key the host shows on every later run, i.e. {@code off} in disguise; so the host is refused and the
   * message says how to get a writable file or the key beforehand.
   */
  String cannotRecord(String type, String fp, Exception e) {
    String path = file.path().toString();
    return "host key unknown (" + type + " " + fp + ") and host_key_checking accept-new cannot record it in "
        + path + ": " + writeProblem(e) + "; make " + path + " writable (or set known_hosts to a writable file),"
        + " or record the key beforehand: ssh-keyscan" + (port == 22 ? "" : " -p " + port) + " " + Sh.quote(host)
        + " >> " + Sh.quote(path) + "  (check the fingerprint first)";
  }

  /** The reason of a failed append in a few words: {@code read-only file system}, {@code permission denied}, … */
  static String writeProblem(Exception e) {
    if (e instanceof FileSystemException fse) {
      if (fse.getReason() != null) {
        return fse.getReason().toLowerCase(Locale.ROOT);
      }
      if (fse instanceof AccessDeniedException) {
        return "permission denied";
      }
      if (fse instanceof FileAlreadyExistsException) {
        return fse.getFile() + " is not a directory";
      }
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }

  private String revoked(String name, String type, String fp, int line) {
    return "REVOKED HOST KEY for " + name + " (" + type + " " + fp + ", marked @revoked in "
        + file.path() + ":" + line + "): a stolen key may be impersonating this host;"
        + " refusing to connect whatever host_key_checking says";
  }

  @Override
  public List<String> findExistingAlgorithms(String hostname, int p) {
    if (mode == HostKeyChecking.OFF) {
      return List.of();
    }
    return file.algorithmsFor(KnownHostsFile.hostKeyName(host, port));
  }
}
