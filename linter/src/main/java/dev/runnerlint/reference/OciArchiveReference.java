package dev.runnerlint.reference;

import java.nio.file.Path;
import java.util.Optional;

/** {@code oci-archive:FILE[:REF]}: an OCI image layout in a tar file, read without unpacking. */
public record OciArchiveReference(Path file, Optional<String> ref, String text)
    implements ImageReference {

  public OciArchiveReference(Path file, Optional<String> ref) {
    this(file, ref, "oci-archive:" + file + ref.map(r -> ":" + r).orElse(""));
  }

  /** The directory or file name (without a .tar extension): a stable, colon-free name. */
  @Override
  public String repository() {
    return ImageReference.baseName(file);
  }

  @Override
  public String identity() {
    return "oci-archive:" + file.toAbsolutePath().normalize() + ref.map(r -> ":" + r).orElse("");
  }

  @Override
  public String toString() {
    return text;
  }
}
