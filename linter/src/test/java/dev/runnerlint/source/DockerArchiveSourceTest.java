package dev.runnerlint.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerlint.fixtures.Compression;
import dev.runnerlint.fixtures.FixtureImage;
import dev.runnerlint.fixtures.FixtureWriter;
import dev.runnerlint.fixtures.Layer;
import dev.runnerlint.image.Descriptor;
import dev.runnerlint.image.Digest;
import dev.runnerlint.image.MediaTypes;
import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.io.BlobVerificationException;
import dev.runnerlint.reference.ImageReference;
import dev.runnerlint.reference.PlatformSelector;
import dev.runnerlint.source.ImageReadException.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerArchiveSourceTest {

  @TempDir Path tmp;

  private ImageSource open(String ref) throws ImageReadException {
    return ImageSources.open(ImageReference.parse(ref), SourceOptions.defaults());
  }

  private static FixtureImage twoLayers() {
    return Images.runner("linux/arm64", Compression.GZIP, "one").toBuilder()
        .layer(Layer.builder().createdBy("RUN two").file("/etc/two", "2\n").build())
        .build();
  }

  @Test
  void readsADockerSaveArchiveVerifyingLayersAgainstDiffIds() throws Exception {
    FixtureImage image = twoLayers();
    Path tar = tmp.resolve("save.tar");
    FixtureWriter.dockerArchive(tar, "acme/runner:1", image);

    try (ImageSource source = open("docker-archive:" + tar)) {
      PlatformImage pi = source.resolve(PlatformSelector.ALL).get(0);
      assertThat(pi.platform().toString()).isEqualTo("linux/arm64");
      assertThat(pi.repository()).isEqualTo("acme/runner");
      assertThat(pi.manifestDigest()).isEqualTo(Digest.parse(image.configDigest()));
      assertThat(pi.configDescriptor().digest()).isEqualTo(Digest.parse(image.configDigest()));
      assertThat(pi.config().user()).isEqualTo("runner");
      assertThat(pi.layers()).hasSize(2);
      for (int i = 0; i < 2; i++) {
        Descriptor layer = pi.layers().get(i);
        assertThat(layer.mediaType()).isEqualTo(MediaTypes.OCI_LAYER);
        assertThat(layer.digest()).isEqualTo(Digest.parse(image.layers().get(i).diffId()));
        assertThat(Images.read(source, layer)).isEqualTo(image.layers().get(i).tar());
      }
    }
  }

  @Test
  void selectsByRepoTagInShortOrFullForm() throws Exception {
    Path tar = tmp.resolve("save.tar");
    FixtureWriter.dockerArchive(tar, "acme/runner:1", twoLayers());
    for (String tag : new String[] {"acme/runner:1", "docker.io/acme/runner:1"}) {
      try (ImageSource source = open("docker-archive:" + tar + ":" + tag)) {
        assertThat(source.resolve(PlatformSelector.ALL)).hasSize(1);
      }
    }
    try (ImageSource source = open("docker-archive:" + tar + ":acme/runner:2")) {
      assertThatThrownBy(() -> source.resolve(PlatformSelector.ALL))
          .isInstanceOfSatisfying(
              ImageReadException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
          .hasMessageEndingWith(
              "no image tagged 'acme/runner:2' in the archive; tags: acme/runner:1");
    }
  }

  @Test
  void aPlatformOtherThanTheConfigsDoesNotMatch() throws Exception {
    Path tar = tmp.resolve("save.tar");
    FixtureWriter.dockerArchive(tar, null, twoLayers());
    try (ImageSource source = open("docker-archive:" + tar)) {
      assertThatThrownBy(() -> source.resolve(PlatformSelector.parse("linux/amd64")))
          .isInstanceOfSatisfying(
              ImageReadException.class,
              e -> assertThat(e.kind()).isEqualTo(Kind.NO_MATCHING_PLATFORM))
          .hasMessageContaining("available: linux/arm64");
    }
  }

  @Test
  void aCorruptedLayerFailsWhenReadToTheEnd() throws Exception {
    FixtureImage image = Images.runner("linux/amd64", Compression.NONE, "flip-me");
    Path tar = tmp.resolve("save.tar");
    FixtureWriter.dockerArchive(tar, "a:b", image);
    String content = Files.readString(tar, java.nio.charset.StandardCharsets.ISO_8859_1);
    Files.writeString(
        tar,
        content.replace("echo flip-me", "echo FLIP-me"),
        java.nio.charset.StandardCharsets.ISO_8859_1);

    try (ImageSource source = open("docker-archive:" + tar)) {
      Descriptor layer = source.resolve(PlatformSelector.ALL).get(0).layers().get(0);
      assertThatThrownBy(() -> Images.read(source, layer))
          .isInstanceOf(BlobVerificationException.class)
          .hasMessageContaining("digest mismatch for layer")
          .hasMessageContaining(image.layers().get(0).diffId());
    }
  }
}
