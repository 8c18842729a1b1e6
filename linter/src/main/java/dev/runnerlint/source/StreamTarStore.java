package dev.runnerlint.source;

import dev.runnerlint.source.ImageReadException.Kind;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A {@link LayoutStore} over a tar that can only be streamed ({@link TarOpener}): the first pass
 * indexes every entry and keeps the small ones (at most {@link #KEEP_MAX} each, {@link #KEEP_TOTAL}
 * in all: manifests, configs) and the first bytes of every file in memory; a large file is then
 * streamed from a cursor that moves forward through a second stream, so files asked for in archive
 * order (layers in manifest order, as {@code docker save} writes them) cost one more pass in all.
 * Nothing is written to disk. One file is open at a time: opening another ends it.
 */
final class StreamTarStore implements LayoutStore {

  static final int KEEP_MAX = 1 << 20;
  static final long KEEP_TOTAL = 64L << 20;
  private static final int HEAD = 16;

  private final TarOpener opener;
  private final Map<String, TarArchiveEntry> entries = new HashMap<>();
  private final Map<TarArchiveEntry, Integer> ordinals = new HashMap<>();
  private final Map<TarArchiveEntry, byte[]> kept = new HashMap<>();
  private final Map<TarArchiveEntry, byte[]> heads = new HashMap<>();
  private TarArchiveInputStream cursor;
  private int cursorOrdinal;

  private StreamTarStore(TarOpener opener) {
    this.opener = opener;
  }

  static StreamTarStore open(TarOpener opener, String image) throws ImageReadException {
    StreamTarStore store = new StreamTarStore(opener);
    try {
      store.index(image);
    } catch (IOException e) {
      throw new ImageReadException(
          Kind.CORRUPT, image, "not a readable tar archive: " + e.getMessage(), e);
    }
    return store;
  }

  private void index(String image) throws IOException, ImageReadException {
    long keptBytes = 0;
    java.io.BufferedInputStream in = new java.io.BufferedInputStream(opener.open(), 8192);
    in.mark(512);
    byte[] head = in.readNBytes(512);
    in.reset();
    if (!TarStore.isTarHeader(head)) {
      in.close();
      throw new ImageReadException(Kind.CORRUPT, image, "not a tar archive");
    }
    try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      int ordinal = 0;
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry(), ordinal++) {
        entries.put(TarStore.normalize(e.getName()), e);
        ordinals.put(e, ordinal);
        if (!e.isFile()) {
          continue;
        }
        if (e.getSize() <= KEEP_MAX && keptBytes + e.getSize() <= KEEP_TOTAL) {
          byte[] content = tar.readAllBytes();
          keptBytes += content.length;
          kept.put(e, content);
          heads.put(e, Arrays.copyOf(content, Math.min(HEAD, content.length)));
        } else {
          heads.put(e, tar.readNBytes(HEAD));
        }
      }
    }
  }

  @Override
  public Optional<Long> size(String path) {
    return TarStore.find(entries, path).map(TarArchiveEntry::getSize);
  }

  @Override
  public byte[] head(String path, int n) throws IOException {
    TarArchiveEntry e = entry(path);
    byte[] head = heads.get(e);
    return n <= head.length || head.length == e.getSize()
        ? Arrays.copyOf(head, Math.min(n, head.length))
        : LayoutStore.super.head(path, n);
  }

  @Override
  public synchronized InputStream open(String path) throws IOException {
    TarArchiveEntry e = entry(path);
    byte[] content = kept.get(e);
    if (content != null) {
      return new ByteArrayInputStream(content);
    }
    int target = ordinals.get(e);
    if (cursor == null || cursorOrdinal >= target) {
      closeCursor();
      cursor = new TarArchiveInputStream(opener.open());
      cursorOrdinal = -1;
    }
    TarArchiveEntry at = null;
    while (cursorOrdinal < target) {
      at = cursor.getNextEntry();
      if (at == null) {
        throw new EOFException("the archive ended before " + path + " on a second read");
      }
      cursorOrdinal++;
    }
    if (!at.getName().equals(e.getName()) || at.getSize() != e.getSize()) {
      throw new IOException("the archive changed between reads: " + path);
    }
    return new FilterInputStream(cursor) {
      @Override
      public void close() {
        // the cursor stays open for the next file
      }
    };
  }

  private TarArchiveEntry entry(String path) throws NoSuchFileException {
    return TarStore.find(entries, path).orElseThrow(() -> new NoSuchFileException(path));
  }

  private void closeCursor() {
    if (cursor != null) {
      try {
        cursor.close();
      } catch (IOException e) {
        // a read-only stream: closing it loses nothing
      }
      cursor = null;
    }
  }

  @Override
  public synchronized void close() {
    closeCursor();
  }
}
