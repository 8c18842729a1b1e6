package dev.runnerlint.reference;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code docker-archive:FILE[:REPO:TAG]}: {@code docker save} output; {@code repoTag} selects one
 * of its images, and may be omitted when it holds one.
 */
public record DockerArchiveReference(Path file, Optional<String> repoTag, String text)
    implements ImageReference {

  public DockerArchiveReference(Path file, Optional<String> repoTag) {
    this(file, repoTag, "docker-archive:" + file + repoTag.map(r -> ":" + r).orElse(""));
  }

  /** The repository part of {@code REPO:TAG} when given, else the file name without .tar. */
  @Override
  public String repository() {
    return repoTag
        .map(rt -> rt.substring(0, rt.lastIndexOf(':')))
        .orElseGet(() -> ImageReference.baseName(file));
  }

  @Override
  public String identity() {
    return "docker-archive:"
        + file.toAbsolutePath().normalize()
        + repoTag.map(r -> ":" + r).orElse("");
  }

  @Override
  public String toString() {
    return text;
  }
}
