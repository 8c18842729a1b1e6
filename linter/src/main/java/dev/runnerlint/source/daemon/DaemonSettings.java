package dev.runnerlint.source.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * How to find the Docker daemon, as the Docker CLI does: {@code --docker-host} (or {@code
 * DOCKER_HOST}) names it; else the context {@code DOCKER_CONTEXT} names, else the {@code
 * currentContext} of {@code config.json}; a context other than {@code default} is read from {@code
 * contexts/meta/<sha256(name)>/meta.json} ({@code Endpoints.docker.Host}) in the Docker config
 * directory; else {@code unix:///var/run/docker.sock}. Podman's socket is used when one of these
 * names it (e.g. {@code DOCKER_HOST=unix:///run/podman/podman.sock}).
 *
 * @param host {@code --docker-host}, else {@code DOCKER_HOST}
 * @param context {@code DOCKER_CONTEXT}
 * @param tlsVerify {@code DOCKER_TLS_VERIFY} is set: TLS is asked for, which is not supported
 */
public record DaemonSettings(Optional<String> host, Optional<String> context, boolean tlsVerify) {

  /** {@code DOCKER_HOST}, {@code DOCKER_CONTEXT}, {@code DOCKER_TLS_VERIFY} of {@code env}. */
  public static DaemonSettings fromEnvironment(Map<String, String> env) {
    String tls = env.get("DOCKER_TLS_VERIFY");
    return new DaemonSettings(
        nonBlank(env.get("DOCKER_HOST")),
        nonBlank(env.get("DOCKER_CONTEXT")),
        tls != null && !tls.isEmpty());
  }

  /** The same settings with an explicit host ({@code --docker-host}), which wins over all. */
  public DaemonSettings withHost(String explicitHost) {
    return new DaemonSettings(Optional.of(explicitHost), context, tlsVerify);
  }

  private static Optional<String> nonBlank(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
  }

  /**
   * The daemon's address. {@link DaemonConfigException} (one line) when a context cannot be read,
   * or the address it names is not supported.
   *
   * @param dockerConfigDir the Docker config directory ({@code $DOCKER_CONFIG} or {@code
   *     ~/.docker}): {@code config.json} and {@code contexts/}
   */
  public DaemonAddress resolve(Path dockerConfigDir) throws DaemonConfigException {
    if (host.isPresent()) {
      return parse(host.get(), "DOCKER_HOST / --docker-host");
    }
    Optional<String> name = context;
    String from = "DOCKER_CONTEXT";
    if (name.isEmpty()) {
      name = currentContext(dockerConfigDir.resolve("config.json"));
      from = "currentContext in " + dockerConfigDir.resolve("config.json");
    }
    if (name.isEmpty() || name.get().equals("default")) {
      return parse(DaemonAddress.DEFAULT, "the default");
    }
    Path meta =
        dockerConfigDir.resolve("contexts/meta").resolve(sha256(name.get())).resolve("meta.json");
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readAllBytes(meta));
    } catch (NoSuchFileException e) {
      throw new DaemonConfigException(
          "Docker context '" + name.get() + "' (" + from + ") does not exist: no " + meta);
    } catch (IOException e) {
      throw new DaemonConfigException(
          "cannot read Docker context '" + name.get() + "' from " + meta + ": not valid JSON");
    }
    JsonNode h = root == null ? null : root.path("Endpoints").path("docker").path("Host");
    if (h == null || !h.isTextual() || h.asText().isBlank()) {
      throw new DaemonConfigException(
          "Docker context '" + name.get() + "' in " + meta + " has no Endpoints.docker.Host");
    }
    if (root.path("Endpoints").path("docker").path("SkipTLSVerify").asBoolean(false)
        || Files.isDirectory(
            dockerConfigDir
                .resolve("contexts/tls")
                .resolve(sha256(name.get()))
                .resolve("docker"))) {
      throw new DaemonConfigException(
          "Docker context '" + name.get() + "' uses TLS, which runnerlint does not support");
    }
    return parse(h.asText(), "Docker context '" + name.get() + "'");
  }

  private DaemonAddress parse(String text, String from) throws DaemonConfigException {
    DaemonAddress a;
    try {
      a = DaemonAddress.parse(text);
    } catch (IllegalArgumentException e) {
      throw new DaemonConfigException(e.getMessage() + " (from " + from + ")");
    }
    if (tlsVerify && !a.isUnix()) {
      throw new DaemonConfigException(
          "DOCKER_TLS_VERIFY is set for " + a + ": TLS to a daemon is not supported");
    }
    return a;
  }

  private static Optional<String> currentContext(Path configJson) throws DaemonConfigException {
    if (!Files.isRegularFile(configJson)) {
      return Optional.empty();
    }
    try {
      JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(configJson));
      String c = root == null ? "" : root.path("currentContext").asText("");
      return c.isBlank() ? Optional.empty() : Optional.of(c);
    } catch (IOException e) {
      throw new DaemonConfigException("cannot read " + configJson + ": not valid JSON");
    }
  }

  /** The context store's directory name for a context: the hex SHA-256 of its name. */
  static String sha256(String name) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The daemon could not be located from the settings; the message is one line. */
  public static final class DaemonConfigException extends Exception {
    DaemonConfigException(String message) {
      super(message);
    }
  }
}
