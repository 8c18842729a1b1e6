package dev.runnerlint.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.fixtures.Compression;
import dev.runnerlint.fixtures.FixtureImage;
import dev.runnerlint.fixtures.FixtureWriter;
import dev.runnerlint.fixtures.Layer;
import dev.runnerlint.fixtures.LocalRegistry;
import dev.runnerlint.fixtures.MediaStyle;
import dev.runnerlint.image.Descriptor;
import dev.runnerlint.image.Digest;
import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.reference.ImageReference;
import dev.runnerlint.reference.PlatformSelector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images copied by skopeo (not by this project's writers) out of the test registry are read. */
class SkopeoInteropTest {

  private static final LocalRegistry REGISTRY = LocalRegistry.shared();

  @TempDir Path tmp;

  private static FixtureImage image() {
    return Images.runner("linux/amd64", Compression.GZIP, "skopeo").toBuilder()
        .layer(
            Layer.builder()
                .compression(Compression.GZIP)
                .createdBy("RUN second")
                .file("/etc/second", "2\n")
                .build())
        .build();
  }

  private static void skopeo(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("skopeo", "--insecure-policy"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("skopeo finished in time").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("skopeo %s: %s", args, out).isZero();
  }

  private static void assertReadsWhole(String reference, FixtureImage image) throws Exception {
    try (ImageSource source =
        ImageSources.open(ImageReference.parse(reference), SourceOptions.defaults())) {
      List<PlatformImage> images = source.resolve(PlatformSelector.ALL);
      assertThat(images).hasSize(1);
      PlatformImage pi = images.get(0);
      assertThat(pi.platform().toString()).isEqualTo("linux/amd64");
      assertThat(pi.config().user()).isEqualTo("runner");
      assertThat(pi.config().diffIds())
          .extracting(Digest::toString)
          .containsExactly(image.layers().get(0).diffId(), image.layers().get(1).diffId());
      for (Descriptor layer : pi.layers()) {
        assertThat(Images.read(source, layer)).hasSize((int) layer.size());
      }
    }
  }

  @Test
  void readsAnOciLayoutWrittenBySkopeo() throws Exception {
    FixtureImage image = image();
    FixtureWriter.push(REGISTRY, "acme/skopeo-oci:1", image, MediaStyle.DOCKER);
    Path dir = tmp.resolve("layout");
    skopeo(
        "copy",
        "--src-tls-verify=false",
        "docker://" + REGISTRY.reference("acme/skopeo-oci:1"),
        "oci:" + dir + ":v1");

    assertReadsWhole("oci:" + dir + ":v1", image);
    assertReadsWhole("oci:" + dir, image);
  }

  @Test
  void readsAnOciArchiveWrittenBySkopeo() throws Exception {
    FixtureImage image = image();
    FixtureWriter.push(REGISTRY, "acme/skopeo-ociarchive:1", image);
    Path tar = tmp.resolve("image.tar");
    skopeo(
        "copy",
        "--src-tls-verify=false",
        "docker://" + REGISTRY.reference("acme/skopeo-ociarchive:1"),
        "oci-archive:" + tar + ":v1");

    assertReadsWhole("oci-archive:" + tar + ":v1", image);
  }

  @Test
  void readsADockerArchiveWrittenBySkopeo() throws Exception {
    FixtureImage image = image();
    FixtureWriter.push(REGISTRY, "acme/skopeo-docker:1", image);
    Path tar = tmp.resolve("save.tar");
    skopeo(
        "copy",
        "--src-tls-verify=false",
        "docker://" + REGISTRY.reference("acme/skopeo-docker:1"),
        "docker-archive:" + tar + ":acme/skopeo-docker:1");

    assertReadsWhole("docker-archive:" + tar, image);
    assertReadsWhole("docker-archive:" + tar + ":acme/skopeo-docker:1", image);
  }
}
