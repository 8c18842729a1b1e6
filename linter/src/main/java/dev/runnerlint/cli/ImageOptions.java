package dev.runnerlint.cli;

import dev.runnerlint.reference.PlatformSelector;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by every command that reads images. */
public final class ImageOptions {

  @Option(
      names = "--platform",
      paramLabel = "OS/ARCH[/VARIANT]",
      defaultValue = "all",
      description = "Platform of a multi-platform image to read, or 'all' (default: ${DEFAULT-VALUE}).")
  String platform;

  @Option(
      names = "--insecure-registry",
      paramLabel = "HOST[:PORT]",
      description =
          "Reach this registry over plain HTTP or unverified TLS (repeatable). Loopback registries"
              + " (localhost, 127.0.0.0/8, [::1]) always are.")
  List<String> insecureRegistries = new ArrayList<>();

  PlatformSelector selector() {
    try {
      return PlatformSelector.parse(platform);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
