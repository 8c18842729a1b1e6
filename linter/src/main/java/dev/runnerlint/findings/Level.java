package dev.runnerlint.findings;

import java.util.Locale;

/** A finding's level, most severe first. Names match SARIF's {@code level} values. */
public enum Level {
  ERROR,
  WARNING,
  NOTE;

  public static Level parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid level '" + text + "': expected error, warning or note");
    }
  }

  /** True when this level is at least as severe as {@code threshold}. */
  public boolean atLeast(Level threshold) {
    return ordinal() <= threshold.ordinal();
  }

  /** The lower-case name used in every output format. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
