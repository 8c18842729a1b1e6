package dev.runnerlint.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runnerlint.fixtures.Compression;
import dev.runnerlint.fixtures.FixtureImage;
import dev.runnerlint.fixtures.FixtureIndex;
import dev.runnerlint.fixtures.FixtureWriter;
import dev.runnerlint.fixtures.MediaStyle;
import dev.runnerlint.image.Descriptor;
import dev.runnerlint.image.Digest;
import dev.runnerlint.image.MediaTypes;
import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.io.BlobVerificationException;
import dev.runnerlint.reference.ImageReference;
import dev.runnerlint.reference.Platform;
import dev.runnerlint.reference.PlatformSelector;
import dev.runnerlint.source.ImageReadException.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutSourceTest {

  @TempDir Path tmp;

  private ImageSource open(String ref) throws ImageReadException {
    return ImageSources.open(ImageReference.parse(ref), SourceOptions.defaults());
  }

  @Test
  void readsASingleImageByRefAndItsVerifiedBlobs() throws Exception {
    FixtureImage image = Images.runner("linux/amd64");
    String digest = FixtureWriter.ociLayout(tmp, "v1", image);

    try (ImageSource source = open("oci:" + tmp + ":v1")) {
      List<PlatformImage> images = source.resolve(PlatformSelector.ALL);
      assertThat(images).hasSize(1);
      PlatformImage pi = images.get(0);
      assertThat(pi.manifestDigest()).isEqualTo(Digest.parse(digest));
      assertThat(pi.manifestMediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
      assertThat(pi.indexDigest()).isEmpty();
      assertThat(pi.platform()).isEqualTo(Platform.parse("linux/amd64"));
      assertThat(pi.config().user()).isEqualTo("runner");
      assertThat(pi.config().workingDir()).isEqualTo("/actions-runner");
      assertThat(pi.repository()).isEqualTo(tmp.getFileName().toString());
      assertThat(pi.layers()).hasSize(1);
      assertThat(Images.read(source, pi.layers().get(0))).isEqualTo(image.layers().get(0).blob());
    }
  }

  @Test
  void withoutRefTheLayoutMustHoldOneImage() throws Exception {
    FixtureWriter.ociLayout(tmp, "v1", Images.runner("linux/amd64"));
    try (ImageSource source = open("oci:" + tmp)) {
      assertThat(source.resolve(PlatformSelector.ALL)).hasSize(1);
    }
    FixtureWriter.ociLayout(tmp, "v2", Images.runner("linux/arm64"));
    try (ImageSource source = open("oci:" + tmp)) {
      assertThatThrownBy(() -> source.resolve(PlatformSelector.ALL))
          .isInstanceOfSatisfying(
              ImageReadException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
          .hasMessageContaining("the layout holds 2 images")
          .hasMessageContaining("refs: v1, v2");
    }
    try (ImageSource source = open("oci:" + tmp + ":v3")) {
      assertThatThrownBy(() -> source.resolve(PlatformSelector.ALL))
          .hasMessageEndingWith("no image named 'v3' in the layout; refs: v1, v2");
    }
    try (ImageSource source = open("oci:" + tmp + ":v2")) {
      assertThat(source.resolve(PlatformSelector.ALL).get(0).platform())
          .isEqualTo(Platform.parse("linux/arm64"));
    }
  }

  @Test
  void selectsPlatformsFromAnIndexAndSkipsAttestations() throws Exception {
    FixtureIndex index =
        FixtureIndex.of(Images.runner("linux/amd64"), Images.runner("linux/arm64/v8"))
            .withAttestation();
    String indexDigest = FixtureWriter.ociLayout(tmp, "multi", index);

    try (ImageSource source = open("oci:" + tmp + ":multi")) {
      List<PlatformImage> all = source.resolve(PlatformSelector.ALL);
      assertThat(all)
          .extracting(pi -> pi.platform().toString())
          .containsExactly("linux/amd64", "linux/arm64/v8");
      assertThat(all)
          .allSatisfy(pi -> assertThat(pi.indexDigest()).contains(Digest.parse(indexDigest)));

      List<PlatformImage> arm = source.resolve(PlatformSelector.parse("linux/arm64"));
      assertThat(arm).hasSize(1);
      assertThat(arm.get(0).manifestDigest())
          .isEqualTo(Digest.parse(index.images().get(1).digest()));

      assertThatThrownBy(() -> source.resolve(PlatformSelector.parse("linux/s390x")))
          .isInstanceOfSatisfying(
              ImageReadException.class,
              e -> assertThat(e.kind()).isEqualTo(Kind.NO_MATCHING_PLATFORM))
          .hasMessageEndingWith(
              "no manifest for platform linux/s390x in the index; available: linux/amd64,"
                  + " linux/arm64/v8");
    }
  }

  @Test
  void aSingleManifestOfAnotherPlatformDoesNotMatch() throws Exception {
    FixtureWriter.ociLayout(tmp, "v1", Images.runner("linux/arm64"));
    try (ImageSource source = open("oci:" + tmp + ":v1")) {
      assertThatThrownBy(() -> source.resolve(PlatformSelector.parse("linux/amd64")))
          .isInstanceOfSatisfying(
              ImageReadException.class,
              e -> assertThat(e.kind()).isEqualTo(Kind.NO_MATCHING_PLATFORM))
          .hasMessageContaining("available: linux/arm64");
    }
  }

  @Test
  void opensGzipZstdAndUncompressedLayersAsStored() throws Exception {
    Map<Compression, String> expected =
        Map.of(
            Compression.GZIP, MediaTypes.DOCKER_LAYER_GZIP,
            Compression.ZSTD, MediaTypes.OCI_LAYER_ZSTD,
            Compression.NONE, "application/vnd.docker.image.rootfs.diff.tar");
    for (Compression c : Compression.values()) {
      Path dir = Files.createDirectories(tmp.resolve(c.name()));
      FixtureImage image = Images.runner("linux/amd64", c, c.name());
      FixtureWriter.ociLayout(dir, "v1", image, MediaStyle.DOCKER);
      try (ImageSource source = open("oci:" + dir + ":v1")) {
        PlatformImage pi = source.resolve(PlatformSelector.ALL).get(0);
        assertThat(pi.manifestMediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        Descriptor layer = pi.layers().get(0);
        assertThat(layer.mediaType()).isEqualTo(expected.get(c));
        byte[] bytes = Images.read(source, layer);
        assertThat(bytes).isEqualTo(image.layers().get(0).blob());
        if (c == Compression.GZIP) {
          assertThat(bytes).startsWith(0x1f, 0x8b);
        } else if (c == Compression.ZSTD) {
          assertThat(bytes).startsWith(0x28, 0xb5, 0x2f, 0xfd);
        } else {
          assertThat(bytes).isEqualTo(image.layers().get(0).tar());
        }
      }
    }
  }

  @Test
  void aCorruptedLayerFailsWhenReadToTheEnd() throws Exception {
    FixtureImage image = Images.runner("linux/amd64");
    FixtureWriter.ociLayout(tmp, "v1", image);
    String hex = image.layers().get(0).digest().substring("sha256:".length());
    Images.corrupt(tmp.resolve("blobs/sha256/" + hex));

    try (ImageSource source = open("oci:" + tmp + ":v1")) {
      Descriptor layer = source.resolve(PlatformSelector.ALL).get(0).layers().get(0);
      assertThatThrownBy(() -> Images.read(source, layer))
          .isInstanceOf(BlobVerificationException.class)
          .hasMessageContaining("digest mismatch for blob " + image.layers().get(0).digest());
    }
  }

  @Test
  void aCorruptedConfigFailsResolve() throws Exception {
    FixtureImage image = Images.runner("linux/amd64");
    FixtureWriter.ociLayout(tmp, "v1", image);
    Images.corrupt(tmp.resolve("blobs/sha256/" + image.configDigest().substring(7)));

    try (ImageSource source = open("oci:" + tmp + ":v1")) {
      assertThatThrownBy(() -> source.resolve(PlatformSelector.ALL))
          .isInstanceOfSatisfying(
              ImageReadException.class, e -> assertThat(e.kind()).isEqualTo(Kind.DIGEST_MISMATCH))
          .hasMessageStartingWith(
              "oci:" + tmp + ":v1: digest mismatch for blob " + image.configDigest());
    }
  }

  @Test
  void aForeignLayerIsRefusedClearly() throws Exception {
    FixtureImage image = Images.runner("linux/amd64");
    FixtureWriter.ociLayout(tmp, "v1", image);
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode manifest = (ObjectNode) mapper.readTree(image.manifestJson(MediaStyle.OCI));
    ((ObjectNode) manifest.withArray("layers").get(0))
        .put("mediaType", MediaTypes.OCI_LAYER_ND_GZIP);
    rewriteRoot(manifest);

    try (ImageSource source = open("oci:" + tmp + ":v1")) {
      assertThatThrownBy(() -> source.resolve(PlatformSelector.ALL))
          .isInstanceOfSatisfying(
              ImageReadException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED))
          .hasMessageContaining("foreign / non-distributable layer")
          .hasMessageContaining(MediaTypes.OCI_LAYER_ND_GZIP);
    }
  }

  @Test
  void aSchema1ManifestIsUnsupported() throws Exception {
    ObjectNode schema1 = new ObjectMapper().createObjectNode();
    schema1.put("schemaVersion", 1).put("name", "x").put("tag", "v1");
    schema1.putArray("fsLayers");
    FixtureWriter.ociLayout(tmp, "other", Images.runner("linux/amd64"));
    rewriteRoot(schema1);

    try (ImageSource source = open("oci:" + tmp)) {
      assertThatThrownBy(() -> source.resolve(PlatformSelector.ALL))
          .isInstanceOfSatisfying(
              ImageReadException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED))
          .hasMessageContaining("application/vnd.docker.distribution.manifest.v1+json");
    }
  }

  @Test
  void aMissingLayoutIsNotFound() {
    assertThatThrownBy(() -> open("oci:" + tmp.resolve("nope")))
        .isInstanceOfSatisfying(
            ImageReadException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
        .hasMessage("oci:" + tmp.resolve("nope") + ": no such directory " + tmp.resolve("nope"));
  }

  /** Stores {@code manifest} as a blob and makes it the layout's only image, ref v1. */
  private void rewriteRoot(ObjectNode manifest) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    byte[] bytes = mapper.writeValueAsBytes(manifest);
    Digest d = Digest.compute("sha256", bytes);
    Files.write(tmp.resolve("blobs/sha256/" + d.hex()), bytes);
    ObjectNode index = mapper.createObjectNode();
    index.put("schemaVersion", 2);
    ObjectNode entry = index.putArray("manifests").addObject();
    entry.put("mediaType", MediaTypes.OCI_MANIFEST).put("digest", d.toString());
    entry.put("size", bytes.length);
    entry.putObject("annotations").put(OciLayoutSource.REF_NAME, "v1");
    Files.write(tmp.resolve("index.json"), mapper.writeValueAsBytes(index));
  }
}
