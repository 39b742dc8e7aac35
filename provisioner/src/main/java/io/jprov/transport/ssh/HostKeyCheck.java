package io.jprov.transport.ssh;

import io.jprov.inventory.HostKeyChecking;
import io.jprov.util.Sh;
import java.io.IOException;
import java.security.PublicKey;
import java.util.List;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * Verifies one server's host key against a {@link KnownHostsFile} under a {@link HostKeyChecking}
 * policy, and remembers why it refused so the connect error can say it in one line.
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
    if (mode == HostKeyChecking.OFF) {
      return true;
    }
    String name = KnownHostsFile.hostKeyName(host, port);
    String type = KeyType.fromKey(key).toString();
    String fp = KnownHostsFile.fingerprint(key);
    KnownHostsFile.Status status;
    try {
      status = mode == HostKeyChecking.ACCEPT_NEW
          ? file.addIfUnknown(name, key)
          : file.check(name, key);
    } catch (IOException | RuntimeException e) {
      refusal = "cannot record host key in " + file.path() + ": " + e.getMessage();
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
      default:
        refusal = "REMOTE HOST KEY CHANGED for " + name + " (now " + type + " " + fp
            + "): possible man-in-the-middle attack; refusing to connect. If the host was"
            + " reinstalled, remove the old entry with: ssh-keygen -R " + Sh.quote(name)
            + " -f " + Sh.quote(file.path().toString());
        return false;
    }
  }

  @Override
  public List<String> findExistingAlgorithms(String hostname, int p) {
    if (mode == HostKeyChecking.OFF) {
      return List.of();
    }
    return file.algorithmsFor(KnownHostsFile.hostKeyName(host, port));
  }
}
