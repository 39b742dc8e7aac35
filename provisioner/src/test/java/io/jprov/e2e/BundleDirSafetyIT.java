package io.jprov.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jprov.testfleet.FleetHost;
import io.jprov.testfleet.TestFleet;
import io.jprov.testfleet.TestFleet.InventoryOptions;
import io.jprov.testfleet.Variant;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 item 1 on the test fleet: the offline bundle directory cannot be taken over. A symlink
 * planted by {@code nobody} and a directory owned by {@code ops} are refused with one line naming
 * host and path, and what they point at is left alone; a non-root SSH user with a sudo password
 * gets a root-owned 0700 directory with root-owned files.
 */
class BundleDirSafetyIT extends FleetTestBase {
  private static final String DEST = "/var/tmp/jprov-bundle";
  private static final String VICTIM = "/etc/jprov-victim/rpms/docker-ce-26.1.4-1.el7.x86_64.rpm.part";

  @Test
  void aPlantedSymlinkOrAForeignDirectoryIsRefusedAndASudoUserGetsARootOnlyDirectory() throws Exception {
    try (TestFleet fleet = TestFleet.startOffline(Variant.FRESH, 2)) {
      FleetHost h = fleet.host(0);
      Path bundle = TestBundles.build(fleet.mirrorUrlFromTests(), tmp.resolve("bundle"));
      h.setRegistryOffline(true);

      // nobody plants /var/tmp/jprov-bundle -> a root-only directory holding a 0600 file
      h.shOk("mkdir -p /etc/jprov-victim/rpms && printf precious > " + VICTIM + " && chmod 600 " + VICTIM
          + " && su -s /bin/sh nobody -c 'ln -s /etc/jprov-victim " + DEST + "'");
      assertThat(h.shOk("stat -c %U " + DEST).strip()).isEqualTo("nobody");
      ApplyRun planted = ApplyRun.apply(tmp, fleet.inventory(), "--bundle", bundle.toString(), "--limit", h.name());
      assertThat(planted.code()).as(planted.toString()).isEqualTo(3);
      JsonNode up = planted.task(h.name(), "7a.");
      assertThat(up.get("status").asText()).isEqualTo("failed");
      assertThat(up.get("message").asText())
          .startsWith("refusing the bundle directory: " + DEST + " is a symlink owned by nobody (uid 65534)");
      assertThat(planted.out()).contains(h.name()).contains(DEST + " is a symlink owned by nobody");
      assertThat(h.shOk("cat " + VICTIM)).isEqualTo("precious");
      assertThat(h.shOk("stat -c '%U %a' " + VICTIM + " /etc/jprov-victim").strip()).isEqualTo("root 600\nroot 755");
      assertThat(h.shOk("ls -A /etc/jprov-victim/rpms").strip()).isEqualTo("docker-ce-26.1.4-1.el7.x86_64.rpm.part");
      assertThat(h.isInstalled("docker-ce")).isFalse();

      // a directory left owned by the SSH user (as older jprov versions did) is not trusted either
      h.shOk("rm " + DEST + " && mkdir -m 0755 " + DEST + " && chown ops " + DEST);
      ApplyRun owned = ApplyRun.apply(tmp, fleet.inventory(), "--bundle", bundle.toString(), "--limit", h.name());
      assertThat(owned.code()).as(owned.toString()).isEqualTo(3);
      assertThat(owned.task(h.name(), "7a.").get("message").asText())
          .startsWith("refusing the bundle directory: " + DEST + " is owned by ops (uid 1000), not by root");
      assertThat(h.shOk("ls -A " + DEST).strip()).isEmpty();

      // deploy: non-root, sudo asks for a password (become_password_env)
      FleetHost d = fleet.host(1);
      d.setRegistryOffline(true);
      Path inv = fleet.writeInventory("deploy.yml", InventoryOptions.defaults().withSshUser(TestFleet.DEPLOY_USER)
          .withBecomePasswordEnv("JPROV_TEST_DEPLOY_SUDO"));
      ApplyRun deploy = ApplyRun.apply(tmp, inv, "--bundle", bundle.toString(), "--limit", d.name());
      assertThat(deploy.code()).as(deploy.toString()).isZero();
      assertThat(d.packageVersion("docker-ce")).contains("3:26.1.4-1.el7");
      assertThat(d.shOk("stat -c '%U %a' " + DEST + " " + DEST + "/rpms").strip()).isEqualTo("root 700\nroot 700");
      assertThat(d.shOk("find " + DEST + " ! -user root").strip()).isEmpty();
      assertThat(d.shOk("find " + DEST + " -name '*.part'").strip()).isEmpty();
      assertThat(deploy.out() + deploy.err()).doesNotContain(TestFleet.DEPLOY_PASSWORD);

      // the image is re-checked as root right before docker load: a tar changed after the upload
      // (7a skipped with --tags verify) is not loaded
      String tar = d.shOk("find " + DEST + " -name '*.tar'").strip();
      d.shOk("docker rmi hello-world:latest; printf x >> " + tar);
      ApplyRun tampered = ApplyRun.apply(tmp, inv, "--bundle", bundle.toString(), "--limit", d.name(), "--tags", "verify");
      assertThat(tampered.code()).as(tampered.toString()).isEqualTo(3);
      JsonNode load = tampered.task(d.name(), "10b.");
      assertThat(load.get("status").asText()).isEqualTo("failed");
      assertThat(load.get("message").asText()).contains(tar + " is missing or its sha256 differs from the bundle manifest;"
          + " not loaded");
      assertThat(d.sh("docker image inspect hello-world:latest").exitCode()).isNotZero();
    }
  }

  @Test
  void aFullDiskDuringTheUploadReportsNoSpaceLeftAndLeavesNoPartFiles() throws Exception {
    try (TestFleet fleet = TestFleet.startOffline(Variant.FRESH, 1, java.util.Map.of("/var/tmp", "rw,size=16k,mode=1777"))) {
      FleetHost h = fleet.host(0);
      Path bundle = TestBundles.build(fleet.mirrorUrlFromTests(), tmp.resolve("bundle"));
      assertThat(TestBundles.totalBytes(bundle)).as("the bundle must not fit").isGreaterThan(64 * 1024);
      ApplyRun full = ApplyRun.apply(tmp, fleet.inventory(), "--bundle", bundle.toString());
      assertThat(full.code()).as(full.toString()).isEqualTo(3);
      JsonNode up = full.task(h.name(), "7a.");
      assertThat(up.get("status").asText()).isEqualTo("failed");
      assertThat(up.get("message").asText()).contains("No space left on device").contains(".part deleted");
      assertThat(h.shOk("find " + DEST + " -name '*.part'").strip()).isEmpty();
      assertThat(h.isInstalled("docker-ce")).isFalse();
    }
  }
}
