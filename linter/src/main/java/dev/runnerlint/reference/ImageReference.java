package dev.runnerlint.reference;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where an image lives, as the user named it, in skopeo's transport syntax: {@code
 * [docker://]REGISTRY/REPO[:TAG][@DIGEST]}, {@code oci:DIR[:REF]}, {@code oci-archive:FILE[:REF]}
 * {@code docker-archive:FILE[:REPO:TAG]} or {@code docker-daemon:NAME[:TAG]} / {@code
 * docker-daemon:sha256:ID}.
 */
public sealed interface ImageReference
    permits RegistryReference,
        OciLayoutReference,
        OciArchiveReference,
        DockerArchiveReference,
        DockerDaemonReference {

  /** The transports runnerlint reads, for messages (the one list). */
  String SUPPORTED_TRANSPORTS = "docker://, oci:, oci-archive:, docker-archive: or docker-daemon:";

  /**
   * The stable name of the image without tag or digest, e.g. {@code ghcr.io/acme/runner}; for local
   * transports the directory or file name (or the REPO of docker-archive's REPO:TAG). Used in
   * fingerprints, so it stays the same across tags.
   */
  String repository();

  /** The reference as the user wrote it. */
  @Override
  String toString();

  /**
   * Parses a reference. Throws {@link IllegalArgumentException} with a one-line message when it is
   * not valid.
   */
  static ImageReference parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty image reference");
    }
    String t = text.trim();
    if (t.startsWith("oci:")) {
      PathAndRef p = PathAndRef.split(t, "oci:");
      return new OciLayoutReference(p.path(), p.ref(), t);
    }
    if (t.startsWith("oci-archive:")) {
      PathAndRef p = PathAndRef.split(t, "oci-archive:");
      return new OciArchiveReference(p.path(), p.ref(), t);
    }
    if (t.startsWith("docker-archive:")) {
      PathAndRef p = PathAndRef.splitDockerArchive(t);
      return new DockerArchiveReference(p.path(), p.ref(), t);
    }
    if (t.startsWith(DockerDaemonReference.PREFIX)) {
      return DockerDaemonReference.parse(t);
    }
    return RegistryReference.parse(t);
  }

  /** The last component of a path, without a {@code .tar} extension. */
  static String baseName(Path path) {
    Path name = path.toAbsolutePath().normalize().getFileName();
    String n = name == null ? "image" : name.toString();
    return n.endsWith(".tar") && n.length() > 4 ? n.substring(0, n.length() - 4) : n;
  }

  /** A path and an optional ref after the transport prefix. */
  record PathAndRef(Path path, Optional<String> ref) {

    /** {@code PREFIX PATH[:REF]}: the ref is what follows the last colon, when there is one. */
    static PathAndRef split(String text, String prefix) {
      String rest = text.substring(prefix.length());
      int colon = rest.lastIndexOf(':');
      String path = colon < 0 ? rest : rest.substring(0, colon);
      String ref = colon < 0 ? null : rest.substring(colon + 1);
      if (path.isEmpty()) {
        throw new IllegalArgumentException(
            "invalid image reference '" + text + "': missing path after '" + prefix + "'");
      }
      if (ref != null && ref.isEmpty()) {
        throw new IllegalArgumentException(
            "invalid image reference '" + text + "': empty reference after ':'");
      }
      return new PathAndRef(Path.of(path), Optional.ofNullable(ref));
    }

    /**
     * {@code docker-archive:FILE[:REPO:TAG]}: the file ends at the first colon; what follows is a
     * {@code REPO:TAG} (which may itself hold a registry port, as in {@code host:5000/a:b}).
     */
    static PathAndRef splitDockerArchive(String text) {
      String prefix = "docker-archive:";
      String rest = text.substring(prefix.length());
      int colon = rest.indexOf(':');
      String path = colon < 0 ? rest : rest.substring(0, colon);
      String ref = colon < 0 ? null : rest.substring(colon + 1);
      if (path.isEmpty()) {
        throw new IllegalArgumentException(
            "invalid image reference '" + text + "': missing path after '" + prefix + "'");
      }
      if (ref != null && !isRepoTag(ref)) {
        throw new IllegalArgumentException(
            "invalid image reference '" + text + "': expected docker-archive:FILE[:REPO:TAG]");
      }
      return new PathAndRef(Path.of(path), Optional.ofNullable(ref));
    }

    private static boolean isRepoTag(String ref) {
      int colon = ref.lastIndexOf(':');
      return colon > 0
          && colon > ref.lastIndexOf('/')
          && colon < ref.length() - 1
          && !ref.contains("@")
          && ref.chars().noneMatch(Character::isWhitespace);
    }
  }
}
