package dev.runnerlint.io;

import java.io.IOException;

/** Thrown from a blob stream whose bytes did not match the descriptor's digest or size. */
public class BlobVerificationException extends IOException {
  public BlobVerificationException(String message) {
    super(message);
  }
}
