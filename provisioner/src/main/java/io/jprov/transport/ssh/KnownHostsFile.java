package io.jprov.transport.ssh;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * One OpenSSH {@code known_hosts} file: plain, wildcard and hashed ({@code |1|}) entries, and
 * {@code [host]:port} names for non-default ports (parsing is sshj's {@link OpenSSHKnownHosts}).
 *
 * <p>Thread-safe: checks and appends are serialised per instance, so many hosts may use {@code
 * accept-new} on the same file at once; the factory keeps one instance per file.
 */
final class KnownHostsFile {

  enum Status {
    KNOWN,
    UNKNOWN,
    CHANGED
  }

  private final Path path;
  private List<OpenSSHKnownHosts.KnownHostEntry> entries;

  KnownHostsFile(Path path) {
    this.path = path;
    this.entries = read(path);
  }

  Path path() {
    return path;
  }

  /** The name under which OpenSSH records a host: {@code host} on port 22, else {@code [host]:port}. */
  static String hostKeyName(String host, int port) {
    return port == 22 ? host : "[" + host + "]:" + port;
  }

  synchronized Status check(String name, PublicKey key) {
    KeyType type = KeyType.fromKey(key);
    boolean sameTypeSeen = false;
    for (OpenSSHKnownHosts.KnownHostEntry e : entries) {
      try {
        if (e.appliesTo(type, name)) {
          if (e.verify(key)) {
            return Status.KNOWN;
          }
          sameTypeSeen = true;
        }
      } catch (IOException ex) {
        // A malformed line never matches; OpenSSH skips it too.
      }
    }
    return sameTypeSeen ? Status.CHANGED : Status.UNKNOWN;
  }

  /**
   * Appends {@code key} for {@code name} unless a matching entry appeared meanwhile.
   *
   * @return the status before the append: UNKNOWN when this call recorded the key
   */
  synchronized Status addIfUnknown(String name, PublicKey key) throws IOException {
    Status status = check(name, key);
    if (status != Status.UNKNOWN) {
      return status;
    }
    String line = name + " " + KeyType.fromKey(key) + " "
        + Base64.getEncoder().encodeToString(blob(key)) + "\n";
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    boolean needsNewline = Files.isRegularFile(path) && Files.size(path) > 0 && !endsWithNewline();
    Files.writeString(path, (needsNewline ? "\n" : "") + line, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    entries = read(path);
    return Status.UNKNOWN;
  }

  synchronized List<String> algorithmsFor(String name) {
    List<String> out = new ArrayList<>();
    for (OpenSSHKnownHosts.KnownHostEntry e : entries) {
      try {
        if (e.getType() != null && e.getType() != KeyType.UNKNOWN && e.appliesTo(name)) {
          out.add(e.getType().toString());
        }
      } catch (IOException ex) {
        // skip malformed lines
      }
    }
    return out;
  }

  private boolean endsWithNewline() throws IOException {
    byte[] all = Files.readAllBytes(path);
    return all.length == 0 || all[all.length - 1] == '\n';
  }

  static byte[] blob(PublicKey key) {
    return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
  }

  /** OpenSSH's fingerprint form, {@code SHA256:<base64 without padding>}. */
  static String fingerprint(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob(key));
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<OpenSSHKnownHosts.KnownHostEntry> read(Path path) {
    try {
      String text = Files.isRegularFile(path) ? Files.readString(path, StandardCharsets.UTF_8) : "";
      return List.copyOf(new OpenSSHKnownHosts(new StringReader(text)).entries());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
