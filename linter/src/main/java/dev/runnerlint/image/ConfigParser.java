package dev.runnerlint.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Parses an image config (OCI or Docker) into {@link ImageConfig}. */
public final class ConfigParser {

  private ConfigParser() {}

  /**
   * @param bytes the config blob, already verified against its digest
   * @throws ManifestFormatException not a JSON object, or no {@code rootfs.diff_ids} array
   */
  public static ImageConfig parse(byte[] bytes) throws ManifestFormatException {
    JsonNode root = Json.readObject(bytes, "image config");
    JsonNode config = root.get("config");
    List<ImageConfig.HistoryEntry> history = new ArrayList<>();
    JsonNode h = root.get("history");
    if (h != null && h.isArray()) {
      for (JsonNode e : h) {
        history.add(
            new ImageConfig.HistoryEntry(
                Json.text(e, "created_by"), e.path("empty_layer").asBoolean(false)));
      }
    }
    JsonNode rootfs = root.get("rootfs");
    if (rootfs == null || !rootfs.isObject() || !rootfs.path("diff_ids").isArray()) {
      // required by the OCI image spec and Docker's image format: without it, no layer is known
      throw ManifestFormatException.malformed(
          "image config has no 'rootfs' with 'diff_ids': not a container image config");
    }
    List<Digest> diffIds = new ArrayList<>();
    List<String> ids = Json.strings(rootfs, "diff_ids");
    if (ids != null) {
      for (String id : ids) {
        try {
          diffIds.add(Digest.parse(id));
        } catch (IllegalArgumentException e) {
          throw ManifestFormatException.malformed("image config has an " + e.getMessage());
        }
      }
    }
    return new ImageConfig(
        Json.text(root, "os"),
        Json.text(root, "architecture"),
        Json.text(root, "variant"),
        Json.text(config, "User"),
        Json.text(config, "WorkingDir"),
        Json.strings(config, "Env"),
        Json.strings(config, "Entrypoint"),
        Json.strings(config, "Cmd"),
        history,
        diffIds);
  }
}
