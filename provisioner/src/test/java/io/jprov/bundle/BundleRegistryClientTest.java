package io.jprov.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jprov.JprovException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RegistryClient} against recorded Registry API v2 responses served on loopback. */
class BundleRegistryClientTest {
  @TempDir Path dir;
  FakeRegistry reg;
  final ImageFixture amd64 = new ImageFixture("amd64", "Hello from Docker! (amd64)\n");
  final ImageFixture arm64 = new ImageFixture("arm64", "Hello from Docker! (arm64)\n");
  final RegistryClient.Reference ref = RegistryClient.Reference.parse("hello-world:latest");

  @BeforeEach
  void start() throws Exception {
    reg = new FakeRegistry();
    reg.image(amd64);
    reg.image(arm64);
  }

  @AfterEach
  void stop() {
    reg.close();
  }

  /**
   * Serves each image's manifest under its digest, and as {@code latest} a manifest list (an OCI
   * index if {@code oci}) of them in the order given.
   */
  private void serveList(boolean oci, ImageFixture... images) {
    List<Map.Entry<byte[], String>> entries = new ArrayList<>();
    for (ImageFixture image : images) {
      byte[] m = image.manifest(oci);
      reg.manifest(ImageFixture.digest(m), oci ? RegistryClient.OCI_MANIFEST : RegistryClient.SCHEMA2, m);
      entries.add(Map.entry(m, image.arch));
    }
    reg.manifest("latest", oci ? RegistryClient.OCI_INDEX : RegistryClient.MANIFEST_LIST,
        ImageFixture.index(oci, entries));
  }

  @Test
  void referenceGetsLibraryPrefixLikeTheDockerCli() {
    assertThat(ref.repository()).isEqualTo("library/hello-world");
    assertThat(ref.tag()).isEqualTo("latest");
    assertThat(RegistryClient.Reference.parse("acme/app").tag()).isEqualTo("latest");
    assertThat(RegistryClient.Reference.parse("acme/app:1.0").repository()).isEqualTo("acme/app");
  }

  @Test
  void tokenChallengeThenManifestListToAmd64() throws Exception {
    reg.bearer();
    serveList(false, arm64, amd64);
    byte[] a = amd64.manifest(false);

    RegistryClient c = new RegistryClient(reg.url());
    RegistryClient.ImageManifest m = c.resolve(ref, "linux/amd64");
    assertThat(m.digest()).isEqualTo(ImageFixture.digest(a));
    assertThat(m.listDigest()).isNotNull();
    assertThat(m.mediaType()).isEqualTo(RegistryClient.SCHEMA2);

    assertThat(reg.requests.get(0)).isEqualTo("GET /v2/");
    assertThat(reg.requests).anySatisfy(r -> assertThat(r)
        .startsWith("GET /token?service=registry.docker.io&scope=repository%3Alibrary%2Fhello-world%3Apull"));
    assertThat(reg.requests.stream().filter(r -> r.contains("/manifests/")))
        .allSatisfy(r -> assertThat(r).endsWith("[Bearer t0k]"));

    Path tar = dir.resolve("images/hello-world.tar");
    RegistryClient.Archive arch = c.writeArchive(ref, m, "hello-world:latest", tar, dir.resolve("work"),
        FetchListener.NONE);
    assertLoadable(tar, amd64.config, "hello-world:latest");
    assertThat(arch.size()).isEqualTo(Files.size(tar));
    assertThat(arch.sha256()).isEqualTo(io.jprov.util.Sha256.of(tar));
    assertThat(arch.downloaded()).isEqualTo(amd64.config.length + amd64.layerGz.length);
    assertThat(dir.resolve("work")).doesNotExist();
    assertThat(reg.requests.stream().filter(r -> r.contains("/blobs/")))
        .allSatisfy(r -> assertThat(r).endsWith("[Bearer t0k]"));
  }

  @Test
  void ociIndexToOciManifest() throws Exception {
    serveList(true, amd64, arm64);
    RegistryClient c = new RegistryClient(reg.url());
    RegistryClient.ImageManifest m = c.resolve(ref, "linux/amd64");
    assertThat(m.mediaType()).isEqualTo(RegistryClient.OCI_MANIFEST);
    assertThat(m.config().digest()).isEqualTo(ImageFixture.digest(amd64.config));
    RegistryClient.ImageManifest arm = c.resolve(ref, "linux/arm64/v8");
    assertThat(arm.config().digest()).isEqualTo(ImageFixture.digest(arm64.config));
    Path tar = dir.resolve("hw.tar");
    c.writeArchive(ref, m, "hello-world:latest", tar, dir.resolve("w"), FetchListener.NONE);
    assertLoadable(tar, amd64.config, "hello-world:latest");
  }

  @Test
  void schema2ManifestWithoutAList() throws Exception {
    reg.manifest("latest", RegistryClient.SCHEMA2, amd64.manifest(false));
    RegistryClient c = new RegistryClient(reg.url());
    RegistryClient.ImageManifest m = c.resolve(ref, "linux/amd64");
    assertThat(m.listDigest()).isNull();
    Path tar = dir.resolve("hw.tar");
    c.writeArchive(ref, m, "hello-world:latest", tar, dir.resolve("w"), FetchListener.NONE);
    assertLoadable(tar, amd64.config, "hello-world:latest");
    assertThat(reg.requests).noneMatch(r -> r.contains("/token"));
  }

  @Test
  void blobRedirectToAnotherHostDropsTheToken() throws Exception {
    reg.bearer();
    reg.manifest("latest", RegistryClient.SCHEMA2, amd64.manifest(false));
    reg.blobRedirectBase = "http://localhost:" + reg.server.getAddress().getPort();
    RegistryClient c = new RegistryClient(reg.url());
    RegistryClient.ImageManifest m = c.resolve(ref, "linux/amd64");
    Path tar = dir.resolve("hw.tar");
    c.writeArchive(ref, m, "hello-world:latest", tar, dir.resolve("w"), FetchListener.NONE);
    assertLoadable(tar, amd64.config, "hello-world:latest");
    assertThat(reg.requests).anySatisfy(r -> assertThat(r).startsWith("GET /cdn/sha256:").doesNotContain("Bearer"));
  }

  @Test
  void blobDigestMismatchIsRejected() {
    reg.manifest("latest", RegistryClient.SCHEMA2, amd64.manifest(false));
    byte[] bad = amd64.layerGz.clone();
    bad[bad.length / 2] ^= 1;
    reg.blobs.put(ImageFixture.digest(amd64.layerGz), bad);
    RegistryClient c = new RegistryClient(reg.url());
    RegistryClient.ImageManifest m = c.resolve(ref, "linux/amd64");
    Path tar = dir.resolve("hw.tar");
    assertThatThrownBy(() -> c.writeArchive(ref, m, "hello-world:latest", tar, dir.resolve("w"), FetchListener.NONE))
        .isInstanceOf(JprovException.class)
        .hasMessageContaining("blob digest mismatch (expected " + ImageFixture.digest(amd64.layerGz));
    assertThat(tar).doesNotExist();
  }

  @Test
  void manifestDigestMismatchIsRejected() {
    byte[] a = amd64.manifest(false);
    reg.manifest("latest", RegistryClient.SCHEMA2, a);
    reg.digestHeaderOverride.put("latest", "sha256:" + "0".repeat(64));
    assertThatThrownBy(() -> new RegistryClient(reg.url()).resolve(ref, "linux/amd64"))
        .isInstanceOf(JprovException.class).hasMessageContaining("manifest digest mismatch");
  }

  @Test
  void listEntryWhoseContentDoesNotMatchItsDigestIsRejected() {
    byte[] a = amd64.manifest(false);
    reg.manifest("latest", RegistryClient.MANIFEST_LIST, ImageFixture.index(false, List.of(Map.entry(a, "amd64"))));
    reg.manifests.put(ImageFixture.digest(a), arm64.manifest(false));
    reg.manifestTypes.put(ImageFixture.digest(a), RegistryClient.SCHEMA2);
    reg.digestHeaderOverride.put(ImageFixture.digest(a), ImageFixture.digest(a));
    assertThatThrownBy(() -> new RegistryClient(reg.url()).resolve(ref, "linux/amd64"))
        .hasMessageContaining("manifest digest mismatch (expected " + ImageFixture.digest(a));
  }

  @Test
  void noAmd64InTheIndexNamesWhatThereIs() {
    byte[] b = arm64.manifest(false);
    reg.manifest("latest", RegistryClient.MANIFEST_LIST, ImageFixture.index(false, List.of(Map.entry(b, "arm64"))));
    assertThatThrownBy(() -> new RegistryClient(reg.url()).resolve(ref, "linux/amd64"))
        .hasMessageContaining("no linux/amd64 image in the index (has linux/arm64/v8)");
  }

  @Test
  void basicAuthChallengeIsAClearError() {
    reg.challenge = "Basic realm=\"registry\"";
    assertThatThrownBy(() -> new RegistryClient(reg.url()).resolve(ref, "linux/amd64"))
        .hasMessageContaining("requires credentials");
  }

  @Test
  void unknownTagIsInputError() {
    assertThatThrownBy(() -> new RegistryClient(reg.url()).resolve(ref, "linux/amd64"))
        .isInstanceOfSatisfying(JprovException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessageContaining("hello-world:latest: not found");
  }

  /** The docker-archive checks docker load makes: manifest.json, config present, layers with their diff_ids. */
  static void assertLoadable(Path tar, byte[] config, String repoTag) throws Exception {
    Map<String, byte[]> files = ImageFixture.untar(Files.readAllBytes(tar));
    JsonNode manifest = ImageFixture.JSON.readTree(files.get("manifest.json"));
    assertThat(manifest.isArray()).isTrue();
    assertThat(manifest).hasSize(1);
    JsonNode e = manifest.get(0);
    assertThat(e.path("RepoTags").get(0).asText()).isEqualTo(repoTag);
    String cfgName = e.path("Config").asText();
    assertThat(cfgName).isEqualTo(io.jprov.util.Sha256.of(config) + ".json");
    assertThat(files.get(cfgName)).isEqualTo(config);
    JsonNode diffIds = ImageFixture.JSON.readTree(files.get(cfgName)).path("rootfs").path("diff_ids");
    assertThat(e.path("Layers")).hasSize(diffIds.size());
    for (int i = 0; i < diffIds.size(); i++) {
      byte[] layer = files.get(e.path("Layers").get(i).asText());
      assertThat(layer).isNotNull();
      assertThat("sha256:" + io.jprov.util.Sha256.of(layer)).isEqualTo(diffIds.get(i).asText());
    }
    JsonNode repos = ImageFixture.JSON.readTree(files.get("repositories"));
    String[] nt = repoTag.split(":");
    assertThat(repos.path(nt[0]).path(nt[1]).asText()).isNotEmpty();
  }
}
