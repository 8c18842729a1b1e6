package dev.runnerlint.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.findings.RuleInfo;
import dev.runnerlint.rules.RuleCatalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The oracle's generator: seeded, reproducible, combinations, every value covered twice. */
class VariantGeneratorTest {
  private static List<String> dockerfiles(long seed, int count) {
    return VariantGenerator.generate(seed, count).stream()
        .map(v -> v.layout() + "\n" + v.dockerfile("base"))
        .toList();
  }

  @Test
  void theSameSeedGivesTheSameDockerfilesAndAnotherSeedOthers() {
    assertThat(dockerfiles(13, 80)).isEqualTo(dockerfiles(13, 80));
    assertThat(dockerfiles(14, 80)).isNotEqualTo(dockerfiles(13, 80));
  }

  @Test
  void theCiCountBendsEveryDimensionValueAtLeastTwiceInCombinations() {
    int count = VariantGenerator.coveringCount(DifferentialOracleTest.SEED);
    List<Variant> variants = VariantGenerator.generate(DifferentialOracleTest.SEED, count);

    Map<VariantGenerator.Pair, Integer> coverage = VariantGenerator.coverage(variants);
    assertThat(coverage).hasSize(VariantGenerator.pairs().size());
    assertThat(coverage.values()).allMatch(n -> n >= 2);
    assertThat(VariantGenerator.covered(VariantGenerator.generate(13, count - 1), 2)).isFalse();
    assertThat(variants).allMatch(v -> !v.bent().isEmpty() && v.bent().size() <= 3);
    assertThat(variants.stream().filter(v -> v.bent().size() > 1).count()).isGreaterThan(count / 2);
    assertThat(variants).anyMatch(v -> v.layout().equals("a"));
    assertThat(variants).anyMatch(v -> v.layout().equals("b"));
  }

  @Test
  void everyBuiltinRuleIsComparedOrListedAsWithoutAProbe() {
    List<String> ids = RuleCatalog.builtin().infos().stream().map(RuleInfo::id).toList();
    for (String id : ids) {
      assertThat(Probes.COMPARED.contains(id) ^ Probes.UNPROBED.containsKey(id))
          .as(id + ": compared by a probe, or listed in Probes.UNPROBED with why (not both)")
          .isTrue();
    }
    assertThat(ids).containsAll(Probes.COMPARED).containsAll(Probes.UNPROBED.keySet());
  }

  @Test
  void theKubeletRunsTheUserPartOfUserAndRootIsChosenForRunnerAllowRunAsRoot() {
    Variant group = new Variant(0, "a", Map.of(Dimension.USER, "runner:runners"));
    Variant allow = new Variant(1, "b", Map.of(Dimension.ALLOW_ROOT, "false"));

    assertThat(group.kubeletUser()).isEqualTo("runner");
    assertThat(group.dockerfile("base")).contains("\nUSER runner:runners\n");
    assertThat(allow.user()).isEqualTo("root");
    assertThat(allow.dockerfile("base"))
        .contains("ENV RUNNER_ALLOW_RUNASROOT=false\nUSER root\nWORKDIR /actions-runner\n");
  }
}
