package io.jprov.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.JprovRun;
import io.jprov.util.GpgKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An EL7 bundle is what it was before bundles had platforms: fetched without {@code --platform} (or with
 * {@code --platform el7}) from recorded repodata, its {@code bundle.yml} is byte for byte the golden file
 * {@code src/test/resources/bundle/el7/expected-bundle.yml}, recorded with the fetcher before issue 12 (only
 * the fetch time, the key's digest and the mirror's port replaced), at the top of the directory. Rewrite the
 * golden file only for an intended format change: {@code -Djprov.writeGolden=true}.
 */
class BundleEl7FormatTest {
  @TempDir Path tmp;

  static String el7(String name) throws Exception {
    return Files.readString(Path.of("src/test/resources/bundle/el7").resolve(name));
  }

  @Test
  void theEl7ManifestIsUnchangedByteForByte() throws Exception {
    GpgKeys.Key key = GpgKeys.generate(tmp, "el7-fixture@example");
    try (FixtureMirror m = new FixtureMirror()) {
      m.put("/docker-ce/linux/centos/gpg", key.armoured());
      m.put("/centos/RPM-GPG-KEY-CentOS-7", key.armoured());
      m.yum("/docker-ce/linux/centos/7/x86_64/stable", el7("primary-docker.xml"));
      m.yum("/centos/7/os/x86_64", el7("primary-os.xml"));
      m.yum("/centos/7/updates/x86_64", el7("primary-updates.xml"));
      m.yum("/centos/7/extras/x86_64", el7("primary-extras.xml"));
      Path request = tmp.resolve("request.yml");
      Files.writeString(request, Files.readString(BundleManifestTest.committed())
          .replace("images:\n  - {name: \"hello-world:latest\", platform: linux/amd64}", "images: []"));
      for (String[] platform : new String[][] {{}, {"--platform", "el7"}}) {
        Path dir = tmp.resolve("b" + platform.length);
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("bundle", "fetch", "--dir",
            dir.toString(), "--mirror", m.url() + "/docker-ce", "--base-mirror", m.url() + "/centos", "--registry",
            m.url(), "--request", request.toString(), "--gpg-fingerprint", key.fingerprint()));
        args.addAll(java.util.List.of(platform));
        JprovRun r = JprovRun.of(args);
        assertThat(r.code()).as(r.err()).isZero();
        String keySha = io.jprov.util.Sha256.of(key.armoured().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String got = Files.readString(dir.resolve("bundle.yml"))
            .replaceAll("(?m)^fetched: .*$", "fetched: FETCHED")
            .replace(keySha, "KEYSHA")
            .replaceAll("size: " + key.armoured().length() + "\n", "size: KEYSIZE\n")
            .replace(m.url(), "http://MIRROR");
        if (Boolean.getBoolean("jprov.writeGolden")) {
          Files.writeString(Path.of("src/test/resources/bundle/el7/expected-bundle.yml"), got);
        }
        assertThat(got).isEqualTo(el7("expected-bundle.yml"));
        try (var s = Files.list(dir)) {
          assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
              .containsExactly("bundle.yml", "keys", "rpms");
        }
      }
    }
  }
}
