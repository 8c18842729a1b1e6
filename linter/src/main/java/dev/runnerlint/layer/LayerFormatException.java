package dev.runnerlint.layer;

import java.io.IOException;

/**
 * A layer's bytes are not a valid (compressed) tar: corrupt gzip or zstd data, a truncated entry, a
 * malformed header. The message is one line naming the cause.
 */
public class LayerFormatException extends IOException {
  public LayerFormatException(String message) {
    super(message);
  }

  public LayerFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
