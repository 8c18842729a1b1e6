package dev.runnerlint.cli;

import dev.runnerlint.reference.PlatformSelector;
import dev.runnerlint.source.SourceOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

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
    SourceOptions options =
        SourceOptions.defaults()
            .withInsecureRegistries(Set.copyOf(insecureRegistries))
            .withUserAgent("runnerlint/" + VersionProvider.version());
    return dockerConfig == null ? options : options.withDockerConfigDir(dockerConfig);
  }

  PlatformSelector selector() {
    try {
      return PlatformSelector.parse(platform);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
