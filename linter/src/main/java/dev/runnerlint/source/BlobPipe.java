package dev.runnerlint.source;

import dev.runnerlint.io.BlobVerificationException;
import dev.runnerlint.io.Streams;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Turns a push-style producer (Jib's {@code Blob.writeTo(OutputStream)}, which checks the digest
 * only when the write ends) into a pull-style {@link InputStream}. A writer thread pushes chunks
 * into a bounded queue; the reader takes them. What the producer throws at the end — a digest
 * mismatch, a network failure — is thrown from the reader's {@code read()} at the end of the data,
 * or from {@code close()}, so a blob that failed late still fails the image.
 */
final class BlobPipe extends InputStream {

  /** Pushes all bytes to the stream it is given; throws when they are not the right ones. */
  interface Producer {
    void writeTo(OutputStream out) throws Exception;
  }

  /** Maps what the producer threw to the exception the reader gets. */
  interface FailureMapper {
    IOException map(Throwable failure);
  }

  private static final int CHUNK = 64 * 1024;
  private static final int QUEUE_CHUNKS = 16;
  private static final Chunk END = new Chunk(new byte[0]);

  /**
   * Full chunks, writer to reader. Chunks go back to the writer through {@code free}, so the pipe
   * allocates at most {@code QUEUE_CHUNKS + 2} buffers whatever the blob's size, and gathers the
   * producer's small writes (Jib writes 8 KiB at a time) into 64 KiB hand-overs.
   */
  private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);

  private final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(QUEUE_CHUNKS + 2);
  private final Thread writer;
  private final FailureMapper mapper;
  private final long expectedSize;
  private final String what;
  private volatile Throwable producerFailure;
  private Chunk current = new Chunk(new byte[0]);
  private int pos;
  private long count;
  private boolean ended;
  private IOException failure;

  BlobPipe(Producer producer, FailureMapper mapper, long expectedSize, String what) {
    this.mapper = mapper;
    this.expectedSize = expectedSize;
    this.what = what;
    this.writer = new Thread(() -> run(producer), "runnerlint-blob " + what);
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Reads (and so verifies) {@code verifying} on a thread of its own while the caller consumes the
   * bytes: hashing a local blob and inflating it then run on two cores. A verification failure at
   * the end reaches the caller as it would without the pipe.
   */
  static InputStream readAhead(InputStream verifying, long expectedSize, String what) {
    return new BlobPipe(
        out -> {
          try (InputStream in = verifying) {
            in.transferTo(out);
          }
        },
        failure ->
            failure instanceof IOException io ? io : new IOException(failure.toString(), failure),
        expectedSize,
        what);
  }

  private void run(Producer producer) {
    try (OutputStream out = new QueueOutputStream()) {
      producer.writeTo(out);
    } catch (Throwable t) {
      producerFailure = t;
    }
    try {
      queue.put(END);
    } catch (InterruptedException e) {
      // the reader closed the pipe and no longer waits for the end
      Thread.currentThread().interrupt();
    }
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
    while (pos == current.length) {
      if (ended) {
        return -1;
      }
      if (current != END && current.bytes.length == CHUNK) {
        free.offer(current);
      }
      try {
        current = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while reading " + what);
      }
      pos = 0;
      if (current == END) {
        end();
        return -1;
      }
    }
    int n = Math.min(len, current.length - pos);
    System.arraycopy(current.bytes, pos, b, off, n);
    pos += n;
    count += n;
    return n;
  }

  private void end() throws IOException {
    ended = true;
    if (producerFailure != null) {
      failure = mapper.map(producerFailure);
      throw failure;
    }
    if (count != expectedSize) {
      failure =
          new BlobVerificationException(
              what + " has " + count + " bytes, its descriptor says " + expectedSize);
      throw failure;
    }
  }

  /**
   * Before the end: reads on up to 1 MiB to reach it (and its verdict); when the end is further,
   * stops the writer and fails, since the blob was not read whole.
   */
  @Override
  public void close() throws IOException {
    if (ended || failure != null) {
      return;
    }
    try {
      if (Streams.discard(this, VerifyingInputStream.CLOSE_DRAIN_LIMIT)) {
        return;
      }
      failure = new BlobVerificationException(what + " was closed after " + count + " bytes");
      throw failure;
    } finally {
      if (!ended) {
        writer.interrupt();
        queue.clear();
      }
    }
  }

  /** A buffer and how many of its bytes are data. */
  private static final class Chunk {
    final byte[] bytes;
    int length;

    Chunk(byte[] bytes) {
      this.bytes = bytes;
    }
  }

  /** The writer thread's end of the pipe: fills a chunk, hands it over when full or at close. */
  private final class QueueOutputStream extends OutputStream {
    private Chunk filling;

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (filling == null) {
          Chunk recycled = free.poll();
          filling = recycled != null ? recycled : new Chunk(new byte[CHUNK]);
          filling.length = 0;
        }
        int n = Math.min(len, CHUNK - filling.length);
        System.arraycopy(b, off, filling.bytes, filling.length, n);
        filling.length += n;
        off += n;
        len -= n;
        if (filling.length == CHUNK) {
          handOver();
        }
      }
    }

    @Override
    public void close() throws IOException {
      if (filling != null && filling.length > 0) {
        handOver();
      }
    }

    private void handOver() throws IOException {
      try {
        queue.put(filling);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("reader closed " + what);
      }
      filling = null;
    }
  }
}
