package dev.runnerlint.facts;

/**
 * A line of an image file that could not be understood, e.g. a malformed {@code /etc/passwd} line
 * or a sudoers syntax error.
 *
 * @param path the file, absolute inside the image
 * @param line one-based line number (the first physical line of a continued line); 0 when the
 *     problem concerns the whole file
 */
public record ParseProblem(String path, int line, String message) {
  @Override
  public String toString() {
    return line > 0 ? path + ":" + line + ": " + message : path + ": " + message;
  }
}
