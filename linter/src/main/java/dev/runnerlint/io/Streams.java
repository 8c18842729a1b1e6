package dev.runnerlint.io;

import java.io.IOException;
import java.io.InputStream;

/**
 * Stream loops for filter streams that count, hash or check every byte that passes: each one goes
 * through the stream's own {@code read(byte[], int, int)}, so nothing slips past it.
 */
public final class Streams {

  private static final int BUFFER = 64 * 1024;

  private Streams() {}

  /** {@code in.read()} done as a one-byte array read. */
  public static int readByte(InputStream in) throws IOException {
    byte[] one = new byte[1];
    int n = in.read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  /** Skips by reading and discarding up to {@code n} bytes; returns how many were skipped. */
  public static long skipByReading(InputStream in, long n) throws IOException {
    if (n <= 0) {
      return 0;
    }
    byte[] buf = new byte[(int) Math.min(n, BUFFER)];
    long done = 0;
    while (done < n) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, n - done));
      if (r < 0) {
        break;
      }
      done += r;
    }
    return done;
  }

  /**
   * Reads and discards until the end of {@code in} or until {@code limit} bytes were read,
   * whichever comes first.
   *
   * @return whether the end was reached
   */
  public static boolean discard(InputStream in, long limit) throws IOException {
    byte[] buf = new byte[(int) Math.max(1, Math.min(limit, BUFFER))];
    long done = 0;
    while (done < limit) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, limit - done));
      if (r < 0) {
        return true;
      }
      done += r;
    }
    return false;
  }

  /** Reads and discards everything up to the end of {@code in}. */
  public static void discardAll(InputStream in) throws IOException {
    discard(in, Long.MAX_VALUE);
  }
}
