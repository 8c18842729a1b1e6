package dev.runnerlint.layer;

import java.nio.charset.StandardCharsets;

/**
 * Bytes of a file captured while its layer streamed by.
 *
 * @param truncated true when the file is longer than what was captured
 */
public record Content(byte[] bytes, boolean truncated) {
  public String text() {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
