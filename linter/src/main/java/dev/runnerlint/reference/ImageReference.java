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

  /**
   * The stable name of the image without tag or digest, e.g. {@code ghcr.io/acme/runner}; for local
   * transports the directory or file name (or the REPO of docker-archive's REPO:TAG). Used in
   * fingerprints, so it stays the same across tags.
   */
  String repository();

  /**
   * The transports runnerlint reads, in the order messages list them. A new transport is one entry
   * here (and a branch in {@link #parse}).
   */
  java.util.List<String> TRANSPORTS =
      java.util.List.of("docker://", "oci:", "oci-archive:", "docker-archive:", "docker-daemon:");

  /** The one message for a malformed reference: {@code invalid reference 'TEXT': WHY}. */
  static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException(
        "invalid reference '" + printable(text) + "': " + printable(why));
  }

  /**
   * {@code s} with control characters written as escapes ({@code \\n}, {@code \\t}, {@code
   * \\u0000}): a reference typed or read from a file may hold them, and the message stays one line.
   */
  static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** A transport runnerlint does not read, e.g. {@code dir:}. */
  static IllegalArgumentException unsupportedTransport(String text, String transport) {
    return invalid(
        text,
        "unsupported transport '"
            + transport
            + ":'; supported: "
            + String.join(", ", TRANSPORTS)
            + " (or a registry reference without transport)");
  }

  /**
   * What makes two references name the same image (e.g. {@code ubuntu} and {@code
   * docker.io/library/ubuntu:latest}, or {@code oci:x} and {@code oci:./x}): the same image named
   * twice is linted once.
   */
  default String identity() {
    return toString().trim();
  }

  /** The reference as the user wrote it. */
  @Override
  String toString();

  /**
   * Parses a reference. Throws {@link IllegalArgumentException} with a one-line message when it is
   * not valid.
   */
  static ImageReference parse(String text) {
    if (text == null || text.isBlank()) {
      throw invalid(text == null ? "" : text, "empty image reference");
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
        throw invalid(text, "missing path after '" + prefix + "'");
      }
      if (ref != null && ref.isEmpty()) {
        throw invalid(text, "empty reference after ':'");
      }
      return new PathAndRef(path(text, path), Optional.ofNullable(ref));
    }

    private static Path path(String text, String path) {
      try {
        return Path.of(path);
      } catch (java.nio.file.InvalidPathException e) {
        throw invalid(text, "not a valid path: " + e.getReason());
      }
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
        throw invalid(text, "missing path after '" + prefix + "'");
      }
      if (ref != null && !isRepoTag(ref)) {
        throw invalid(text, "expected docker-archive:FILE[:REPO:TAG]");
      }
      return new PathAndRef(path(text, path), Optional.ofNullable(ref));
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
