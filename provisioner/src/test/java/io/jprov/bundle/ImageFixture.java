package io.jprov.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Tiny images for registry tests: a one-file layer, its config, manifests and indexes, as registry blobs. */
final class ImageFixture {
  static final ObjectMapper JSON = new ObjectMapper();

  final byte[] layerTar;
  final byte[] layerGz;
  final byte[] config;
  final String arch;

  ImageFixture(String arch, String greeting) {
    this.arch = arch;
    layerTar = tar(Map.of("hello", greeting.getBytes(StandardCharsets.UTF_8)));
    layerGz = gzip(layerTar);
    ObjectNode c = JSON.createObjectNode();
    c.put("architecture", arch);
    c.put("os", "linux");
    c.putObject("config").putArray("Cmd").add("/hello");
    ObjectNode rootfs = c.putObject("rootfs");
    rootfs.put("type", "layers");
    rootfs.putArray("diff_ids").add(digest(layerTar));
    config = bytes(c);
  }

  /** A schema2 or OCI image manifest over config + gzip layer. */
  byte[] manifest(boolean oci) {
    ObjectNode m = JSON.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", oci ? RegistryClient.OCI_MANIFEST : RegistryClient.SCHEMA2);
    ObjectNode c = m.putObject("config");
    c.put("mediaType", oci ? "application/vnd.oci.image.config.v1+json" : "application/vnd.docker.container.image.v1+json");
    c.put("size", config.length);
    c.put("digest", digest(config));
    ObjectNode l = m.putArray("layers").addObject();
    l.put("mediaType", oci ? "application/vnd.oci.image.layer.v1.tar+gzip"
        : "application/vnd.docker.image.rootfs.diff.tar.gzip");
    l.put("size", layerGz.length);
    l.put("digest", digest(layerGz));
    return bytes(m);
  }

  /** A manifest list / OCI index over (manifest, arch) pairs. */
  static byte[] index(boolean oci, List<Map.Entry<byte[], String>> manifests) {
    ObjectNode m = JSON.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", oci ? RegistryClient.OCI_INDEX : RegistryClient.MANIFEST_LIST);
    ArrayNode a = m.putArray("manifests");
    for (Map.Entry<byte[], String> e : manifests) {
      ObjectNode d = a.addObject();
      d.put("mediaType", oci ? RegistryClient.OCI_MANIFEST : RegistryClient.SCHEMA2);
      d.put("size", e.getKey().length);
      d.put("digest", digest(e.getKey()));
      ObjectNode p = d.putObject("platform");
      p.put("architecture", e.getValue());
      p.put("os", "linux");
      if (e.getValue().equals("arm64")) {
        p.put("variant", "v8");
      }
    }
    return bytes(m);
  }

  static String digest(byte[] b) {
    return "sha256:" + io.jprov.util.Sha256.of(b);
  }

  static byte[] bytes(JsonNode n) {
    try {
      return JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] tar(Map<String, byte[]> files) {
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(bo)) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        TarArchiveEntry e = new TarArchiveEntry(f.getKey());
        e.setSize(f.getValue().length);
        e.setModTime(0);
        t.putArchiveEntry(e);
        t.write(f.getValue());
        t.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bo.toByteArray();
  }

  static byte[] gzip(byte[] b) {
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(bo)) {
      g.write(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bo.toByteArray();
  }

  /** Every regular file of a tar, by name. */
  static Map<String, byte[]> untar(byte[] tar) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      TarArchiveEntry e;
      while ((e = in.getNextTarEntry()) != null) {
        if (e.isFile()) {
          out.put(e.getName(), in.readAllBytes());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
