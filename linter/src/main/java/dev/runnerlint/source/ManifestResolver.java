package dev.runnerlint.source;

import dev.runnerlint.image.ConfigParser;
import dev.runnerlint.image.Descriptor;
import dev.runnerlint.image.Digest;
import dev.runnerlint.image.ImageConfig;
import dev.runnerlint.image.ImageIndex;
import dev.runnerlint.image.ImageManifest;
import dev.runnerlint.image.ManifestDocument;
import dev.runnerlint.image.ManifestFormatException;
import dev.runnerlint.image.ManifestParser;
import dev.runnerlint.image.MediaTypes;
import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.reference.Platform;
import dev.runnerlint.reference.PlatformSelector;
import dev.runnerlint.source.ImageReadException.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Walks from a root manifest or index to the selected platforms' manifests and configs, the same
 * way for every source: index entries with platform {@code unknown/unknown} (attestations) are
 * skipped, an entry without a platform takes its config's, a single manifest's platform comes from
 * its config. Foreign and non-distributable layers are refused.
 */
final class ManifestResolver {

  /** Fetches verified bytes from wherever the source keeps them. */
  interface Fetcher {
    /** A manifest (or nested index) named by an index entry. */
    byte[] manifest(Descriptor descriptor) throws ImageReadException;

    /** A config blob. */
    byte[] blob(Descriptor descriptor) throws ImageReadException;
  }

  private static final Set<String> CONFIG_TYPES =
      Set.of("", MediaTypes.OCI_CONFIG, MediaTypes.DOCKER_CONFIG);
  private static final int MAX_INDEX_DEPTH = 2;

  private final String image;
  private final String repository;
  private final Fetcher fetcher;

  ManifestResolver(String image, String repository, Fetcher fetcher) {
    this.image = image;
    this.repository = repository;
    this.fetcher = fetcher;
  }

  /**
   * @param rootDigest the verified digest of {@code rootBytes}
   * @param outerMediaType the Content-Type or descriptor media type of the root, or null
   */
  List<PlatformImage> resolve(
      Digest rootDigest, byte[] rootBytes, String outerMediaType, PlatformSelector selector)
      throws ImageReadException {
    ManifestDocument doc = parse(rootBytes, outerMediaType);
    if (doc instanceof ImageManifest m) {
      PlatformImage single = platformImage(Optional.empty(), rootDigest, m, Optional.empty());
      Optional<Platform> wanted = selector.only();
      if (wanted.isPresent() && !wanted.get().selects(single.platform())) {
        throw new ImageReadException(
            Kind.NO_MATCHING_PLATFORM,
            image,
            "no manifest for platform " + wanted.get() + "; available: " + single.platform());
      }
      return List.of(single);
    }
    List<PlatformImage> out = new ArrayList<>();
    List<String> available = new ArrayList<>();
    walkIndex(rootDigest, (ImageIndex) doc, selector, out, available, 0);
    if (out.isEmpty()) {
      throw new ImageReadException(
          Kind.NO_MATCHING_PLATFORM,
          image,
          "no manifest for platform "
              + selector
              + " in the index; available: "
              + (available.isEmpty() ? "none" : String.join(", ", available)));
    }
    return out;
  }

  private void walkIndex(
      Digest indexDigest,
      ImageIndex index,
      PlatformSelector selector,
      List<PlatformImage> out,
      List<String> available,
      int depth)
      throws ImageReadException {
    for (Descriptor entry : index.manifests()) {
      Optional<Platform> declared = entry.platform();
      if (declared.isPresent() && declared.get().isUnknown()) {
        continue;
      }
      if (declared.isPresent()) {
        available.add(declared.get().toString());
        if (!selector.accepts(declared.get())) {
          continue;
        }
      }
      ManifestDocument child = parse(fetcher.manifest(entry), emptyToNull(entry.mediaType()));
      if (child instanceof ImageIndex nested) {
        if (depth + 1 >= MAX_INDEX_DEPTH) {
          throw new ImageReadException(
              Kind.UNSUPPORTED, image, "indexes nested deeper than " + MAX_INDEX_DEPTH);
        }
        walkIndex(entry.digest(), nested, selector, out, available, depth + 1);
        continue;
      }
      PlatformImage pi =
          platformImage(Optional.of(indexDigest), entry.digest(), (ImageManifest) child, declared);
      if (declared.isEmpty()) {
        available.add(pi.platform().toString());
        if (!selector.accepts(pi.platform())) {
          continue;
        }
      }
      out.add(pi);
    }
  }

  private PlatformImage platformImage(
      Optional<Digest> indexDigest,
      Digest manifestDigest,
      ImageManifest manifest,
      Optional<Platform> declared)
      throws ImageReadException {
    Descriptor configDescriptor = manifest.config();
    if (!CONFIG_TYPES.contains(configDescriptor.mediaType())) {
      throw new ImageReadException(
          Kind.UNSUPPORTED,
          image,
          "unsupported config media type "
              + configDescriptor.mediaType()
              + " (not a container image)");
    }
    for (int i = 0; i < manifest.layers().size(); i++) {
      Descriptor layer = manifest.layers().get(i);
      if (MediaTypes.isForeignLayer(layer.mediaType())) {
        throw ImageReadException.foreignLayer(image, i, layer);
      }
      if (!MediaTypes.isLayer(layer.mediaType())) {
        throw new ImageReadException(
            Kind.UNSUPPORTED,
            image,
            "layer "
                + i
                + " ("
                + layer.digest()
                + ") has unsupported media type '"
                + layer.mediaType()
                + "'");
      }
    }
    ImageConfig config = parseConfig(image, fetcher.blob(configDescriptor));
    if (!config.diffIds().isEmpty() && config.diffIds().size() != manifest.layers().size()) {
      throw new ImageReadException(
          Kind.CORRUPT,
          image,
          "manifest "
              + manifestDigest
              + " has "
              + manifest.layers().size()
              + " layers but its config lists "
              + config.diffIds().size()
              + " diff_ids");
    }
    Platform platform = declared.orElseGet(() -> platformOf(config));
    return new PlatformImage(
        image,
        repository,
        indexDigest,
        manifestDigest,
        manifest.mediaType(),
        platform,
        configDescriptor,
        config,
        manifest.layers());
  }

  /** The platform an image config declares ({@code unknown} for missing os or architecture). */
  static Platform platformOf(ImageConfig config) {
    return new Platform(
        config.os().isEmpty() ? "unknown" : config.os(),
        config.architecture().isEmpty() ? "unknown" : config.architecture(),
        config.variant());
  }

  ManifestDocument parse(byte[] bytes, String outerMediaType) throws ImageReadException {
    try {
      return ManifestParser.parse(bytes, outerMediaType);
    } catch (ManifestFormatException e) {
      throw new ImageReadException(
          e.unsupported() ? Kind.UNSUPPORTED : Kind.CORRUPT, image, e.getMessage());
    }
  }

  static ImageConfig parseConfig(String image, byte[] bytes) throws ImageReadException {
    try {
      return ConfigParser.parse(bytes);
    } catch (ManifestFormatException e) {
      throw new ImageReadException(Kind.CORRUPT, image, e.getMessage());
    }
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
