package dev.runnerlint.dockerfile;

/**
 * A line in a Dockerfile that a finding points at.
 *
 * @param path the Dockerfile's path relative to the repository root, with {@code /} separators
 *     (SARIF and GitHub annotations need a relative path)
 * @param line the one-based line of the instruction responsible
 */
public record DockerfileLocation(String path, int line) {
  public DockerfileLocation {
    if (line < 1) {
      throw new IllegalArgumentException("line must be >= 1: " + line);
    }
    if (path.isEmpty() || path.startsWith("/") || path.contains("\\")) {
      throw new IllegalArgumentException(
          "Dockerfile path must be relative with / separators: '" + path + "'");
    }
  }
}
