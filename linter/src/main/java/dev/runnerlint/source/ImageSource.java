package dev.runnerlint.source;

import dev.runnerlint.image.Descriptor;
import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.reference.PlatformSelector;
import java.io.Closeable;
import java.io.InputStream;
import java.util.List;

/**
 * One image, wherever it lives: a registry, an OCI layout, an OCI archive or a docker archive. Like
 * go-containerregistry's {@code remote} / {@code layout} / {@code tarball} behind one image
 * interface: callers never ask which kind they hold.
 */
public interface ImageSource extends Closeable {

  /** The image as the user named it, for messages. */
  String name();

  /**
   * Reads the manifest (or index, then each selected manifest) and each config, verified against
   * their digests, and returns one entry per selected platform, in index order.
   *
   * @throws ImageReadException when the image cannot be read, or no platform matches
   */
  List<PlatformImage> resolve(PlatformSelector selector) throws ImageReadException;

  /**
   * Opens a blob (normally a layer) as a stream that is verified while it is read: reading it to
   * the end throws {@link BlobVerificationException} when the bytes do not match the descriptor's
   * digest or size. A caller must read to EOF to know the blob was whole.
   */
  InputStream openBlob(Descriptor blob) throws ImageReadException;

  /**
   * True when several blobs may be open and read at once, on different threads (a registry, a
   * layout directory); false for sources that stream one archive forward (the default).
   */
  default boolean concurrentBlobs() {
    return false;
  }

  @Override
  void close();
}
