package dev.runnerlint.source.registry;

import java.time.Duration;
import java.util.Optional;

/**
 * The end of the time allowed for reading one image ({@code --timeout}), or none.
 *
 * @param end {@link System#nanoTime()} at the end, when bounded
 * @param limit the limit as the user gave it, for messages
 */
public record Deadline(Optional<Long> end, Optional<Duration> limit) {

  public static Deadline none() {
    return new Deadline(Optional.empty(), Optional.empty());
  }

  /** A deadline {@code limit} from now. */
  public static Deadline after(Duration limit) {
    return new Deadline(Optional.of(System.nanoTime() + limit.toNanos()), Optional.of(limit));
  }

  public boolean expired() {
    return end.isPresent() && System.nanoTime() - end.get() >= 0;
  }

  /** Nanoseconds left, or {@link Long#MAX_VALUE} when unbounded; never negative. */
  public long remainingNanos() {
    return end.map(e -> Math.max(0, e - System.nanoTime())).orElse(Long.MAX_VALUE);
  }

  /** {@code the --timeout of 90s} for messages. */
  public String describe() {
    return "--timeout " + limit.map(Deadline::format).orElse("none");
  }

  /** {@code 90s}, {@code 5m}, {@code 1500ms}. */
  public static String format(Duration d) {
    if (d.toMillis() % 60_000 == 0 && d.toMinutes() > 0) {
      return d.toMinutes() + "m";
    }
    if (d.toMillis() % 1000 == 0) {
      return d.toSeconds() + "s";
    }
    return d.toMillis() + "ms";
  }

  /**
   * Parses {@code 90s}, {@code 5m}, {@code 1h}, {@code 1500ms} or a plain number of seconds.
   *
   * @throws IllegalArgumentException for anything else, or a duration that is not positive
   */
  public static Duration parse(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)?").matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "invalid duration '" + text + "': expected e.g. 90s, 5m, 1h or 1500ms");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    Duration d =
        switch (unit) {
          case "ms" -> Duration.ofMillis(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofSeconds(n);
        };
    if (d.isZero()) {
      throw new IllegalArgumentException("invalid duration '" + text + "': must be positive");
    }
    return d;
  }
}
