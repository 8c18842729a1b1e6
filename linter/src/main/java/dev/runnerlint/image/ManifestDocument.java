package dev.runnerlint.image;

/** A parsed manifest-endpoint document: either one image's manifest or an index of manifests. */
public sealed interface ManifestDocument permits ImageManifest, ImageIndex {

  /** The media type the document was read as. */
  String mediaType();
}
