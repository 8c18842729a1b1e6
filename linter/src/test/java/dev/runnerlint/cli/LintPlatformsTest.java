package dev.runnerlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runnerlint.cli.LintCli.Run;
import dev.runnerlint.fixtures.FixtureIndex;
import dev.runnerlint.rules.RunnerImages;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Multi-platform images are linted platform by platform (amd64 conforming, arm64 carrying the x64
 * runner), and the runner directory is a parameter: an image laid out like the official runner
 * image passes with {@code --runner-dir /home/runner}, and without it ARC001 names the flag.
 */
class LintPlatformsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static String mixed;
  private static String attested;
  private static String official;

  @BeforeAll
  static void pushImages() {
    mixed = LintCli.push("platforms/runner:mixed", LintCli.mixedIndex());
    attested = LintCli.push("platforms/runner:attested", LintCli.mixedIndex().withAttestation());
    official =
        LintCli.push(
            "platforms/official:2.321.0",
            FixtureIndex.of(
                RunnerImages.official(LintCli.AMD64), RunnerImages.official(LintCli.ARM64)));
  }

  @Test
  void textShowsEachPlatformWithItsOwnVerdict() {
    Run run = LintCli.run("lint", mixed);

    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.FINDINGS);
    String[] sections = run.out().split("\n\n");
    assertThat(sections).as(run.out()).hasSize(3);
    assertThat(sections[0])
        .startsWith(mixed + " (linux/amd64, sha256:")
        .contains("  no findings")
        .doesNotContain("ARC008");
    assertThat(sections[1])
        .startsWith(mixed + " (linux/arm64, sha256:")
        .contains("x ARC008 error /actions-runner/bin/Runner.Listener is ELF 64-bit LSB x86-64")
        .contains("linux/arm64")
        .contains("rules: 16 passed, 1 failed, 1 skipped");
    assertThat(sections[2]).contains("1 image (2 platforms), 1 error, 0 warnings");
  }

  @Test
  void jsonHasOneEntryPerPlatform() throws Exception {
    Run run = LintCli.run("lint", "--format", "json", mixed);

    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.FINDINGS);
    JsonNode images = JSON.readTree(run.out()).get("images");
    assertThat(images).hasSize(2);
    assertThat(images.get(0).get("reference").asText()).isEqualTo(mixed);
    assertThat(images.get(0).get("platform").asText()).isEqualTo("linux/amd64");
    assertThat(images.get(0).get("findings")).isEmpty();
    assertThat(images.get(1).get("reference").asText()).isEqualTo(mixed);
    assertThat(images.get(1).get("platform").asText()).isEqualTo("linux/arm64");
    assertThat(ruleIds(images.get(1))).containsExactly("ARC008");
    assertThat(images.get(1).at("/findings/0/level").asText()).isEqualTo("error");
    assertThat(images.get(0).get("digest").asText())
        .startsWith("sha256:")
        .isNotEqualTo(images.get(1).get("digest").asText());
  }

  @Test
  void platformSelectsOneOfTheIndex() throws Exception {
    Run amd64 = LintCli.run("lint", "--platform", "linux/amd64", "--format", "json", mixed);
    Run arm64 = LintCli.run("lint", "--platform", "linux/arm64", mixed);

    assertThat(amd64.code()).as(amd64.toString()).isZero();
    JsonNode images = JSON.readTree(amd64.out()).get("images");
    assertThat(images).hasSize(1);
    assertThat(images.get(0).get("platform").asText()).isEqualTo("linux/amd64");
    assertThat(arm64.code()).as(arm64.toString()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(arm64.out())
        .contains("(linux/arm64")
        .doesNotContain("linux/amd64")
        .contains("x ARC008 error");
  }

  @Test
  void aPlatformTheIndexDoesNotHaveIsNeverAPass() {
    Run run = LintCli.run("lint", "--platform", "linux/s390x", mixed);

    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.IMAGE_UNREADABLE);
    assertThat(run.errLines()).as(run.toString()).hasSize(1);
    assertThat(run.errLines().get(0)).contains("linux/s390x").contains(mixed);
  }

  @Test
  void attestationEntriesAreNotLinted() throws Exception {
    Run run = LintCli.run("lint", "--format", "json", attested);

    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.FINDINGS);
    List<String> platforms = new ArrayList<>();
    JSON.readTree(run.out()).get("images").forEach(i -> platforms.add(i.get("platform").asText()));
    assertThat(platforms).containsExactly("linux/amd64", "linux/arm64");
  }

  @Test
  void theOfficialLayoutPassesWithRunnerDirHomeRunner() {
    Run run = LintCli.run("lint", "--runner-dir", "/home/runner", official);

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains(official + " (linux/amd64")
        .contains(official + " (linux/arm64")
        .contains("1 image (2 platforms), 0 errors, 0 warnings, 0 notes");
    assertThat(run.out().split("  no findings", -1)).hasSize(3);
  }

  @Test
  void withoutRunnerDirArc001NamesTheFlag() {
    Run run = LintCli.run("lint", "--platform", "linux/amd64", official);

    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.FINDINGS);
    String arc001 = run.out().lines().filter(l -> l.contains("ARC001")).findFirst().orElseThrow();
    assertThat(arc001)
        .contains("/actions-runner/run.sh")
        .contains("/home/runner/run.sh")
        .contains("--runner-dir /home/runner");
    assertThat(run.out())
        .contains("x ARC004 error WorkingDir is /home/runner, expected /actions-runner");
  }

  private static List<String> ruleIds(JsonNode image) {
    List<String> ids = new ArrayList<>();
    image.get("findings").forEach(f -> ids.add(f.get("ruleId").asText()));
    return ids;
  }
}
