package dev.runnerlint.findings;

import java.util.List;
import java.util.Optional;

/**
 * The result for one image platform — or, when the image could not be read, the error.
 *
 * @param reference the image as the user named it
 * @param repository the repository without tag or digest (stable across tags)
 * @param digest the manifest digest, when read
 * @param platform e.g. {@code linux/amd64}; {@code unknown} when the image could not be read
 * @param rules one result per rule in the catalog, in catalog order
 * @param error set when the image could not be read whole: a one-line cause
 * @param nanos time spent reading and linting it
 */
public record ImageResult(
    String reference,
    String repository,
    Optional<String> digest,
    String platform,
    List<RuleResult> rules,
    Optional<String> error,
    long nanos) {

  public ImageResult {
    rules = List.copyOf(rules);
  }

  public static ImageResult failed(String reference, String repository, String error, long nanos) {
    return new ImageResult(
        reference, repository, Optional.empty(), "unknown", List.of(), Optional.of(error), nanos);
  }

  public List<Finding> findings() {
    return rules.stream().flatMap(r -> r.findings().stream()).toList();
  }

  public List<Finding> unsuppressedFindings() {
    return findings().stream().filter(f -> !f.suppressed()).toList();
  }
}
