package dev.runnerlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runnerlint.cli.LintCli.Run;
import dev.runnerlint.report.ReportValidators;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code .runnerlint.yaml}, given with {@code --config} or found in the working directory: a
 * suppressed finding does not fail the run and is kept, marked, in every format; an expired
 * suppression stops applying and says so on stderr.
 */
class LintConfigTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REASON = "Our pod template sets workingDir itself";
  private static String workdirWrong;
  private static String warningsOnly;

  @BeforeAll
  static void pushImages() {
    workdirWrong =
        LintCli.push(
            "config/runner:workdir",
            LintCli.ok().toBuilder().emptyLayerHistory("WORKDIR /").workingDir("/").build());
    warningsOnly = LintCli.push("config/runner:warnings", LintCli.warningsOnly());
  }

  private static Path config(Path dir, String yaml) throws IOException {
    Path file = dir.resolve(".runnerlint.yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }

  private static String suppression(String image, String expires) {
    return "suppressions:\n"
        + "  - rule: ARC004\n"
        + "    image: \""
        + image
        + "\"\n"
        + "    reason: "
        + REASON
        + "\n"
        + "    expires: "
        + expires
        + "\n";
  }

  @Test
  void theImageFailsWithoutAConfig(@TempDir Path emptyDir) {
    Run run = LintCli.runIn(emptyDir, "lint", workdirWrong);

    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(run.out()).contains("x ARC004 error WorkingDir is /, expected /actions-runner");
  }

  @Test
  void aSuppressedFindingDoesNotFailAndIsKeptInEveryFormat(@TempDir Path dir) throws Exception {
    Path file = config(dir, suppression("*/config/runner*", "2099-12-31"));
    Path sarif = dir.resolve("out.sarif");
    Path junit = dir.resolve("out.xml");
    Path json = dir.resolve("out.json");

    Run run =
        LintCli.run(
            "lint",
            "--config",
            file.toString(),
            "--output",
            "sarif=" + sarif,
            "--output",
            "junit=" + junit,
            "--output",
            "json=" + json,
            workdirWrong);

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .contains("~ ARC004 error (suppressed until 2099-12-31: " + REASON + ") WorkingDir is /")
        .doesNotContain("x ARC004")
        .contains("0 errors, 0 warnings, 0 notes (1 suppressed)");

    JsonNode finding = JSON.readTree(json.toFile()).at("/images/0/findings/0");
    assertThat(finding.get("ruleId").asText()).isEqualTo("ARC004");
    assertThat(finding.get("suppressed").asBoolean()).isTrue();
    assertThat(finding.at("/suppression/reason").asText()).isEqualTo(REASON);
    assertThat(finding.at("/suppression/expires").asText()).isEqualTo("2099-12-31");

    JsonNode log = JSON.readTree(sarif.toFile());
    assertThat(ReportValidators.sarifSchemaErrors(log)).isEmpty();
    JsonNode results = log.at("/runs/0/results");
    assertThat(results).hasSize(1);
    assertThat(results.get(0).get("ruleId").asText()).isEqualTo("ARC004");
    assertThat(results.get(0).get("suppressions")).hasSize(1);
    assertThat(results.get(0).at("/suppressions/0/kind").asText()).isEqualTo("external");
    assertThat(results.get(0).at("/suppressions/0/justification").asText()).isEqualTo(REASON);
    assertThat(log.at("/runs/0/invocations/0/exitCode").asInt()).isZero();

    String xml = Files.readString(junit, StandardCharsets.UTF_8);
    ReportValidators.validateJunitXsd(xml);
    ReportValidators.assertJunitCountsMatchTestcases(xml, 1);
    Element arc004 = testcase(xml, "ARC004 workdir-is-runner-dir");
    assertThat(arc004.getElementsByTagName("failure").getLength()).isZero();
    NodeList skipped = arc004.getElementsByTagName("skipped");
    assertThat(skipped.getLength()).isEqualTo(1);
    assertThat(((Element) skipped.item(0)).getAttribute("message")).contains(REASON);
  }

  @Test
  void theConfigInTheWorkingDirectoryIsFoundWithoutAFlag(@TempDir Path dir) throws IOException {
    config(dir, suppression("*/config/runner*", "2099-12-31"));

    Run run = LintCli.runIn(dir, "lint", workdirWrong);

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).contains("~ ARC004 error (suppressed until 2099-12-31: " + REASON + ")");
  }

  @Test
  void anExpiredSuppressionNoLongerAppliesAndWarns(@TempDir Path dir) throws IOException {
    Path file = config(dir, suppression("*/config/runner*", "2020-01-01"));

    Run run = LintCli.run("lint", "--config", file.toString(), workdirWrong);

    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(run.out())
        .contains("x ARC004 error WorkingDir is /")
        .doesNotContain("suppressed until");
    assertThat(run.errLines())
        .as(run.toString())
        .containsExactly(
            "runnerlint: warning: suppression of ARC004 for */config/runner* expired on 2020-01-01");
  }

  @Test
  void aSuppressionForAnotherImageDoesNotApply(@TempDir Path dir) throws IOException {
    Path file = config(dir, suppression("ghcr.io/acme/*", "2099-12-31"));

    Run run = LintCli.run("lint", "--config", file.toString(), workdirWrong);

    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(run.out()).contains("x ARC004 error");
  }

  @Test
  void failOnFromTheConfigAndTheFlagWins(@TempDir Path dir) throws IOException {
    Path file = config(dir, "failOn: warning\n");

    assertThat(LintCli.run("lint", "--config", file.toString(), warningsOnly).code())
        .isEqualTo(ExitCodes.FINDINGS);
    assertThat(
            LintCli.run("lint", "--config", file.toString(), "--fail-on", "error", warningsOnly)
                .code())
        .isZero();
  }

  @Test
  void aBadConfigExitsTwoNamingFileAndLine(@TempDir Path dir) throws IOException {
    Path file = config(dir, "failOn: error\nsuppressions:\n  - rule: ARC004\n    image: \"*\"\n");

    Run run = LintCli.run("lint", "--config", file.toString(), workdirWrong);

    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines()).as(run.toString()).hasSize(1);
    assertThat(run.errLines().get(0)).startsWith("runnerlint: " + file + ":3: ").contains("reason");
    assertThat(run.out()).isEmpty();
  }

  private static Element testcase(String xml, String name) throws Exception {
    NodeList cases = ReportValidators.parseXml(xml).getElementsByTagName("testcase");
    for (int i = 0; i < cases.getLength(); i++) {
      Element e = (Element) cases.item(i);
      if (e.getAttribute("name").equals(name)) {
        return e;
      }
    }
    throw new AssertionError("no testcase " + name + " in\n" + xml);
  }
}
