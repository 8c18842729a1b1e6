package dev.runnerlint.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerlint.fixtures.Compression;
import dev.runnerlint.fixtures.FixtureImage;
import dev.runnerlint.fixtures.FixtureIndex;
import dev.runnerlint.fixtures.FixtureWriter;
import dev.runnerlint.fixtures.LocalRegistry;
import dev.runnerlint.fixtures.MediaStyle;
import dev.runnerlint.image.Descriptor;
import dev.runnerlint.image.Digest;
import dev.runnerlint.image.MediaTypes;
import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.io.BlobVerificationException;
import dev.runnerlint.reference.ImageReference;
import dev.runnerlint.reference.PlatformSelector;
import dev.runnerlint.source.ImageReadException.Kind;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistrySourceTest {

  private static final LocalRegistry REGISTRY = LocalRegistry.shared();

  @TempDir Path tmp;

  /** Options with an empty Docker config dir, so the developer's own config plays no part. */
  private SourceOptions options() {
    return SourceOptions.defaults().withDockerConfigDir(tmp);
  }

  private ImageSource open(String ref) throws ImageReadException {
    return ImageSources.open(ImageReference.parse(ref), options());
  }

  @Test
  void readsOciAndDockerManifestsByTagAndByDigest() throws Exception {
    for (MediaStyle style : MediaStyle.values()) {
      FixtureImage image = Images.runner("linux/amd64", Compression.GZIP, "tag-" + style);
      String repo = "acme/single-" + style.name().toLowerCase();
      String digest = FixtureWriter.push(REGISTRY, repo + ":1", image, style);

      for (String ref :
          List.of(
              REGISTRY.reference(repo + ":1"),
              "docker://" + REGISTRY.reference(repo + "@" + digest))) {
        try (ImageSource source = open(ref)) {
          PlatformImage pi = source.resolve(PlatformSelector.ALL).get(0);
          assertThat(pi.manifestDigest()).isEqualTo(Digest.parse(digest));
          assertThat(pi.manifestMediaType())
              .isEqualTo(
                  style == MediaStyle.OCI ? MediaTypes.OCI_MANIFEST : MediaTypes.DOCKER_MANIFEST);
          assertThat(pi.repository()).isEqualTo(REGISTRY.hostPort() + "/" + repo);
          assertThat(pi.platform().toString()).isEqualTo("linux/amd64");
          assertThat(pi.config().workingDir()).isEqualTo("/actions-runner");
          assertThat(Images.read(source, pi.layers().get(0)))
              .isEqualTo(image.layers().get(0).blob());
        }
      }
    }
  }

  @Test
  void selectsPlatformsFromAManifestListAndAnOciIndex() throws Exception {
    for (MediaStyle style : MediaStyle.values()) {
      FixtureImage amd = Images.runner("linux/amd64", Compression.GZIP, "idx-amd-" + style);
      FixtureImage arm = Images.runner("linux/arm64", Compression.GZIP, "idx-arm-" + style);
      String repo = "acme/multi-" + style.name().toLowerCase();
      String digest =
          FixtureWriter.push(
              REGISTRY, repo + ":1", FixtureIndex.of(amd, arm).withAttestation(), style);
      try (ImageSource source = open(REGISTRY.reference(repo + ":1"))) {
        List<PlatformImage> all = source.resolve(PlatformSelector.ALL);
        assertThat(all)
            .extracting(pi -> pi.platform().toString())
            .containsExactly("linux/amd64", "linux/arm64");
        assertThat(all.get(0).indexDigest()).contains(Digest.parse(digest));

        PlatformImage pi = source.resolve(PlatformSelector.parse("linux/arm64")).get(0);
        assertThat(pi.manifestDigest()).isEqualTo(Digest.parse(arm.digest(style)));
        assertThat(Images.read(source, pi.layers().get(0))).isEqualTo(arm.layers().get(0).blob());

        assertThatThrownBy(() -> source.resolve(PlatformSelector.parse("windows/amd64")))
            .isInstanceOfSatisfying(
                ImageReadException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.NO_MATCHING_PLATFORM))
            .hasMessageContaining("available: linux/amd64, linux/arm64");
      }
    }
  }

  @Test
  void opensGzipZstdAndUncompressedLayerBlobs() throws Exception {
    for (Compression c : Compression.values()) {
      FixtureImage image = Images.runner("linux/amd64", c, "compression-" + c);
      String repo = "acme/compression-" + c.name().toLowerCase();
      FixtureWriter.push(REGISTRY, repo + ":1", image);
      try (ImageSource source = open(REGISTRY.reference(repo + ":1"))) {
        Descriptor layer = source.resolve(PlatformSelector.ALL).get(0).layers().get(0);
        assertThat(layer.mediaType()).isEqualTo(image.layers().get(0).mediaType(MediaStyle.OCI));
        assertThat(Images.read(source, layer)).isEqualTo(image.layers().get(0).blob());
      }
    }
  }

  @Test
  void anUnknownTagIsNotFound() throws Exception {
    FixtureWriter.push(REGISTRY, "acme/tags:1", Images.runner("linux/amd64"));
    String ref = REGISTRY.reference("acme/tags:nope");
    try (ImageSource source = open(ref)) {
      assertThatThrownBy(() -> source.resolve(PlatformSelector.ALL))
          .isInstanceOfSatisfying(
              ImageReadException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
          .hasMessage(
              ref
                  + ": manifest unknown: tag 'nope' not found in "
                  + REGISTRY.hostPort()
                  + "/acme/tags");
    }
  }

  @Test
  void aCorruptedBlobInStorageFailsTheStreamAtItsEnd() throws Exception {
    FixtureImage image = Images.runner("linux/amd64", Compression.NONE, "registry-corruption");
    FixtureWriter.push(REGISTRY, "acme/corrupt:1", image);
    Images.corrupt(REGISTRY.blobDataPath(image.layers().get(0).digest()));

    try (ImageSource source = open(REGISTRY.reference("acme/corrupt:1"))) {
      Descriptor layer = source.resolve(PlatformSelector.ALL).get(0).layers().get(0);
      InputStream in = source.openBlob(layer);
      assertThatThrownBy(in::readAllBytes)
          .isInstanceOf(BlobVerificationException.class)
          .hasMessageContaining("digest mismatch for blob " + image.layers().get(0).digest());
      in.close();
    }
  }

  @Test
  void aCorruptedConfigInStorageFailsResolve() throws Exception {
    FixtureImage image = Images.runner("linux/amd64", Compression.NONE, "config-corruption");
    FixtureWriter.push(REGISTRY, "acme/corrupt-config:1", image);
    Images.corrupt(REGISTRY.blobDataPath(image.configDigest()));

    try (ImageSource source = open(REGISTRY.reference("acme/corrupt-config:1"))) {
      assertThatThrownBy(() -> source.resolve(PlatformSelector.ALL))
          .isInstanceOfSatisfying(
              ImageReadException.class, e -> assertThat(e.kind()).isEqualTo(Kind.DIGEST_MISMATCH));
    }
  }

  @Test
  void basicAuthUsesTheConfigJsonOfTheConfiguredDir() throws Exception {
    try (LocalRegistry auth = LocalRegistry.startWithBasicAuth("alice", "s3cret")) {
      FixtureImage image = Images.runner("linux/amd64");
      String digest = FixtureWriter.push(auth, "acme/private:1", image);
      String ref = auth.reference("acme/private:1");

      writeDockerConfig(auth.hostPort(), "alice", "s3cret");
      try (ImageSource source = open(ref)) {
        PlatformImage pi = source.resolve(PlatformSelector.ALL).get(0);
        assertThat(pi.manifestDigest()).isEqualTo(Digest.parse(digest));
        assertThat(Images.read(source, pi.layers().get(0))).isEqualTo(image.layers().get(0).blob());
      }

      writeDockerConfig(auth.hostPort(), "alice", "wrong-password");
      try (ImageSource source = open(ref)) {
        assertThatThrownBy(() -> source.resolve(PlatformSelector.ALL))
            .isInstanceOfSatisfying(
                ImageReadException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED))
            .hasMessage(
                ref
                    + ": unauthorized: credentials from "
                    + tmp.resolve("config.json")
                    + " were rejected")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-password"));
      }

      Files.delete(tmp.resolve("config.json"));
      try (ImageSource source = open(ref)) {
        assertThatThrownBy(() -> source.resolve(PlatformSelector.ALL))
            .isInstanceOfSatisfying(
                ImageReadException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED))
            .hasMessage(
                ref
                    + ": unauthorized: no credentials for "
                    + auth.hostPort()
                    + " in "
                    + tmp.resolve("config.json")
                    + " (anonymous access refused)");
      }
    }
  }

  @Test
  void aRegistryThatIsNotListeningIsANetworkError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String ref = "127.0.0.1:" + port + "/acme/runner:1";
    try (ImageSource source = open(ref)) {
      assertThatThrownBy(() -> source.resolve(PlatformSelector.ALL))
          .isInstanceOfSatisfying(
              ImageReadException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NETWORK))
          .hasMessageStartingWith(ref + ": cannot connect to 127.0.0.1:" + port)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
  }

  private void writeDockerConfig(String host, String user, String password) throws Exception {
    String auth =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    Files.writeString(
        tmp.resolve("config.json"), "{\"auths\":{\"" + host + "\":{\"auth\":\"" + auth + "\"}}}");
  }
}
