package dev.runnerlint.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerlint.fixtures.Compression;
import dev.runnerlint.fixtures.FixtureImage;
import dev.runnerlint.fixtures.FixtureIndex;
import dev.runnerlint.fixtures.FixtureWriter;
import dev.runnerlint.fixtures.Layer;
import dev.runnerlint.fs.FileEntry;
import dev.runnerlint.fs.FileTree;
import dev.runnerlint.fs.Resolution.Status;
import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.reference.ImageReference;
import dev.runnerlint.reference.PlatformSelector;
import dev.runnerlint.source.ImageReadException;
import dev.runnerlint.source.ImageReadException.Kind;
import dev.runnerlint.source.ImageSource;
import dev.runnerlint.source.ImageSources;
import dev.runnerlint.source.SourceOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ImageReader over images the fixture builder writes, read back through the real sources. */
class ImageReaderEndToEndTest {

  @TempDir Path tmp;

  /** Three layers, one per compression, exercising whiteouts, links and an opaque dir. */
  static FixtureImage layered(String platform, String marker) {
    return FixtureImage.builder()
        .platform(platform)
        .user("runner")
        .workingDir("/actions-runner")
        .layer(
            Layer.builder()
                .compression(Compression.GZIP)
                .createdBy("ADD rootfs.tar /")
                .dir("/usr/bin", 0755, 0, 0)
                .file("/usr/bin/dash", "\u007fELF dash", 0755, 0, 0)
                .symlink("/usr/bin/sh", "dash")
                .symlink("/bin", "usr/bin")
                .file("/usr/bin/sudo", "\u007fELF sudo", 04755, 0, 0)
                .file("/etc/old.conf", "old", 0644, 0, 0)
                .file("/etc/motd", "hello", 0644, 0, 0)
                .file("/opt/cache/lower", "lower", 0644, 0, 0)
                .symlink("/loop-a", "loop-b")
                .symlink("/loop-b", "/loop-a")
                .build())
        .emptyLayerHistory("ENV HOME=/home/runner")
        .layer(
            Layer.builder()
                .compression(Compression.ZSTD)
                .createdBy("RUN rm /etc/old.conf && ln -sf /etc/real.conf /etc/motd")
                .whiteout("/etc/old.conf")
                .file("/etc/real.conf", "real", 0644, 0, 0)
                .symlink("/etc/motd", "/etc/real.conf")
                .hardlink("/usr/bin/sudoedit", "/usr/bin/sudo")
                .opaque("/opt/cache")
                .file("/opt/cache/upper", "upper", 0644, 0, 0)
                .build())
        .layer(
            Layer.builder()
                .compression(Compression.NONE)
                .createdBy("COPY runner /actions-runner")
                .dir("/actions-runner", 0755, 1001, 1001)
                .symlink("/actions-runner/current", "versions/2.320")
                .dir("/actions-runner/versions/2.320", 0755, 1001, 1001)
                .file(
                    "/actions-runner/versions/2.320/run.sh",
                    "#!/bin/bash\necho " + marker + "\n",
                    0755,
                    1001,
                    1001)
                .build())
        .build();
  }

  private List<LoadedImage> readAll(String reference) throws ImageReadException {
    List<LoadedImage> out = new ArrayList<>();
    try (ImageSource source =
        ImageSources.open(ImageReference.parse(reference), SourceOptions.defaults())) {
      for (PlatformImage pi : source.resolve(PlatformSelector.ALL)) {
        out.add(new ImageReader().read(source, pi));
      }
    }
    return out;
  }

  @Test
  void readsTheMergedViewOfAnOciLayout() throws Exception {
    FixtureWriter.ociLayout(tmp.resolve("layout"), "v1", layered("linux/amd64", "hi"));

    List<LoadedImage> images = readAll("oci:" + tmp.resolve("layout") + ":v1");

    assertThat(images).hasSize(1);
    FileTree t = images.get(0).tree();
    assertThat(t.resolve("/bin/sh").resolvedPath()).isEqualTo("/usr/bin/dash");
    assertThat(t.lstat("/etc/old.conf")).isEmpty();
    assertThat(t.resolve("/etc/motd").resolvedPath()).isEqualTo("/etc/real.conf");
    assertThat(t.lstat("/etc/motd").orElseThrow().origin().createdBy())
        .contains("RUN rm /etc/old.conf && ln -sf /etc/real.conf /etc/motd");
    assertThat(t.list("/opt/cache")).extracting(FileEntry::name).containsExactly("upper");
    FileEntry sudoedit = t.lstat("/usr/bin/sudoedit").orElseThrow();
    assertThat(sudoedit.hardLink()).isTrue();
    assertThat(sudoedit.modeString()).isEqualTo("-rwsr-xr-x");
    assertThat(t.content(sudoedit).orElseThrow().text()).isEqualTo("\u007fELF sudo");
    assertThat(t.resolve("/loop-a").status()).isEqualTo(Status.LOOP);
    FileEntry run = t.resolve("/actions-runner/current/run.sh").entry().orElseThrow();
    assertThat(run.uid()).isEqualTo(1001);
    assertThat(run.origin().index()).isEqualTo(2);
    assertThat(run.origin().createdBy()).contains("COPY runner /actions-runner");
    assertThat(t.content(run).orElseThrow().text()).isEqualTo("#!/bin/bash\necho hi\n");
  }

  @Test
  void readsEveryPlatformOfAnIndexInAnOciArchive() throws Exception {
    Path archive = tmp.resolve("image.tar");
    FixtureWriter.ociArchive(
        archive,
        "multi",
        FixtureIndex.of(layered("linux/amd64", "amd"), layered("linux/arm64", "arm")));

    List<LoadedImage> images = readAll("oci-archive:" + archive + ":multi");

    assertThat(images)
        .extracting(i -> i.image().platform().toString())
        .containsExactly("linux/amd64", "linux/arm64");
    assertThat(images)
        .extracting(
            i ->
                i.tree()
                    .content(
                        i.tree().resolve("/actions-runner/current/run.sh").entry().orElseThrow())
                    .orElseThrow()
                    .text())
        .containsExactly("#!/bin/bash\necho amd\n", "#!/bin/bash\necho arm\n");
  }

  @Test
  void readsADockerArchive() throws Exception {
    Path archive = tmp.resolve("docker.tar");
    FixtureWriter.dockerArchive(archive, "acme/runner:1", layered("linux/amd64", "docker"));

    List<LoadedImage> images = readAll("docker-archive:" + archive);

    FileTree t = images.get(0).tree();
    assertThat(t.resolve("/bin/sh").found()).isTrue();
    assertThat(t.list("/opt/cache")).extracting(FileEntry::name).containsExactly("upper");
  }

  @Test
  void aCorruptedLayerBlobFailsTheImageWithADigestMismatch() throws Exception {
    Path layout = tmp.resolve("layout");
    FixtureImage image = layered("linux/amd64", "x");
    FixtureWriter.ociLayout(layout, "v1", image);
    Layer second = image.layers().get(1);
    Path blob = layout.resolve("blobs/sha256/" + second.digest().substring("sha256:".length()));
    corrupt(blob);

    assertThatThrownBy(() -> readAll("oci:" + layout + ":v1"))
        .isInstanceOfSatisfying(
            ImageReadException.class, e -> assertThat(e.kind()).isEqualTo(Kind.DIGEST_MISMATCH))
        .hasMessageContaining("layer 1 (" + second.digest().substring(0, 19) + ")")
        .hasMessageNotContaining("\n");
  }

  @Test
  void acceptsALayerWithoutEndOfArchiveBlocksLikeUmociWritesThem() throws Exception {
    byte[] tar =
        new dev.runnerlint.layer.TestTar()
            .dir("actions-runner", 0755, 1001, 1001)
            .file("actions-runner/run.sh", "#!/bin/bash\nexit 0", 0755)
            .tarEndingAfterLastData();
    FixtureImage image =
        FixtureImage.builder()
            .layer(Layer.builder().compression(Compression.GZIP).rawTar(tar).build())
            .build();
    FixtureWriter.ociLayout(tmp.resolve("layout"), "v1", image);

    FileTree t = readAll("oci:" + tmp.resolve("layout") + ":v1").get(0).tree();

    assertThat(t.resolve("/actions-runner/run.sh").found()).isTrue();
  }

  @Test
  void readsFromARealRegistryAndFailsClosedOnACorruptedBlob() throws Exception {
    dev.runnerlint.fixtures.LocalRegistry registry = dev.runnerlint.fixtures.LocalRegistry.shared();
    FixtureImage image = layered("linux/amd64", "registry");
    FixtureWriter.push(registry, "layerfs/ok:1", image);

    FileTree t = readAll(registry.reference("layerfs/ok:1")).get(0).tree();
    assertThat(t.resolve("/actions-runner/current/run.sh").found()).isTrue();
    assertThat(t.list("/opt/cache")).extracting(FileEntry::name).containsExactly("upper");

    // a distinct image, so that corrupting its blob touches no other test's image
    FixtureImage other = layered("linux/amd64", "corrupt-me");
    FixtureWriter.push(registry, "layerfs/bad:1", other);
    Layer last = other.layers().get(2);
    corrupt(registry.blobDataPath(last.digest()));

    assertThatThrownBy(() -> readAll(registry.reference("layerfs/bad:1")))
        .isInstanceOfSatisfying(
            ImageReadException.class, e -> assertThat(e.kind()).isEqualTo(Kind.DIGEST_MISMATCH))
        .hasMessageContaining("layer 2 (" + last.digest().substring(0, 19) + ")")
        .hasMessageNotContaining("\n");
  }

  private static void corrupt(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(file, bytes);
  }
}
