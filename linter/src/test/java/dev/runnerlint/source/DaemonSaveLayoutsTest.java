package dev.runnerlint.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runnerlint.fixtures.Compression;
import dev.runnerlint.fixtures.FixtureImage;
import dev.runnerlint.fixtures.Layer;
import dev.runnerlint.fixtures.MediaStyle;
import dev.runnerlint.fixtures.SampleImages;
import dev.runnerlint.image.Descriptor;
import dev.runnerlint.image.Digest;
import dev.runnerlint.image.MediaTypes;
import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.io.BlobVerificationException;
import dev.runnerlint.reference.PlatformSelector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

/**
 * The {@code docker save} layouts a daemon streams that the test daemons here cannot write (they
 * are dockerd 20.10 and podman 4.3; the real daemons cover the classic and the podman layout): a
 * Docker 25+ containerd-store save, built from fixture pieces, read as a stream through the same
 * opener seam the {@code docker-daemon:} source uses.
 */
class DaemonSaveLayoutsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A conforming-looking image with a gzip layer, an uncompressed layer over 1 MiB and a zstd one.
   */
  private static FixtureImage image() {
    return SampleImages.runnerBroken("linux/amd64").toBuilder()
        .layer(
            Layer.builder()
                .compression(Compression.NONE)
                .createdBy("RUN big")
                .file("/etc/big", "2\n".repeat(1_000_000))
                .build())
        .layer(
            Layer.builder()
                .compression(Compression.ZSTD)
                .createdBy("RUN small")
                .file("/etc/small", "3\n")
                .build())
        .build();
  }

  private static String hex(String digest) {
    return digest.substring("sha256:".length());
  }

  /**
   * What Docker 25+ with the containerd image store writes: {@code blobs/sha256/…} (layers as
   * stored, here gzip, none and zstd; the config; the OCI manifest), then {@code index.json},
   * {@code manifest.json} pointing into {@code blobs/}, {@code oci-layout}.
   */
  static byte[] containerdStoreSave(FixtureImage image, String repoTag) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (Layer l : image.layers()) {
      files.put("blobs/sha256/" + hex(l.digest()), l.blob());
    }
    files.put("blobs/sha256/" + hex(image.configDigest()), image.configJson());
    byte[] manifest = image.manifestJson(MediaStyle.OCI);
    String manifestDigest = Digest.compute("sha256", manifest).toString();
    files.put("blobs/sha256/" + hex(manifestDigest), manifest);

    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    ObjectNode d = index.putArray("manifests").addObject();
    d.put("mediaType", MediaTypes.OCI_MANIFEST);
    d.put("digest", manifestDigest);
    d.put("size", manifest.length);
    d.putObject("annotations")
        .put("io.containerd.image.name", "docker.io/" + repoTag)
        .put("org.opencontainers.image.ref.name", repoTag.substring(repoTag.lastIndexOf(':') + 1));
    files.put("index.json", JSON.writeValueAsBytes(index));

    ArrayNode saved = JSON.createArrayNode();
    ObjectNode entry = saved.addObject();
    entry.put("Config", "blobs/sha256/" + hex(image.configDigest()));
    entry.putArray("RepoTags").add(repoTag);
    ArrayNode layers = entry.putArray("Layers");
    image.layers().forEach(l -> layers.add("blobs/sha256/" + hex(l.digest())));
    files.put("manifest.json", JSON.writeValueAsBytes(saved));
    files.put("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));

    return tar(List.of("blobs/", "blobs/sha256/"), files, Map.of());
  }

  /** A tar of directories, files (in order) and symbolic links (name → target), in that order. */
  static byte[] tar(List<String> dirs, Map<String, byte[]> files, Map<String, String> links)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      for (String dir : dirs) {
        tar.putArchiveEntry(new TarArchiveEntry(dir, TarConstants.LF_DIR));
        tar.closeArchiveEntry();
      }
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        TarArchiveEntry e = new TarArchiveEntry(f.getKey());
        e.setSize(f.getValue().length);
        tar.putArchiveEntry(e);
        tar.write(f.getValue());
        tar.closeArchiveEntry();
      }
      for (Map.Entry<String, String> l : links.entrySet()) {
        TarArchiveEntry e = new TarArchiveEntry(l.getKey(), TarConstants.LF_SYMLINK);
        e.setLinkName(l.getValue());
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
      }
    }
    return out.toByteArray();
  }

  /**
   * Podman's layout, with {@code manifest.json} naming the {@code <id>/layer.tar} symbolic links
   * (as older podman and skopeo write it) rather than the top-level {@code <diff id>.tar} files
   * they point to: the links are followed inside the archive.
   */
  @Test
  void aSaveWhoseManifestNamesSymbolicLinksReadsTheirTargets() throws Exception {
    FixtureImage image = image();
    Map<String, byte[]> files = new LinkedHashMap<>();
    Map<String, String> links = new LinkedHashMap<>();
    List<String> dirs = new java.util.ArrayList<>();
    ArrayNode layers = JSON.createArrayNode();
    int i = 0;
    for (Layer l : image.layers()) {
      files.put(hex(l.diffId()) + ".tar", l.tar());
      String dir = String.format("%064x", ++i);
      dirs.add(dir + "/");
      links.put(dir + "/layer.tar", "../" + hex(l.diffId()) + ".tar");
      layers.add(dir + "/layer.tar");
    }
    files.put(hex(image.configDigest()) + ".json", image.configJson());
    ArrayNode saved = JSON.createArrayNode();
    ObjectNode entry = saved.addObject();
    entry.put("Config", hex(image.configDigest()) + ".json");
    entry.putArray("RepoTags").add("localhost/acme/runner:1");
    entry.set("Layers", layers);
    files.put("manifest.json", JSON.writeValueAsBytes(saved));
    Body body = new Body(tar(dirs, files, links));

    try (ImageSource source =
        ImageSources.dockerArchive("docker-daemon:acme/runner:1", "x", Optional.empty(), body)) {
      PlatformImage pi = source.resolve(PlatformSelector.ALL).get(0);
      for (int n = 0; n < image.layers().size(); n++) {
        Descriptor layer = pi.layers().get(n);
        assertThat(layer.digest()).isEqualTo(Digest.parse(image.layers().get(n).diffId()));
        assertThat(Images.read(source, layer)).isEqualTo(image.layers().get(n).tar());
      }
      assertThat(body.gets.get()).isEqualTo(2);
    }
  }

  /** A daemon's response body: a bare stream each call, counted. */
  private static final class Body implements TarOpener {
    final byte[] bytes;
    final AtomicInteger gets = new AtomicInteger();

    Body(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public InputStream open() {
      gets.incrementAndGet();
      ByteArrayInputStream in = new ByteArrayInputStream(bytes);
      return new InputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }
      };
    }
  }

  @Test
  void aContainerdStoreSaveFollowsManifestJsonIntoBlobsAndVerifiesEveryLayer() throws Exception {
    FixtureImage image = image();
    Body body = new Body(containerdStoreSave(image, "acme/runner:25"));

    try (ImageSource source =
        ImageSources.dockerArchive(
            "docker-daemon:acme/runner:25", "docker.io/acme/runner", Optional.empty(), body)) {
      PlatformImage pi = source.resolve(PlatformSelector.ALL).get(0);
      // The config digest is what a daemon calls the image ID.
      assertThat(pi.configDescriptor().digest()).isEqualTo(Digest.parse(image.configDigest()));
      assertThat(pi.manifestDigest()).isEqualTo(Digest.parse(image.configDigest()));
      assertThat(pi.layers()).hasSize(image.layers().size());
      for (int i = 0; i < image.layers().size(); i++) {
        Layer expected = image.layers().get(i);
        Descriptor layer = pi.layers().get(i);
        // An uncompressed blob is checked against its diff ID; a compressed one against its name.
        assertThat(layer.digest())
            .isEqualTo(
                Digest.parse(
                    expected.compression() == Compression.NONE
                        ? expected.diffId()
                        : expected.digest()));
        assertThat(Images.read(source, layer)).isEqualTo(expected.blob());
      }
      assertThat(pi.layers().get(pi.layers().size() - 1).mediaType())
          .isEqualTo(MediaTypes.OCI_LAYER_ZSTD);
      // One GET to index the stream, one for the large layer; the small files stayed in memory.
      assertThat(body.gets.get()).isEqualTo(2);
    }
  }

  @Test
  void aContainerdStoreSaveWithAChangedLayerIsNotReadWhole() throws Exception {
    FixtureImage image = image();
    byte[] save = containerdStoreSave(image, "acme/runner:25");
    Layer big = image.layers().get(image.layers().size() - 2);
    // Flip one byte inside the large uncompressed layer's content: same names and sizes.
    byte[] needle = "2\n2\n2\n2\n".getBytes(StandardCharsets.UTF_8);
    int at = indexOf(save, needle);
    assertThat(at).isPositive();
    save[at] = '9';
    Body body = new Body(save);

    try (ImageSource source =
        ImageSources.dockerArchive("docker-daemon:x", "x", Optional.empty(), body)) {
      PlatformImage pi = source.resolve(PlatformSelector.ALL).get(0);
      Descriptor layer = pi.layers().get(pi.layers().size() - 2);
      assertThat(layer.digest()).isEqualTo(Digest.parse(big.diffId()));
      assertThatThrownBy(() -> Images.read(source, layer))
          .isInstanceOf(BlobVerificationException.class)
          .hasMessageContaining("digest mismatch for layer blobs/sha256/" + hex(big.diffId()));
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
