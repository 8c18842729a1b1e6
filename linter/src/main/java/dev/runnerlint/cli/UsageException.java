package dev.runnerlint.cli;

/** A usage or configuration error found after parsing (exit 2): the message is one line. */
public class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }

  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
