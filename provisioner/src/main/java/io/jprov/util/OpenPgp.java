package io.jprov.util;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Fingerprints of OpenPGP public keys in ASCII armour (RFC 4880): what {@code gpg --show-keys}
 * prints and what rpm names a key after ({@code gpg-pubkey-<last 8 hex digits>}). Only what jprov
 * needs to pin repository keys: v4 keys, every armoured block of a file, every primary key packet
 * (tag 6) of a block; subkeys (tag 14) belong to their primary key. Stateless.
 *
 * <p>Hand-written on purpose: Bouncy Castle's bcpg would replace about 120 lines here but adds a
 * 0.5 MB jar and a general OpenPGP parser that would run on keys downloaded before they are
 * checked against the pins; revisit it if jprov ever verifies signatures itself.
 */
public final class OpenPgp {
  private static final String BEGIN = "-----BEGIN PGP PUBLIC KEY BLOCK";

  private OpenPgp() {}

  /**
   * The fingerprint (40 upper-case hex digits) of every primary public key in {@code armoured},
   * in file order.
   *
   * @throws IllegalArgumentException when the text holds no armoured public key block, a packet is
   *     malformed, or a primary key is not version 4 (its fingerprint could not be compared)
   */
  public static List<String> fingerprints(String armoured) {
    List<byte[]> blocks = blocks(armoured, BEGIN);
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException("no ASCII-armoured public key block");
    }
    List<String> out = new ArrayList<>();
    for (byte[] block : blocks) {
      for (Packet p : packets(block)) {
        if (p.tag() == 6) {
          if (p.body().length < 1 || p.body()[0] != 4) {
            throw new IllegalArgumentException("a public key that is not version 4 (version "
                + (p.body().length < 1 ? "?" : p.body()[0]) + ")");
          }
          out.add(v4Fingerprint(p.body(), 0, p.body().length));
        }
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no public key in the armoured block");
    }
    return List.copyOf(out);
  }

  /**
   * One OpenPGP packet (RFC 4880 section 4).
   *
   * @param tag the packet tag (2 signature, 6 public key, 14 public subkey, ...)
   * @param body the packet body, without its header
   */
  public record Packet(int tag, byte[] body) {}

  /**
   * The packets of a decoded armoured block, old and new format headers.
   *
   * @throws IllegalArgumentException for a byte that does not start a packet, a partial or indeterminate
   *     length (not used by keys and detached signatures), or a packet longer than the block
   */
  public static List<Packet> packets(byte[] block) {
    List<Packet> out = new ArrayList<>();
    int pos = 0;
    while (pos < block.length) {
      int tagByte = block[pos] & 0xff;
      if ((tagByte & 0x80) == 0) {
        throw new IllegalArgumentException("not an OpenPGP packet at byte " + pos);
      }
      int tag;
      long len;
      int off;
      if ((tagByte & 0x40) != 0) {
        tag = tagByte & 0x3f;
        int o1 = at(block, pos + 1);
        if (o1 < 192) {
          len = o1;
          off = pos + 2;
        } else if (o1 < 224) {
          len = ((o1 - 192) << 8) + at(block, pos + 2) + 192;
          off = pos + 3;
        } else if (o1 == 255) {
          len = bigEndian(block, pos + 2, 4);
          off = pos + 6;
        } else {
          throw new IllegalArgumentException("partial body length in a packet (tag " + tag + ")");
        }
      } else {
        tag = (tagByte >> 2) & 0x0f;
        int lt = tagByte & 3;
        if (lt == 3) {
          throw new IllegalArgumentException("indeterminate packet length");
        }
        int lengthBytes = 1 << lt; // length type 0, 1, 2: a 1-, 2- or 4-byte length
        len = bigEndian(block, pos + 1, lengthBytes);
        off = pos + 1 + lengthBytes;
      }
      if (len < 0 || off + len > block.length) {
        throw new IllegalArgumentException("truncated OpenPGP packet (tag " + tag + ")");
      }
      out.add(new Packet(tag, Arrays.copyOfRange(block, off, (int) (off + len))));
      pos = (int) (off + len);
    }
    return out;
  }

  /**
   * The fingerprint of the first primary key in {@code armoured}.
   *
   * @throws IllegalArgumentException as {@link #fingerprints}
   */
  public static String fingerprint(String armoured) {
    return fingerprints(armoured).get(0);
  }

  /** rpm's key id: the last 8 hex digits of the fingerprint, lower case. */
  public static String shortKeyId(String fingerprint) {
    return fingerprint.substring(fingerprint.length() - 8).toLowerCase(Locale.ROOT);
  }

  /**
   * {@code fpr} normalised to 40 upper-case hex digits (spaces removed), or null when it is not a
   * v4 fingerprint.
   */
  public static String normalise(String fpr) {
    if (fpr == null) {
      return null;
    }
    String s = fpr.replace(" ", "").toUpperCase(Locale.ROOT);
    return s.matches("[0-9A-F]{40}") ? s : null;
  }

  /** {@code 060A 61C5 1B55 ...}: groups of four, as gpg prints it (without its double space). */
  public static String display(String fingerprint) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < fingerprint.length(); i += 4) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(fingerprint, i, Math.min(fingerprint.length(), i + 4));
    }
    return sb.toString();
  }

  private static int at(byte[] b, int i) {
    if (i >= b.length) {
      throw new IllegalArgumentException("truncated OpenPGP packet header");
    }
    return b[i] & 0xff;
  }

  /** The unsigned big-endian number in the {@code n} bytes of {@code b} from {@code i}. */
  private static long bigEndian(byte[] b, int i, int n) {
    long v = 0;
    for (int k = 0; k < n; k++) {
      v = (v << 8) | at(b, i + k);
    }
    return v;
  }

  private static String v4Fingerprint(byte[] data, int off, int len) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update((byte) 0x99);
      sha1.update((byte) (len >> 8));
      sha1.update((byte) len);
      sha1.update(data, off, len);
      return HexFormat.of().withUpperCase().formatHex(sha1.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The decoded body of every armoured block whose BEGIN line starts with {@code begin} (e.g. {@code
   * -----BEGIN PGP SIGNATURE}), armour headers and CRC line skipped; empty when there is none.
   *
   * @throws IllegalArgumentException for a block without an END line or with bad base64
   */
  public static List<byte[]> blocks(String armoured, String begin) {
    List<byte[]> out = new ArrayList<>();
    StringBuilder b64 = null;
    boolean body = false;
    for (String raw : armoured.split("\r?\n")) {
      String l = raw.strip();
      if (b64 == null) {
        if (l.startsWith(begin)) {
          b64 = new StringBuilder();
          body = false;
        }
        continue;
      }
      if (l.startsWith("-----END")) {
        out.add(decode(b64));
        b64 = null;
        continue;
      }
      if (!body) {
        // armour headers ("Version: ...") end with an empty line
        if (l.isEmpty()) {
          body = true;
        } else if (!l.contains(":")) {
          body = true;
          b64.append(l);
        }
        continue;
      }
      if (l.startsWith("=")) {
        continue; // CRC24 line
      }
      b64.append(l);
    }
    if (b64 != null) {
      throw new IllegalArgumentException("armoured block without an END line");
    }
    return out;
  }

  private static byte[] decode(StringBuilder b64) {
    if (b64.isEmpty()) {
      throw new IllegalArgumentException("empty armoured block");
    }
    try {
      return Base64.getDecoder().decode(b64.toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad base64 in the armoured block: " + e.getMessage());
    }
  }
}
