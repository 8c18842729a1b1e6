package dev.runnerlint.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerlint.image.MediaTypes;
import dev.runnerlint.layer.GzipStreams.Inflater;
import dev.runnerlint.report.External;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.ExtraField;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two gzip inflaters (ISA-L through JNA, java.util.zip through Commons Compress) give the same
 * bytes on gzip made by other tools (GNU gzip at several levels, java.util.zip, Commons Compress
 * with every optional header field), read every member of a multi-member file, and fail closed
 * alike on truncated, corrupt and trailing-garbage input. In CI ({@code CI=true}, where {@code
 * .ci/run} installs {@code libisal2}) ISA-L must load; elsewhere the ISA-L half needs the library.
 */
class GzipStreamsTest {

  @TempDir static Path dir;

  /** A tar of real, varied bytes: executables and libraries of this machine, and some text. */
  static byte[] tar;

  @BeforeAll
  static void realTar() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long budget = 5L << 20;
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
      t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      List<Path> files = new ArrayList<>();
      for (String d : new String[] {"/usr/bin", "/etc", "/usr/lib/x86_64-linux-gnu"}) {
        try (Stream<Path> s = Files.list(Path.of(d))) {
          s.filter(Files::isRegularFile).filter(Files::isReadable).sorted().forEach(files::add);
        } catch (IOException ignored) {
          // a directory this machine does not have
        }
      }
      for (Path f : files) {
        long size = Files.size(f);
        if (size > 2 << 20 || size > budget) {
          continue;
        }
        byte[] data;
        try {
          data = Files.readAllBytes(f);
        } catch (IOException unreadable) {
          continue;
        }
        TarArchiveEntry e = new TarArchiveEntry(f.toString().substring(1));
        e.setSize(data.length);
        t.putArchiveEntry(e);
        t.write(data);
        t.closeArchiveEntry();
        budget -= data.length;
        if (budget < 0) {
          break;
        }
      }
    }
    tar = out.toByteArray();
    assertThat(tar.length).isGreaterThan(2 << 20);
  }

  static boolean isal() {
    External.require(
        GzipStreams.isalAvailable(), "ISA-L does not load: " + GzipStreams.isalUnavailableReason());
    return true;
  }

  static byte[] gnuGzip(byte[] data, String level) throws Exception {
    Path in = Files.createTempFile(dir, "layer", ".tar");
    Files.write(in, data);
    Process p =
        new ProcessBuilder("gzip", level, "-c", in.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    return out;
  }

  static byte[] javaGzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  /** Commons Compress with FNAME, FCOMMENT, FEXTRA and FHCRC set. */
  static byte[] everyHeaderField(byte[] data) throws IOException {
    GzipParameters params = new GzipParameters();
    params.setFileName("layer.tar");
    params.setComment("a comment");
    params.setHeaderCRC(true);
    params.setExtraField(new ExtraField().addSubField("RL", new byte[] {1, 2, 3}));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out, params)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  /** Everything {@code inflater} gives, with how it ended (null: cleanly). */
  record Outcome(byte[] bytes, Throwable failure) {}

  static Outcome inflate(byte[] gz, Inflater inflater) {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    try (InputStream in = GzipStreams.open(new ByteArrayInputStream(gz), inflater)) {
      byte[] buf = new byte[10_000]; // not a power of two: reads end anywhere
      int n;
      while ((n = in.read(buf)) >= 0) {
        got.write(buf, 0, n);
      }
      return new Outcome(got.toByteArray(), null);
    } catch (IOException e) {
      return new Outcome(got.toByteArray(), e);
    }
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void aSmallBlobInflatesWithTheJdkAndALargeOneWithThePreferredInflater() throws Exception {
    isal();
    byte[] data = "a small top layer".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] gz = javaGzip(data);
    try (InputStream small = GzipStreams.open(new ByteArrayInputStream(gz), gz.length)) {
      assertThat(small).isNotInstanceOf(IsalGzipInputStream.class);
      assertThat(small.readAllBytes()).isEqualTo(data);
    }
    try (InputStream large =
        GzipStreams.open(new ByteArrayInputStream(gz), GzipStreams.NATIVE_MIN)) {
      assertThat(large).isInstanceOf(IsalGzipInputStream.class);
      assertThat(large.readAllBytes()).isEqualTo(data);
    }
    try (InputStream unknown = GzipStreams.open(new ByteArrayInputStream(gz), -1)) {
      assertThat(unknown).isInstanceOf(IsalGzipInputStream.class);
      assertThat(unknown.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void bothInflatersGiveTheSameBytesOnGzipMadeByOtherTools() throws Exception {
    isal();
    byte[] random = new byte[3 << 20];
    new Random(7).nextBytes(random); // stored blocks
    List<byte[]> inputs =
        List.of(
            gnuGzip(tar, "-1"),
            gnuGzip(tar, "-6"),
            gnuGzip(tar, "-9"),
            gnuGzip(random, "-6"),
            gnuGzip(new byte[0], "-6"),
            javaGzip(tar),
            everyHeaderField(tar));
    List<byte[]> plains = List.of(tar, tar, tar, random, new byte[0], tar, tar);
    for (int i = 0; i < inputs.size(); i++) {
      Outcome a = inflate(inputs.get(i), Inflater.ISAL);
      Outcome j = inflate(inputs.get(i), Inflater.JAVA);
      assertThat(a.failure()).as("isal, input %d", i).isNull();
      assertThat(j.failure()).as("java, input %d", i).isNull();
      assertThat(Arrays.equals(a.bytes(), plains.get(i))).as("isal output, input %d", i).isTrue();
      assertThat(Arrays.equals(j.bytes(), a.bytes())).as("same bytes, input %d", i).isTrue();
    }
  }

  @Test
  void bothReadEveryMemberOfAMultiMemberGzip() throws Exception {
    isal();
    byte[] half = Arrays.copyOf(tar, tar.length / 2);
    byte[] rest = Arrays.copyOfRange(tar, tar.length / 2, tar.length);
    // as `cat a.gz b.gz` and pigz-style concatenations make them, members of different encoders
    byte[] multi = concat(gnuGzip(half, "-6"), javaGzip(new byte[0]), everyHeaderField(rest));

    for (Inflater inflater : Inflater.values()) {
      Outcome o = inflate(multi, inflater);
      assertThat(o.failure()).as("%s", inflater).isNull();
      assertThat(Arrays.equals(o.bytes(), tar)).as("%s reads every member", inflater).isTrue();
    }
  }

  @Test
  void bothFailClosedOnTruncatedInputAtAnyCut() throws Exception {
    isal();
    byte[] gz = gnuGzip(Arrays.copyOf(tar, 1 << 20), "-6");
    int[] cuts = {1, 2, 5, 10, 30, 1000, 65_536, gz.length / 2, gz.length - 9, gz.length - 1};
    for (int cut : cuts) {
      byte[] truncated = Arrays.copyOf(gz, cut);
      for (Inflater inflater : Inflater.values()) {
        Outcome o = inflate(truncated, inflater);
        assertThat(o.failure()).as("%s, cut at %d of %d", inflater, cut, gz.length).isNotNull();
        if (cut > 2) { // past the magic bytes: the data ends early
          assertThat(o.failure())
              .as("%s, cut at %d", inflater, cut)
              .isInstanceOf(EOFException.class);
        }
        byte[] prefix = Arrays.copyOf(tar, o.bytes().length);
        assertThat(Arrays.equals(o.bytes(), prefix))
            .as("%s gives only true bytes before failing (cut %d)", inflater, cut)
            .isTrue();
      }
    }
  }

  @Test
  void bothFailOnCorruptDataWrongChecksumAndTrailingGarbage() throws Exception {
    isal();
    byte[] gz = gnuGzip(Arrays.copyOf(tar, 1 << 20), "-6");
    byte[] flipped = gz.clone();
    flipped[gz.length / 2] ^= 0x55;
    byte[] badCrc = gz.clone();
    badCrc[gz.length - 6] ^= 0x01;
    byte[] badSize = gz.clone();
    badSize[gz.length - 2] ^= 0x01;
    byte[] garbage = concat(gz, "not gzip".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    byte[] notGzip = "this is no gzip at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    for (byte[] bad : List.of(flipped, badCrc, badSize, garbage, notGzip)) {
      for (Inflater inflater : Inflater.values()) {
        assertThat(inflate(bad, inflater).failure()).as("%s", inflater).isNotNull();
      }
    }
    for (Inflater inflater : Inflater.values()) {
      assertThat(inflate(garbage, inflater).failure())
          .hasMessage("Unexpected data after a valid .gz stream.");
      assertThatThrownBy(() -> GzipStreams.open(new ByteArrayInputStream(notGzip), inflater))
          .hasMessage("Input is not in the .gz format.");
    }
  }

  @Test
  void layersReadTheSameWithEitherInflaterAndTheFallbackCanBeForced() throws Exception {
    isal();
    byte[] gz = gnuGzip(tar, "-6");
    String before = System.getProperty(GzipStreams.PROPERTY);
    try {
      System.clearProperty(GzipStreams.PROPERTY);
      assertThat(GzipStreams.preferred()).isEqualTo(Inflater.ISAL);
      LayerReaderTest.Collected fast = LayerReaderTest.read(gz, MediaTypes.OCI_LAYER_GZIP);

      System.setProperty(GzipStreams.PROPERTY, "java");
      assertThat(GzipStreams.preferred()).isEqualTo(Inflater.JAVA);
      LayerReaderTest.Collected slow = LayerReaderTest.read(gz, MediaTypes.OCI_LAYER_GZIP);

      assertThat(fast.entries).isEqualTo(slow.entries).isNotEmpty();
      assertThat(fast.contents.keySet()).isEqualTo(slow.contents.keySet());
      fast.contents.forEach(
          (path, c) -> assertThat(c.bytes()).as(path).isEqualTo(slow.contents.get(path).bytes()));
    } finally {
      if (before == null) {
        System.clearProperty(GzipStreams.PROPERTY);
      } else {
        System.setProperty(GzipStreams.PROPERTY, before);
      }
    }
  }

  @Test
  void theFallbackReadsLayersWhenForced() throws Exception {
    byte[] gz = javaGzip(tar);
    String before = System.getProperty(GzipStreams.PROPERTY);
    try {
      System.setProperty(GzipStreams.PROPERTY, "java");
      assertThat(GzipStreams.preferred()).isEqualTo(Inflater.JAVA);
      LayerReaderTest.Collected c = LayerReaderTest.read(gz, MediaTypes.OCI_LAYER_GZIP);
      assertThat(c.entries).isNotEmpty();
      assertThatThrownBy(
              () ->
                  LayerReaderTest.read(Arrays.copyOf(gz, gz.length / 2), MediaTypes.OCI_LAYER_GZIP))
          .isInstanceOf(LayerFormatException.class)
          .hasMessageStartingWith("corrupt gzip");
    } finally {
      if (before == null) {
        System.clearProperty(GzipStreams.PROPERTY);
      } else {
        System.setProperty(GzipStreams.PROPERTY, before);
      }
    }
  }
}
