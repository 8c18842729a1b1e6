package dev.runnerlint.rules.lang;

import java.util.function.Function;

/**
 * A fact a check asks for, or why it cannot have it: the one way checks say "does not apply" or
 * "skipped" (never by throwing). {@link #then} continues with the value; a missing fact passes its
 * outcome through, so a check that needs it ends {@link Outcome.Skipped} (content not captured,
 * never a pass) or {@link Outcome.NotApplicable} (the fact does not exist for this image).
 */
public sealed interface Fact<T> {

  /** The fact is known. */
  record Known<T>(T value) implements Fact<T> {}

  /**
   * The fact cannot be had; {@code outcome} is what a check needing it returns.
   *
   * @param outcome {@link Outcome.Skipped} or {@link Outcome.NotApplicable}
   */
  record Missing<T>(Outcome outcome) implements Fact<T> {
    public Missing {
      if (!(outcome instanceof Outcome.Skipped) && !(outcome instanceof Outcome.NotApplicable)) {
        throw new IllegalArgumentException("a missing fact skips or does not apply: " + outcome);
      }
    }
  }

  static <T> Fact<T> of(T value) {
    return new Known<>(value);
  }

  /** The data was not captured or could not be read: a check needing it is skipped. */
  static <T> Fact<T> skipped(String reason) {
    return new Missing<>(Outcome.skipped(reason));
  }

  /** The fact does not exist for this image: a check needing it does not apply. */
  static <T> Fact<T> notApplicable(String reason) {
    return new Missing<>(Outcome.notApplicable(reason));
  }

  /** The outcome of {@code check} on the value, or the missing fact's outcome. */
  default Outcome then(Function<? super T, Outcome> check) {
    if (this instanceof Known<T> k) {
      return check.apply(k.value());
    }
    return ((Missing<T>) this).outcome();
  }

  /** A fact derived from this one; a missing fact stays missing. */
  default <U> Fact<U> map(Function<? super T, ? extends U> f) {
    if (this instanceof Known<T> k) {
      return new Known<>(f.apply(k.value()));
    }
    return new Missing<>(((Missing<T>) this).outcome());
  }

  /** A fact that needs this one; a missing fact stays missing. */
  default <U> Fact<U> flatMap(Function<? super T, Fact<U>> f) {
    if (this instanceof Known<T> k) {
      return f.apply(k.value());
    }
    return new Missing<>(((Missing<T>) this).outcome());
  }

  /** The value, or {@code other} when missing. */
  default T orElse(T other) {
    return this instanceof Known<T> k ? k.value() : other;
  }

  default boolean known() {
    return this instanceof Known;
  }

  /** The value of a known fact (check {@link #known()} first). */
  default T value() {
    if (this instanceof Known<T> k) {
      return k.value();
    }
    throw new IllegalStateException("a missing fact has no value: " + this);
  }

  /** What a check needing this missing fact returns (check {@link #known()} first). */
  default Outcome outcome() {
    if (this instanceof Missing<T> m) {
      return m.outcome();
    }
    throw new IllegalStateException("a known fact has no missing outcome: " + this);
  }
}
