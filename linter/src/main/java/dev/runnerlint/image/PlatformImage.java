package dev.runnerlint.image;

import dev.runnerlint.reference.Platform;
import java.util.List;
import java.util.Optional;

/**
 * One platform of an image, resolved: its manifest digest, config and layer descriptors.
 *
 * @param reference the image as the user named it
 * @param repository the repository without tag or digest, e.g. {@code ghcr.io/acme/runner}; for
 *     local sources the name the layout or archive gives it, else the file name
 * @param indexDigest the digest of the index it was selected from, when there was one
 * @param manifestDigest the digest of this platform's manifest
 */
public record PlatformImage(
    String reference,
    String repository,
    Optional<Digest> indexDigest,
    Digest manifestDigest,
    String manifestMediaType,
    Platform platform,
    Descriptor configDescriptor,
    ImageConfig config,
    List<Descriptor> layers) {

  public PlatformImage {
    layers = List.copyOf(layers);
  }

  /** The sum of the compressed layer sizes. */
  public long layersSize() {
    return layers.stream().mapToLong(Descriptor::size).sum();
  }
}
