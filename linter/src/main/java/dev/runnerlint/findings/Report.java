package dev.runnerlint.findings;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything one {@code runnerlint lint} run found: the model every reporter renders. Reporters are
 * pure functions of it and never see image internals.
 *
 * @param toolVersion runnerlint's version
 * @param catalog every rule known to the run, in catalog order
 * @param images one result per image platform (or per unreadable image)
 * @param failOn the threshold; empty means never fail on findings
 * @param exitCode the exit code the run ends with
 * @param started when the run started
 * @param deployment the container mode and values file of the run, when one was given
 */
public record Report(
    String toolVersion,
    List<RuleInfo> catalog,
    List<ImageResult> images,
    Optional<Level> failOn,
    int exitCode,
    Instant started,
    Optional<DeploymentInfo> deployment) {

  public Report {
    catalog = List.copyOf(catalog);
    images = List.copyOf(images);
    deployment = deployment == null ? Optional.empty() : deployment;
  }

  /** A report of a run without a deployment. */
  public Report(
      String toolVersion,
      List<RuleInfo> catalog,
      List<ImageResult> images,
      Optional<Level> failOn,
      int exitCode,
      Instant started) {
    this(toolVersion, catalog, images, failOn, exitCode, started, Optional.empty());
  }

  public Optional<RuleInfo> rule(String id) {
    return catalog.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  public int ruleIndex(String id) {
    for (int i = 0; i < catalog.size(); i++) {
      if (catalog.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }
}
