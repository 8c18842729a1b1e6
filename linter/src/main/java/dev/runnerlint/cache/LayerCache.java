package dev.runnerlint.cache;

import dev.runnerlint.image.Digest;
import dev.runnerlint.layer.Content;
import dev.runnerlint.layer.FileType;
import dev.runnerlint.layer.LayerEntry;
import dev.runnerlint.layer.RecordedLayer;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;

/**
 * Read layers on disk, one file per (layer digest, capture policy key), in a format of its own:
 *
 * <pre>
 *   "RLLAYER1"  8 bytes magic (the 1 is the format version)
 *   u64         length of the body
 *   32 bytes    SHA-256 of the body
 *   body        deflate of: digest, policy key, entry count, then per entry: path, type, mode,
 *               uid, gid, size, flags (link / hard link / content / truncated), link name,
 *               content bytes (strings: u32 length + UTF-8)
 * </pre>
 *
 * A binary format rather than JSON: 100k entries do not repeat field names, parsing needs no
 * reflection, and the checksum covers every byte after the header, so a truncated or corrupted file
 * is detected before anything is parsed. Such a file is ignored (and deleted) with a debug line;
 * the caller then reads the layer again and stores it anew.
 *
 * <p>Writes go to a temporary file in the same directory and are renamed into place, so a reader
 * never sees half a file and processes sharing the directory are safe (the last rename wins; both
 * wrote the same content). A hit refreshes the file's modification time; when the directory grows
 * over its bound, the least recently used files are deleted.
 *
 * <p>The key must be the digest a verified manifest names for the layer: the cache then holds what
 * that exact blob contains, and a hit gives the same entries and contents as reading it.
 */
public final class LayerCache {

  /** Default bound on the cache's size on disk: 1 GiB. */
  public static final long DEFAULT_MAX_SIZE = 1L << 30;

  /**
   * Entry format: {@code MAGIC}, the deflated payload's length (8 bytes), the inflated payload's
   * length (8), a CRC32C (4) of those two lengths and the payload, then the payload. Version 1 had
   * a SHA-256 in the CRC's place: under C1 (no SHA intrinsic) it took as long as the rest of a warm
   * read of the entry; a CRC32C still finds every truncation and flipped byte, and the entry is
   * runnerlint's own record in the user's cache, not something to authenticate.
   */
  private static final byte[] MAGIC = "RLLAYER2".getBytes(StandardCharsets.US_ASCII);

  private static final int HEADER = MAGIC.length + 8 + 8 + 4;
  private static final String SUFFIX = ".layer";
  private static final String TEMP_PREFIX = ".tmp-";
  private static final FileType[] TYPES = FileType.values();

  private final Path dir;
  private final long maxSize;
  private final Consumer<String> debug;

  /**
   * @param root the cache directory ({@code ~/.cache/runnerlint}); layers go to {@code
   *     root/layers-v1}
   * @param maxSize bound on the size of the stored files, in bytes
   * @param debug receives one line per notable event (corrupt entry, eviction)
   */
  public LayerCache(Path root, long maxSize, Consumer<String> debug) {
    this.dir = root.resolve("layers-v1");
    this.maxSize = maxSize;
    this.debug = debug;
  }

  public Path directory() {
    return dir;
  }

  public long maxSize() {
    return maxSize;
  }

  /** The recorded layer for this digest and policy key, if stored and intact. */
  public Optional<RecordedLayer> get(Digest layer, String policyKey) {
    Path file = fileFor(layer, policyKey);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      debug.accept("cache: cannot read " + file + ": " + e.getMessage());
      return Optional.empty();
    }
    try {
      RecordedLayer recorded = decode(bytes, layer.toString(), policyKey);
      touch(file);
      return Optional.of(recorded);
    } catch (CorruptEntryException e) {
      debug.accept(
          "cache: ignoring corrupt entry "
              + file.getFileName()
              + " for "
              + layer
              + " ("
              + e.getMessage()
              + "); reading the layer again");
      deleteQuietly(file);
      return Optional.empty();
    }
  }

  /** Stores a recorded layer (atomically), then evicts the least recently used over the bound. */
  public void put(Digest layer, String policyKey, RecordedLayer recorded) {
    Path file = fileFor(layer, policyKey);
    Path temp = null;
    try {
      Files.createDirectories(dir);
      byte[] bytes = encode(layer.toString(), policyKey, recorded);
      if (bytes.length > maxSize) {
        return; // larger than the whole cache may be
      }
      temp = Files.createTempFile(dir, TEMP_PREFIX, SUFFIX);
      Files.write(temp, bytes);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
      evict(maxSize);
    } catch (IOException e) {
      debug.accept("cache: cannot store " + file + ": " + e.getMessage());
    } finally {
      if (temp != null) {
        deleteQuietly(temp);
      }
    }
  }

  /** What is stored: number of entries and their total size. */
  public record Info(Path directory, int entries, long bytes, long maxSize) {}

  public Info info() throws IOException {
    List<Stored> stored = list();
    return new Info(dir, stored.size(), stored.stream().mapToLong(Stored::size).sum(), maxSize);
  }

  /**
   * Deletes least recently used entries until the total is at most {@code bound}, and temporary
   * files left by processes that died; returns how many entries were deleted.
   */
  public int evict(long bound) throws IOException {
    List<Stored> stored = list();
    long total = stored.stream().mapToLong(Stored::size).sum();
    stored.sort(Comparator.comparing(Stored::lastUsed));
    int deleted = 0;
    for (Stored s : stored) {
      if (total <= bound) {
        break;
      }
      if (deleteQuietly(s.path())) {
        deleted++;
        debug.accept("cache: evicted " + s.path().getFileName() + " (least recently used)");
      }
      total -= s.size();
    }
    removeStaleTemps();
    return deleted;
  }

  /** Deletes every entry; returns how many. */
  public int clear() throws IOException {
    int deleted = 0;
    for (Stored s : list()) {
      if (deleteQuietly(s.path())) {
        deleted++;
      }
    }
    removeStaleTemps();
    return deleted;
  }

  private record Stored(Path path, long size, FileTime lastUsed) {}

  private List<Stored> list() throws IOException {
    List<Stored> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path p : files) {
        if (p.getFileName().toString().startsWith(TEMP_PREFIX)) {
          continue;
        }
        try {
          out.add(new Stored(p, Files.size(p), Files.getLastModifiedTime(p)));
        } catch (NoSuchFileException e) {
          // evicted by another process meanwhile
        }
      }
    }
    return out;
  }

  private void removeStaleTemps() throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    Instant old = Instant.now().minusSeconds(3600);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, TEMP_PREFIX + "*")) {
      for (Path p : files) {
        try {
          if (Files.getLastModifiedTime(p).toInstant().isBefore(old)) {
            deleteQuietly(p);
          }
        } catch (NoSuchFileException e) {
          // renamed into place or removed meanwhile
        }
      }
    }
  }

  Path fileFor(Digest layer, String policyKey) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(layer.toString().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(policyKey.getBytes(StandardCharsets.UTF_8));
      return dir.resolve(HexFormat.of().formatHex(sha.digest()) + SUFFIX);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void touch(Path file) {
    try {
      Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
    } catch (IOException e) {
      // LRU order is a hint; a file evicted meanwhile is read again next time
    }
  }

  private static boolean deleteQuietly(Path p) {
    try {
      return Files.deleteIfExists(p);
    } catch (IOException e) {
      return false;
    }
  }

  // ---------------------------------------------------------------------------- format

  static byte[] encode(String digest, String policyKey, RecordedLayer layer) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    long rawLength;
    try (DataOutputStream out =
        new DataOutputStream(
            // buffered: DataOutputStream writes an int as four one-byte writes, each a deflate call
            new BufferedOutputStream(
                new DeflaterOutputStream(body, deflater, 64 * 1024), 64 * 1024))) {
      writeString(out, digest);
      writeString(out, policyKey);
      out.writeInt(layer.size());
      List<LayerEntry> entries = layer.entries();
      for (int i = 0; i < entries.size(); i++) {
        LayerEntry e = entries.get(i);
        Content c = layer.content(i);
        writeString(out, e.path());
        out.writeByte(e.type().ordinal());
        out.writeInt(e.mode());
        out.writeLong(e.uid());
        out.writeLong(e.gid());
        out.writeLong(e.size());
        int flags =
            (e.linkName().isPresent() ? 1 : 0)
                | (e.hardLink() ? 2 : 0)
                | (c != null ? 4 : 0)
                | (c != null && c.truncated() ? 8 : 0);
        out.writeByte(flags);
        if (e.linkName().isPresent()) {
          writeString(out, e.linkName().get());
        }
        if (c != null) {
          out.writeInt(c.bytes().length);
          out.write(c.bytes());
        }
      }
    } finally {
      rawLength = deflater.getBytesRead();
      deflater.end();
    }
    byte[] payload = body.toByteArray();
    ByteBuffer file = ByteBuffer.allocate(HEADER + payload.length);
    file.put(MAGIC).putLong(payload.length).putLong(rawLength);
    file.putInt(0).put(payload);
    byte[] bytes = file.array();
    file.putInt(MAGIC.length + 16, crc(bytes));
    return bytes;
  }

  /** The CRC32C of the two lengths and the payload. */
  private static int crc(byte[] file) {
    CRC32C crc = new CRC32C();
    crc.update(file, MAGIC.length, 16);
    crc.update(file, HEADER, file.length - HEADER);
    return (int) crc.getValue();
  }

  static RecordedLayer decode(byte[] file, String digest, String policyKey)
      throws CorruptEntryException {
    if (file.length < HEADER || !Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new CorruptEntryException("not a layer entry of this version");
    }
    ByteBuffer header = ByteBuffer.wrap(file, MAGIC.length, 20);
    long length = header.getLong();
    long rawLength = header.getLong();
    if (length != file.length - HEADER) {
      throw new CorruptEntryException(
          "truncated: " + (file.length - HEADER) + " of " + length + " bytes");
    }
    if (header.getInt() != crc(file)) {
      throw new CorruptEntryException("checksum mismatch");
    }
    // deflate expands at most ~1032:1
    if (rawLength < 0 || rawLength > Math.min(Integer.MAX_VALUE - 8, length * 1100L + 64)) {
      throw new CorruptEntryException("bad payload length");
    }
    // Inflated whole, then read with a ByteBuffer: a DataInputStream over a BufferedInputStream
    // takes a synchronized call per byte of every int and long, ~half of a warm read.
    ByteBuffer in = ByteBuffer.wrap(inflate(file, (int) rawLength));
    try {
      if (!readString(in).equals(digest) || !readString(in).equals(policyKey)) {
        throw new CorruptEntryException("stored for another layer or policy");
      }
      int count = in.getInt();
      if (count < 0) {
        throw new CorruptEntryException("bad entry count");
      }
      List<LayerEntry> entries = new ArrayList<>(Math.min(count, 1 << 16));
      List<Content> contents = new ArrayList<>(Math.min(count, 1 << 16));
      for (int i = 0; i < count; i++) {
        String path = readString(in);
        int type = in.get() & 0xff;
        if (type >= TYPES.length) {
          throw new CorruptEntryException("bad entry type");
        }
        int mode = in.getInt();
        long uid = in.getLong();
        long gid = in.getLong();
        long size = in.getLong();
        int flags = in.get() & 0xff;
        Optional<String> link = (flags & 1) != 0 ? Optional.of(readString(in)) : Optional.empty();
        Content content = null;
        if ((flags & 4) != 0) {
          int n = in.getInt();
          if (n < 0 || n > in.remaining()) {
            throw new CorruptEntryException("bad content length");
          }
          byte[] bytes = new byte[n];
          in.get(bytes);
          content = new Content(bytes, (flags & 8) != 0);
        }
        entries.add(
            new LayerEntry(path, TYPES[type], mode, uid, gid, size, link, (flags & 2) != 0));
        contents.add(content);
      }
      if (in.hasRemaining()) {
        throw new CorruptEntryException("trailing data");
      }
      return RecordedLayer.of(entries, contents);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new CorruptEntryException("unreadable body: " + e);
    }
  }

  /** The payload inflated: exactly {@code rawLength} bytes, or the entry is corrupt. */
  private static byte[] inflate(byte[] file, int rawLength) throws CorruptEntryException {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(file, HEADER, file.length - HEADER);
      byte[] raw = new byte[rawLength];
      int n = 0;
      while (n < rawLength && !inflater.finished()) {
        int k = inflater.inflate(raw, n, rawLength - n);
        if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        n += k;
      }
      if (n != rawLength || !inflater.finished() || inflater.getRemaining() != 0) {
        throw new CorruptEntryException("unreadable body: " + n + " of " + rawLength + " bytes");
      }
      return raw;
    } catch (DataFormatException e) {
      throw new CorruptEntryException("unreadable body: " + e);
    } finally {
      inflater.end();
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(ByteBuffer in) throws CorruptEntryException {
    int n = in.getInt();
    if (n < 0 || n > (64 << 20) || n > in.remaining()) {
      throw new CorruptEntryException("bad string length");
    }
    String s = new String(in.array(), in.arrayOffset() + in.position(), n, StandardCharsets.UTF_8);
    in.position(in.position() + n);
    return s;
  }

  /** A stored file that is not a whole, intact entry for the key asked for. */
  static final class CorruptEntryException extends IOException {
    CorruptEntryException(String message) {
      super(message);
    }
  }
}
