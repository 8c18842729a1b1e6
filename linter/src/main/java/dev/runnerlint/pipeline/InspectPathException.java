package dev.runnerlint.pipeline;

/**
 * A {@code --ls} or {@code --cat} path that the image does not have (or not as a directory /
 * regular file): bad input, one line naming the image, platform and path.
 */
public final class InspectPathException extends RuntimeException {
  public InspectPathException(String message) {
    super(message);
  }
}
