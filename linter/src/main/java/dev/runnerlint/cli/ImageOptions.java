package dev.runnerlint.cli;

import dev.runnerlint.reference.PlatformSelector;
import dev.runnerlint.source.SourceOptions;
import dev.runnerlint.source.daemon.DaemonAddress;
import dev.runnerlint.source.registry.Deadline;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options shared by every command that reads images. */
public final class ImageOptions {

  @Option(
      names = "--platform",
      paramLabel = "OS/ARCH[/VARIANT]",
      defaultValue = "all",
      description =
          "Platform of a multi-platform image to read, or 'all' (default: ${DEFAULT-VALUE}).")
  String platform;

  @Option(
      names = "--max-layer-size",
      paramLabel = "SIZE",
      defaultValue = "16GiB",
      converter = ByteSizeConverter.class,
      description =
          "Refuse a layer whose uncompressed tar is larger (a decompression bomb), e.g. 512MiB,"
              + " 64GiB (default: ${DEFAULT-VALUE}).")
  long maxLayerSize;

  @Option(
      names = "--insecure-registry",
      paramLabel = "HOST[:PORT]",
      description =
          "Reach this registry over plain HTTP or unverified TLS (repeatable). Loopback registries"
              + " (localhost, 127.0.0.0/8, [::1]) always are.")
  List<String> insecureRegistries = new ArrayList<>();

  @Option(
      names = "--docker-config",
      paramLabel = "DIR",
      description =
          "Directory holding the Docker config.json with registry credentials (default: $DOCKER_CONFIG,"
              + " else ~/.docker).")
  Path dockerConfig;

  @Option(
      names = "--authfile",
      paramLabel = "FILE",
      description =
          "A podman/skopeo auth.json read for credentials before Docker's config (default: also"
              + " $REGISTRY_AUTH_FILE, else $XDG_RUNTIME_DIR/containers/auth.json, after it).")
  Path authFile;

  @Option(
      names = "--cert-dir",
      paramLabel = "DIR",
      description =
          "Trust the CA certificates (*.crt) in DIR for registries, instead of"
              + " /etc/docker/certs.d/HOST[:PORT]/ and /etc/containers/certs.d/HOST[:PORT]/.")
  Path certDir;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description =
          "Give up reading one image after DURATION, e.g. 90s or 5m (default: none; every"
              + " connection still has a 10s connect and 30s idle timeout).")
  String timeout;

  /** The command this mixin is part of: for the environment and --debug of the top command. */
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--docker-host",
      paramLabel = "ADDRESS",
      description =
          "The Docker or Podman daemon for docker-daemon: images: unix:///PATH or tcp://HOST:PORT"
              + " (default: $DOCKER_HOST, else the current Docker context, else"
              + " unix:///var/run/docker.sock).")
  String dockerHost;

  /** Where to read images from, as these options ask. */
  SourceOptions sourceOptions() {
    for (String registry : insecureRegistries) {
      if (registry.isBlank()) {
        throw new UsageException("--insecure-registry: expected HOST[:PORT], got an empty value");
      }
      if (registry.contains("://") || registry.contains("/") || registry.contains("@")) {
        throw new UsageException(
            "--insecure-registry "
                + registry
                + ": expected HOST[:PORT] without scheme or path, e.g. registry.local:5000");
      }
    }
    Environment environment = Environment.notATerminal();
    boolean debug = false;
    CommandSpec top = mixee;
    while (top != null && top.parent() != null) {
      top = top.parent();
    }
    if (top != null && top.userObject() instanceof RootCommand main) {
      environment = main.environment;
      debug = main.debug;
    }
    Environment env = environment;
    SourceOptions options =
        SourceOptions.defaults(env.variables())
            .withInsecureRegistries(Set.copyOf(insecureRegistries))
            .withUserAgent("runnerlint/" + VersionProvider.version())
            .withAuthFile(Optional.ofNullable(authFile).map(env::resolve))
            .withCertDir(Optional.ofNullable(certDir).map(env::resolve))
            .withTimeout(Optional.ofNullable(timeout).map(ImageOptions::duration));
    if (dockerHost != null) {
      try {
        DaemonAddress.parse(dockerHost);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--docker-host: " + e.getMessage());
      }
      options = options.withDockerHost(dockerHost);
    }
    if (debug && mixee != null) {
      PrintWriter err = mixee.commandLine().getErr();
      options = options.withDebug(line -> err.println("runnerlint: debug: " + line));
    }
    return dockerConfig == null ? options : options.withDockerConfigDir(env.resolve(dockerConfig));
  }

  private static Duration duration(String text) {
    try {
      return Deadline.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--timeout: " + e.getMessage());
    }
  }

  PlatformSelector selector() {
    try {
      return PlatformSelector.parse(platform);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
