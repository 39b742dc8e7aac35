package io.jprov.cli;

import static io.jprov.cli.CliTest.assertOneLineError;
import static io.jprov.cli.CliTest.jprov;
import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.JprovRun;
import io.jprov.bundle.BundleManifest;
import io.jprov.util.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run needs from the controller (key files, {@code *_env} variables, the bundle's Docker
 * version) is checked before any host is contacted. The hosts are unreachable (port 1, refused at
 * once): a run that gets past the checks exits 4, so a 2 proves the check came first.
 */
class ControllerPreflightTest {
  @TempDir Path tmp;
  Path privateKey;

  static final String HOST = "address: 127.0.0.1, ssh_port: 1, connect_timeout: 1";
  /** An environment variable no test machine sets. */
  static final String UNSET = "JPROV_TEST_NEVER_SET_4711";

  @BeforeEach
  void keys() throws Exception {
    privateKey = write("id_ed25519", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n"
        + "-----END OPENSSH PRIVATE KEY-----\n");
    write("id_ed25519.pub", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ5 ops@controller\n");
  }

  Path write(String name, String text) throws Exception {
    Path p = tmp.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  /** An inventory of web1 and web2, with {@code web1Vars} for web1. */
  Path inventory(String web1Vars) throws Exception {
    return write("inv.yml", "all:\n  hosts:\n    web1: {" + HOST + (web1Vars.isEmpty() ? "" : ", " + web1Vars)
        + "}\n    web2: {" + HOST + "}\n");
  }

  @Test
  void aReadablePrivateKeyGetsPastTheChecks() throws Exception {
    JprovRun r = jprov("plan", "-i", inventory("ssh_key: " + privateKey).toString());
    assertThat(r.code()).as(r.err()).isEqualTo(4);
    // PEM (PKCS#1, PKCS#8) and PuTTY keys too, also with text before the armour
    for (String head : List.of("-----BEGIN RSA PRIVATE KEY-----", "Bag Attributes\n-----BEGIN PRIVATE KEY-----",
        "-----BEGIN ENCRYPTED PRIVATE KEY-----", "-----BEGIN EC PRIVATE KEY-----", "PuTTY-User-Key-File-3: ssh-rsa")) {
      Path k = write("k", head + "\nAAAA\n");
      assertThat(jprov("plan", "-i", inventory("ssh_key: " + k).toString()).code()).as(head).isEqualTo(4);
    }
  }

  @Test
  void aMissingKeyIsAnInputErrorNamingTheHostAndWhere() throws Exception {
    Path inv = inventory("ssh_key: " + tmp.resolve("nokey"));
    JprovRun r = jprov("plan", "-i", inv.toString());
    assertOneLineError(r, 2, inv + ":3:5: host web1: ssh_key " + tmp.resolve("nokey")
        + " does not exist; give the path of a private key file (e.g. ~/.ssh/id_ed25519)");
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.out()).doesNotContain("PLAY");
  }

  @Test
  void aPublicKeyIsNamedAsTheMistake() throws Exception {
    Path inv = inventory("ssh_key: " + privateKey + ".pub");
    assertOneLineError(jprov("plan", "-i", inv.toString()), 2, inv + ":3:5: host web1: ssh_key " + privateKey
        + ".pub is a public key; give the private key (without .pub: " + privateKey + ")");
    // recognised by its content too
    Path pub = write("mykey", "ssh-rsa AAAAB3NzaC1yc2E ops@x\n");
    assertOneLineError(jprov("plan", "-i", inventory("ssh_key: " + pub).toString()), 2,
        "ssh_key " + pub + " is a public key; give the private key");
  }

  @Test
  void aFileThatIsNoKeyIsRefused() throws Exception {
    Path notKey = write("notes.txt", "hello\n");
    assertOneLineError(jprov("plan", "-i", inventory("ssh_key: " + notKey).toString()), 2,
        "host web1: ssh_key " + notKey + " is not a private key");
    Path empty = write("empty", "");
    assertOneLineError(jprov("plan", "-i", inventory("ssh_key: " + empty).toString()), 2, "is empty");
    assertOneLineError(jprov("plan", "-i", inventory("ssh_key: " + tmp).toString()), 2,
        "ssh_key " + tmp + " is a directory");
  }


  @Test
  void jumpKeyIsCheckedToo() throws Exception {
    Path inv = inventory("jump: bastion, jump_key: " + privateKey + ".pub");
    assertOneLineError(jprov("plan", "-i", inv.toString()), 2, "host web1: jump_key " + privateKey
        + ".pub is a public key");
  }

  @Test
  void onlyTheSelectedHostsAreChecked() throws Exception {
    Path inv = inventory("ssh_key: " + tmp.resolve("nokey") + ", become: true, become_password_env: " + UNSET);
    JprovRun r = jprov("plan", "-i", inv.toString(), "--limit", "web2");
    assertThat(r.code()).as(r.err()).isEqualTo(4);
  }

  @Test
  void aKeyFromAGroupOrFromExtraVarsNamesWhereItWasWritten() throws Exception {
    Path inv = write("g.yml", "all:\n  children:\n    web:\n      vars: {ssh_key: ~/no-such-key-4711}\n"
        + "      hosts:\n        web1: {" + HOST + "}\n");
    assertOneLineError(jprov("plan", "-i", inv.toString()), 2, inv + ":3:5: host web1: ssh_key "
        + System.getProperty("user.home") + "/no-such-key-4711 does not exist");
    assertOneLineError(jprov("plan", "-i", inventory("").toString(), "-e", "ssh_key=" + tmp.resolve("nokey")), 2,
        "-e ssh_key: host web1: ssh_key " + tmp.resolve("nokey") + " does not exist");
  }

  @Test
  void anUnsetBecomePasswordVariableIsNamedWithTheExportToRun() throws Exception {
    Path inv = inventory("become: true, become_password_env: " + UNSET);
    JprovRun r = jprov("plan", "-i", inv.toString());
    assertOneLineError(r, 2, inv + ":3:5: host web1: become_password_env names " + UNSET
        + ", which is not set in jprov's environment: export " + UNSET + "=…");
    assertThat(r.err().strip().lines()).hasSize(1);
    // a set variable passes (its value is never shown); without become it is not used
    assertThat(jprov("plan", "-i", inventory("become: true, become_password_env: PATH").toString()).code())
        .isEqualTo(4);
    assertThat(jprov("plan", "-i", inventory("become_password_env: " + UNSET).toString()).code()).isEqualTo(4);
  }

  @Test
  void everyEnvVariableOfTheConnectionIsChecked() throws Exception {
    for (String name : List.of("ssh_password_env", "ssh_key_passphrase_env", "jump_password_env")) {
      Path inv = inventory(name + ": " + UNSET);
      assertOneLineError(jprov("plan", "-i", inv.toString()), 2, inv + ":3:5: host web1: " + name + " names " + UNSET
          + ", which is not set in jprov's environment: export " + UNSET + "=…");
    }
    assertOneLineError(jprov("plan", "-i", inventory("").toString(), "-e", "ssh_password_env=" + UNSET), 2,
        "-e ssh_password_env: host web1: ssh_password_env names " + UNSET);
  }

  @Test
  void factsChecksTheSameBeforeConnecting() throws Exception {
    Path inv = inventory("ssh_password_env: " + UNSET);
    assertOneLineError(jprov("facts", "-i", inv.toString()), 2, "host web1: ssh_password_env names " + UNSET);
  }

  /** A fetched bundle for Docker 26.1.4 with one (fake) rpm, its sha256 in the manifest. */
  Path bundle() throws Exception {
    Path dir = tmp.resolve("bundle");
    Files.createDirectories(dir.resolve("rpms"));
    Path rpm = dir.resolve("rpms/docker-ce.rpm");
    Files.writeString(rpm, "not really an rpm");
    new BundleManifest(BundleManifest.FORMAT, new BundleManifest.Target("el7", "x86_64"), "26.1.4",
        List.of(new BundleManifest.PackagePin("docker-ce", "3:26.1.4-1.el7")), List.of(), List.of(),
        List.of(new BundleManifest.Artifact("rpms/docker-ce.rpm", BundleManifest.Kind.RPM, "docker-ce",
            "3:26.1.4-1.el7", Files.size(rpm), Sha256.of(rpm), null)),
        "2026-11-30T00:00:00Z").write(dir);
    return dir;
  }

  @Test
  void aDockerVersionTheBundleDoesNotHoldIsAnError() throws Exception {
    Path b = bundle();
    Path inv = inventory("");
    // the bundle's own version, or none requested: past the checks
    assertThat(jprov("plan", "-i", inv.toString(), "--bundle", b.toString()).code()).isEqualTo(4);
    assertThat(jprov("plan", "-i", inv.toString(), "--bundle", b.toString(), "-e", "docker.version=26.1.4").code())
        .isEqualTo(4);
    JprovRun r = jprov("plan", "-i", inv.toString(), "--bundle", b.toString(), "-e", "docker.version=24.0.9");
    assertOneLineError(r, 2, "jprov: --bundle " + b + " holds Docker 26.1.4; docker.version is 24.0.9"
        + " (-e docker.version=24.0.9)");
    assertThat(r.err().strip().lines()).hasSize(1);
    Path pinned = inventory("docker: {version: \"24.0.9\"}");
    assertOneLineError(jprov("plan", "-i", pinned.toString(), "--bundle", b.toString()), 2,
        pinned + ":3:5: host web1: --bundle " + b + " holds Docker 26.1.4; docker.version is 24.0.9 (set in the inventory)");
    // a host outside --limit does not count
    assertThat(jprov("plan", "-i", pinned.toString(), "--bundle", b.toString(), "--limit", "web2").code()).isEqualTo(4);
  }
}
