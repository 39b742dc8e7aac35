package io.jprov.bundle;

import io.jprov.util.OpenPgp;
import io.jprov.util.OpenPgp.Packet;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Verifies the OpenPGP signature of an apt {@code InRelease} (clear-signed, RFC 4880 §7) or of a {@code Release}
 * with its detached {@code Release.gpg}, against the keys of a pinned key file: version 4 signatures by RSA
 * (algorithm 1) or Ed25519 (EdDSA, algorithm 22) keys, with SHA-256/384/512, made by a primary key of the file or
 * by one of its subkeys that carries a valid binding signature from that primary. Expiry and revocation are not
 * checked. Pure; the armour and packet framing are {@link OpenPgp}'s.
 */
public final class ReleaseSignature {
  private ReleaseSignature() {}

  /** A public key or subkey of the pinned file. */
  private record Key(int algo, byte[] body, byte[] keyId, PublicKey key) {}

  /** A parsed signature packet. */
  private record Sig(int type, int algo, int hashAlgo, byte[] hashedPart, byte[] issuer, byte[][] mpis) {}

  /**
   * Checks a clear-signed {@code InRelease}.
   *
   * @param keyFile the armoured key file the fingerprints were pinned on
   * @return null when a signature of one of the file's keys verifies, else why not (one line)
   */
  public static String verifyClearSigned(String inRelease, String keyFile) {
    String t = inRelease.replace("\r\n", "\n");
    if (!t.startsWith("-----BEGIN PGP SIGNED MESSAGE-----")) {
      return "not clear-signed";
    }
    int blank = t.indexOf("\n\n");
    int sig = t.indexOf("\n-----BEGIN PGP SIGNATURE-----");
    if (blank < 0 || sig < blank) {
      return "malformed clear-signed message";
    }
    // the signed text: dash-unescaped lines, trailing blanks removed, CRLF between them, none after the last
    String[] lines = t.substring(blank + 2, sig).split("\n", -1);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].startsWith("- ") ? lines[i].substring(2) : lines[i];
      b.append(l.replaceAll("[ \t]+$", ""));
      if (i < lines.length - 1) {
        b.append("\r\n");
      }
    }
    return verify(b.toString().getBytes(StandardCharsets.UTF_8), t.substring(sig + 1), keyFile, 0x01);
  }

  /** Checks {@code Release} against its detached, armoured {@code Release.gpg}; see {@link #verifyClearSigned}. */
  public static String verifyDetached(byte[] release, String armouredSignature, String keyFile) {
    return verify(release, armouredSignature, keyFile, 0x00);
  }

  private static String verify(byte[] data, String armouredSig, String keyFile, int sigType) {
    List<Key> keys;
    List<Sig> sigs = new ArrayList<>();
    try {
      keys = keys(keyFile);
      for (byte[] block : OpenPgp.blocks(armouredSig, "-----BEGIN PGP SIGNATURE")) {
        for (Packet p : OpenPgp.packets(block)) {
          if (p.tag() == 2) {
            Sig s = signature(p.body());
            if (s != null) {
              sigs.add(s);
            }
          }
        }
      }
    } catch (RuntimeException e) {
      return "unreadable signature or key: " + e.getMessage();
    }
    if (sigs.isEmpty()) {
      return "no version 4 signature";
    }
    List<String> issuers = new ArrayList<>();
    for (Sig s : sigs) {
      issuers.add(s.issuer() == null ? "?" : HexFormat.of().withUpperCase().formatHex(s.issuer()));
      if (s.type() != sigType) {
        continue;
      }
      for (Key k : keys) {
        if (s.issuer() != null && !Arrays.equals(s.issuer(), k.keyId())) {
          continue;
        }
        if (check(k, s, data)) {
          return null;
        }
      }
    }
    return "no valid signature by the pinned key (signed by key id " + String.join(", ", issuers) + ")";
  }

  /** The primary keys and the bound subkeys of an armoured key file. */
  private static List<Key> keys(String keyFile) {
    List<Key> out = new ArrayList<>();
    for (byte[] block : OpenPgp.blocks(keyFile, "-----BEGIN PGP PUBLIC KEY BLOCK")) {
      Key primary = null;
      Key sub = null;
      for (Packet p : OpenPgp.packets(block)) {
        if (p.tag() == 6) {
          primary = key(p.body());
          sub = null;
          if (primary != null) {
            out.add(primary);
          }
        } else if (p.tag() == 14) {
          sub = key(p.body());
        } else if (p.tag() == 2 && primary != null && sub != null) {
          Sig s = signature(p.body());
          if (s != null && s.type() == 0x18 && (s.issuer() == null || Arrays.equals(s.issuer(), primary.keyId()))) {
            ByteArrayOutputStream d = new ByteArrayOutputStream();
            d.writeBytes(keyHashPrefix(primary.body()));
            d.writeBytes(keyHashPrefix(sub.body()));
            if (check(primary, s, d.toByteArray()) && !out.contains(sub)) {
              out.add(sub);
            }
          }
        }
      }
    }
    return out;
  }

  private static byte[] keyHashPrefix(byte[] body) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.write(0x99);
    o.write(body.length >> 8);
    o.write(body.length);
    o.writeBytes(body);
    return o.toByteArray();
  }

  /** A v4 key packet's public key, or null for another version or algorithm. */
  private static Key key(byte[] body) {
    if (body.length < 6 || body[0] != 4) {
      return null;
    }
    int algo = body[5] & 0xff;
    byte[] fpr = sha1(keyHashPrefix(body));
    byte[] keyId = Arrays.copyOfRange(fpr, 12, 20);
    try {
      int[] pos = {6};
      if (algo == 1 || algo == 3) {
        BigInteger n = new BigInteger(1, mpi(body, pos));
        BigInteger e = new BigInteger(1, mpi(body, pos));
        return new Key(1, body, keyId, KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e)));
      }
      if (algo == 22) {
        int oidLen = body[6] & 0xff;
        byte[] oid = Arrays.copyOfRange(body, 7, 7 + oidLen);
        if (!HexFormat.of().formatHex(oid).equals("2b06010401da470f01")) {
          return null; // not Ed25519
        }
        pos[0] = 7 + oidLen;
        byte[] point = mpi(body, pos);
        if (point.length != 33 || point[0] != 0x40) {
          return null;
        }
        byte[] x509 = HexFormat.of().parseHex("302a300506032b6570032100");
        byte[] enc = Arrays.copyOf(x509, x509.length + 32);
        System.arraycopy(point, 1, enc, x509.length, 32);
        return new Key(22, body, keyId, KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(enc)));
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      return null;
    }
    return null;
  }

  /** A v4 signature packet, or null for another version. */
  private static Sig signature(byte[] b) {
    if (b.length < 6 || b[0] != 4) {
      return null;
    }
    int hashedLen = ((b[4] & 0xff) << 8) | (b[5] & 0xff);
    int unhashedAt = 6 + hashedLen;
    byte[] hashedPart = Arrays.copyOfRange(b, 0, unhashedAt);
    int unhashedLen = ((b[unhashedAt] & 0xff) << 8) | (b[unhashedAt + 1] & 0xff);
    int end = unhashedAt + 2 + unhashedLen;
    byte[] issuer = issuer(b, 6, unhashedAt);
    if (issuer == null) {
      issuer = issuer(b, unhashedAt + 2, end);
    }
    int[] pos = {end + 2}; // after the left 16 bits of the hash
    int algo = b[2] & 0xff;
    List<byte[]> mpis = new ArrayList<>();
    while (pos[0] < b.length) {
      mpis.add(mpi(b, pos));
    }
    return new Sig(b[1] & 0xff, algo, b[3] & 0xff, hashedPart, issuer, mpis.toArray(new byte[0][]));
  }

  /** The issuer key id (subpacket 16, or the last 8 bytes of an issuer fingerprint, 33) in a subpacket area. */
  private static byte[] issuer(byte[] b, int from, int to) {
    int p = from;
    while (p < to) {
      int first = b[p] & 0xff;
      int len;
      if (first < 192) {
        len = first;
        p += 1;
      } else if (first < 255) {
        len = ((first - 192) << 8) + (b[p + 1] & 0xff) + 192;
        p += 2;
      } else {
        len = ((b[p + 1] & 0xff) << 24) | ((b[p + 2] & 0xff) << 16) | ((b[p + 3] & 0xff) << 8) | (b[p + 4] & 0xff);
        p += 5;
      }
      int type = b[p] & 0x7f;
      if (type == 16 && len == 9) {
        return Arrays.copyOfRange(b, p + 1, p + 9);
      }
      if (type == 33 && len == 22 && b[p + 1] == 4) {
        return Arrays.copyOfRange(b, p + 2 + 12, p + 22);
      }
      p += len;
    }
    return null;
  }

  /** Whether {@code s} is {@code k}'s signature over {@code data}. */
  private static boolean check(Key k, Sig s, byte[] data) {
    String hash = switch (s.hashAlgo()) {
      case 8 -> "SHA256";
      case 9 -> "SHA384";
      case 10 -> "SHA512";
      case 11 -> "SHA224";
      default -> null; // MD5, SHA-1, RIPEMD: refused
    };
    if (hash == null || (s.algo() == 3 ? 1 : s.algo()) != k.algo()) {
      return false;
    }
    ByteArrayOutputStream signed = new ByteArrayOutputStream();
    signed.writeBytes(data);
    signed.writeBytes(s.hashedPart());
    int n = s.hashedPart().length;
    signed.writeBytes(new byte[] {4, (byte) 0xff, (byte) (n >> 24), (byte) (n >> 16), (byte) (n >> 8), (byte) n});
    try {
      if (k.algo() == 1 && s.mpis().length == 1) {
        int size = (((java.security.interfaces.RSAPublicKey) k.key()).getModulus().bitLength() + 7) / 8;
        byte[] sig = s.mpis()[0];
        if (sig.length > size) {
          return false;
        }
        byte[] padded = new byte[size];
        System.arraycopy(sig, 0, padded, size - sig.length, sig.length);
        Signature v = Signature.getInstance(hash + "withRSA");
        v.initVerify(k.key());
        v.update(signed.toByteArray());
        return v.verify(padded);
      }
      if (k.algo() == 22 && s.mpis().length == 2) {
        // EdDSA in OpenPGP signs the digest; r and s are 32-byte big-endian-as-written MPIs
        byte[] digest = MessageDigest.getInstance(hash.replace("SHA", "SHA-")).digest(signed.toByteArray());
        byte[] rs = new byte[64];
        byte[] r = s.mpis()[0];
        byte[] ss = s.mpis()[1];
        if (r.length > 32 || ss.length > 32) {
          return false;
        }
        System.arraycopy(r, 0, rs, 32 - r.length, r.length);
        System.arraycopy(ss, 0, rs, 64 - ss.length, ss.length);
        Signature v = Signature.getInstance("Ed25519");
        v.initVerify(k.key());
        v.update(digest);
        return v.verify(rs);
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
    return false;
  }

  private static byte[] mpi(byte[] b, int[] pos) {
    int bits = ((b[pos[0]] & 0xff) << 8) | (b[pos[0] + 1] & 0xff);
    int len = (bits + 7) / 8;
    if (pos[0] + 2 + len > b.length) {
      throw new IllegalArgumentException("truncated MPI");
    }
    byte[] v = Arrays.copyOfRange(b, pos[0] + 2, pos[0] + 2 + len);
    pos[0] += 2 + len;
    return v;
  }

  private static byte[] sha1(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(b);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
