package dev.runnerlint.layer;

import dev.runnerlint.io.BlobVerificationException;
import dev.runnerlint.io.Messages;
import dev.runnerlint.io.Streams;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * Streams one layer blob: decompresses it (gzip, zstd or none, by media type and magic bytes),
 * walks its tar headers and hands each entry with its captured content to a {@link LayerVisitor}.
 * Nothing is buffered beyond one copy buffer and the capture bounds, so a layer of any size needs
 * little heap.
 *
 * <p>Lenient like Go's {@code archive/tar} where data is complete: a layer that ends without the
 * last entry's padding or without the end-of-archive blocks (as {@code umoci insert} writes them)
 * is accepted. Strict where data is missing: an entry shorter than its header says, a header cut
 * short, corrupt compressed data are {@link LayerFormatException}s.
 *
 * <p>After the last entry the blob is always read to its end (and closed), so that a source's
 * digest verification ({@link BlobVerificationException}, thrown at EOF or close) fails the layer
 * even though the tar was already read. The reader works on any {@link InputStream}, so a caller
 * may hand it a read-ahead stream that hashes on another thread.
 */
public final class LayerReader {

  private static final int RECORD = 512;
  private static final int BUFFER = 64 * 1024;

  /** The default bound on a layer's uncompressed tar: 16 GiB ({@code --max-layer-size}). */
  public static final long DEFAULT_MAX_LAYER_SIZE = 16L << 30;

  /**
   * The bound on one PAX header or GNU long name / link entry: 1 MiB, as Go's {@code archive/tar}
   * (which Docker and containerd use) has it.
   */
  static final long MAX_SPECIAL_ENTRY = 1 << 20;

  /**
   * The bound on the bytes the headers of one entry may take (headers, PAX records, long names,
   * sparse maps), so that no header can grow memory without bound.
   */
  static final long MAX_HEADER_BYTES = 4L << 20;

  private final CapturePolicy policy;
  private long budget;
  private final long maxLayerSize;

  /**
   * A reader for the layers of one image: it keeps at most {@link CapturePolicy#totalCap()} bytes
   * of content over every layer it reads, then captures nothing more.
   */
  public LayerReader(CapturePolicy policy) {
    this(policy, DEFAULT_MAX_LAYER_SIZE);
  }

  /**
   * @param maxLayerSize the most bytes a layer's uncompressed tar may have; more is a {@link
   *     LayerFormatException} (a decompression bomb is stopped there, at flat memory)
   */
  public LayerReader(CapturePolicy policy, long maxLayerSize) {
    if (maxLayerSize <= 0) {
      throw new IllegalArgumentException("maxLayerSize must be > 0: " + maxLayerSize);
    }
    this.policy = policy;
    this.budget = policy.totalCap();
    this.maxLayerSize = maxLayerSize;
  }

  /**
   * Reads a layer blob to its end and closes it.
   *
   * @param blob the blob stream (verified by its source as it is read)
   * @param mediaType the descriptor's media type; unknown or ambiguous types are sniffed
   * @throws LayerFormatException corrupt or unsupported data
   * @throws BlobVerificationException the source's digest or size check failed
   * @throws IOException the source failed otherwise, or the visitor did
   */
  public void read(InputStream blob, String mediaType, LayerVisitor visitor) throws IOException {
    read(blob, mediaType, -1, visitor);
  }

  /**
   * Like {@link #read(InputStream, String, LayerVisitor)} for a blob of {@code blobSize} bytes (its
   * descriptor's size; negative when unknown), which picks the inflater ({@link
   * GzipStreams#open(InputStream, long)}).
   */
  public void read(InputStream blob, String mediaType, long blobSize, LayerVisitor visitor)
      throws IOException {
    SourceGuard source = new SourceGuard(blob);
    try (source) {
      try {
        walk(source, mediaType, blobSize, visitor);
      } catch (LayerFormatException e) {
        // A corrupt stream is most often a corrupt blob: let the digest check speak if it can.
        drainForVerification(source, e);
        throw e;
      }
    }
  }

  private void walk(SourceGuard source, String mediaType, long blobSize, LayerVisitor visitor)
      throws IOException {
    PushbackInputStream sniffable = new PushbackInputStream(source, RECORD);
    byte[] head = new byte[RECORD];
    int headLen = sniffable.readNBytes(head, 0, RECORD);
    sniffable.unread(head, 0, headLen);
    LayerCompression compression = choose(mediaType, head, headLen);

    DecompressedGuard data;
    try {
      data =
          new DecompressedGuard(
              decompressor(compression, sniffable, blobSize), compression, maxLayerSize);
    } catch (IOException | RuntimeException e) {
      throw failure(source, null, e, compression.name().toLowerCase() + " header");
    }
    try {
      walkTar(source, data, visitor);
    } catch (LayerFormatException e) {
      drainForVerification(source, e);
      throw e;
    } finally {
      if (!data.closed) {
        closeQuietly(data);
      }
    }
  }

  private void walkTar(SourceGuard source, DecompressedGuard data, LayerVisitor visitor)
      throws IOException {
    TarArchiveInputStream tar = new BoundedTarInputStream(data);
    byte[] buf = new byte[BUFFER];
    long dataEnd = 0; // position in the tar stream after the last entry's data
    String last = null;
    while (true) {
      TarArchiveEntry te;
      try {
        data.headerLimit = data.position + MAX_HEADER_BYTES;
        te = tar.getNextEntry();
        data.headerLimit = Long.MAX_VALUE;
      } catch (IOException | RuntimeException e) {
        rethrowUpstream(source, data, e);
        if (last != null && data.eofAt >= dataEnd && data.eofAt <= roundUp(dataEnd)) {
          break; // ends inside the last entry's padding: data complete, lenient like Go
        }
        throw new LayerFormatException(
            "corrupt tar" + (last == null ? "" : " after entry " + last) + ": " + oneLine(e), e);
      }
      if (te == null) {
        long q = roundUp(dataEnd);
        if (data.eofAt > q && data.eofAt < q + RECORD) {
          throw new LayerFormatException(
              "corrupt tar: truncated header" + (last == null ? "" : " after entry " + last));
        }
        break;
      }
      LayerEntry entry = toEntry(te);
      last = entry.path();
      Optional<Content> content;
      try {
        content = readData(tar, te, entry, buf);
        skipRest(
            tar, buf); // data of links, directories…: read here, not as part of the next header
      } catch (IOException | RuntimeException e) {
        rethrowUpstream(source, data, e);
        throw new LayerFormatException("corrupt tar: entry " + last + ": " + oneLine(e), e);
      }
      dataEnd = data.position;
      visitor.entry(entry, content);
    }
    // Read everything after the tar to the end: trailing gzip members, then the raw blob, so that
    // decompression errors and the source's digest verification surface now.
    try {
      Streams.discardAll(data);
      Streams.discardAll(source);
    } catch (IOException | RuntimeException e) {
      rethrowUpstream(source, data, e);
      throw new LayerFormatException("corrupt layer after the tar: " + oneLine(e), e);
    }
    data.close(); // closes the decompressor (zstd holds native memory), then the source
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException | RuntimeException ignored) {
      // already failing; the first failure is the one to report
    }
  }

  private Optional<Content> readData(
      TarArchiveInputStream tar, TarArchiveEntry te, LayerEntry entry, byte[] buf)
      throws IOException {
    if (entry.type() != FileType.REGULAR || entry.hardLink()) {
      return Optional.empty(); // no data of its own; Commons Compress skips what there may be
    }
    long size = entry.size();
    int wanted = policy.bytesToCapture(entry);
    if (wanted > 0 && Math.min(wanted, size) > budget) {
      wanted = 0; // over the image's total bound: not captured, so a check needing it is skipped
    }
    int cap = (int) Math.min(wanted, size);
    budget -= cap;
    ByteArrayOutputStream kept = cap > 0 ? new ByteArrayOutputStream(cap) : null;
    long done = 0;
    while (done < size) {
      int n = tar.read(buf, 0, (int) Math.min(buf.length, size - done));
      if (n < 0) {
        throw new EOFException("data ends after " + done + " of " + size + " bytes");
      }
      if (kept != null && done < cap) {
        kept.write(buf, 0, (int) Math.min(n, cap - done));
      }
      done += n;
    }
    if (wanted == 0) {
      return Optional.empty();
    }
    byte[] bytes = kept == null ? new byte[0] : kept.toByteArray();
    return Optional.of(new Content(bytes, size > bytes.length));
  }

  private static void skipRest(TarArchiveInputStream tar, byte[] buf) throws IOException {
    while (tar.read(buf, 0, buf.length) >= 0) {
      // discard
    }
  }

  private static LayerEntry toEntry(TarArchiveEntry te) {
    FileType type;
    boolean hardLink = false;
    if (te.isDirectory()) {
      type = FileType.DIRECTORY;
    } else if (te.isSymbolicLink()) {
      type = FileType.SYMLINK;
    } else if (te.isLink()) {
      type = FileType.REGULAR;
      hardLink = true;
    } else if (te.isCharacterDevice()) {
      type = FileType.CHAR_DEVICE;
    } else if (te.isBlockDevice()) {
      type = FileType.BLOCK_DEVICE;
    } else if (te.isFIFO()) {
      type = FileType.FIFO;
    } else {
      type = FileType.REGULAR;
    }
    Optional<String> link = Optional.empty();
    if (type == FileType.SYMLINK) {
      link = Optional.of(te.getLinkName());
    } else if (hardLink) {
      link = Optional.of(LayerEntry.normalize(te.getLinkName()));
    }
    long size = type == FileType.REGULAR && !hardLink ? te.getRealSize() : 0;
    return new LayerEntry(
        LayerEntry.normalize(te.getName()),
        type,
        te.getMode() & 07777,
        te.getLongUserId(),
        te.getLongGroupId(),
        size,
        link,
        hardLink);
  }

  private static LayerCompression choose(String mediaType, byte[] head, int len)
      throws LayerFormatException {
    LayerCompression sniffed = LayerCompression.sniff(head, len);
    if (sniffed != null) {
      return sniffed; // the bytes win over a mislabelled media type, as in containerd
    }
    LayerCompression declared = LayerCompression.declaredBy(mediaType);
    if (declared == LayerCompression.GZIP) {
      throw new LayerFormatException("corrupt gzip: not in gzip format (" + hex(head, len) + ")");
    }
    if (declared == LayerCompression.ZSTD) {
      throw new LayerFormatException("corrupt zstd: not in zstd format (" + hex(head, len) + ")");
    }
    if (declared == LayerCompression.NONE) {
      throw new LayerFormatException("corrupt tar: the first header is not a valid tar header");
    }
    throw new UnsupportedLayerException(
        "unsupported layer media type '" + mediaType + "': its bytes are not a tar, gzip or zstd");
  }

  private static InputStream decompressor(LayerCompression c, InputStream in, long blobSize)
      throws IOException {
    return switch (c) {
      case GZIP -> GzipStreams.open(in, blobSize);
      case ZSTD -> new ZstdCompressorInputStream(in);
      case NONE -> in;
    };
  }

  /**
   * Refuses PAX headers and GNU long names / links over {@link #MAX_SPECIAL_ENTRY} before reading
   * them: Commons Compress would read them whole into memory.
   */
  private static final class BoundedTarInputStream extends TarArchiveInputStream {
    BoundedTarInputStream(InputStream in) {
      super(in, 10240, RECORD, StandardCharsets.UTF_8.name(), false);
    }

    @Override
    public int read(byte[] buf, int offset, int numToRead) throws IOException {
      TarArchiveEntry e = getCurrentEntry();
      if (e != null
          && e.getSize() > MAX_SPECIAL_ENTRY
          && (e.isPaxHeader()
              || e.isGlobalPaxHeader()
              || e.isGNULongNameEntry()
              || e.isGNULongLinkEntry())) {
        throw new LayerFormatException(
            "a "
                + (e.isGNULongNameEntry() || e.isGNULongLinkEntry()
                    ? "GNU long name"
                    : "PAX header")
                + " of "
                + e.getSize()
                + " bytes is larger than the 1 MiB that Go's archive/tar (Docker, containerd)"
                + " accepts");
      }
      return super.read(buf, offset, numToRead);
    }
  }

  /** If the source or the decompressor failed, throws that failure (as such or as format). */
  private static void rethrowUpstream(SourceGuard source, DecompressedGuard data, Throwable e)
      throws IOException {
    if (source.failure != null) {
      throw source.failure;
    }
    if (data.failure != null) {
      throw failure(source, data, data.failure, data.compression.name().toLowerCase());
    }
  }

  private static IOException failure(
      SourceGuard source, DecompressedGuard data, Throwable e, String what) {
    if (source.failure != null) {
      return source.failure;
    }
    if (e instanceof LayerFormatException lfe) {
      return lfe;
    }
    String label = what.equals("none") ? "tar" : what;
    return new LayerFormatException("corrupt " + label + ": " + oneLine(e), e);
  }

  private static void drainForVerification(SourceGuard source, LayerFormatException primary)
      throws IOException {
    if (source.failure != null || source.closed) {
      return;
    }
    try {
      Streams.discardAll(source);
    } catch (BlobVerificationException v) {
      v.addSuppressed(primary);
      throw v;
    } catch (IOException ignored) {
      // the format error stays the cause to report
    }
  }

  private static long roundUp(long n) {
    return (n + RECORD - 1) / RECORD * RECORD;
  }

  static String oneLine(Throwable e) {
    return Messages.oneLine(Messages.oneLine(e, null), 301);
  }

  /** 17179869184 → "16 GiB"; sizes that are not whole units in bytes. */
  static String human(long bytes) {
    String[] units = {"TiB", "GiB", "MiB", "KiB"};
    int[] shifts = {40, 30, 20, 10};
    for (int i = 0; i < units.length; i++) {
      long unit = 1L << shifts[i];
      if (bytes >= unit && bytes % unit == 0) {
        return bytes / unit + " " + units[i];
      }
    }
    return bytes + " bytes";
  }

  private static String hex(byte[] b, int len) {
    StringBuilder sb = new StringBuilder("starts with");
    for (int i = 0; i < Math.min(len, 4); i++) {
      sb.append(String.format(" %02x", b[i] & 0xff));
    }
    return len == 0 ? "empty" : sb.toString();
  }

  /** Wraps the blob; remembers the first failure of the source itself. */
  private static final class SourceGuard extends FilterInputStream {
    IOException failure;
    boolean closed;

    SourceGuard(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return in.read();
      } catch (IOException e) {
        throw remember(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return in.read(b, off, len);
      } catch (IOException e) {
        throw remember(e);
      }
    }

    @Override
    public long skip(long n) throws IOException {
      return Streams.skipByReading(this, n);
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        in.close();
      } catch (IOException e) {
        throw remember(e);
      }
    }

    private IOException remember(IOException e) {
      if (failure == null) {
        failure = e;
      }
      return e;
    }
  }

  /**
   * Between the decompressor and the tar reader: counts the position, notes where EOF was met, and
   * remembers the decompressor's failures.
   */
  private static final class DecompressedGuard extends FilterInputStream {
    final LayerCompression compression;
    final long maxSize;
    long position;
    long eofAt = -1;

    /** Reading past this position fails: the current entry's headers are too large. */
    long headerLimit = Long.MAX_VALUE;

    Throwable failure;
    boolean closed;

    DecompressedGuard(InputStream in, LayerCompression compression, long maxSize) {
      super(in);
      this.compression = compression;
      this.maxSize = maxSize;
    }

    @Override
    public int read() throws IOException {
      return Streams.readByte(this);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      int n;
      try {
        n = in.read(b, off, (int) Math.min(len, Math.max(1, maxSize + 1 - position)));
      } catch (IOException | RuntimeException e) {
        if (failure == null) {
          failure = e;
        }
        throw e;
      }
      if (n > 0 && position + n > maxSize) {
        throw limit(
            new LayerFormatException(
                "the layer inflates to more than "
                    + human(maxSize)
                    + " (--max-layer-size): refused as a decompression bomb; raise"
                    + " --max-layer-size if the layer is that large"));
      }
      if (n > 0 && position + n > headerLimit) {
        throw limit(
            new LayerFormatException(
                "corrupt tar: the headers of one entry take more than "
                    + human(MAX_HEADER_BYTES)
                    + " (PAX records, long names, sparse maps)"));
      }
      if (n < 0) {
        if (eofAt < 0) {
          eofAt = position;
        }
      } else {
        position += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      return Streams.skipByReading(this, n);
    }

    @Override
    public int available() {
      return 0;
    }

    private LayerFormatException limit(LayerFormatException e) {
      if (failure == null) {
        failure = e;
      }
      return e;
    }

    @Override
    public void close() throws IOException {
      closed = true;
      in.close();
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}
