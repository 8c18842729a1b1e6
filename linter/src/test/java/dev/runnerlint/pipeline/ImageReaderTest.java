package dev.runnerlint.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerlint.fs.FileEntry;
import dev.runnerlint.image.Descriptor;
import dev.runnerlint.image.Digest;
import dev.runnerlint.image.ImageConfig;
import dev.runnerlint.image.ImageConfig.HistoryEntry;
import dev.runnerlint.image.MediaTypes;
import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.io.BlobVerificationException;
import dev.runnerlint.layer.TestTar;
import dev.runnerlint.reference.Platform;
import dev.runnerlint.reference.PlatformSelector;
import dev.runnerlint.source.ImageReadException;
import dev.runnerlint.source.ImageReadException.Kind;
import dev.runnerlint.source.ImageSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * ImageReader over an in-memory source whose blob streams misbehave in controlled ways; the
 * end-to-end tests over real layouts are in {@link ImageReaderEndToEndTest}.
 */
class ImageReaderTest {

  /** Serves blobs from memory; each stream is made by a function of the blob bytes. */
  static final class MemorySource implements ImageSource {
    final Map<Digest, byte[]> blobs = new HashMap<>();
    final Map<Digest, Function<byte[], InputStream>> streams = new HashMap<>();

    Descriptor add(String mediaType, byte[] blob, Function<byte[], InputStream> stream) {
      Digest d = new Digest("sha256", String.format("%064x", blobs.size() + 0xabcdef1234L));
      blobs.put(d, blob);
      streams.put(d, stream);
      return Descriptor.of(mediaType, d, blob.length);
    }

    @Override
    public String name() {
      return "mem:test";
    }

    @Override
    public List<PlatformImage> resolve(PlatformSelector selector) {
      throw new UnsupportedOperationException("not used by ImageReader");
    }

    @Override
    public InputStream openBlob(Descriptor blob) {
      return streams.get(blob.digest()).apply(blobs.get(blob.digest()));
    }

    @Override
    public void close() {}
  }

  /** Returns every byte, then reports a digest mismatch at EOF, as a verifying source does. */
  static InputStream failingAtEof(byte[] bytes) {
    ByteArrayInputStream in = new ByteArrayInputStream(bytes);
    return new InputStream() {
      @Override
      public int read() throws IOException {
        int b = in.read();
        if (b < 0) {
          throw mismatch();
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
          throw mismatch();
        }
        return n;
      }

      private BlobVerificationException mismatch() {
        return new BlobVerificationException("blob sha256:abc… digest mismatch: got sha256:def…");
      }
    };
  }

  private static PlatformImage image(List<Descriptor> layers, List<HistoryEntry> history) {
    ImageConfig config =
        new ImageConfig(
            "linux",
            "amd64",
            "",
            "runner",
            "/actions-runner",
            List.of(),
            List.of(),
            List.of(),
            history,
            List.of());
    Digest manifest = new Digest("sha256", "1".repeat(64));
    return new PlatformImage(
        "example.test/acme/runner:1",
        "example.test/acme/runner",
        Optional.empty(),
        manifest,
        MediaTypes.OCI_MANIFEST,
        Platform.parse("linux/amd64"),
        Descriptor.of(MediaTypes.OCI_CONFIG, new Digest("sha256", "2".repeat(64)), 10),
        config,
        layers);
  }

  private final MemorySource source = new MemorySource();

  private Descriptor goodLayer(TestTar tar) {
    return source.add(
        MediaTypes.OCI_LAYER_GZIP, TestTar.gzip(tar.tar()), ByteArrayInputStream::new);
  }

  @Test
  void readsLayersInOrderAndRecordsEachEntrysLayer() throws ImageReadException {
    List<Descriptor> layers = new ArrayList<>();
    layers.add(goodLayer(new TestTar().file("etc/passwd", "root:x:0:0::/root:/bin/sh\n", 0644)));
    layers.add(
        goodLayer(
            new TestTar()
                .dir("actions-runner", 0755, 1001, 1001)
                .file("actions-runner/run.sh", "#!/bin/bash\n", 0755)));
    List<HistoryEntry> history =
        List.of(
            new HistoryEntry("ADD rootfs.tar /", false),
            new HistoryEntry("ENV HOME=/home/runner", true),
            new HistoryEntry("COPY run.sh /actions-runner/", false));

    LoadedImage loaded = new ImageReader().read(source, image(layers, history));

    FileEntry run = loaded.tree().resolve("/actions-runner/run.sh").entry().orElseThrow();
    assertThat(run.origin().index()).isEqualTo(1);
    assertThat(run.origin().digest()).isEqualTo(layers.get(1).digest());
    assertThat(run.origin().createdBy()).contains("COPY run.sh /actions-runner/");
    assertThat(loaded.tree().lstat("/etc/passwd").orElseThrow().origin().createdBy())
        .contains("ADD rootfs.tar /");
    assertThat(loaded.tree().content(run).orElseThrow().text()).isEqualTo("#!/bin/bash\n");
    assertThat(loaded.image().reference()).isEqualTo("example.test/acme/runner:1");
  }

  @Test
  void aDigestFailureAfterAValidTarFailsTheImage() {
    Descriptor ok = goodLayer(new TestTar().file("etc/passwd", "root:x:0:0::/:/bin/sh\n", 0644));
    Descriptor bad =
        source.add(
            MediaTypes.OCI_LAYER_GZIP,
            TestTar.gzip(new TestTar().file("actions-runner/run.sh", "#!/bin/sh\n", 0755).tar()),
            ImageReaderTest::failingAtEof);

    assertThatThrownBy(() -> new ImageReader().read(source, image(List.of(ok, bad), List.of())))
        .isInstanceOfSatisfying(
            ImageReadException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.DIGEST_MISMATCH);
              assertThat(e.image()).isEqualTo("example.test/acme/runner:1");
            })
        .hasMessageStartingWith(
            "example.test/acme/runner:1: layer 1 (sha256:"
                + bad.digest().shortHex()
                + ") of linux/amd64: ")
        .hasMessageContaining("digest mismatch")
        .hasMessageNotContaining("\n");
  }

  @Test
  void corruptDataIsCorruptAndNamesTheLayer() {
    byte[] gz =
        TestTar.gzip(new TestTar().file("etc/group", "root:x:0:\n".repeat(200), 0644).tar());
    Descriptor cut =
        source.add(
            MediaTypes.OCI_LAYER_GZIP, java.util.Arrays.copyOf(gz, 40), ByteArrayInputStream::new);

    assertThatThrownBy(() -> new ImageReader().read(source, image(List.of(cut), List.of())))
        .isInstanceOfSatisfying(
            ImageReadException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CORRUPT))
        .hasMessageContaining("layer 0 (sha256:" + cut.digest().shortHex() + ")")
        .hasMessageContaining("corrupt gzip");
  }

  @Test
  void aFailingSourceIsAnIoError() {
    Descriptor broken =
        source.add(
            MediaTypes.OCI_LAYER,
            new byte[0],
            bytes ->
                new InputStream() {
                  @Override
                  public int read() throws IOException {
                    throw new IOException("connection reset by peer");
                  }
                });

    assertThatThrownBy(() -> new ImageReader().read(source, image(List.of(broken), List.of())))
        .isInstanceOfSatisfying(
            ImageReadException.class, e -> assertThat(e.kind()).isEqualTo(Kind.IO))
        .hasMessageEndingWith("read failed: connection reset by peer");
  }

  @Test
  void foreignAndUnknownLayersAreUnsupported() {
    Descriptor foreign =
        source.add(MediaTypes.DOCKER_LAYER_FOREIGN, new byte[0], ByteArrayInputStream::new);
    Descriptor odd =
        source.add(
            "application/vnd.example.wasm.v1",
            "\0asm module bytes".repeat(40).getBytes(java.nio.charset.StandardCharsets.UTF_8),
            ByteArrayInputStream::new);

    assertThatThrownBy(() -> new ImageReader().read(source, image(List.of(foreign), List.of())))
        .isInstanceOfSatisfying(
            ImageReadException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED))
        .hasMessageContaining("foreign / non-distributable layer");
    assertThatThrownBy(() -> new ImageReader().read(source, image(List.of(odd), List.of())))
        .isInstanceOfSatisfying(
            ImageReadException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED))
        .hasMessageContaining("application/vnd.example.wasm.v1");
  }
}
