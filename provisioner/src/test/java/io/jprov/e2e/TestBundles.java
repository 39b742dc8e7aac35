package io.jprov.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * Builds an offline runtime bundle (docs/bundle.md, manifest format 1) from the test fleet's mirror, for
 * the install side's tests: the Docker CE 26.1.4 set plus the dependencies a fresh fleet host lacks
 * (found with the fleet: container-selinux, slirp4netns, fuse-overlayfs, fuse3-libs, libcgroup),
 * the two repository keys and the hello-world docker-archive.
 */
final class TestBundles {
  private TestBundles() {}

  /** One file to take: path on the mirror, path in the bundle, kind, name, rpm version. */
  record Item(String mirrorPath, String file, String kind, String name, String version) {}

  private static final String DCE = "docker-ce/linux/centos/7/x86_64/stable/Packages/";
  private static final String EXTRAS = "centos/7/extras/x86_64/Packages/";
  private static final String OS = "centos/7/os/x86_64/Packages/";

  static final List<Item> ITEMS = List.of(
      rpm(DCE, "docker-ce-26.1.4-1.el7.x86_64.rpm", "docker-ce", "3:26.1.4-1.el7"),
      rpm(DCE, "docker-ce-cli-26.1.4-1.el7.x86_64.rpm", "docker-ce-cli", "1:26.1.4-1.el7"),
      rpm(DCE, "docker-ce-rootless-extras-26.1.4-1.el7.x86_64.rpm", "docker-ce-rootless-extras", "26.1.4-1.el7"),
      rpm(DCE, "containerd.io-1.6.33-3.1.el7.x86_64.rpm", "containerd.io", "1.6.33-3.1.el7"),
      rpm(DCE, "docker-buildx-plugin-0.14.1-1.el7.x86_64.rpm", "docker-buildx-plugin", "0.14.1-1.el7"),
      rpm(DCE, "docker-compose-plugin-2.27.1-1.el7.x86_64.rpm", "docker-compose-plugin", "2.27.1-1.el7"),
      rpm(EXTRAS, "container-selinux-2.119.2-1.911c772.el7_8.noarch.rpm", "container-selinux",
          "2:2.119.2-1.911c772.el7_8"),
      rpm(EXTRAS, "slirp4netns-0.4.3-4.el7_8.x86_64.rpm", "slirp4netns", "0.4.3-4.el7_8"),
      rpm(EXTRAS, "fuse-overlayfs-0.7.2-6.el7_8.x86_64.rpm", "fuse-overlayfs", "0.7.2-6.el7_8"),
      rpm(OS, "fuse3-libs-3.6.1-4.el7.x86_64.rpm", "fuse3-libs", "3.6.1-4.el7"),
      rpm(OS, "libcgroup-0.41-21.el7.x86_64.rpm", "libcgroup", "0.41-21.el7"),
      new Item("docker-ce/linux/centos/gpg", "keys/docker-ce.gpg", "key", "docker-ce-stable", null),
      new Item("centos/RPM-GPG-KEY-CentOS-7", "keys/RPM-GPG-KEY-CentOS-7", "key", "base", null),
      new Item("images/hello-world.tar", "images/hello-world.tar", "image", "hello-world:latest", null));

  private static Item rpm(String dir, String file, String name, String version) {
    return new Item(dir + file, "rpms/" + file, "rpm", name, version);
  }

  /** Downloads every item from {@code mirrorUrl} into {@code dir} and writes {@code dir/bundle.yml}. */
  static Path build(String mirrorUrl, Path dir) throws IOException, InterruptedException {
    return build(mirrorUrl, dir, "x86_64");
  }

  static Path build(String mirrorUrl, Path dir, String arch) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    StringBuilder y = new StringBuilder();
    y.append("format: 1\n");
    y.append("target: {os: el7, arch: ").append(arch).append("}\n");
    y.append("docker_version: \"26.1.4\"\n");
    y.append("packages:\n  - {name: docker-ce, version: \"3:26.1.4-1.el7\"}\n  - {name: docker-ce-cli, version: \"1:26.1.4-1.el7\"}\n"
        + "  - {name: containerd.io, version: \"1.6.33-3.1.el7\"}\n");
    y.append("images:\n  - {name: \"hello-world:latest\", platform: linux/amd64}\n");
    y.append("assumed_present: [bash, systemd, iptables, tar, xz, libseccomp]\n");
    y.append("fetched: \"2026-01-01T00:00:00Z\"\n");
    y.append("artifacts:\n");
    for (Item it : ITEMS) {
      Path target = dir.resolve(it.file());
      Files.createDirectories(target.getParent());
      HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(mirrorUrl + "/" + it.mirrorPath())).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      if (r.statusCode() != 200) {
        throw new IOException(mirrorUrl + "/" + it.mirrorPath() + ": HTTP " + r.statusCode());
      }
      try (InputStream in = r.body()) {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
      y.append("  - file: ").append(it.file()).append('\n');
      y.append("    kind: ").append(it.kind()).append('\n');
      y.append("    name: \"").append(it.name()).append("\"\n");
      if (it.version() != null) {
        y.append("    version: \"").append(it.version()).append("\"\n");
      }
      y.append("    size: ").append(Files.size(target)).append('\n');
      y.append("    sha256: ").append(sha256(target)).append('\n');
      y.append("    source: ").append(mirrorUrl).append('/').append(it.mirrorPath()).append('\n');
    }
    Files.writeString(dir.resolve("bundle.yml"), y.toString());
    return dir;
  }

  static String sha256(Path p) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Total bytes of the bundle's artifacts. */
  static long totalBytes(Path dir) throws IOException {
    long n = 0;
    for (Item it : ITEMS) {
      n += Files.size(dir.resolve(it.file()));
    }
    return n;
  }
}
