package dev.runnerlint.source;

import dev.runnerlint.source.daemon.DaemonSettings;
import dev.runnerlint.source.registry.HttpTransport;
import dev.runnerlint.source.registry.Trust;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * How to reach images: registries to use without TLS verification, where credentials and CAs are,
 * timeouts and retries, the environment (proxies, {@code PATH} for credential helpers, podman's
 * auth file) and where debug lines go.
 *
 * @param insecureRegistries {@code HOST[:PORT]} entries reached over HTTP or unverified TLS
 * @param dockerConfigDir the directory holding {@code config.json}
 * @param userAgent the User-Agent header for registry requests
 * @param environment the environment variables registry access reads: {@code HTTPS_PROXY}, {@code
 *     HTTP_PROXY}, {@code NO_PROXY} (and lower case), {@code PATH}, {@code REGISTRY_AUTH_FILE},
 *     {@code XDG_RUNTIME_DIR}, {@code RUNNERLINT_CERTS_D}
 * @param authFile {@code --authfile}: a podman/skopeo auth file read before the others
 * @param certDir {@code --cert-dir}: the CA files to trust instead of {@code certs.d}'s
 * @param timeout {@code --timeout}: bounds the whole read of one image
 * @param http connect and idle timeouts, retry bounds
 * @param debug receives debug lines (retries, redirects); never a credential
 * @param daemon where the Docker daemon is, for {@code docker-daemon:} images
 */
public record SourceOptions(
    Set<String> insecureRegistries,
    Path dockerConfigDir,
    String userAgent,
    Map<String, String> environment,
    Optional<Path> authFile,
    Optional<Path> certDir,
    Optional<Duration> timeout,
    HttpTransport.Settings http,
    Consumer<String> debug,
    DaemonSettings daemon) {

  public SourceOptions {
    insecureRegistries =
        insecureRegistries.stream()
            .map(s -> s.trim().toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    environment = Map.copyOf(environment);
  }

  /** No insecure registries, the process environment, a runnerlint agent, no debug output. */
  public static SourceOptions defaults() {
    return defaults(System.getenv());
  }

  /** Like {@link #defaults()}, in the given environment. */
  public static SourceOptions defaults(Map<String, String> env) {
    return new SourceOptions(
        Set.of(),
        defaultDockerConfigDir(env),
        "runnerlint",
        env,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        HttpTransport.Settings.defaults(),
        line -> {},
        DaemonSettings.fromEnvironment(env));
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
    return new SourceOptions(
        registries,
        dockerConfigDir,
        userAgent,
        environment,
        authFile,
        certDir,
        timeout,
        http,
        debug,
        daemon);
  }

  public SourceOptions withDockerConfigDir(Path dir) {
    return new SourceOptions(
        insecureRegistries,
        dir,
        userAgent,
        environment,
        authFile,
        certDir,
        timeout,
        http,
        debug,
        daemon);
  }

  public SourceOptions withUserAgent(String agent) {
    return new SourceOptions(
        insecureRegistries,
        dockerConfigDir,
        agent,
        environment,
        authFile,
        certDir,
        timeout,
        http,
        debug,
        daemon);
  }

  public SourceOptions withEnvironment(Map<String, String> env) {
    return new SourceOptions(
        insecureRegistries,
        dockerConfigDir,
        userAgent,
        env,
        authFile,
        certDir,
        timeout,
        http,
        debug,
        DaemonSettings.fromEnvironment(env));
  }

  public SourceOptions withAuthFile(Optional<Path> file) {
    return new SourceOptions(
        insecureRegistries,
        dockerConfigDir,
        userAgent,
        environment,
        file,
        certDir,
        timeout,
        http,
        debug,
        daemon);
  }

  public SourceOptions withCertDir(Optional<Path> dir) {
    return new SourceOptions(
        insecureRegistries,
        dockerConfigDir,
        userAgent,
        environment,
        authFile,
        dir,
        timeout,
        http,
        debug,
        daemon);
  }

  public SourceOptions withTimeout(Optional<Duration> limit) {
    return new SourceOptions(
        insecureRegistries,
        dockerConfigDir,
        userAgent,
        environment,
        authFile,
        certDir,
        limit,
        http,
        debug,
        daemon);
  }

  public SourceOptions withHttp(HttpTransport.Settings settings) {
    return new SourceOptions(
        insecureRegistries,
        dockerConfigDir,
        userAgent,
        environment,
        authFile,
        certDir,
        timeout,
        settings,
        debug,
        daemon);
  }

  public SourceOptions withDebug(Consumer<String> sink) {
    return new SourceOptions(
        insecureRegistries,
        dockerConfigDir,
        userAgent,
        environment,
        authFile,
        certDir,
        timeout,
        http,
        sink,
        daemon);
  }

  /** {@code --docker-host}: the daemon for {@code docker-daemon:} images, over the environment. */
  public SourceOptions withDockerHost(String host) {
    return withDaemon(daemon.withHost(host));
  }

  public SourceOptions withDaemon(DaemonSettings settings) {
    return new SourceOptions(
        insecureRegistries,
        dockerConfigDir,
        userAgent,
        environment,
        authFile,
        certDir,
        timeout,
        http,
        debug,
        settings);
  }

  /** The {@code config.json} path. */
  public Path dockerConfigFile() {
    return dockerConfigDir.resolve("config.json");
  }

  /**
   * The {@code certs.d} roots: Docker's and podman's, or the {@code :}-separated list in {@code
   * RUNNERLINT_CERTS_D} (for tests, which must not write to /etc).
   */
  public List<Path> certsD() {
    String dirs = environment.get("RUNNERLINT_CERTS_D");
    if (dirs == null) {
      return Trust.DEFAULT_CERTS_D;
    }
    List<Path> out = new ArrayList<>();
    for (String d : dirs.split(File.pathSeparator)) {
      if (!d.isBlank()) {
        out.add(Path.of(d));
      }
    }
    return out;
  }

  /** True when {@code registry} (host[:port]) or its host was named as insecure. */
  public boolean isInsecure(String registry, String host) {
    String r = registry.toLowerCase(Locale.ROOT);
    return insecureRegistries.contains(r)
        || insecureRegistries.contains(host.toLowerCase(Locale.ROOT));
  }
}
