package dev.runnerlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runnerlint.cli.LintCli.Run;
import dev.runnerlint.report.ReportValidators;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports of real {@code runnerlint lint} runs: every format from one run, SARIF that the SARIF
 * 2.1.0 schema and the SARIF Multitool (GitHub's rules) accept for failing, passing and
 * multi-platform images with and without {@code --dockerfile}, stable fingerprints across tags, one
 * category per platform, JUnit files whose counts equal their testcases, and GitHub annotations on
 * the Dockerfile line responsible.
 */
class LintReportsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;

  /** A checkout of the broken image's sources: its Dockerfile at the root. */
  private static Path brokenRepo;

  /** A checkout of the conforming image's sources (also built for arm64). */
  private static Path okRepo;

  private static String ok;
  private static String broken;
  private static String brokenOtherTag;
  private static String multi;

  /** The conforming image in a repository of its own (one SARIF file takes one tag per repo). */
  private static String passing;

  @BeforeAll
  static void pushImagesAndCheckOutDockerfiles() throws IOException {
    ok = LintCli.push("reports/runner:2.0", LintCli.ok());
    broken = LintCli.push("reports/runner:1.0", LintCli.broken());
    brokenOtherTag = LintCli.push("reports/runner:1.0-rebuilt", LintCli.broken());
    multi = LintCli.push("reports/multi:1.1", LintCli.mixedIndex());
    passing = LintCli.push("reports/passing:2.0", LintCli.ok());
    brokenRepo = checkout("broken", "runner-broken.Dockerfile");
    okRepo = checkout("ok", "runner-ok.Dockerfile");
  }

  private static Path checkout(String name, String resource) throws IOException {
    Path repo = Files.createDirectories(work.resolve(name));
    try (InputStream in = LintReportsTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      Files.copy(in, repo.resolve("Dockerfile"));
    }
    return repo;
  }

  /** The 1-based line of the first Dockerfile instruction starting with {@code prefix}. */
  private static int line(Path repo, String prefix) throws IOException {
    List<String> lines = Files.readAllLines(repo.resolve("Dockerfile"), StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line starting with " + prefix);
  }

  @Test
  void sarifOnStdoutIsAValidLogWithTheWholeCatalog() throws Exception {
    Run run = LintCli.run("lint", "--format", "sarif", broken);

    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.FINDINGS);
    JsonNode log = JSON.readTree(run.out());
    assertThat(ReportValidators.sarifSchemaErrors(log)).isEmpty();
    JsonNode rules = log.at("/runs/0/tool/driver/rules");
    // arc-contract (9), arc-parity (7) and the image rules of arc-deployment (ARC301, ARC302)
    assertThat(rules).hasSize(18);
    JsonNode results = log.at("/runs/0/results");
    assertThat(results).hasSizeGreaterThanOrEqualTo(5);
    for (JsonNode r : results) {
      assertThat(rules.get(r.get("ruleIndex").asInt()).get("id").asText())
          .isEqualTo(r.get("ruleId").asText());
      assertThat(r.at("/locations/0/physicalLocation/region/startLine").asInt()).isPositive();
      assertThat(r.at("/locations/0/physicalLocation/artifactLocation/uri").asText())
          .doesNotContain(":")
          .doesNotStartWith("/");
    }
    assertThat(uriOf(results, "ARC001")).endsWith("reports/runner/actions-runner/run.sh");
    assertThat(log.at("/runs/0/invocations/0/exitCode").asInt()).isEqualTo(1);
    assertThat(log.at("/runs/0/invocations/0/executionSuccessful").asBoolean()).isTrue();
  }

  @Test
  void oneRunWritesEveryFormatWhileTextGoesToStdout() throws Exception {
    Run run =
        LintCli.runIn(
            brokenRepo,
            "lint",
            "--output",
            "sarif=out/runnerlint.sarif",
            "--output",
            "junit=out/runnerlint.xml",
            "--output",
            "json=out/runnerlint.json",
            "--output",
            "github=out/annotations.txt",
            "--output",
            "markdown=out/summary.md",
            "--dockerfile",
            "Dockerfile",
            broken);

    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(run.out()).startsWith(broken + " (linux/amd64").contains("x ARC001 error");
    Path out = brokenRepo.resolve("out");
    JsonNode sarif = JSON.readTree(out.resolve("runnerlint.sarif").toFile());
    JsonNode json = JSON.readTree(out.resolve("runnerlint.json").toFile());
    assertThat(ReportValidators.sarifSchemaErrors(sarif)).isEmpty();
    assertThat(sarif.at("/runs/0/results")).hasSize(json.at("/images/0/findings").size());
    String xml = Files.readString(out.resolve("runnerlint.xml"), StandardCharsets.UTF_8);
    ReportValidators.validateJunitXsd(xml);
    ReportValidators.assertJunitCountsMatchTestcases(xml, 1);
    assertThat(Files.readString(out.resolve("annotations.txt")))
        .contains("::error file=Dockerfile,");
    assertThat(Files.readString(out.resolve("summary.md"))).contains("ARC001");
  }

  /**
   * One run lints a failing image, a passing one and a multi-platform index (four runs in one SARIF
   * file), once without and once with {@code --dockerfile}; the Multitool checks both files in one
   * start (it is slow to start). SarifMultitoolTest proves, with a broken control log, that {@link
   * ReportValidators#multitoolErrors} does see errors.
   */
  @Test
  void sarifAndJunitOfRealRunsPassTheSchemasAndTheMultitool() throws Exception {
    Path dir = Files.createDirectories(work.resolve("validate"));
    List<Path> sarifFiles = new ArrayList<>();
    for (boolean dockerfile : new boolean[] {false, true}) {
      String name = dockerfile ? "with-dockerfile" : "without-dockerfile";
      Path sarif = dir.resolve(name + ".sarif");
      Path junit = dir.resolve(name + ".xml");
      List<String> args =
          new ArrayList<>(
              List.of(
                  "lint",
                  "--format",
                  "json",
                  "--output",
                  "sarif=" + sarif,
                  "--output",
                  "junit=" + junit));
      if (dockerfile) {
        args.addAll(List.of("--dockerfile", "Dockerfile"));
      }
      args.addAll(List.of(broken, passing, multi));
      Run run = LintCli.runIn(brokenRepo, args.toArray(String[]::new));
      assertThat(run.code()).as(name + ": " + run).isEqualTo(ExitCodes.FINDINGS);

      JsonNode log = JSON.readTree(sarif.toFile());
      assertThat(ReportValidators.sarifSchemaErrors(log)).as(name).isEmpty();
      JsonNode runs = log.get("runs");
      assertThat(runs).as(name).hasSize(4);
      assertThat(runs.get(0).get("results")).as("failing").hasSizeGreaterThanOrEqualTo(5);
      assertThat(runs.get(1).get("results")).as("passing").isEmpty();
      assertThat(runs.get(2).get("results")).as("multi amd64").isEmpty();
      assertThat(runs.get(3).get("results")).as("multi arm64").hasSize(1);
      for (JsonNode r : runs) {
        for (JsonNode result : r.get("results")) {
          String uri = result.at("/locations/0/physicalLocation/artifactLocation/uri").asText();
          if (dockerfile) {
            assertThat(uri).as(name).isEqualTo("Dockerfile");
          } else {
            assertThat(uri).as(name).startsWith("127.0.0.1").doesNotContain(":");
          }
        }
      }
      String xml = Files.readString(junit, StandardCharsets.UTF_8);
      ReportValidators.validateJunitXsd(xml);
      ReportValidators.assertJunitCountsMatchTestcases(xml, 4);
      sarifFiles.add(sarif);
    }

    Map<String, List<String>> errors = ReportValidators.multitoolErrors(dir, sarifFiles);
    assertThat(errors).hasSize(2).allSatisfy((file, list) -> assertThat(list).as(file).isEmpty());
  }

  @Test
  void fingerprintsAndCategoryAreTheSameUnderAnotherTag() throws Exception {
    JsonNode first = JSON.readTree(LintCli.run("lint", "--format", "sarif", broken).out());
    JsonNode second = JSON.readTree(LintCli.run("lint", "--format", "sarif", brokenOtherTag).out());

    assertThat(fingerprints(first)).hasSizeGreaterThanOrEqualTo(5).isEqualTo(fingerprints(second));
    assertThat(first.at("/runs/0/automationDetails/id").asText())
        .isEqualTo(second.at("/runs/0/automationDetails/id").asText())
        .doesNotContain("1.0");
    assertThat(first.at("/runs/0/properties").toString()).contains(broken);
    assertThat(second.at("/runs/0/properties").toString()).contains(brokenOtherTag);
  }

  @Test
  void twoTagsOfOneRepositoryInOneSarifFileGetDistinctCategories() throws Exception {
    Run run = LintCli.run("lint", "--format", "sarif", broken, brokenOtherTag);

    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.FINDINGS);
    JsonNode runs = JSON.readTree(run.out()).get("runs");
    assertThat(runs).hasSize(2);
    assertThat(runs.get(0).at("/automationDetails/id").asText())
        .isNotEqualTo(runs.get(1).at("/automationDetails/id").asText());
    assertThat(run.errLines()).hasSize(2).allMatch(l -> l.contains("SARIF category"));
  }

  @Test
  void eachPlatformIsItsOwnRunAndCategory() throws Exception {
    JsonNode log = JSON.readTree(LintCli.run("lint", "--format", "sarif", multi).out());

    JsonNode runs = log.get("runs");
    assertThat(runs).hasSize(2);
    String amd64 = runs.get(0).at("/automationDetails/id").asText();
    String arm64 = runs.get(1).at("/automationDetails/id").asText();
    assertThat(amd64).isNotEqualTo(arm64).contains("amd64");
    assertThat(arm64).contains("arm64");
    assertThat(runs.get(0).get("results")).isEmpty();
    assertThat(runs.get(1).at("/results/0/ruleId").asText()).isEqualTo("ARC008");
    assertThat(runs.get(0).at("/properties").toString()).contains("linux/amd64");
    assertThat(runs.get(1).at("/properties").toString()).contains("linux/arm64");
  }

  @Test
  void githubAnnotationsPointAtTheDockerfileLineResponsible() throws Exception {
    Run run =
        LintCli.runIn(
            brokenRepo, "lint", "--format", "github", "--dockerfile", "Dockerfile", broken);

    int workdir = line(brokenRepo, "WORKDIR ");
    int runLine = line(brokenRepo, "RUN ");
    int from = line(brokenRepo, "FROM ");

    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(run.out().lines())
        .as(run.toString())
        .anyMatch(l -> l.startsWith("::error file=Dockerfile,line=" + workdir + ",title=ARC004::"))
        .anyMatch(
            l -> l.startsWith("::warning file=Dockerfile,line=" + runLine + ",title=ARC103::"))
        .anyMatch(l -> l.startsWith("::error file=Dockerfile,line=" + from + ",title=ARC001::"));

    Run arm64 =
        LintCli.runIn(okRepo, "lint", "--format", "github", "--dockerfile", "Dockerfile", multi);
    assertThat(arm64.out().lines().filter(l -> !l.startsWith("::notice title=runnerlint::")))
        .as(arm64.toString())
        .singleElement()
        .asString()
        .startsWith("::error file=Dockerfile,line=" + line(okRepo, "COPY ") + ",title=ARC008::")
        .contains("linux/arm64");
  }

  @Test
  void aDockerfileOutsideTheWorkingDirectoryIsAUsageError() throws IOException {
    Run run =
        LintCli.runIn(
            okRepo, "lint", "--dockerfile", brokenRepo.resolve("Dockerfile").toString(), ok);

    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.errLines().get(0)).contains("--dockerfile").contains("not inside");
  }

  private static Map<String, String> fingerprints(JsonNode log) {
    Map<String, String> out = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (JsonNode r : log.at("/runs/0/results")) {
      String fp = r.at("/partialFingerprints/primaryLocationLineHash").asText();
      assertThat(fp).isNotBlank();
      assertThat(seen.add(fp)).as("fingerprints differ between problems").isTrue();
      out.put(r.get("ruleId").asText(), fp);
    }
    return out;
  }

  private static String uriOf(JsonNode results, String ruleId) {
    for (JsonNode r : results) {
      if (r.get("ruleId").asText().equals(ruleId)) {
        return r.at("/locations/0/physicalLocation/artifactLocation/uri").asText();
      }
    }
    throw new AssertionError("no result for " + ruleId);
  }
}
