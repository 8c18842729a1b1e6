package dev.runnerlint.image;

import java.util.Set;

/** The manifest, config and layer media types runnerlint understands. */
public final class MediaTypes {
  private MediaTypes() {}

  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
  public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
  public static final String OCI_LAYER_ND =
      "application/vnd.oci.image.layer.nondistributable.v1.tar";
  public static final String OCI_LAYER_ND_GZIP =
      "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
  public static final String OCI_LAYER_ND_ZSTD =
      "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";

  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  public static final String DOCKER_LAYER_GZIP =
      "application/vnd.docker.image.rootfs.diff.tar.gzip";
  public static final String DOCKER_LAYER_ZSTD =
      "application/vnd.docker.image.rootfs.diff.tar.zstd";
  public static final String DOCKER_LAYER_FOREIGN =
      "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

  public static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_MANIFEST_LIST);
  public static final Set<String> MANIFESTS = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);

  public static boolean isIndex(String mediaType) {
    return INDEXES.contains(mediaType);
  }

  public static boolean isManifest(String mediaType) {
    return MANIFESTS.contains(mediaType);
  }

  /** The layer media types whose content runnerlint reads (foreign ones are refused later). */
  public static final Set<String> LAYERS =
      Set.of(
          OCI_LAYER,
          OCI_LAYER_GZIP,
          OCI_LAYER_ZSTD,
          OCI_LAYER_ND,
          OCI_LAYER_ND_GZIP,
          OCI_LAYER_ND_ZSTD,
          "application/vnd.docker.image.rootfs.diff.tar",
          DOCKER_LAYER_GZIP,
          DOCKER_LAYER_ZSTD,
          DOCKER_LAYER_FOREIGN);

  /**
   * True for a layer media type of the OCI image spec or Docker's schema 2: anything else (an
   * encrypted layer, an lz4 one, an artifact) is not a filesystem layer runnerlint can read.
   */
  public static boolean isLayer(String mediaType) {
    return LAYERS.contains(mediaType);
  }

  /** Foreign (Windows base) and non-distributable layers: their content is not in the registry. */
  public static boolean isForeignLayer(String mediaType) {
    return mediaType.equals(DOCKER_LAYER_FOREIGN) || mediaType.contains(".nondistributable.");
  }

  /**
   * The compressed layer type that a blob's first bytes show: {@link #OCI_LAYER_GZIP} for the gzip
   * magic, {@link #OCI_LAYER_ZSTD} for the zstd magic, else null. The one magic-byte sniffer.
   */
  public static String compressedLayerTypeOf(byte[] head, int len) {
    if (len >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return OCI_LAYER_GZIP;
    }
    if (len >= 4
        && (head[0] & 0xff) == 0x28
        && (head[1] & 0xff) == 0xb5
        && (head[2] & 0xff) == 0x2f
        && (head[3] & 0xff) == 0xfd) {
      return OCI_LAYER_ZSTD;
    }
    return null;
  }
}
