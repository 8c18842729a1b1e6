package dev.runnerlint.reference;

import java.util.Optional;

/** Which platforms of a multi-platform image to read: {@code all} (the default) or one platform. */
public record PlatformSelector(Optional<Platform> only) {

  public static final PlatformSelector ALL = new PlatformSelector(Optional.empty());

  public static PlatformSelector parse(String text) {
    if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("all")) {
      return ALL;
    }
    return new PlatformSelector(Optional.of(Platform.parse(text)));
  }

  public boolean accepts(Platform candidate) {
    if (candidate.isUnknown()) {
      return false;
    }
    return only.map(p -> p.selects(candidate)).orElse(true);
  }

  @Override
  public String toString() {
    return only.map(Platform::toString).orElse("all");
  }
}
