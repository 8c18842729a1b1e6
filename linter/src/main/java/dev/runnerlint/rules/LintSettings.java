package dev.runnerlint.rules;

import dev.runnerlint.findings.Level;
import dev.runnerlint.rules.lang.ImagePaths;
import dev.runnerlint.values.Deployment;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How to lint: the runner directory, disabled rules, level overrides and suppressions. Built by the
 * CLI from {@code .runnerlint.yaml} and flags (flags win).
 *
 * @param runnerDir the runner directory, normalised; {@code /actions-runner} by default
 * @param disabled rule IDs reported as DISABLED and not evaluated
 * @param levels level overrides: every finding of the rule gets that level
 * @param suppressions in order; the first that applies to a finding marks it
 * @param today the date suppressions' expiry is compared with; null: today's date when a
 *     suppression has an expiry date, else {@link LocalDate#MIN} (which then no check reads)
 * @param deployment how the chart runs the image ({@code --values}, {@code --mode}); empty: the
 *     image alone, and the rules of packs that need a deployment are left out of the run
 */
public record LintSettings(
    String runnerDir,
    Set<String> disabled,
    Map<String, Level> levels,
    List<SuppressionRule> suppressions,
    LocalDate today,
    Optional<Deployment> deployment) {

  public static final String DEFAULT_RUNNER_DIR = "/actions-runner";

  public LintSettings {
    runnerDir = ImagePaths.normalize(runnerDir == null ? DEFAULT_RUNNER_DIR : runnerDir);
    disabled = Set.copyOf(disabled);
    levels = Map.copyOf(levels);
    suppressions = List.copyOf(suppressions);
    if (today == null) {
      // The current date needs the time-zone database (~40 ms of a short run to load): taken only
      // when a suppression has an expiry date to compare it with; else no check reads it.
      today =
          suppressions.stream().anyMatch(r -> r.expires().isPresent())
              ? LocalDate.now()
              : LocalDate.MIN;
    }
    deployment = deployment == null ? Optional.empty() : deployment;
  }

  /** Settings without a deployment. */
  public LintSettings(
      String runnerDir,
      Set<String> disabled,
      Map<String, Level> levels,
      List<SuppressionRule> suppressions,
      LocalDate today) {
    this(runnerDir, disabled, levels, suppressions, today, Optional.empty());
  }

  /** The defaults: {@code /actions-runner}, nothing disabled, overridden or suppressed. */
  public static LintSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The suppressions whose expiry date has passed on {@link #today()}. */
  public List<SuppressionRule> expiredSuppressions() {
    return suppressions.stream().filter(s -> s.expiredOn(today)).toList();
  }

  /**
   * Checks that every rule ID named in the settings exists in the catalog.
   *
   * @throws IllegalArgumentException naming the unknown ID and where it came from
   */
  public void validateAgainst(RuleCatalog catalog) {
    for (String id : disabled) {
      requireKnown(catalog, id, "disabled rules");
    }
    for (String id : levels.keySet()) {
      requireKnown(catalog, id, "level overrides");
    }
    for (SuppressionRule s : suppressions) {
      requireKnown(catalog, s.rule(), "suppressions");
    }
  }

  private static void requireKnown(RuleCatalog catalog, String id, String where) {
    if (catalog.rule(id).isEmpty()) {
      throw new IllegalArgumentException("unknown rule ID '" + id + "' in " + where);
    }
  }

  /** Builds settings; later calls override earlier ones (apply the config, then the flags). */
  public static final class Builder {
    private String runnerDir = DEFAULT_RUNNER_DIR;
    private boolean runnerDirSet;
    private final Set<String> disabled = new LinkedHashSet<>();
    private final Map<String, Level> levels = new LinkedHashMap<>();
    private final List<SuppressionRule> suppressions = new ArrayList<>();
    private LocalDate today;
    private Deployment deployment;

    public Builder runnerDir(String dir) {
      this.runnerDir = dir;
      this.runnerDirSet = dir != null;
      return this;
    }

    public Builder disable(String... ids) {
      disabled.addAll(List.of(ids));
      return this;
    }

    public Builder disable(java.util.Collection<String> ids) {
      disabled.addAll(ids);
      return this;
    }

    public Builder level(String id, Level level) {
      levels.put(id, level);
      return this;
    }

    public Builder levels(Map<String, Level> overrides) {
      levels.putAll(overrides);
      return this;
    }

    public Builder suppress(SuppressionRule s) {
      suppressions.add(s);
      return this;
    }

    public Builder suppressions(java.util.Collection<SuppressionRule> s) {
      suppressions.addAll(s);
      return this;
    }

    public Builder today(LocalDate date) {
      this.today = date;
      return this;
    }

    /**
     * How the chart runs the image. The runner directory then is the directory of the {@code
     * run.sh} its command runs ({@link Deployment#runSh}); without one, the directory set with
     * {@link #runnerDir}, else the chart's {@code /home/runner}.
     */
    public Builder deployment(Deployment d) {
      this.deployment = d;
      return this;
    }

    public LintSettings build() {
      String dir = runnerDir;
      if (deployment != null) {
        Optional<String> runSh = deployment.runSh();
        if (runSh.isPresent()) {
          dir = dev.runnerlint.image.ImagePath.parent(runSh.get());
        } else if (!runnerDirSet) {
          dir = Deployment.CHART_RUNNER_DIR;
        }
      }
      return new LintSettings(
          dir, disabled, levels, suppressions, today, Optional.ofNullable(deployment));
    }
  }
}
