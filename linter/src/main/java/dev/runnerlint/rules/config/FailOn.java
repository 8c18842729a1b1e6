package dev.runnerlint.rules.config;

import dev.runnerlint.findings.Level;
import java.util.Locale;
import java.util.Optional;

/** The {@code --fail-on} / {@code failOn} threshold: a level, or never. */
public enum FailOn {
  ERROR,
  WARNING,
  NOTE,
  NEVER;

  /** Parses {@code error|warning|note|never}. */
  public static FailOn parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid fail-on '" + text + "': expected error, warning, note or never");
    }
  }

  /** The level at or above which findings fail the run; empty for never. */
  public Optional<Level> threshold() {
    return this == NEVER ? Optional.empty() : Optional.of(Level.valueOf(name()));
  }
}
