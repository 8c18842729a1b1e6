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

  @Test
  void theDeploymentDimensionsBendLayoutAOnlyAndTheHookPathFollowsTheValues() {
    List<Variant> variants = VariantGenerator.generate(DifferentialOracleTest.SEED, 80);
    assertThat(variants)
        .filteredOn(
            v ->
                v.bent().containsKey(Dimension.EXTERNALS)
                    || v.bent().containsKey(Dimension.TOOLS)
                    || v.bent().containsKey(Dimension.HOOKS))
        .isNotEmpty()
        .allMatch(v -> v.layout().equals("a"));
    Variant plain = new Variant(0, "a", Map.of(Dimension.USER, "1001"));
    Variant noCp = new Variant(1, "a", Map.of(Dimension.TOOLS, "no-cp"));
    Variant mjs = new Variant(2, "a", Map.of(Dimension.HOOKS, "not-js"));

    assertThat(plain.dockerfile("base"))
        .contains("cp /bin/true /home/runner/externals/node20/bin/node")
        .contains("touch /home/runner/k8s/index.js /home/runner/k8s-novolume/index.js")
        .doesNotContain("/usr/local/bin/docker");
    assertThat(noCp.dockerfile("base")).contains("\nRUN rm /usr/bin/cp\n");
    assertThat(plain.hooksEnv()).isNull();
    assertThat(plain.hooksPath()).isEqualTo("/home/runner/k8s-novolume/index.js");
    assertThat(mjs.hooksPath()).isEqualTo("/home/runner/k8s-novolume/index.mjs");
    assertThat(new Variant(3, "b", Map.of(Dimension.USER, "1001")).dockerfile("base"))
        .doesNotContain("externals");
  }
}
