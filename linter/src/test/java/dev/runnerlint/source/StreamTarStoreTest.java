package dev.runnerlint.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerlint.fixtures.Compression;
import dev.runnerlint.fixtures.FixtureImage;
import dev.runnerlint.fixtures.FixtureWriter;
import dev.runnerlint.fixtures.Layer;
import dev.runnerlint.image.Descriptor;
import dev.runnerlint.image.Digest;
import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.io.BlobVerificationException;
import dev.runnerlint.reference.PlatformSelector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tar-backed sources over a {@link TarOpener} that yields a stream which cannot seek, mark or be
 * read twice (as a daemon's {@code docker save} body): the image is read whole and verified, in two
 * passes when layers are read in archive order.
 */
class StreamTarStoreTest {

  @TempDir Path tmp;

  /** Serves the file as a bare stream (no mark, no skip shortcut), counting how often. */
  private static final class Streams implements TarOpener {
    final Path file;
    final AtomicInteger opens = new AtomicInteger();

    Streams(Path file) {
      this.file = file;
    }

    @Override
    public InputStream open() throws IOException {
      opens.incrementAndGet();
      InputStream in = Files.newInputStream(file);
      return new InputStream() {
        @Override
        public int read() throws IOException {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          return in.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
          in.close();
        }
      };
    }
  }

  private static FixtureImage threeLayers(Compression compression) {
    return Images.runner("linux/amd64", compression, "one").toBuilder()
        .layer(
            Layer.builder().createdBy("RUN two").file("/etc/two", "2\n".repeat(1_000_000)).build())
        .layer(Layer.builder().createdBy("RUN three").file("/etc/three", "3\n").build())
        .build();
  }

  @Test
  void aDockerSaveStreamIsReadWholeInTwoPassesWhenLayersComeInOrder() throws Exception {
    FixtureImage image = threeLayers(Compression.NONE);
    Path tar = tmp.resolve("save.tar");
    FixtureWriter.dockerArchive(tar, "acme/runner:1", image);
    Streams opener = new Streams(tar);

    try (ImageSource source =
        ImageSources.dockerArchive(
            "daemon:acme/runner:1", "acme/runner", Optional.of("acme/runner:1"), opener)) {
      PlatformImage pi = source.resolve(PlatformSelector.ALL).get(0);
      assertThat(pi.repository()).isEqualTo("acme/runner");
      assertThat(pi.manifestDigest()).isEqualTo(Digest.parse(image.configDigest()));
      assertThat(pi.layers()).hasSize(3);
      for (int i = 0; i < 3; i++) {
        Descriptor layer = pi.layers().get(i);
        assertThat(layer.digest()).isEqualTo(Digest.parse(image.layers().get(i).diffId()));
        assertThat(Images.read(source, layer)).isEqualTo(image.layers().get(i).tar());
      }
      // One pass to index (manifest.json comes last in docker save output), one for the layers.
      assertThat(opener.opens.get()).isEqualTo(2);

      // Out of order: the layer before the cursor costs one more pass, and still verifies.
      assertThat(Images.read(source, pi.layers().get(1))).isEqualTo(image.layers().get(1).tar());
      assertThat(opener.opens.get()).isEqualTo(3);
    }
  }

  @Test
  void aStreamedOciArchiveWithCompressedLayersReadsLikeTheFile() throws Exception {
    FixtureImage image = threeLayers(Compression.GZIP);
    Path tar = tmp.resolve("oci.tar");
    FixtureWriter.ociArchive(tar, "test", image);
    Streams opener = new Streams(tar);

    try (ImageSource streamed =
            ImageSources.ociArchive("stream:oci", "oci", Optional.of("test"), opener);
        ImageSource file =
            ImageSources.open(
                dev.runnerlint.reference.ImageReference.parse("oci-archive:" + tar + ":test"),
                SourceOptions.defaults())) {
      PlatformImage a = streamed.resolve(PlatformSelector.ALL).get(0);
      PlatformImage b = file.resolve(PlatformSelector.ALL).get(0);
      assertThat(a.manifestDigest()).isEqualTo(b.manifestDigest());
      List<Descriptor> layers = a.layers();
      assertThat(layers).isEqualTo(b.layers());
      for (Descriptor layer : layers) {
        assertThat(Images.read(streamed, layer)).isEqualTo(Images.read(file, layer));
      }
    }
  }

  @Test
  void aStreamThatChangesBetweenPassesFailsVerification() throws Exception {
    FixtureImage image = threeLayers(Compression.NONE);
    Path tar = tmp.resolve("save.tar");
    FixtureWriter.dockerArchive(tar, "acme/runner:1", image);
    Streams opener = new Streams(tar);

    try (ImageSource source =
        ImageSources.dockerArchive("daemon:x", "x", Optional.empty(), opener)) {
      PlatformImage pi = source.resolve(PlatformSelector.ALL).get(0);
      // The second pass sees other bytes (same names and sizes): the layer must not verify.
      Images.corrupt(tar);
      assertThatThrownBy(
              () -> {
                for (Descriptor layer : pi.layers()) {
                  Images.read(source, layer);
                }
              })
          .isInstanceOfAny(BlobVerificationException.class, IOException.class);
    }
  }
}
