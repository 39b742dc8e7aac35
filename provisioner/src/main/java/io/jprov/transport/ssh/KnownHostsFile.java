package io.jprov.transport.ssh;

import io.jprov.util.Sha256;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * One OpenSSH {@code known_hosts} file: plain, wildcard and hashed ({@code |1|}) entries, {@code
 * [host]:port} names for non-default ports and {@code @revoked} lines (parsing of each line is
 * sshj's {@link OpenSSHKnownHosts}; {@code @cert-authority} lines are ignored, jprov does not do
 * host certificates).
 *
 * <p>Matching follows OpenSSH's {@code hostfile.c} ({@code check_hostkeys_by_key_or_type}): the
 * host is KNOWN when one of its plain entries holds the key; CHANGED when it has plain entries but
 * none holds the key, <em>whatever their key types</em> (OpenSSH reports "REMOTE HOST
 * IDENTIFICATION HAS CHANGED" for a key of another type too); UNKNOWN when it has none; and
 * REVOKED, overriding all of these, when an {@code @revoked} line that applies to the host holds
 * the key.
 *
 * <p>Thread-safe: checks and appends are serialised per instance, so many hosts may use {@code
 * accept-new} on the same file at once; the factory keeps one instance per file.
 */
final class KnownHostsFile {

  enum Status {
    KNOWN,
    UNKNOWN,
    CHANGED,
    REVOKED
  }

  private enum Marker {
    NONE,
    REVOKED,
    CERT_AUTHORITY
  }

  /** One parsed line: its 1-based number, its marker and sshj's entry. */
  private record Line(int number, Marker marker, OpenSSHKnownHosts.KnownHostEntry entry) {}

  /** The outcome of a check, with the line that decided it (0 when none did). */
  record Result(Status status, int line) {}

  private final Path path;
  private List<Line> entries;
  /** Size and line count of the file as {@link #entries} knows it (an append need not re-read). */
  private long size;
  private int lines;

  KnownHostsFile(Path path) {
    this.path = path;
    reload();
  }

  Path path() {
    return path;
  }

  /** The name under which OpenSSH records a host: {@code host} on port 22, else {@code [host]:port}. */
  static String hostKeyName(String host, int port) {
    return port == 22 ? host : "[" + host + "]:" + port;
  }

  synchronized Status check(String name, PublicKey key) {
    return find(name, key).status();
  }

  /** {@link #check} with the deciding line, for messages ("offending key in FILE:LINE"). */
  synchronized Result find(String name, PublicKey key) {
    Result result = new Result(Status.UNKNOWN, 0);
    for (Line l : entries) {
      if (l.marker() != Marker.NONE) {
        continue;
      }
      try {
        if (!l.entry().appliesTo(name)) {
          continue;
        }
        if (l.entry().verify(key)) {
          result = new Result(Status.KNOWN, l.number());
          break;
        }
        // A key of any type that does not match is a changed identity, as in OpenSSH.
        if (result.status() == Status.UNKNOWN) {
          result = new Result(Status.CHANGED, l.number());
        }
      } catch (IOException ex) {
        // A malformed line never matches; OpenSSH skips it too.
      }
    }
    for (Line l : entries) {
      try {
        if (l.marker() == Marker.REVOKED && l.entry().appliesTo(name) && l.entry().verify(key)) {
          return new Result(Status.REVOKED, l.number());
        }
      } catch (IOException ex) {
        // skip malformed lines
      }
    }
    return result;
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
    long before = Files.isRegularFile(path) ? Files.size(path) : 0;
    boolean needsNewline = before > 0 && !endsWithNewline();
    byte[] bytes = ((needsNewline ? "\n" : "") + line).getBytes(StandardCharsets.UTF_8);
    Files.write(path, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    if (before == size && Files.size(path) == before + bytes.length) {
      // Only our line was added: parse it alone (a fleet of hosts appending stays linear).
      List<Line> more = new ArrayList<>(entries);
      parseLine(line.strip(), lines + 1, more);
      entries = List.copyOf(more);
      size = before + bytes.length;
      lines = lines + 1;
    } else {
      reload(); // someone else changed the file too
    }
    return Status.UNKNOWN;
  }

  synchronized List<String> algorithmsFor(String name) {
    List<String> out = new ArrayList<>();
    for (Line l : entries) {
      OpenSSHKnownHosts.KnownHostEntry e = l.entry();
      try {
        if (l.marker() == Marker.NONE && e.getType() != null && e.getType() != KeyType.UNKNOWN && e.appliesTo(name)) {
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
    byte[] digest = Sha256.digest().digest(blob(key));
    return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
  }

  private void reload() {
    try {
      String text = Files.isRegularFile(path) ? Files.readString(path, StandardCharsets.UTF_8) : "";
      List<Line> out = new ArrayList<>();
      String[] all = text.split("\n", -1);
      for (int i = 0; i < all.length; i++) {
        parseLine(all[i].strip(), i + 1, out);
      }
      entries = List.copyOf(out);
      size = text.getBytes(StandardCharsets.UTF_8).length;
      lines = text.isEmpty() ? 0 : text.endsWith("\n") ? all.length - 1 : all.length;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /** Parses one line so that its entry keeps its line number and marker. */
  private static void parseLine(String line, int number, List<Line> out) throws IOException {
    if (line.isEmpty() || line.startsWith("#")) {
      return;
    }
    Marker marker = Marker.NONE;
    if (line.startsWith("@")) {
      String word = line.split("\\s+", 2)[0];
      marker = switch (word) {
        case "@revoked" -> Marker.REVOKED;
        case "@cert-authority" -> Marker.CERT_AUTHORITY;
        default -> null;
      };
      if (marker == null) {
        return; // OpenSSH skips a line with an unknown marker
      }
      // sshj gives marked entries its own semantics; the marker is ours, the rest a plain entry.
      line = line.substring(word.length()).strip();
    }
    for (OpenSSHKnownHosts.KnownHostEntry e : new OpenSSHKnownHosts(new StringReader(line)).entries()) {
      out.add(new Line(number, marker, e));
    }
  }
}
