package dev.runnerlint.rules.lang;

/**
 * Thrown while evaluating a check when a fact it needs cannot be had. {@code skipped} means the
 * data was not captured or is unreadable (the rule is SKIPPED, never passed); otherwise the fact
 * does not exist for this image (e.g. the container user has no home) and the check does not apply.
 */
public final class FactUnavailable extends RuntimeException {
  private final boolean skipped;

  private FactUnavailable(String reason, boolean skipped) {
    super(reason, null, false, false);
    this.skipped = skipped;
  }

  /** The data was not captured or could not be read: the check is skipped, never passed. */
  public static FactUnavailable missing(String reason) {
    return new FactUnavailable(reason, true);
  }

  /** The fact does not exist for this image: the check does not apply. */
  public static FactUnavailable notApplicable(String reason) {
    return new FactUnavailable(reason, false);
  }

  public boolean skipped() {
    return skipped;
  }

  public Outcome toOutcome() {
    return skipped ? Outcome.skipped(getMessage()) : Outcome.notApplicable(getMessage());
  }
}
