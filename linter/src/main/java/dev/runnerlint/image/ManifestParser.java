package dev.runnerlint.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runnerlint.reference.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses the bytes of a manifest endpoint or an index file: Docker v2 schema 2 manifest, OCI image
 * manifest, OCI image index and Docker manifest list. The kind comes from the document's {@code
 * mediaType} field, else from the media type the caller was given (HTTP Content-Type or the
 * descriptor that pointed here), else from its shape ({@code manifests} or {@code config}).
 */
public final class ManifestParser {

  static final String DOCKER_SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json";
  static final String DOCKER_SCHEMA1_SIGNED =
      "application/vnd.docker.distribution.manifest.v1+prettyjws";

  private ManifestParser() {}

  /**
   * @param bytes the document, already verified against its digest
   * @param outerMediaType the Content-Type or descriptor media type, or null
   */
  public static ManifestDocument parse(byte[] bytes, String outerMediaType)
      throws ManifestFormatException {
    JsonNode root = Json.readObject(bytes, "manifest");
    String mediaType = kind(root, outerMediaType);
    if (MediaTypes.isIndex(mediaType)) {
      JsonNode manifests = root.get("manifests");
      if (manifests == null || !manifests.isArray()) {
        throw ManifestFormatException.malformed("index has no 'manifests' array");
      }
      List<Descriptor> out = new ArrayList<>();
      for (JsonNode m : manifests) {
        out.add(descriptor(m, "index entry"));
      }
      return new ImageIndex(mediaType, out);
    }
    JsonNode config = root.get("config");
    JsonNode layers = root.get("layers");
    if (config == null || !config.isObject() || layers == null || !layers.isArray()) {
      throw ManifestFormatException.malformed("manifest has no 'config' object or 'layers' array");
    }
    List<Descriptor> out = new ArrayList<>();
    for (JsonNode l : layers) {
      out.add(descriptor(l, "layer"));
    }
    return new ImageManifest(mediaType, descriptor(config, "config"), out);
  }

  private static String kind(JsonNode root, String outer) throws ManifestFormatException {
    String field = Json.text(root, "mediaType");
    if (field != null) {
      return known(field);
    }
    JsonNode schema = root.get("schemaVersion");
    if (schema != null && schema.asInt() == 1) {
      throw ManifestFormatException.unsupported(
          "unsupported manifest media type " + DOCKER_SCHEMA1 + " (Docker schema 1)");
    }
    if (outer != null) {
      String base = outer.split(";", 2)[0].trim();
      if (MediaTypes.isIndex(base) || MediaTypes.isManifest(base)) {
        return base;
      }
      if (base.equals(DOCKER_SCHEMA1) || base.equals(DOCKER_SCHEMA1_SIGNED)) {
        return known(base);
      }
    }
    if (root.has("manifests")) {
      return MediaTypes.OCI_INDEX;
    }
    if (root.has("config") && root.has("layers")) {
      return MediaTypes.OCI_MANIFEST;
    }
    throw ManifestFormatException.malformed(
        "document has no mediaType and is neither a manifest nor an index");
  }

  private static String known(String mediaType) throws ManifestFormatException {
    if (MediaTypes.isIndex(mediaType) || MediaTypes.isManifest(mediaType)) {
      return mediaType;
    }
    String why =
        mediaType.equals(DOCKER_SCHEMA1) || mediaType.equals(DOCKER_SCHEMA1_SIGNED)
            ? " (Docker schema 1)"
            : "";
    throw ManifestFormatException.unsupported("unsupported manifest media type " + mediaType + why);
  }

  /** Parses one OCI content descriptor. */
  public static Descriptor descriptor(JsonNode node, String what) throws ManifestFormatException {
    String digest = Json.text(node, "digest");
    JsonNode size = node.get("size");
    if (digest == null || size == null || !size.canConvertToLong() || size.asLong() < 0) {
      throw ManifestFormatException.malformed(what + " descriptor lacks a digest or size");
    }
    Digest d;
    try {
      d = Digest.parse(digest);
    } catch (IllegalArgumentException e) {
      throw ManifestFormatException.malformed(what + " has an " + e.getMessage());
    }
    JsonNode p = node.get("platform");
    Optional<Platform> platform = Optional.empty();
    if (p != null
        && p.isObject()
        && Json.text(p, "os") != null
        && Json.text(p, "architecture") != null) {
      platform =
          Optional.of(
              new Platform(
                  Json.text(p, "os"), Json.text(p, "architecture"), Json.text(p, "variant")));
    }
    String mediaType = Json.text(node, "mediaType");
    return new Descriptor(
        mediaType == null ? "" : mediaType,
        d,
        size.asLong(),
        platform,
        Json.stringMap(node, "annotations"),
        Json.strings(node, "urls"));
  }
}
