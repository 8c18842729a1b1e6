package dev.runnerlint.source;

import dev.runnerlint.image.Digest;
import dev.runnerlint.io.BlobVerificationException;
import dev.runnerlint.io.Streams;
import dev.runnerlint.source.ImageReadException.Kind;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;

/**
 * Hashes a blob as it is read and checks digest and size once its last byte has been read: a
 * mismatch throws {@link BlobVerificationException} from {@code read()}. More bytes than the
 * expected size fail at once. {@link #close()} before the end reads on a little (up to 1 MiB) to
 * verify a tail nobody wanted, and otherwise fails: a blob not read whole is never taken as good.
 */
public final class VerifyingInputStream extends FilterInputStream {

  static final long CLOSE_DRAIN_LIMIT = 1 << 20;

  /** Blobs from this size on are hashed by {@link BlobHash#of} (OpenSSL when it loads). */
  static final long NATIVE_HASH_MIN = 1 << 20;

  private final Digest expected;
  private final long expectedSize;
  private final String what;
  private final BlobHash hash;
  private long count;
  private boolean verified;
  private BlobVerificationException failure;

  /**
   * @param what names the blob in messages, e.g. {@code layer sha256:ab…}
   */
  public VerifyingInputStream(InputStream in, Digest expected, long expectedSize, String what) {
    super(in);
    this.expected = expected;
    this.expectedSize = expectedSize;
    this.what = what;
    // Small blobs (manifests, configs) with the JDK's digest: loading OpenSSL costs more than it
    // saves.
    this.hash =
        expectedSize < NATIVE_HASH_MIN
            ? BlobHash.java(expected.javaAlgorithm())
            : BlobHash.of(expected.javaAlgorithm());
  }

  @Override
  public int read() throws IOException {
    return Streams.readByte(this);
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (failure != null) {
      throw failure;
    }
    if (len == 0) {
      return 0;
    }
    int n = super.read(b, off, len);
    if (n < 0) {
      verify();
      return -1;
    }
    hash.update(b, off, n);
    count += n;
    if (count > expectedSize) {
      throw fail(what + " is larger than its descriptor's size " + expectedSize);
    }
    if (count == expectedSize) {
      verify();
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    return Streams.skipByReading(this, n);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void close() throws IOException {
    try {
      if (!verified && failure == null) {
        Streams.discard(this, CLOSE_DRAIN_LIMIT);
        if (!verified) {
          throw fail(what + " was closed after " + count + " of " + expectedSize + " bytes");
        }
      }
    } finally {
      hash.close();
      super.close();
    }
  }

  private void verify() throws BlobVerificationException {
    if (verified) {
      return;
    }
    if (count != expectedSize) {
      throw fail(what + " ended after " + count + " bytes, expected " + expectedSize);
    }
    String actual = HexFormat.of().formatHex(hash.digest());
    if (!actual.equals(expected.hex())) {
      throw fail(
          "digest mismatch for "
              + what
              + ": expected "
              + expected
              + ", got "
              + expected.algorithm()
              + ":"
              + actual);
    }
    verified = true;
  }

  private BlobVerificationException fail(String message) {
    failure = new BlobVerificationException(message);
    return failure;
  }

  /** Opens a blob's stream. */
  interface Opener {
    InputStream open() throws IOException, ImageReadException;
  }

  /**
   * Reads a whole blob into memory, verified; for manifests and configs (small). Fails as the image
   * {@code image}: {@code DIGEST_MISMATCH} when the bytes are not the descriptor's (or too many),
   * {@code IO} when they cannot be read.
   *
   * @param what names the blob in messages, e.g. {@code config abc….json}
   */
  static byte[] readAll(String image, Opener opener, Digest digest, long size, String what)
      throws ImageReadException {
    try (InputStream in = opener.open()) {
      if (size > 64L << 20) {
        throw new BlobVerificationException(what + " is too large (" + size + " bytes)");
      }
      try (VerifyingInputStream v = new VerifyingInputStream(in, digest, size, what)) {
        return v.readAllBytes();
      }
    } catch (BlobVerificationException e) {
      throw new ImageReadException(Kind.DIGEST_MISMATCH, image, e.getMessage(), e);
    } catch (IOException e) {
      throw new ImageReadException(
          Kind.IO, image, "cannot read " + what + ": " + e.getMessage(), e);
    }
  }
}
