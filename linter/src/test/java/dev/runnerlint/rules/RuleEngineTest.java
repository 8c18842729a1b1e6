package dev.runnerlint.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerlint.findings.Finding;
import dev.runnerlint.findings.Level;
import dev.runnerlint.findings.RuleResult;
import dev.runnerlint.findings.RuleResult.Status;
import dev.runnerlint.fixtures.SampleImages;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings applied by the engine: disabled rules, level overrides, suppressions and expiry. */
class RuleEngineTest {
  @TempDir Path dir;

  /** runner-broken: ARC001, ARC004, ARC005 (errors), ARC102, ARC103 (warnings). */
  private LintHarness.Linted lintBroken(LintSettings settings) {
    return LintHarness.lint(dir, SampleImages.runnerBroken("linux/amd64"), settings);
  }

  @Test
  void brokenSampleFailsTheExpectedRules() {
    LintHarness.Linted l = lintBroken(LintSettings.defaults());
    assertThat(l.failed()).containsExactly("ARC001", "ARC004", "ARC005", "ARC102", "ARC103");
    assertThat(l.findings("ARC004").get(0).fix()).isEqualTo("WORKDIR /actions-runner");
    assertThat(l.findings("ARC001").get(0).fix()).doesNotContain("${");
  }

  @Test
  void disabledRulesAreReportedAsDisabledWithoutFindings() {
    LintHarness.Linted l = lintBroken(LintSettings.builder().disable("ARC004", "ARC103").build());
    assertThat(l.result("ARC004").status()).isEqualTo(Status.DISABLED);
    assertThat(l.result("ARC004").findings()).isEmpty();
    assertThat(l.result("ARC103").status()).isEqualTo(Status.DISABLED);
    assertThat(l.failed()).containsExactly("ARC001", "ARC005", "ARC102");
  }

  @Test
  void levelOverridesApplyToEveryFindingOfTheRule() {
    LintHarness.Linted l =
        lintBroken(
            LintSettings.builder()
                .level("ARC004", Level.NOTE)
                .level("ARC103", Level.ERROR)
                .build());
    assertThat(l.findings("ARC004")).extracting(Finding::level).containsExactly(Level.NOTE);
    assertThat(l.findings("ARC103")).extracting(Finding::level).containsExactly(Level.ERROR);
    assertThat(l.findings("ARC001")).extracting(Finding::level).containsExactly(Level.ERROR);
  }

  @Test
  void suppressionMatchingTheImageMarksFindingsWithItsReason() {
    LintSettings s =
        LintSettings.builder()
            .today(LocalDate.of(2025, 6, 1))
            .suppress(
                new SuppressionRule(
                    "ARC004",
                    Optional.of("*"),
                    "WORKDIR set by the pod",
                    Optional.of(LocalDate.of(2025, 6, 1))))
            .suppress(
                new SuppressionRule(
                    "ARC103", Optional.of("ghcr.io/acme/*"), "not ours", Optional.empty()))
            .build();
    LintHarness.Linted l = lintBroken(s);
    RuleResult arc004 = l.result("ARC004");
    assertThat(arc004.status()).isEqualTo(Status.SUPPRESSED);
    assertThat(arc004.findings()).hasSize(1);
    assertThat(arc004.findings().get(0).suppression())
        .contains(
            new Finding.Suppression(
                "WORKDIR set by the pod", Optional.of(LocalDate.of(2025, 6, 1))));
    assertThat(arc004.skipReason()).contains("suppressed: WORKDIR set by the pod");
    // the pattern does not match this image: not suppressed
    assertThat(l.result("ARC103").status()).isEqualTo(Status.FAILED);
    assertThat(l.warnings()).isEmpty();
  }

  @Test
  void expiredSuppressionNoLongerAppliesAndWarns() {
    SuppressionRule expired =
        new SuppressionRule(
            "ARC004", Optional.of("*"), "temporary", Optional.of(LocalDate.of(2026, 1, 1)));
    LintSettings s =
        LintSettings.builder().today(LocalDate.of(2026, 1, 2)).suppress(expired).build();
    LintHarness.Linted l = lintBroken(s);
    assertThat(l.result("ARC004").status()).isEqualTo(Status.FAILED);
    assertThat(l.findings("ARC004").get(0).suppressed()).isFalse();
    assertThat(l.warnings()).containsExactly("suppression of ARC004 for * expired on 2026-01-01");
    assertThat(s.expiredSuppressions()).containsExactly(expired);
  }

  @Test
  void suppressionGlobMatchesReferenceOrRepository() {
    SuppressionRule r =
        new SuppressionRule("ARC004", Optional.of("ghcr.io/acme/*"), "why", Optional.empty());
    assertThat(r.matchesImage("ghcr.io/acme/runner:1", "ghcr.io/acme/runner")).isTrue();
    assertThat(r.matchesImage("docker.io/acme/runner:1", "docker.io/acme/runner")).isFalse();
    SuppressionRule exact =
        new SuppressionRule("ARC004", Optional.of("ghcr.io/acme/runner"), "why", Optional.empty());
    assertThat(exact.matchesImage("ghcr.io/acme/runner:2", "ghcr.io/acme/runner")).isTrue();
    assertThat(
            new SuppressionRule("ARC004", Optional.empty(), "why", Optional.empty())
                .expiryWarning())
        .isEqualTo("suppression of ARC004 expired on ?");
  }

  @Test
  void suppressionNeedsAReason() {
    assertThatThrownBy(() -> new SuppressionRule("ARC004", Optional.empty(), " ", Optional.empty()))
        .hasMessageContaining("needs a reason");
  }

  @Test
  void unknownRuleIdsInSettingsAreRejected() {
    LintSettings s = LintSettings.builder().disable("ARC999").build();
    assertThatThrownBy(() -> s.validateAgainst(RuleCatalog.builtin()))
        .hasMessage("unknown rule ID 'ARC999' in disabled rules");
  }

  @Test
  void runnerDirIsNormalised() {
    assertThat(LintSettings.builder().runnerDir("/home/runner/").build().runnerDir())
        .isEqualTo("/home/runner");
    assertThat(LintSettings.defaults().runnerDir()).isEqualTo("/actions-runner");
  }
}
