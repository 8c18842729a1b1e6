package dev.runnerlint.source.registry;

import java.io.IOException;

/**
 * A registry exchange failed. The message is one line a user can act on (it names the host and the
 * cause) and never contains a credential; {@link #reason()} says what kind of failure it was.
 */
public class RegistryException extends IOException {

  /** What went wrong, coarse enough to choose a message and an exit code from. */
  public enum Reason {
    /** The registry answered 404: no such repository, tag, manifest or blob. */
    NOT_FOUND,
    /** The registry or its token service refused access (401, 403). */
    UNAUTHORIZED,
    /** Credentials could not be obtained: a bad config file, a missing or failing helper. */
    CREDENTIALS,
    /** Unknown host, refused connection, reset, an HTTP error after retries. */
    NETWORK,
    /** The connect or idle timeout, or {@code --timeout}, expired. */
    TIMEOUT,
    /** The TLS handshake failed: an untrusted or mismatched certificate. */
    TLS,
    /** The registry answered something the protocol does not allow. */
    PROTOCOL
  }

  private final Reason reason;
  private final int status;

  public RegistryException(Reason reason, String message) {
    this(reason, message, 0, null);
  }

  public RegistryException(Reason reason, String message, Throwable cause) {
    this(reason, message, 0, cause);
  }

  public RegistryException(Reason reason, String message, int status, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.status = status;
  }

  public Reason reason() {
    return reason;
  }

  /** The HTTP status that caused it, or 0. */
  public int status() {
    return status;
  }
}
