package dev.runnerlint.cache;

import dev.runnerlint.image.Digest;
import dev.runnerlint.layer.Content;
import dev.runnerlint.layer.FileType;
import dev.runnerlint.layer.LayerEntry;
import dev.runnerlint.layer.RecordedLayer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
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
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

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

  private static final byte[] MAGIC = "RLLAYER1".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER = MAGIC.length + 8 + 32;
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
      deflater.end();
    }
    byte[] payload = body.toByteArray();
    ByteArrayOutputStream file = new ByteArrayOutputStream(HEADER + payload.length);
    file.write(MAGIC);
    file.write(ByteBuffer.allocate(8).putLong(payload.length).array());
    file.write(sha256(payload, 0, payload.length));
    file.write(payload);
    return file.toByteArray();
  }

  static RecordedLayer decode(byte[] file, String digest, String policyKey)
      throws CorruptEntryException {
    if (file.length < HEADER || !Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new CorruptEntryException("not a layer entry of this version");
    }
    long length = ByteBuffer.wrap(file, MAGIC.length, 8).getLong();
    if (length != file.length - HEADER) {
      throw new CorruptEntryException(
          "truncated: " + (file.length - HEADER) + " of " + length + " bytes");
    }
    byte[] sum = sha256(file, HEADER, file.length - HEADER);
    if (!Arrays.equals(sum, 0, 32, file, MAGIC.length + 8, HEADER)) {
      throw new CorruptEntryException("checksum mismatch");
    }
    Inflater inflater = new Inflater();
    try (DataInputStream in =
        new DataInputStream(
            // buffered: DataInputStream reads an int as four one-byte reads, each an inflate call
            new BufferedInputStream(
                new InflaterInputStream(
                    new ByteArrayInputStream(file, HEADER, file.length - HEADER),
                    inflater,
                    64 * 1024),
                64 * 1024))) {
      if (!readString(in).equals(digest) || !readString(in).equals(policyKey)) {
        throw new CorruptEntryException("stored for another layer or policy");
      }
      int count = in.readInt();
      if (count < 0) {
        throw new CorruptEntryException("bad entry count");
      }
      List<LayerEntry> entries = new ArrayList<>(Math.min(count, 1 << 16));
      List<Content> contents = new ArrayList<>(Math.min(count, 1 << 16));
      for (int i = 0; i < count; i++) {
        String path = readString(in);
        int type = in.readUnsignedByte();
        if (type >= TYPES.length) {
          throw new CorruptEntryException("bad entry type");
        }
        int mode = in.readInt();
        long uid = in.readLong();
        long gid = in.readLong();
        long size = in.readLong();
        int flags = in.readUnsignedByte();
        Optional<String> link = (flags & 1) != 0 ? Optional.of(readString(in)) : Optional.empty();
        Content content = null;
        if ((flags & 4) != 0) {
          int n = in.readInt();
          if (n < 0 || n > file.length * 1100L) {
            throw new CorruptEntryException("bad content length");
          }
          byte[] bytes = in.readNBytes(n);
          if (bytes.length != n) {
            throw new EOFException();
          }
          content = new Content(bytes, (flags & 8) != 0);
        }
        entries.add(
            new LayerEntry(path, TYPES[type], mode, uid, gid, size, link, (flags & 2) != 0));
        contents.add(content);
      }
      if (in.read() != -1) {
        throw new CorruptEntryException("trailing data");
      }
      return RecordedLayer.of(entries, contents);
    } catch (IOException | RuntimeException e) {
      if (e instanceof CorruptEntryException c) {
        throw c;
      }
      Throwable cause = e.getCause() instanceof DataFormatException d ? d : e;
      throw new CorruptEntryException("unreadable body: " + cause);
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > (64 << 20)) {
      throw new CorruptEntryException("bad string length");
    }
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new EOFException();
    }
    return new String(b, StandardCharsets.UTF_8);
  }

  private static byte[] sha256(byte[] b, int off, int len) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(b, off, len);
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A stored file that is not a whole, intact entry for the key asked for. */
  static final class CorruptEntryException extends IOException {
    CorruptEntryException(String message) {
      super(message);
    }
  }
}
