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
    return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
  }

  /** True for the {@code unknown/unknown} entries that BuildKit uses for attestation manifests. */
  public boolean isUnknown() {
    return "unknown".equals(os) && "unknown".equals(architecture);
  }

  /**
   * True when {@code this} (a wanted platform) selects {@code candidate}: os and arch equal, and
   * the variant equal when this one names a variant.
   */
  public boolean selects(Platform candidate) {
    return os.equals(candidate.os)
        && architecture.equals(candidate.architecture)
        && (variant == null || variant.equals(candidate.variant));
  }

  @Override
  public String toString() {
    return variant == null ? os + "/" + architecture : os + "/" + architecture + "/" + variant;
  }
}
