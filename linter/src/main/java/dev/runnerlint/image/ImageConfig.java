package dev.runnerlint.image;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of an image config (OCI {@code application/vnd.oci.image.config.v1+json} or Docker's
 * container config) that runnerlint reads. Fields absent in the JSON are empty strings / lists;
 * {@code entrypoint} and {@code cmd} are empty lists when not set.
 */
public record ImageConfig(
    String os,
    String architecture,
    String variant,
    String user,
    String workingDir,
    List<String> env,
    List<String> entrypoint,
    List<String> cmd,
    List<HistoryEntry> history,
    List<Digest> diffIds) {

  public ImageConfig {
    os = nz(os);
    architecture = nz(architecture);
    variant = nz(variant);
    user = nz(user);
    workingDir = nz(workingDir);
    env = env == null ? List.of() : List.copyOf(env);
    entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
    cmd = cmd == null ? List.of() : List.copyOf(cmd);
    history = history == null ? List.of() : List.copyOf(history);
    diffIds = diffIds == null ? List.of() : List.copyOf(diffIds);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  /** The environment as an ordered map; a later duplicate key wins, as in a container runtime. */
  public Map<String, String> envMap() {
    Map<String, String> map = new LinkedHashMap<>();
    for (String kv : env) {
      int eq = kv.indexOf('=');
      if (eq < 0) {
        map.put(kv, "");
      } else {
        map.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
    }
    return map;
  }

  public Optional<String> envValue(String name) {
    return Optional.ofNullable(envMap().get(name));
  }

  /**
   * The {@code created_by} of the history entry that produced the layer with the given index
   * (empty-layer entries skipped), if the config records it.
   */
  public Optional<String> createdByForLayer(int layerIndex) {
    int i = 0;
    for (HistoryEntry h : history) {
      if (h.emptyLayer()) {
        continue;
      }
      if (i == layerIndex) {
        return Optional.ofNullable(h.createdBy()).filter(s -> !s.isEmpty());
      }
      i++;
    }
    return Optional.empty();
  }

  /** One entry of the config's {@code history}. */
  public record HistoryEntry(String createdBy, boolean emptyLayer) {}

  /**
   * The Dockerfile instruction that sets config field {@code key} ({@code User} → {@code USER},
   * {@code WorkingDir} → {@code WORKDIR}, {@code Env} → {@code ENV}, ...; case-insensitive), or
   * empty for a field no instruction sets. The one table of them.
   */
  public static java.util.Optional<String> instructionFor(String key) {
    String keyword =
        switch (key.toLowerCase(java.util.Locale.ROOT)) {
          case "user" -> "USER";
          case "workingdir" -> "WORKDIR";
          case "entrypoint" -> "ENTRYPOINT";
          case "cmd" -> "CMD";
          case "env" -> "ENV";
          case "exposedports" -> "EXPOSE";
          case "volumes" -> "VOLUME";
          case "healthcheck" -> "HEALTHCHECK";
          case "stopsignal" -> "STOPSIGNAL";
          case "labels" -> "LABEL";
          case "shell" -> "SHELL";
          default -> null;
        };
    return java.util.Optional.ofNullable(keyword);
  }
}
