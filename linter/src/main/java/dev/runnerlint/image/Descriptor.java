package dev.runnerlint.image;

import dev.runnerlint.reference.Platform;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An OCI content descriptor: what a manifest or index says about one blob. Immutable. */
public record Descriptor(
    String mediaType,
    Digest digest,
    long size,
    Optional<Platform> platform,
    Map<String, String> annotations,
    List<String> urls) {

  public Descriptor {
    platform = platform == null ? Optional.empty() : platform;
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    urls = urls == null ? List.of() : List.copyOf(urls);
  }

  public static Descriptor of(String mediaType, Digest digest, long size) {
    return new Descriptor(mediaType, digest, size, Optional.empty(), Map.of(), List.of());
  }
}
