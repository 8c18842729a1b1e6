package dev.runnerlint.findings;

/**
 * A line in a file of the user's repository that a finding points at, such as the key of a Helm
 * values file that caused it.
 *
 * @param path relative to the working directory, with {@code /} separators (SARIF and GitHub
 *     annotations need a relative path)
 * @param line the one-based line
 */
public record SourceLocation(String path, int line) {
  public SourceLocation {
    if (line < 1) {
      throw new IllegalArgumentException("line must be >= 1: " + line);
    }
    if (path.isEmpty() || path.startsWith("/") || path.contains("\\")) {
      throw new IllegalArgumentException(
          "location path must be relative with / separators: '" + path + "'");
    }
  }

  @Override
  public String toString() {
    return path + ":" + line;
  }
}
