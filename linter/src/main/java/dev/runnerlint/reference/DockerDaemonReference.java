package dev.runnerlint.reference;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code docker-daemon:NAME[:TAG]} or {@code docker-daemon:sha256:ID}, as in skopeo: an image in
 * the local Docker (or Podman) daemon, read through the Docker Engine API. A name without a tag
 * means {@code :latest}; a digest reference ({@code NAME@sha256:…}) is refused, as skopeo does,
 * because a daemon's images are named by tag or by image ID.
 *
 * @param named the image's name when given by name ({@code docker.io/library/ubuntu:22.04} form is
 *     kept in {@link RegistryReference#canonical()}); empty when given by image ID
 * @param imageId the image ID ({@code sha256:<64 hex>}) when given by ID
 * @param text the reference as the user wrote it
 */
public record DockerDaemonReference(
    Optional<RegistryReference> named, Optional<String> imageId, String text)
    implements ImageReference {

  public static final String PREFIX = "docker-daemon:";
  private static final Pattern ID = Pattern.compile("sha256:[a-f0-9]{64}");

  /** Parses the text after {@code docker-daemon:}. */
  static DockerDaemonReference parse(String text) {
    String rest = text.substring(PREFIX.length());
    if (rest.isEmpty()) {
      throw invalid(text, "missing NAME[:TAG] or sha256:ID after 'docker-daemon:'");
    }
    if (rest.startsWith("sha256:")) {
      if (!ID.matcher(rest).matches()) {
        throw invalid(text, "an image ID is sha256: and 64 lower-case hex digits");
      }
      return new DockerDaemonReference(Optional.empty(), Optional.of(rest), text);
    }
    if (rest.startsWith("docker://") || rest.contains("@")) {
      throw invalid(text, "expected docker-daemon:NAME[:TAG] or docker-daemon:sha256:ID");
    }
    RegistryReference r;
    try {
      r = RegistryReference.parse(rest);
    } catch (IllegalArgumentException e) {
      throw invalid(text, "expected docker-daemon:NAME[:TAG] or docker-daemon:sha256:ID");
    }
    if (r.tag().isEmpty()) {
      r =
          new RegistryReference(
              r.registry(), r.name(), Optional.of("latest"), r.digest(), r.text());
    }
    return new DockerDaemonReference(Optional.of(r), Optional.empty(), text);
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException("invalid image reference '" + text + "': " + why);
  }

  /**
   * What to ask the daemon for: the name as written after {@code docker-daemon:}, or the image ID.
   * The daemon resolves it as its own CLI does ({@code x} is {@code x:latest}; Podman also finds
   * {@code localhost/x}, where it stores a short name it loaded), so it is not expanded here.
   */
  public String daemonName() {
    return text.substring(PREFIX.length());
  }

  /** {@code REGISTRY/NAME} of a named image; the image ID of one given by ID. */
  @Override
  public String repository() {
    return named.map(RegistryReference::repository).orElseGet(imageId::orElseThrow);
  }

  @Override
  public String toString() {
    return text;
  }
}
