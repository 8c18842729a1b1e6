package dev.runnerlint.findings;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of one rule on one image platform: one JUnit testcase.
 *
 * @param status PASSED (no finding), FAILED (findings not all suppressed), or a reason it was not
 *     evaluated
 * @param findings every finding, suppressed ones included
 * @param skipReason for SKIPPED / DISABLED / SUPPRESSED, why
 * @param nanos time spent evaluating
 */
public record RuleResult(
    String ruleId, Status status, List<Finding> findings, Optional<String> skipReason, long nanos) {

  public enum Status {
    PASSED,
    FAILED,
    /** Not applicable (its {@code when} condition is false) or a fact it needs is missing. */
    SKIPPED,
    DISABLED,
    /** Every finding of the rule is suppressed. */
    SUPPRESSED
  }

  public RuleResult {
    findings = List.copyOf(findings);
  }
}
