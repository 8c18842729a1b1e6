package dev.runnerlint.reference;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code oci:DIR[:REF]}: an OCI image layout directory; {@code ref} matches the {@code
 * org.opencontainers.image.ref.name} annotation, and may be omitted when the layout holds one
 * manifest.
 */
public record OciLayoutReference(Path dir, Optional<String> ref, String text)
    implements ImageReference {

  public OciLayoutReference(Path dir, Optional<String> ref) {
    this(dir, ref, "oci:" + dir + ref.map(r -> ":" + r).orElse(""));
  }

  /** The directory or file name (without a .tar extension): a stable, colon-free name. */
  @Override
  public String repository() {
    return ImageReference.baseName(dir);
  }

  @Override
  public String identity() {
    return "oci:" + dir.toAbsolutePath().normalize() + ref.map(r -> ":" + r).orElse("");
  }

  @Override
  public String toString() {
    return text;
  }
}
