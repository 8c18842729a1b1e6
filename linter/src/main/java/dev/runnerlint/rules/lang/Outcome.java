package dev.runnerlint.rules.lang;

import dev.runnerlint.findings.Finding.Subject;
import java.util.List;
import java.util.Optional;

/** What a check found: pass, fail with violations, not applicable, or skipped (fact missing). */
public sealed interface Outcome {

  /**
   * The check holds.
   *
   * @param detail what was seen, e.g. "/actions-runner/run.sh is a regular file" (used when a
   *     {@code not:} turns the pass into a failure)
   * @param subject what it is about
   */
  record Pass(String detail, Optional<Subject> subject) implements Outcome {}

  /** The check does not hold; at least one violation. */
  record Fail(List<Violation> violations) implements Outcome {
    public Fail {
      if (violations.isEmpty()) {
        throw new IllegalArgumentException("a failure needs a violation");
      }
      violations = List.copyOf(violations);
    }
  }

  /** The check does not apply to this image (e.g. run.sh is missing: ARC001 reports that). */
  record NotApplicable(String reason) implements Outcome {}

  /**
   * A fact the check needs is not available (content not captured, file unreadable): never a pass.
   */
  record Skipped(String reason) implements Outcome {}

  static Outcome pass(String detail) {
    return new Pass(detail, Optional.empty());
  }

  static Outcome pass(String detail, Subject subject) {
    return new Pass(detail, Optional.of(subject));
  }

  static Outcome fail(Violation v) {
    return new Fail(List.of(v));
  }

  static Outcome notApplicable(String reason) {
    return new NotApplicable(reason);
  }

  static Outcome skipped(String reason) {
    return new Skipped(reason);
  }
}
