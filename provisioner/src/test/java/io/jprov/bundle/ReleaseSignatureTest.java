package io.jprov.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ReleaseSignature} against signatures made by GnuPG itself (an independent oracle): RSA and Ed25519
 * primary keys, an RSA signing subkey (the shape of Docker's apt key), clear-signed and detached; a changed
 * byte, another key, and a subkey borrowed from another key's file are refused.
 */
class ReleaseSignatureTest {
  @TempDir Path tmp;
  final List<TestGpg> homes = new ArrayList<>();

  static final String RELEASE = """
      Origin: Docker
      Label: Docker CE
      Suite: bookworm
      Codename: bookworm
      Architectures: amd64 arm64
      Components: stable
      Description: Docker CE Repository for Debian bookworm  \t
      - a line starting with a dash
      SHA256:
       aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 1234 stable/binary-amd64/Packages
      """;

  @AfterEach
  void stopAgents() throws Exception {
    for (TestGpg h : homes) {
      h.close();
    }
  }

  TestGpg home(String name) throws IOException {
    TestGpg g = new TestGpg(tmp.resolve(name));
    homes.add(g);
    return g;
  }

  @Test
  void rsaPrimaryKeyClearSignedAndDetached() throws Exception {
    TestGpg h = home("rsa");
    String k = h.key("rsa@example", "rsa2048", "sign", null);
    String in = h.clearsign("rsa@example", RELEASE);
    assertThat(ReleaseSignature.verifyClearSigned(in, k)).isNull();
    assertThat(ReleaseSignature.verifyDetached(RELEASE.getBytes(StandardCharsets.UTF_8),
        h.detach("rsa@example", RELEASE), k)).isNull();
    // one changed byte in the signed text
    assertThat(ReleaseSignature.verifyClearSigned(in.replace("1234 stable", "1235 stable"), k))
        .startsWith("no valid signature by the pinned key");
    assertThat(ReleaseSignature.verifyDetached(RELEASE.replace("1234", "1235").getBytes(StandardCharsets.UTF_8),
        h.detach("rsa@example", RELEASE), k)).startsWith("no valid signature by the pinned key");
  }

  @Test
  void ed25519PrimaryKey() throws Exception {
    TestGpg h = home("ed");
    String k = h.key("ed@example", "ed25519", "sign", null);
    String in = h.clearsign("ed@example", RELEASE);
    assertThat(ReleaseSignature.verifyClearSigned(in, k)).isNull();
    assertThat(ReleaseSignature.verifyClearSigned(in.replace("Origin: Docker", "Origin: Dockr"), k)).isNotNull();
  }

  @Test
  void aSigningSubkeyBoundToThePinnedPrimaryCounts() throws Exception {
    TestGpg h = home("sub");
    String k = h.key("sub@example", "rsa2048", "cert", "rsa2048");
    String in = h.clearsign("sub@example", RELEASE);
    assertThat(ReleaseSignature.verifyClearSigned(in, k)).isNull();
  }

  @Test
  void anotherKeysSignatureIsRefusedNamingItsKeyId() throws Exception {
    TestGpg a = home("a");
    TestGpg b = home("b");
    String pinned = a.key("a@example", "rsa2048", "sign", null);
    b.key("b@example", "ed25519", "sign", null);
    String in = b.clearsign("b@example", RELEASE);
    String fprB = b.fingerprint("b@example");
    assertThat(ReleaseSignature.verifyClearSigned(in, pinned))
        .isEqualTo("no valid signature by the pinned key (signed by key id " + fprB.substring(24) + ")");
  }

  @Test
  void aSubkeyWithoutABindingFromThePinnedPrimaryDoesNotCount() throws Exception {
    TestGpg a = home("pa");
    TestGpg b = home("pb");
    String pinned = a.key("pa@example", "rsa2048", "sign", null);
    String other = b.key("pb@example", "rsa2048", "cert", "rsa2048");
    String in = b.clearsign("pb@example", RELEASE);
    // graft the other file's packets after the pinned primary: its subkey's binding is by the other primary
    String grafted = graft(pinned, other);
    assertThat(ReleaseSignature.verifyClearSigned(in, grafted)).startsWith("no valid signature by the pinned key");
  }

  /** One armoured block: the packets of {@code first} then those of {@code second} without its primary key. */
  static String graft(String first, String second) {
    byte[] a = body(first);
    byte[] b = body(second);
    // skip b's first packet (its primary key, old or new format header)
    int tb = b[0] & 0xff;
    int skip;
    if ((tb & 0x40) != 0) {
      int o1 = b[1] & 0xff;
      skip = o1 < 192 ? 2 + o1 : 3 + ((o1 - 192) << 8) + (b[2] & 0xff) + 192;
    } else {
      int n = 1 << (tb & 3);
      int len = 0;
      for (int i = 0; i < n; i++) {
        len = (len << 8) | (b[1 + i] & 0xff);
      }
      skip = 1 + n + len;
    }
    byte[] all = new byte[a.length + b.length - skip];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, skip, all, a.length, b.length - skip);
    return "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
        .encodeToString(all) + "\n-----END PGP PUBLIC KEY BLOCK-----\n";
  }

  static byte[] body(String armoured) {
    StringBuilder b = new StringBuilder();
    boolean in = false;
    boolean body = false;
    for (String l : armoured.split("\n")) {
      if (l.startsWith("-----BEGIN")) {
        in = true;
        continue;
      }
      if (l.startsWith("-----END")) {
        break;
      }
      if (!in) {
        continue;
      }
      if (!body) {
        if (l.isBlank()) {
          body = true;
        }
        continue;
      }
      if (!l.startsWith("=")) {
        b.append(l.strip());
      }
    }
    return java.util.Base64.getDecoder().decode(b.toString());
  }
}
