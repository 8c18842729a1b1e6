package dev.runnerlint.source;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Files of an image layout or a {@code docker save} archive, by their relative path ({@code
 * index.json}, {@code blobs/sha256/…}): a directory or a tar read in place.
 */
public interface LayoutStore extends Closeable {

  /** The file's size, or empty when there is no such regular file. */
  Optional<Long> size(String path) throws IOException;

  /** Opens a file; {@link java.nio.file.NoSuchFileException} when it is not there. */
  InputStream open(String path) throws IOException;

  /** The first {@code n} bytes of a file (fewer when it is shorter), e.g. to sniff compression. */
  default byte[] head(String path, int n) throws IOException {
    try (InputStream in = open(path)) {
      return in.readNBytes(n);
    }
  }

  @Override
  void close();
}
