package dev.runnerlint.source;

import dev.runnerlint.image.ImagePath;
import dev.runnerlint.source.ImageReadException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * A {@link LayoutStore} over a tar file ({@code oci-archive:}, {@code docker-archive:}), read in
 * place with Commons Compress's random-access {@link TarFile}: nothing is unpacked to disk.
 * Symbolic links between entries (old {@code docker save} output links repeated layers) are
 * followed.
 */
final class TarStore implements LayoutStore {

  private static final int MAX_LINK_HOPS = 8;

  private final TarFile tar;
  private final Map<String, TarArchiveEntry> entries = new HashMap<>();

  /**
   * Opens the tar file of image {@code image}: {@code NOT_FOUND} when there is no such file, {@code
   * CORRUPT} when it is not a readable tar.
   */
  static TarStore open(Path file, String image) throws ImageReadException {
    if (!Files.isRegularFile(file)) {
      throw new ImageReadException(Kind.NOT_FOUND, image, "no such file " + file);
    }
    try {
      byte[] head;
      try (java.io.InputStream in = Files.newInputStream(file)) {
        head = in.readNBytes(512);
      }
      if (!isTarHeader(head)) {
        throw new ImageReadException(Kind.CORRUPT, image, "not a tar archive");
      }
      return new TarStore(file);
    } catch (IOException e) {
      throw new ImageReadException(
          Kind.CORRUPT, image, "not a readable tar archive: " + e.getMessage(), e);
    }
  }

  private TarStore(Path file) throws IOException {
    this.tar = new TarFile(file);
    for (TarArchiveEntry e : tar.getEntries()) {
      entries.put(normalize(e.getName()), e);
    }
  }

  /**
   * True when {@code head} (the first 512 bytes of a file) is a tar header block with a valid
   * checksum, or the zero block of an empty archive.
   */
  static boolean isTarHeader(byte[] head) {
    if (head.length < 512) {
      return false;
    }
    boolean zero = true;
    for (byte b : head) {
      zero &= b == 0;
    }
    return zero || org.apache.commons.compress.archivers.tar.TarUtils.verifyCheckSum(head);
  }

  /**
   * An entry name as a key: relative, normalised lexically ({@link ImagePath}, never above "/").
   */
  static String normalize(String name) {
    return ImagePath.normalize(name).substring(1);
  }

  private Optional<TarArchiveEntry> find(String path) {
    return find(entries, path);
  }

  /**
   * The regular file {@code path} names in {@code entries} (keyed by {@link #normalize}d name),
   * following symbolic and hard links between entries.
   */
  static Optional<TarArchiveEntry> find(Map<String, TarArchiveEntry> entries, String path) {
    String p = normalize(path);
    for (int hop = 0; hop <= MAX_LINK_HOPS; hop++) {
      TarArchiveEntry e = entries.get(p);
      if (e == null) {
        return Optional.empty();
      }
      if (!e.isSymbolicLink() && !e.isLink()) {
        return e.isFile() ? Optional.of(e) : Optional.empty();
      }
      String target = e.getLinkName();
      p =
          e.isLink() || target.startsWith("/")
              ? normalize(target)
              : normalize(ImagePath.join(ImagePath.parent("/" + p), target));
    }
    return Optional.empty();
  }

  @Override
  public Optional<Long> size(String path) {
    return find(path).map(TarArchiveEntry::getSize);
  }

  @Override
  public InputStream open(String path) throws IOException {
    TarArchiveEntry e = find(path).orElseThrow(() -> new NoSuchFileException(path));
    return tar.getInputStream(e);
  }

  @Override
  public void close() {
    try {
      tar.close();
    } catch (IOException e) {
      // nothing was written; a failed close of a read-only file loses nothing
    }
  }
}
