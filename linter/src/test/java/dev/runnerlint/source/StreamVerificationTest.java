package dev.runnerlint.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerlint.image.Digest;
import dev.runnerlint.io.BlobVerificationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The two verified streams fail closed: late failures and early closes never pass silently. */
class StreamVerificationTest {

  private static final byte[] DATA = "hello layer".getBytes(StandardCharsets.UTF_8);
  private static final Digest DIGEST = Digest.compute("sha256", DATA);

  @Test
  void verifyingStreamPassesGoodBytesAndRejectsWrongDigestOrSize() throws Exception {
    try (InputStream in =
        new VerifyingInputStream(new ByteArrayInputStream(DATA), DIGEST, DATA.length, "x")) {
      assertThat(in.readAllBytes()).isEqualTo(DATA);
    }
    byte[] bad = DATA.clone();
    bad[0] = 'H';
    assertThatThrownBy(
            () ->
                new VerifyingInputStream(new ByteArrayInputStream(bad), DIGEST, DATA.length, "x")
                    .readAllBytes())
        .isInstanceOf(BlobVerificationException.class)
        .hasMessageStartingWith("digest mismatch for x: expected " + DIGEST);
    assertThatThrownBy(
            () ->
                new VerifyingInputStream(
                        new ByteArrayInputStream(DATA), DIGEST, DATA.length + 1, "x")
                    .readAllBytes())
        .isInstanceOf(BlobVerificationException.class)
        .hasMessage("x ended after 11 bytes, expected 12");
    assertThatThrownBy(
            () ->
                new VerifyingInputStream(
                        new ByteArrayInputStream(DATA), DIGEST, DATA.length - 1, "x")
                    .readAllBytes())
        .isInstanceOf(BlobVerificationException.class)
        .hasMessage("x is larger than its descriptor's size 10");
  }

  @Test
  void closingAVerifyingStreamEarlyStillVerifiesASmallTail() throws Exception {
    byte[] bad = DATA.clone();
    bad[DATA.length - 1] = '!';
    InputStream in =
        new VerifyingInputStream(new ByteArrayInputStream(bad), DIGEST, DATA.length, "x");
    assertThat(in.read(new byte[4])).isEqualTo(4);
    assertThatThrownBy(in::close).isInstanceOf(BlobVerificationException.class);
  }

  @Test
  void closingAVerifyingStreamFarFromItsEndFails() throws Exception {
    byte[] big = new byte[(int) VerifyingInputStream.CLOSE_DRAIN_LIMIT * 2 + 10];
    InputStream in =
        new VerifyingInputStream(
            new ByteArrayInputStream(big), Digest.compute("sha256", big), big.length, "big");
    assertThat(in.read(new byte[10])).isEqualTo(10);
    assertThatThrownBy(in::close)
        .isInstanceOf(BlobVerificationException.class)
        .hasMessageStartingWith("big was closed after");
  }

  @Test
  void pipeCarriesAFailureRaisedAfterTheLastByteToTheReader() throws Exception {
    BlobPipe pipe =
        new BlobPipe(
            out -> {
              out.write(DATA);
              throw new IllegalStateException("the digest did not match");
            },
            failure -> new BlobVerificationException("mapped: " + failure.getMessage()),
            DATA.length,
            "blob");
    byte[] got = new byte[DATA.length];
    assertThat(pipe.readNBytes(got, 0, DATA.length)).isEqualTo(DATA.length);
    assertThat(got).isEqualTo(DATA);
    assertThatThrownBy(pipe::read)
        .isInstanceOf(BlobVerificationException.class)
        .hasMessage("mapped: the digest did not match");
  }

  @Test
  void pipeFailsOnCloseWhenTheProducerFailedAfterTheLastByteWasRead() throws Exception {
    BlobPipe pipe =
        new BlobPipe(
            out -> {
              out.write(DATA);
              throw new IOException("connection reset");
            },
            failure -> new IOException("mapped: " + failure.getMessage()),
            DATA.length,
            "blob");
    assertThat(pipe.readNBytes(DATA.length)).isEqualTo(DATA);
    assertThatThrownBy(pipe::close).hasMessage("mapped: connection reset");
  }

  @Test
  void pipeStreamsMoreThanItsBufferAndChecksTheSize() throws Exception {
    byte[] big = new byte[5 << 20];
    Arrays.fill(big, (byte) 7);
    BlobPipe pipe = new BlobPipe(out -> out.write(big), IOException::new, big.length, "big");
    assertThat(pipe.readAllBytes()).isEqualTo(big);
    pipe.close();

    BlobPipe shortPipe = new BlobPipe(out -> out.write(DATA), IOException::new, 99, "short");
    assertThatThrownBy(shortPipe::readAllBytes)
        .isInstanceOf(BlobVerificationException.class)
        .hasMessage("short has 11 bytes, its descriptor says 99");
  }

  @Test
  void closingAPipeFarFromItsEndStopsTheWriterAndFails() throws Exception {
    BlobPipe pipe =
        new BlobPipe(
            out -> {
              byte[] chunk = new byte[64 * 1024];
              while (true) {
                out.write(chunk);
              }
            },
            IOException::new,
            Long.MAX_VALUE,
            "endless");
    assertThat(pipe.read()).isZero();
    assertThatThrownBy(pipe::close)
        .isInstanceOf(BlobVerificationException.class)
        .hasMessageStartingWith("endless was closed after");
  }
}
