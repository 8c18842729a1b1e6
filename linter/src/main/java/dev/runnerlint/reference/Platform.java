package dev.runnerlint.reference;

import java.util.Locale;
import java.util.Objects;

/** An OCI platform: {@code os/arch[/variant]}, e.g. {@code linux/arm64/v8}. Immutable. */
public record Platform(String os, String architecture, String variant) {

  public Platform {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(architecture, "architecture");
    variant = variant == null || variant.isEmpty() ? null : variant;
  }

  /** Parses {@code os/arch[/variant]}; throws {@link IllegalArgumentException} on anything else. */
  public static Platform parse(String text) {
    String[] parts = text.trim().toLowerCase(Locale.ROOT).split("/", -1);
    if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new IllegalArgumentException(
          "invalid platform '" + text + "': expected os/arch[/variant], e.g. linux/amd64");
    }
    String arch = parts[1];
    String variant = parts.length == 3 ? parts[2] : null;
    // containerd's normalisation of architecture names (platforms.Normalize)
    switch (arch) {
      case "x86_64", "x86-64" -> arch = "amd64";
      case "aarch64" -> arch = "arm64";
      case "i386" -> arch = "386";
      case "armhf" -> {
        arch = "arm";
        variant = variant == null ? "v7" : variant;
      }
      case "armel" -> {
        arch = "arm";
        variant = variant == null ? "v6" : variant;
      }
      default -> {}
    }
    if (arch.equals("arm64") && "8".equals(variant)) {
      variant = "v8";
    }
    return new Platform(parts[0], arch, variant);
  }

  /**
   * The variant an entry without one means, as containerd has it: {@code arm64} is {@code v8},
   * {@code arm} is {@code v7}, {@code amd64} is {@code v1}.
   */
  private static String variantOrDefault(String architecture, String variant) {
    if (variant != null) {
      return variant;
    }
    return switch (architecture) {
      case "arm64" -> "v8";
      case "arm" -> "v7";
      case "amd64" -> "v1";
      default -> null;
    };
  }

  /** True for the {@code unknown/unknown} entries that BuildKit uses for attestation manifests. */
  public boolean isUnknown() {
    return "unknown".equals(os) && "unknown".equals(architecture);
  }

  /**
   * True when {@code this} (a wanted platform) selects {@code candidate}: os and arch equal, and
   * the variant equal when this one names a variant, a missing variant meaning the architecture's
   * default ({@code linux/arm64/v8} selects a {@code linux/arm64} entry).
   */
  public boolean selects(Platform candidate) {
    return os.equals(candidate.os)
        && architecture.equals(candidate.architecture)
        && (variant == null
            || java.util.Objects.equals(
                variantOrDefault(architecture, variant),
                variantOrDefault(candidate.architecture, candidate.variant)));
  }

  @Override
  public String toString() {
    return variant == null ? os + "/" + architecture : os + "/" + architecture + "/" + variant;
  }
}
