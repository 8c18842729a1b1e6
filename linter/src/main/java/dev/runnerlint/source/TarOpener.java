package dev.runnerlint.source;

import java.io.IOException;
import java.io.InputStream;

/**
 * Opens a tar archive ({@code docker save} output, an OCI archive) as a stream from its first byte:
 * the input of a tar-backed source that is not a file, like go-containerregistry's {@code
 * tarball.Opener}. A Docker-daemon source is an opener that issues {@code GET /images/NAME/get}.
 *
 * <p>The stream need not be seekable, and is read front to back. The opener may be called more than
 * once, and each call must yield the same bytes: {@link #stream} reads the archive once to index it
 * (keeping the small entries — manifests, configs — in memory), then once more for the layers,
 * which it streams in the order they are asked for; a layer asked for out of archive order costs
 * one more call.
 */
@FunctionalInterface
public interface TarOpener {

  /** A fresh stream of the whole archive; the caller closes it. */
  InputStream open() throws IOException;

  /**
   * The files of the archive behind {@code opener}, read as streams only ({@link StreamTarStore}).
   *
   * @param image the image's name, for messages
   */
  static LayoutStore stream(TarOpener opener, String image) throws ImageReadException {
    return StreamTarStore.open(opener, image);
  }
}
