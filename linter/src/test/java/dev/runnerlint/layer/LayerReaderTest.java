package dev.runnerlint.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerlint.image.MediaTypes;
import dev.runnerlint.io.BlobVerificationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LayerReaderTest {
  static final int HEAD = 256;

  /**
   * A policy with every kind of selector: whole files by path and of a directory, heads by name and
   * of executables.
   */
  static final CapturePolicy POLICY =
      CapturePolicy.builder()
          .path("/etc/passwd", Integer.MAX_VALUE)
          .children("/etc/sudoers.d", Integer.MAX_VALUE)
          .named("run.sh", HEAD)
          .named("tool.sh", HEAD)
          .executables(HEAD)
          .build();

  /** Collects what a layer hands to its visitor, by path. */
  static final class Collected implements LayerVisitor {
    final Map<String, LayerEntry> entries = new LinkedHashMap<>();
    final Map<String, Content> contents = new LinkedHashMap<>();

    @Override
    public void entry(LayerEntry entry, Optional<Content> content) {
      entries.put(entry.path(), entry);
      content.ifPresent(c -> contents.put(entry.path(), c));
    }
  }

  static Collected read(byte[] blob, String mediaType) throws IOException {
    return read(blob, mediaType, POLICY);
  }

  static Collected read(byte[] blob, String mediaType, CapturePolicy policy) throws IOException {
    Collected c = new Collected();
    new LayerReader(policy).read(new ByteArrayInputStream(blob), mediaType, c);
    return c;
  }

  private static byte[] sampleTar() {
    return new TestTar()
        .dir("./etc", 0755, 0, 0)
        .file("./etc/passwd", "root:x:0:0:root:/root:/bin/bash\n", 0644)
        .file("./usr/bin/sudo", "\u007fELF-sudo".getBytes(StandardCharsets.UTF_8), 04755, 0, 0)
        .dir("./tmp", 01777, 0, 0)
        .symlink("./bin", "usr/bin")
        .hardlink("./usr/bin/sudoedit", "./usr/bin/sudo")
        .file(
            "./home/runner/notes.txt",
            "n".repeat(10).getBytes(StandardCharsets.UTF_8),
            0600,
            1001,
            123)
        .tar();
  }

  @ParameterizedTest
  @CsvSource({
    "NONE, application/vnd.oci.image.layer.v1.tar",
    "GZIP, application/vnd.oci.image.layer.v1.tar+gzip",
    "GZIP, application/vnd.docker.image.rootfs.diff.tar.gzip",
    "ZSTD, application/vnd.oci.image.layer.v1.tar+zstd",
  })
  void readsEveryCompressionWithFullMetadata(LayerCompression compression, String mediaType)
      throws IOException {
    byte[] tar = sampleTar();
    byte[] blob =
        switch (compression) {
          case NONE -> tar;
          case GZIP -> TestTar.gzip(tar);
          case ZSTD -> TestTar.zstd(tar);
        };

    Collected c = read(blob, mediaType);

    assertThat(c.entries.keySet())
        .containsExactly(
            "/etc",
            "/etc/passwd",
            "/usr/bin/sudo",
            "/tmp",
            "/bin",
            "/usr/bin/sudoedit",
            "/home/runner/notes.txt");
    LayerEntry sudo = c.entries.get("/usr/bin/sudo");
    assertThat(sudo.type()).isEqualTo(FileType.REGULAR);
    assertThat(sudo.mode()).isEqualTo(04755);
    assertThat(sudo.size()).isEqualTo(9);
    assertThat(c.entries.get("/tmp").mode()).isEqualTo(01777);
    assertThat(c.entries.get("/tmp").type()).isEqualTo(FileType.DIRECTORY);
    assertThat(c.entries.get("/bin").type()).isEqualTo(FileType.SYMLINK);
    assertThat(c.entries.get("/bin").linkName()).contains("usr/bin");
    LayerEntry link = c.entries.get("/usr/bin/sudoedit");
    assertThat(link.hardLink()).isTrue();
    assertThat(link.linkName()).contains("/usr/bin/sudo");
    LayerEntry notes = c.entries.get("/home/runner/notes.txt");
    assertThat(notes.uid()).isEqualTo(1001);
    assertThat(notes.gid()).isEqualTo(123);
    assertThat(notes.mode()).isEqualTo(0600);
    assertThat(c.contents.get("/etc/passwd").text()).startsWith("root:x:0:0");
    assertThat(c.contents.get("/usr/bin/sudo").text()).isEqualTo("\u007fELF-sudo");
    assertThat(c.contents).doesNotContainKey("/home/runner/notes.txt");
  }

  @Test
  void sniffsTheBytesWhenTheMediaTypeIsUnknownOrWrong() throws IOException {
    byte[] tar = sampleTar();
    assertThat(read(TestTar.gzip(tar), "application/octet-stream").entries).hasSize(7);
    assertThat(read(TestTar.zstd(tar), "").entries).hasSize(7);
    // docker save writes uncompressed layers; a source may still label them gzip
    assertThat(read(tar, MediaTypes.DOCKER_LAYER_GZIP).entries).hasSize(7);
  }

  @Test
  void paxAndGnuLongNamesAndBigIds() throws IOException {
    String longDir = "./opt/" + "d".repeat(120) + "/" + "e".repeat(80);
    String longTarget = "/usr/lib/" + "t".repeat(150);
    for (int mode :
        new int[] {TarArchiveOutputStream.LONGFILE_POSIX, TarArchiveOutputStream.LONGFILE_GNU}) {
      byte[] tar =
          new TestTar(mode)
              .file(
                  longDir + "/run.sh",
                  "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8),
                  0755,
                  3_000_000,
                  7)
              .symlink(longDir + "/link", longTarget)
              .tar();

      Collected c = read(TestTar.gzip(tar), MediaTypes.OCI_LAYER_GZIP);

      String path = longDir.substring(1) + "/run.sh";
      assertThat(c.entries).containsKeys(path, longDir.substring(1) + "/link");
      assertThat(c.entries.get(path).uid()).isEqualTo(3_000_000);
      assertThat(c.contents.get(path).text()).isEqualTo("#!/bin/sh\n");
      assertThat(c.entries.get(longDir.substring(1) + "/link").linkName()).contains(longTarget);
    }
  }

  @Test
  void acceptsALayerEndingRightAfterTheLastEntrysData() throws IOException {
    TestTar t = new TestTar().dir("etc", 0755, 0, 0).file("etc/hostname", "runner-x", 0644);
    byte[] cut = t.tarEndingAfterLastData();
    assertThat(cut.length % 512).isNotZero(); // no padding, no end-of-archive blocks

    Collected plain = read(cut, MediaTypes.OCI_LAYER);
    Collected gz = read(TestTar.gzip(cut), MediaTypes.OCI_LAYER_GZIP);

    assertThat(plain.entries).containsKeys("/etc", "/etc/hostname");
    assertThat(gz.entries.get("/etc/hostname").size()).isEqualTo(8);
  }

  @Test
  void acceptsALayerEndingAfterThePaddingWithoutEndBlocks() throws IOException {
    byte[] cut = new TestTar().file("a", "x", 0644).tarEndingAfterLastData();
    byte[] padded = Arrays.copyOf(cut, 1024); // header + one padded data record

    assertThat(read(padded, MediaTypes.OCI_LAYER).entries).containsKey("/a");
  }

  @Test
  void rejectsAnEntryWhoseDataIsCutShort() {
    byte[] cut =
        new TestTar()
            .file("etc/passwd", "root:x:0:0::/root:/bin/sh", 0644)
            .tarEndingAfterLastData();
    byte[] truncated = Arrays.copyOf(cut, cut.length - 5);

    assertThatThrownBy(() -> read(truncated, MediaTypes.OCI_LAYER))
        .isInstanceOf(LayerFormatException.class)
        .hasMessageContaining("corrupt tar")
        .hasMessageContaining("/etc/passwd");
    assertThatThrownBy(() -> read(TestTar.gzip(truncated), MediaTypes.OCI_LAYER_GZIP))
        .isInstanceOf(LayerFormatException.class)
        .hasMessageContaining("/etc/passwd");
  }

  @Test
  void rejectsAHeaderCutShort() {
    byte[] tar = new TestTar().file("a", "x", 0644).file("b", "y", 0644).tar();
    byte[] cut = Arrays.copyOf(tar, 1024 + 300); // a complete, b's header cut

    assertThatThrownBy(() -> read(cut, MediaTypes.OCI_LAYER))
        .isInstanceOf(LayerFormatException.class)
        .hasMessageContaining("truncated header");
  }

  @Test
  void rejectsTruncatedGzipAndZstd() {
    byte[] tar = new TestTar().file("etc/os-release", "ID=debian\n".repeat(500), 0644).tar();
    byte[] gz = TestTar.gzip(tar);
    byte[] zs = TestTar.zstd(tar);

    assertThatThrownBy(() -> read(Arrays.copyOf(gz, gz.length / 2), MediaTypes.OCI_LAYER_GZIP))
        .isInstanceOf(LayerFormatException.class)
        .hasMessageStartingWith("corrupt gzip")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> read(Arrays.copyOf(zs, zs.length / 2), MediaTypes.OCI_LAYER_ZSTD))
        .isInstanceOf(LayerFormatException.class)
        .hasMessageStartingWith("corrupt zstd");
  }

  @Test
  void rejectsBytesThatAreNoLayer() {
    byte[] junk = "this is not a layer at all".repeat(40).getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> read(junk, MediaTypes.OCI_LAYER_GZIP))
        .isInstanceOf(LayerFormatException.class)
        .hasMessageStartingWith("corrupt gzip: not in gzip format");
    assertThatThrownBy(() -> read(junk, "application/vnd.example.layer+bzip2"))
        .isInstanceOf(UnsupportedLayerException.class)
        .hasMessageContaining("vnd.example.layer+bzip2");
  }

  @Test
  void capturesWithinBoundsAndFlagsTruncation() throws IOException {
    byte[] elf = new byte[5000];
    elf[0] = 0x7f;
    elf[1] = 'E';
    byte[] bigPasswd = "u:x:1:1::/:/bin/sh\n".repeat(60_000).getBytes(StandardCharsets.UTF_8);
    byte[] tar =
        new TestTar()
            .file("actions-runner/bin/Runner.Listener", elf, 0755, 1001, 1001)
            .file("actions-runner/run.sh", "#!/bin/bash\n", 0644) // by name, no x bit
            .file("etc/sudoers.d/runner", "runner ALL=(ALL) NOPASSWD:ALL\n", 0440)
            .file("etc/sudoers.d/deep/x", "not captured\n", 0440)
            .file("etc/passwd", bigPasswd, 0644, 0, 0)
            .file("etc/motd", "hello\n", 0644)
            .file("usr/local/lib/tool.sh", "#!/bin/sh\n", 0644) // by name, no x bit
            .tar();

    Collected c = read(tar, MediaTypes.OCI_LAYER);

    Content listener = c.contents.get("/actions-runner/bin/Runner.Listener");
    assertThat(listener.bytes()).hasSize(HEAD);
    assertThat(listener.truncated()).isTrue();
    assertThat(c.contents.get("/actions-runner/run.sh").text()).isEqualTo("#!/bin/bash\n");
    assertThat(c.contents.get("/actions-runner/run.sh").truncated()).isFalse();
    assertThat(c.contents.get("/etc/sudoers.d/runner").text()).contains("NOPASSWD");
    assertThat(c.contents).doesNotContainKeys("/etc/sudoers.d/deep/x", "/etc/motd");
    assertThat(c.contents.get("/usr/local/lib/tool.sh").text()).isEqualTo("#!/bin/sh\n");
    Content passwd = c.contents.get("/etc/passwd");
    assertThat(bigPasswd.length).isGreaterThan(CapturePolicy.DEFAULT_MAX_CAP);
    assertThat(passwd.bytes()).hasSize(CapturePolicy.DEFAULT_MAX_CAP);
    assertThat(passwd.truncated()).isTrue();

    Collected extra = read(tar, MediaTypes.OCI_LAYER, POLICY.plus(Set.of("etc/motd"), 3));
    assertThat(extra.contents.get("/etc/motd").text()).isEqualTo("hel");
    assertThat(extra.contents.get("/etc/motd").truncated()).isTrue();

    Collected none = read(tar, MediaTypes.OCI_LAYER, CapturePolicy.none());
    assertThat(none.contents).isEmpty();
    assertThat(none.entries).hasSize(7);
  }

  @Test
  void normalisesPathsAndNeverEscapesTheRoot() {
    assertThat(LayerEntry.normalize("./etc/passwd")).isEqualTo("/etc/passwd");
    assertThat(LayerEntry.normalize("/etc//./passwd")).isEqualTo("/etc/passwd");
    assertThat(LayerEntry.normalize("../../etc/shadow")).isEqualTo("/etc/shadow");
    assertThat(LayerEntry.normalize("a/b/../../../c")).isEqualTo("/c");
    assertThat(LayerEntry.normalize("./")).isEqualTo("/");
    assertThat(LayerEntry.normalize("usr/bin/")).isEqualTo("/usr/bin");
  }

  /** A blob whose source reports a digest mismatch at EOF, after every byte came through. */
  static final class FailsAtEof extends InputStream {
    private final InputStream in;
    private final boolean atClose;

    FailsAtEof(byte[] bytes, boolean atClose) {
      this.in = new ByteArrayInputStream(bytes);
      this.atClose = atClose;
    }

    @Override
    public int read() throws IOException {
      byte[] b = new byte[1];
      return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n < 0 && !atClose) {
        throw new BlobVerificationException("digest mismatch: expected sha256:aaa, got sha256:bbb");
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      if (atClose) {
        throw new BlobVerificationException("size mismatch: expected 9999 bytes");
      }
    }
  }

  @Test
  void aDigestFailureAtTheEndFailsTheLayerAlthoughTheTarWasRead() {
    // docker pads layers to 10 KiB records: bytes after the end-of-archive blocks must be read too
    byte[] tar =
        Arrays.copyOf(
            new TestTar().file("etc/passwd", "root:x:0:0::/:/bin/sh\n", 0644).tar(), 20480);
    for (byte[] blob : new byte[][] {tar, TestTar.gzip(tar), TestTar.zstd(tar)}) {
      Collected seen = new Collected();
      assertThatThrownBy(
              () ->
                  new LayerReader(POLICY)
                      .read(new FailsAtEof(blob, false), "application/octet-stream", seen))
          .isInstanceOf(BlobVerificationException.class)
          .hasMessageContaining("digest mismatch");
      if (blob == tar) {
        // uncompressed, the verification can only fire after the tar's end was read
        assertThat(seen.entries).containsKey("/etc/passwd");
      }
      assertThatThrownBy(
              () ->
                  new LayerReader(POLICY)
                      .read(
                          new FailsAtEof(blob, true), "application/octet-stream", new Collected()))
          .isInstanceOf(BlobVerificationException.class)
          .hasMessageContaining("size mismatch");
    }
  }

  @Test
  void aCorruptBlobReportsTheDigestMismatchRatherThanTheFormatError() {
    byte[] gz =
        TestTar.gzip(new TestTar().file("etc/group", "root:x:0:\n".repeat(300), 0644).tar());
    gz[gz.length / 2] ^= 0x55;

    assertThatThrownBy(
            () ->
                new LayerReader(POLICY)
                    .read(new FailsAtEof(gz, false), MediaTypes.OCI_LAYER_GZIP, new Collected()))
        .isInstanceOf(BlobVerificationException.class);
  }

  @Test
  void aSourceFailureStaysAnIoErrorNotAFormatError() {
    byte[] gz =
        TestTar.gzip(new TestTar().file("etc/group", "root:x:0:\n".repeat(3000), 0644).tar());
    InputStream broken =
        new InputStream() {
          int pos;

          @Override
          public int read() throws IOException {
            if (pos >= gz.length / 2) {
              throw new IOException("connection reset");
            }
            return gz[pos++] & 0xff;
          }
        };

    assertThatThrownBy(
            () -> new LayerReader(POLICY).read(broken, MediaTypes.OCI_LAYER_GZIP, new Collected()))
        .isNotInstanceOf(LayerFormatException.class)
        .isInstanceOf(IOException.class)
        .hasMessage("connection reset");
  }

  @Test
  void streamsALayerLargerThanAnyByteArrayInLittleHeap() throws IOException {
    long size = 5L * 512 * 1024 * 1024 + 3; // 2.5 GiB and a bit: no byte[] can hold it
    org.apache.commons.compress.archivers.tar.TarArchiveEntry e =
        new org.apache.commons.compress.archivers.tar.TarArchiveEntry("opt/big/Runner.Listener");
    e.setSize(size);
    e.setMode(0755);
    byte[] header = new byte[512];
    e.writeEntryHeader(header);
    long padding = (512 - size % 512) % 512;
    long total = 512 + size + padding + 1024;
    InputStream layer =
        new InputStream() {
          long pos;

          @Override
          public int read() {
            byte[] b = new byte[1];
            return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            if (pos >= total) {
              return -1;
            }
            int n = (int) Math.min(len, total - pos);
            for (int i = 0; i < n; i++) {
              long p = pos + i;
              b[off + i] = p < 512 ? header[(int) p] : (byte) (p == 512 ? 0x7f : 0);
            }
            pos += n;
            return n;
          }
        };
    Collected c = new Collected();

    new LayerReader(POLICY).read(layer, MediaTypes.OCI_LAYER, c);

    assertThat(c.entries.get("/opt/big/Runner.Listener").size()).isEqualTo(size);
    Content head = c.contents.get("/opt/big/Runner.Listener");
    assertThat(head.bytes()).hasSize(HEAD);
    assertThat(head.bytes()[0]).isEqualTo((byte) 0x7f);
    assertThat(head.truncated()).isTrue();
  }
}
