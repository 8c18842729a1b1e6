package dev.runnerlint.image;

import java.util.List;

/** An OCI image manifest or a Docker v2 schema 2 manifest: one config and its layers, in order. */
public record ImageManifest(String mediaType, Descriptor config, List<Descriptor> layers)
    implements ManifestDocument {

  public ImageManifest {
    layers = List.copyOf(layers);
  }
}
