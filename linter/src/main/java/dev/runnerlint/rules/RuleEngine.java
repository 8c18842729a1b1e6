package dev.runnerlint.rules;

import dev.runnerlint.findings.Finding;
import dev.runnerlint.findings.Level;
import dev.runnerlint.findings.RuleResult;
import dev.runnerlint.findings.SourceLocation;
import dev.runnerlint.fs.FileEntry;
import dev.runnerlint.rules.lang.EvalContext;
import dev.runnerlint.rules.lang.Outcome;
import dev.runnerlint.rules.lang.Variables;
import dev.runnerlint.rules.lang.Violation;
import dev.runnerlint.values.Deployment;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates every rule of a {@link RuleCatalog} on one image platform, applying the settings:
 * disabled rules, level overrides and suppressions. Thread-safe; one engine may serve many images.
 */
public final class RuleEngine {
  private final RuleCatalog catalog;
  private final Set<String> warnings = new LinkedHashSet<>();

  public RuleEngine(RuleCatalog catalog) {
    this.catalog = catalog;
  }

  public RuleCatalog catalog() {
    return catalog;
  }

  /**
   * One result per rule, in catalog order. A rule whose facts could not be had is SKIPPED with the
   * reason, never PASSED.
   */
  public List<RuleResult> evaluate(LintInput input, LintSettings settings) {
    EvalContext ctx = new EvalContext(input, settings.runnerDir());
    List<RuleResult> results = new ArrayList<>();
    for (Rule rule : catalog.forRun(settings).rules()) {
      long start = System.nanoTime();
      RuleResult r = evaluate(rule, ctx, input, settings);
      long nanos = System.nanoTime() - start;
      results.add(new RuleResult(r.ruleId(), r.status(), r.findings(), r.skipReason(), nanos));
    }
    return results;
  }

  /**
   * Warnings for the CLI to print, once each: suppressions that would have matched a finding but
   * have expired ("suppression of ARC004 for ghcr.io/acme/* expired on 2026-01-01").
   */
  public synchronized List<String> warnings() {
    return List.copyOf(warnings);
  }

  private synchronized void warn(String message) {
    warnings.add(message);
  }

  private RuleResult evaluate(Rule rule, EvalContext ctx, LintInput input, LintSettings settings) {
    String id = rule.id();
    if (settings.disabled().contains(id)) {
      return result(id, RuleResult.Status.DISABLED, List.of(), "disabled by configuration");
    }
    if (rule.when().isPresent()) {
      Outcome w = rule.when().get().evaluate(ctx);
      if (w instanceof Outcome.Fail f) {
        return result(
            id,
            RuleResult.Status.SKIPPED,
            List.of(),
            "not applicable: " + f.violations().get(0).message());
      }
      if (w instanceof Outcome.NotApplicable n) {
        return result(id, RuleResult.Status.SKIPPED, List.of(), "not applicable: " + n.reason());
      }
      if (w instanceof Outcome.Skipped s) {
        return result(id, RuleResult.Status.SKIPPED, List.of(), s.reason());
      }
    }
    Outcome o = rule.check().evaluate(ctx);
    if (o instanceof Outcome.Pass) {
      return result(id, RuleResult.Status.PASSED, List.of(), null);
    }
    if (o instanceof Outcome.NotApplicable n) {
      return result(id, RuleResult.Status.SKIPPED, List.of(), "not applicable: " + n.reason());
    }
    if (o instanceof Outcome.Skipped s) {
      return result(id, RuleResult.Status.SKIPPED, List.of(), s.reason());
    }
    List<Finding> findings = new ArrayList<>();
    for (Violation v : ((Outcome.Fail) o).violations()) {
      findings.add(finding(rule, v, ctx, input, settings));
    }
    boolean allSuppressed = findings.stream().allMatch(Finding::suppressed);
    if (allSuppressed) {
      return result(
          id,
          RuleResult.Status.SUPPRESSED,
          findings,
          "suppressed: " + findings.get(0).suppression().orElseThrow().reason());
    }
    return result(id, RuleResult.Status.FAILED, findings, null);
  }

  private Finding finding(
      Rule rule, Violation v, EvalContext ctx, LintInput input, LintSettings settings) {
    Level level =
        Optional.ofNullable(settings.levels().get(rule.id()))
            .or(v::level)
            .orElse(rule.info().defaultLevel());
    String fix = v.fix().isEmpty() ? ruleFix(rule, ctx) : v.fix();
    Optional<Finding.LayerRef> layer = v.entry().map(RuleEngine::layerOf);
    Finding f =
        new Finding(
            rule.id(),
            level,
            v.message(),
            fix,
            v.subject(),
            layer,
            Optional.empty(),
            location(rule, v, settings));
    String reference = input.image().reference();
    String repository = input.image().repository();
    for (SuppressionRule s : settings.suppressions()) {
      if (!s.rule().equals(rule.id()) || !s.matchesImage(reference, repository)) {
        continue;
      }
      if (s.expiredOn(settings.today())) {
        warn(s.expiryWarning());
        continue;
      }
      return f.withSuppression(new Finding.Suppression(s.reason(), s.expires()));
    }
    return f;
  }

  /**
   * Where in the values file the finding's cause is: the first of the keys the violation, then the
   * rule, blame ({@code at:}), then the key its subject names ({@code User}: runAsUser/runAsGroup,
   * {@code Env.NAME}: env.NAME, {@code Entrypoint}/{@code Cmd}: command), that the values set.
   */
  static Optional<SourceLocation> location(Rule rule, Violation v, LintSettings settings) {
    if (settings.deployment().isEmpty()) {
      return Optional.empty();
    }
    Deployment d = settings.deployment().get();
    List<String> keys = new ArrayList<>(v.at());
    keys.addAll(rule.at());
    if (v.subject().kind() == Finding.Subject.Kind.CONFIG) {
      String key = v.subject().value();
      if (key.equals("User")) {
        keys.addAll(List.of("runAsUser", "runAsGroup"));
      } else if (key.startsWith("Env.")) {
        keys.add("env." + key.substring(4));
      } else if (key.equals("Entrypoint") || key.equals("Cmd")) {
        keys.add("command");
      }
    }
    for (String k : keys) {
      Optional<SourceLocation> at = d.location(k);
      if (at.isPresent()) {
        return at;
      }
    }
    return Optional.empty();
  }

  /** The rule's default fix with its variables; left as written if one is unavailable. */
  private static String ruleFix(Rule rule, EvalContext ctx) {
    return Variables.substituteOrKeep(rule.fix(), ctx);
  }

  static Finding.LayerRef layerOf(FileEntry e) {
    return new Finding.LayerRef(
        e.origin().index(), e.origin().digest().toString(), e.origin().createdBy());
  }

  private static RuleResult result(
      String id, RuleResult.Status status, List<Finding> findings, String reason) {
    return new RuleResult(id, status, findings, Optional.ofNullable(reason), 0);
  }
}
