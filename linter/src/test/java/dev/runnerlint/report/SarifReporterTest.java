package dev.runnerlint.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runnerlint.findings.Finding.Subject;
import dev.runnerlint.findings.ImageResult;
import dev.runnerlint.findings.Level;
import dev.runnerlint.findings.Report;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SarifReporterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode sarif(Report report, boolean withDockerfile) throws IOException {
    SarifReporter reporter =
        new SarifReporter(
            withDockerfile ? Optional.of(ReportGoldenTest.dockerfile()) : Optional.empty());
    return JSON.readTree(Golden.render(reporter, report));
  }

  static List<Object[]> variants() {
    List<Object[]> out = new ArrayList<>();
    for (boolean dockerfile : new boolean[] {false, true}) {
      out.add(new Object[] {"failing", TestReports.failing(), dockerfile});
      out.add(new Object[] {"passing", TestReports.passing(), dockerfile});
      out.add(new Object[] {"multi-platform", TestReports.multiPlatform(), dockerfile});
    }
    return out;
  }

  @ParameterizedTest(name = "{0} dockerfile={2}")
  @MethodSource("variants")
  void validatesAgainstTheSarif210Schema(String name, Report report, boolean dockerfile)
      throws IOException {
    assertThat(ReportValidators.sarifSchemaErrors(sarif(report, dockerfile))).isEmpty();
  }

  /** Guards the check itself: the schema does reject a result SARIF does not allow. */
  @Test
  void theSchemaRejectsAnInvalidLevel() throws IOException {
    JsonNode log = sarif(TestReports.failing(), false);
    ((ObjectNode) log.at("/runs/0/results/0")).put("level", "fatal");
    assertThat(ReportValidators.sarifSchemaErrors(log)).isNotEmpty();
  }

  @ParameterizedTest(name = "{0} dockerfile={2}")
  @MethodSource("variants")
  void everyResultHasARelativeColonFreeLocationAndAMatchingRuleIndex(
      String name, Report report, boolean dockerfile) throws IOException {
    JsonNode log = sarif(report, dockerfile);
    for (JsonNode run : log.get("runs")) {
      JsonNode rules = run.at("/tool/driver/rules");
      assertThat(rules).hasSize(TestReports.CATALOG.size());
      for (JsonNode result : run.get("results")) {
        int index = result.get("ruleIndex").asInt();
        assertThat(rules.get(index).get("id").asText()).isEqualTo(result.get("ruleId").asText());
        assertThat(result.get("locations")).isNotEmpty();
        JsonNode physical = result.at("/locations/0/physicalLocation");
        String uri = physical.at("/artifactLocation/uri").asText();
        assertThat(URI.create(uri).isAbsolute()).as(uri).isFalse();
        assertThat(uri).doesNotContain(":").doesNotStartWith("/");
        assertThat(physical.at("/region/startLine").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(result.at("/partialFingerprints/primaryLocationLineHash").asText())
            .matches("[0-9a-f]{64}:1");
      }
    }
  }

  @Test
  void runsCarryImageAndInvocationDetails() throws IOException {
    JsonNode log = sarif(TestReports.failing(), false);
    assertThat(log.get("version").asText()).isEqualTo("2.1.0");
    JsonNode run = log.at("/runs/0");
    assertThat(run.at("/automationDetails/id").asText())
        .isEqualTo("runnerlint/ghcr.io/acme/runner/linux/amd64/");
    assertThat(run.at("/properties/imageReference").asText()).isEqualTo("ghcr.io/acme/runner:1.0");
    assertThat(run.at("/properties/manifestDigest").asText()).startsWith("sha256:");
    assertThat(run.at("/properties/platform").asText()).isEqualTo("linux/amd64");
    assertThat(run.at("/invocations/0/executionSuccessful").asBoolean()).isTrue();
    assertThat(run.at("/invocations/0/exitCode").asInt()).isEqualTo(3);
    JsonNode driver = run.at("/tool/driver");
    assertThat(driver.get("name").asText()).isEqualTo("runnerlint");
    assertThat(driver.get("semanticVersion").asText()).isEqualTo("1.2.3");
    JsonNode rule = driver.at("/rules/0");
    assertThat(rule.at("/help/markdown").asText()).contains("```dockerfile");
    assertThat(rule.at("/defaultConfiguration/level").asText()).isEqualTo("error");
    assertThat(rule.at("/properties/problem.severity").asText()).isEqualTo("error");
    assertThat(driver.at("/rules/9/properties/problem.severity").asText())
        .isEqualTo("recommendation");
    JsonNode broken = log.at("/runs/1");
    assertThat(broken.at("/invocations/0/executionSuccessful").asBoolean()).isFalse();
    assertThat(broken.at("/invocations/0/toolExecutionNotifications/0/message/text").asText())
        .contains("manifest unknown");
    assertThat(broken.get("results")).isEmpty();
  }

  @Test
  void withoutDockerfileTheUriNamesRepositoryAndInImagePath() throws IOException {
    JsonNode results = sarif(TestReports.failing(), false).at("/runs/0/results");
    assertThat(uriOf(results, "ARC001")).isEqualTo("ghcr.io/acme/runner/actions-runner/run.sh");
    assertThat(uriOf(results, "ARC004")).isEqualTo("ghcr.io/acme/runner/.image-config/WorkingDir");
  }

  @Test
  void withDockerfileTheUriIsTheDockerfileLineResponsible() throws IOException {
    JsonNode results = sarif(TestReports.failing(), true).at("/runs/0/results");
    assertThat(uriOf(results, "ARC004")).isEqualTo("docker/runner/Dockerfile");
    assertThat(lineOf(results, "ARC004")).isEqualTo(10); // WORKDIR /home/runner
    assertThat(lineOf(results, "ARC007")).isEqualTo(8); // COPY runner/ /actions-runner/
    assertThat(lineOf(results, "ARC104")).isEqualTo(9); // RUN apt-get … sudo
    assertThat(lineOf(results, "ARC201")).isEqualTo(11); // ENTRYPOINT
    assertThat(lineOf(results, "ARC001")).isEqualTo(6); // not written by any layer: FROM base
  }

  @Test
  void imageUrisAreColonFreeRelativeAndEncoded() {
    ImageResult local = TestReports.image("localhost:5000/acme/runner:1.0").build();
    assertThat(SarifReporter.imageUri(local, Subject.file("/opt/my dir/a:b/../x")))
        .isEqualTo("localhost_5000/acme/runner/opt/my%20dir/a%3Ab/_../x");
    assertThat(SarifReporter.imageUri(local, Subject.config("Env.RUNNER_ALLOW_RUNASROOT")))
        .isEqualTo("localhost_5000/acme/runner/.image-config/Env.RUNNER_ALLOW_RUNASROOT");
  }

  @Test
  void fingerprintsAndCategoriesAreTheSameUnderAnotherTag() throws IOException {
    JsonNode v1 =
        sarif(TestReports.report(1, TestReports.failingImage("ghcr.io/acme/runner:1.0")), false);
    ImageResult retagged = TestReports.failingImage("ghcr.io/acme/runner:2.0");
    ImageResult rebuilt =
        new ImageResult(
            retagged.reference(),
            retagged.repository(),
            Optional.of("sha256:" + "9".repeat(64)),
            retagged.platform(),
            retagged.rules(),
            retagged.error(),
            retagged.nanos());
    JsonNode v2 = sarif(TestReports.report(1, rebuilt), false);
    assertThat(v1.at("/runs/0/properties/imageReference").asText())
        .isNotEqualTo(v2.at("/runs/0/properties/imageReference").asText());
    assertThat(v2.at("/runs/0/automationDetails/id").asText())
        .isEqualTo(v1.at("/runs/0/automationDetails/id").asText());
    assertThat(fingerprints(v2)).isEqualTo(fingerprints(v1)).doesNotHaveDuplicates().hasSize(7);

    JsonNode other =
        sarif(TestReports.report(1, TestReports.failingImage("ghcr.io/acme/other:1.0")), false);
    assertThat(fingerprints(other)).doesNotContainAnyElementsOf(fingerprints(v1));
  }

  @Test
  void suppressedFindingsAreKeptWithTheirJustification() throws IOException {
    JsonNode results = sarif(TestReports.failing(), false).at("/runs/0/results");
    JsonNode arc201 = result(results, "ARC201");
    assertThat(arc201.at("/suppressions/0/kind").asText()).isEqualTo("external");
    assertThat(arc201.at("/suppressions/0/justification").asText())
        .isEqualTo("Our pod template runs /entrypoint.sh itself.");
    assertThat(result(results, "ARC001").has("suppressions")).isFalse();
  }

  @Test
  void moreThanTwentyRunsIsRefusedWithAdvice() {
    ImageResult[] images =
        IntStream.range(0, SarifReporter.MAX_RUNS + 1)
            .mapToObj(i -> TestReports.passingImage("ghcr.io/acme/r" + i + ":1", "linux/amd64"))
            .toArray(ImageResult[]::new);
    Report report = TestReports.report(0, images);
    assertThatThrownBy(() -> Golden.render(new SarifReporter(Optional.empty()), report))
        .isInstanceOf(SarifReporter.SarifLimitException.class)
        .hasMessageContaining("21 image platforms")
        .hasMessageContaining("at most 20 runs")
        .hasMessageContaining("one SARIF file per image");
    ImageResult[] twenty = java.util.Arrays.copyOf(images, SarifReporter.MAX_RUNS);
    assertThat(
            new SarifReporter(Optional.empty()).toSarif(TestReports.report(0, twenty)).get("runs"))
        .hasSize(20);
  }

  @Test
  void twoTagsOfOneRepositoryGetDistinctCategoriesAndKeepTagFreeFingerprints() {
    Report report =
        TestReports.report(
            0,
            TestReports.passingImage("ghcr.io/acme/runner:1.0", "linux/amd64"),
            TestReports.passingImage("ghcr.io/acme/runner:2.0", "linux/amd64"),
            TestReports.passingImage("ghcr.io/acme/other:1.0", "linux/amd64"));
    JsonNode runs = new SarifReporter(Optional.empty()).toSarif(report).get("runs");
    assertThat(runs).hasSize(3);
    assertThat(runs.get(0).at("/automationDetails/id").asText())
        .isEqualTo("runnerlint/ghcr.io/acme/runner/linux/amd64/1.0/");
    assertThat(runs.get(1).at("/automationDetails/id").asText())
        .isEqualTo("runnerlint/ghcr.io/acme/runner/linux/amd64/2.0/");
    assertThat(runs.get(2).at("/automationDetails/id").asText())
        .as("no collision, no tag")
        .isEqualTo("runnerlint/ghcr.io/acme/other/linux/amd64/");
    assertThat(SarifReporter.categoryNotes(report.images(), SarifReporter.DEFAULT_CATEGORY))
        .hasSize(2);
  }

  @Test
  void moreThan25000ResultsInARunIsRefused() {
    TestReports.ImageBuilder b = TestReports.image("ghcr.io/acme/huge:1");
    for (int i = 0; i <= SarifReporter.MAX_RESULTS_PER_RUN; i++) {
      b.finding(TestReports.file("ARC007", Level.ERROR, "/f" + i, "bad.", "fix."));
    }
    Report report = TestReports.report(1, b.build());
    assertThatThrownBy(() -> new SarifReporter(Optional.empty()).toSarif(report))
        .isInstanceOf(SarifReporter.SarifLimitException.class)
        .hasMessageContaining("25001 findings")
        .hasMessageContaining("at most 25000 results per run");
  }

  private static List<String> fingerprints(JsonNode log) {
    List<String> out = new ArrayList<>();
    for (JsonNode r : log.at("/runs/0/results")) {
      out.add(r.at("/partialFingerprints/primaryLocationLineHash").asText());
    }
    return out;
  }

  private static JsonNode result(JsonNode results, String ruleId) {
    for (JsonNode r : results) {
      if (r.get("ruleId").asText().equals(ruleId)) {
        return r;
      }
    }
    throw new AssertionError("no result for " + ruleId + " in " + results);
  }

  private static String uriOf(JsonNode results, String ruleId) {
    return result(results, ruleId)
        .at("/locations/0/physicalLocation/artifactLocation/uri")
        .asText();
  }

  private static int lineOf(JsonNode results, String ruleId) {
    return result(results, ruleId).at("/locations/0/physicalLocation/region/startLine").asInt();
  }
}
