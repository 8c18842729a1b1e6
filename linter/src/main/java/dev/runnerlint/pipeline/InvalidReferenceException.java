package dev.runnerlint.pipeline;

/**
 * An image reference that does not parse: bad input (the CLI's exit 2), not an unreadable image.
 */
public final class InvalidReferenceException extends RuntimeException {
  public InvalidReferenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
