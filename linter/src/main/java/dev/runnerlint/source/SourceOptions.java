package dev.runnerlint.source;

import dev.runnerlint.source.daemon.DaemonSettings;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How to reach images: registries to use without TLS verification, where the Docker config ({@code
 * config.json}) lives, and the User-Agent to send.
 *
 * @param insecureRegistries {@code HOST[:PORT]} entries reached over HTTP or unverified TLS
 * @param dockerConfigDir the directory holding {@code config.json}
 * @param userAgent the User-Agent header for registry requests
 * @param daemon where the Docker daemon is, for {@code docker-daemon:} images
 */
public record SourceOptions(
    Set<String> insecureRegistries, Path dockerConfigDir, String userAgent, DaemonSettings daemon) {

  public SourceOptions {
    insecureRegistries =
        insecureRegistries.stream()
            .map(s -> s.trim().toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
  }

  /** No insecure registries, the Docker config dir from the environment, a runnerlint agent. */
  public static SourceOptions defaults() {
    return new SourceOptions(
        Set.of(),
        defaultDockerConfigDir(System.getenv()),
        "runnerlint",
        DaemonSettings.fromEnvironment(System.getenv()));
  }

  /** {@code $DOCKER_CONFIG} when set, else {@code ~/.docker}, as the Docker CLI does. */
  public static Path defaultDockerConfigDir(Map<String, String> env) {
    String dir = env.get("DOCKER_CONFIG");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir);
    }
    return Path.of(System.getProperty("user.home"), ".docker");
  }

  public SourceOptions withInsecureRegistries(Set<String> registries) {
    return new SourceOptions(registries, dockerConfigDir, userAgent, daemon);
  }

  public SourceOptions withDockerConfigDir(Path dir) {
    return new SourceOptions(insecureRegistries, dir, userAgent, daemon);
  }

  public SourceOptions withUserAgent(String agent) {
    return new SourceOptions(insecureRegistries, dockerConfigDir, agent, daemon);
  }

  /** {@code --docker-host}: the daemon for {@code docker-daemon:} images, over the environment. */
  public SourceOptions withDockerHost(String host) {
    return new SourceOptions(insecureRegistries, dockerConfigDir, userAgent, daemon.withHost(host));
  }

  public SourceOptions withDaemon(DaemonSettings settings) {
    return new SourceOptions(insecureRegistries, dockerConfigDir, userAgent, settings);
  }

  /** The {@code config.json} path. */
  public Path dockerConfigFile() {
    return dockerConfigDir.resolve("config.json");
  }

  /** True when {@code registry} (host[:port]) or its host was named as insecure. */
  public boolean isInsecure(String registry, String host) {
    String r = registry.toLowerCase(Locale.ROOT);
    return insecureRegistries.contains(r)
        || insecureRegistries.contains(host.toLowerCase(Locale.ROOT));
  }
}
