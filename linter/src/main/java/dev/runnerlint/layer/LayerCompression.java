package dev.runnerlint.layer;

import dev.runnerlint.image.MediaTypes;

/** How a layer blob is compressed. */
public enum LayerCompression {
  GZIP,
  ZSTD,
  NONE;

  /** What the media type declares, or null when it does not say (unknown or ambiguous). */
  static LayerCompression declaredBy(String mediaType) {
    if (mediaType == null) {
      return null;
    }
    String m = mediaType.trim();
    if (m.endsWith("+gzip")
        || m.endsWith(".tar.gzip")
        || m.equals(MediaTypes.DOCKER_LAYER_FOREIGN)) {
      return GZIP;
    }
    if (m.endsWith("+zstd") || m.endsWith(".tar.zstd")) {
      return ZSTD;
    }
    if (m.equals(MediaTypes.OCI_LAYER)
        || m.equals(MediaTypes.OCI_LAYER_ND)
        || m.equals("application/vnd.docker.image.rootfs.diff.tar")
        || m.equals("application/x-tar")) {
      return NONE;
    }
    return null;
  }

  /** What the first bytes of a blob are, or null when they are none of gzip, zstd or tar. */
  static LayerCompression sniff(byte[] head, int len) {
    String compressed = MediaTypes.compressedLayerTypeOf(head, len);
    if (compressed != null) {
      return declaredBy(compressed);
    }
    if (len == 0) {
      return NONE; // an empty tar
    }
    if (len >= 512) {
      boolean zero = true;
      for (int i = 0; i < 512 && zero; i++) {
        zero = head[i] == 0;
      }
      if (zero) {
        return NONE; // end-of-archive block: an empty tar
      }
      byte[] header = len == 512 ? head : java.util.Arrays.copyOf(head, 512);
      try {
        if (org.apache.commons.compress.archivers.tar.TarUtils.verifyCheckSum(header)) {
          return NONE;
        }
      } catch (IllegalArgumentException notOctal) {
        return null;
      }
    }
    return null;
  }
}
