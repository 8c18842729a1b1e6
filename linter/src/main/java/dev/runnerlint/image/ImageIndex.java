package dev.runnerlint.image;

import java.util.List;

/** An OCI image index or a Docker manifest list: one descriptor per platform manifest. */
public record ImageIndex(String mediaType, List<Descriptor> manifests) implements ManifestDocument {

  public ImageIndex {
    manifests = List.copyOf(manifests);
  }
}
