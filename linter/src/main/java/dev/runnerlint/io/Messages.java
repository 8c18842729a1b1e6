package dev.runnerlint.io;

import java.io.EOFException;

/**
 * The one place that turns text or an exception into a one-line message: every error runnerlint
 * prints is one line, whatever the library below said.
 */
public final class Messages {
  private Messages() {}

  /** {@code s} with every run of white space (newlines too) folded to one space, stripped. */
  public static String oneLine(String s) {
    return s.strip().replaceAll("\\s+", " ");
  }

  /** {@link #oneLine(String)}, cut to at most {@code max} characters (the last one then "…"). */
  public static String oneLine(String s, int max) {
    String line = oneLine(s);
    return line.length() <= max ? line : line.substring(0, max - 1) + "…";
  }

  /**
   * {@code e}'s message on one line; {@code fallback} when it has none (an {@link EOFException}
   * without a message says "unexpected end of data" when {@code fallback} is null).
   */
  public static String oneLine(Throwable e, String fallback) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      if (fallback != null) {
        return fallback;
      }
      m = e instanceof EOFException ? "unexpected end of data" : e.getClass().getSimpleName();
    }
    return oneLine(m);
  }

  /** The first line of {@code e}'s message, trimmed; the class name when it has no message. */
  public static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines().findFirst().orElse("").trim();
  }
}
