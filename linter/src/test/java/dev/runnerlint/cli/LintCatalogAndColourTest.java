package dev.runnerlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.cli.LintCli.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runnerlint rules} and {@code explain}, and colour in the text output: only on a terminal,
 * never with {@code NO_COLOR} or {@code --no-color}, never in files or machine formats.
 */
class LintCatalogAndColourTest {
  private static final String ESC = "\u001b";
  private static final List<String> CATALOG =
      List.of(
          "ARC001", "ARC002", "ARC003", "ARC004", "ARC005", "ARC006", "ARC007", "ARC008", "ARC009",
          "ARC101", "ARC102", "ARC103", "ARC104", "ARC105", "ARC106", "ARC201");

  /**
   * The arc-deployment pack: listed by rules and explain, linted only with --values/--mode except
   * ARC301 and ARC302 (requires: image).
   */
  private static final List<String> DEPLOYMENT =
      List.of(
          "ARC301", "ARC302", "ARC303", "ARC304", "ARC305", "ARC306", "ARC311", "ARC312", "ARC313",
          "ARC314", "ARC321", "ARC322", "ARC331", "ARC332");

  private static String broken;

  @BeforeAll
  static void pushImage() {
    broken = LintCli.push("colour/runner:broken", LintCli.broken());
  }

  private static Environment terminal(Path dir, Map<String, String> variables) {
    return new Environment(dir, variables, true);
  }

  @Test
  void rulesListsTheFifteenArcRules() {
    Run run = LintCli.run("rules");

    assertThat(run.code()).as(run.toString()).isZero();
    List<String> ids =
        run.out()
            .lines()
            .filter(l -> l.startsWith("ARC"))
            .map(l -> l.substring(0, l.indexOf(' ')))
            .toList();
    List<String> all = new java.util.ArrayList<>(CATALOG);
    all.addAll(DEPLOYMENT);
    assertThat(ids).containsExactlyElementsOf(all);
    assertThat(run.out())
        .contains("ARC005   error    arc-contract     root-allowed")
        .contains("ARC321   error    arc-deployment   container-hook")
        .contains("ARC201   note");
  }

  @Test
  void explainPrintsTheRuleDoc() throws IOException {
    String root = System.getProperty("runnerlint.projectRoot", "..");
    String doc =
        Files.readString(Path.of(root, "rules", "docs", "ARC005.md"), StandardCharsets.UTF_8);

    Run run = LintCli.run("explain", "ARC005");
    Run lower = LintCli.run("explain", "arc005");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out().strip()).isEqualTo(doc.strip());
    assertThat(run.out()).contains("RUNNER_ALLOW_RUNASROOT").contains("```dockerfile");
    assertThat(lower.out()).isEqualTo(run.out());
  }

  @Test
  void explainCoversTheDeploymentRulesWithTheirSources() throws IOException {
    String root = System.getProperty("runnerlint.projectRoot", "..");
    for (String id : DEPLOYMENT) {
      String doc = Files.readString(Path.of(root, "rules", "docs", id + ".md"));
      Run run = LintCli.run("explain", id);
      assertThat(run.code()).as(run.toString()).isZero();
      assertThat(run.out().strip()).as(id).isEqualTo(doc.strip());
      // every doc names the source line it rests on, at the commit read
      assertThat(doc)
          .as(id)
          .contains("## Sources")
          .containsPattern("@[0-9a-f]{8}")
          .contains("line");
    }
  }

  @Test
  void explainOfAnUnknownRuleIsAUsageError() {
    Run run = LintCli.run("explain", "NOPE");

    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines())
        .containsExactly("runnerlint: unknown rule 'NOPE': see 'runnerlint rules'");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void onATerminalTheTextIsColoured(@TempDir Path dir) {
    Run run = LintCli.run(terminal(dir, Map.of()), "lint", broken);
    Run emptyNoColor = LintCli.run(terminal(dir, Map.of("NO_COLOR", "")), "lint", broken);

    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(run.out()).contains(ESC + "[31m").contains("ARC001");
    assertThat(emptyNoColor.out())
        .as("an empty NO_COLOR does not count (no-color.org)")
        .contains(ESC);
  }

  @Test
  void notATerminalMeansNoColour() {
    Run run = LintCli.run("lint", broken);

    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(run.out()).contains("x ARC001 error").doesNotContain(ESC);
    assertThat(run.err()).doesNotContain(ESC);
  }

  @Test
  void noColorOrTheFlagTurnsColourOffEvenOnATerminal(@TempDir Path dir) {
    Run noColor = LintCli.run(terminal(dir, Map.of("NO_COLOR", "1")), "lint", broken);
    Run flag = LintCli.run(terminal(dir, Map.of()), "lint", "--no-color", broken);

    assertThat(noColor.out()).contains("x ARC001 error").doesNotContain(ESC);
    assertThat(flag.out()).contains("x ARC001 error").doesNotContain(ESC);
  }

  @Test
  void filesAndMachineFormatsAreNeverColoured(@TempDir Path dir) throws IOException {
    Run json = LintCli.run(terminal(dir, Map.of()), "lint", "--format", "json", broken);
    Run text =
        LintCli.run(
            terminal(dir, Map.of()),
            "lint",
            "--format",
            "github",
            "--output",
            "text=report.txt",
            broken);

    assertThat(json.out()).contains("\"ruleId\" : \"ARC001\"").doesNotContain(ESC);
    assertThat(text.out()).contains("title=ARC001::").doesNotContain(ESC);
    assertThat(Files.readString(dir.resolve("report.txt")))
        .contains("x ARC001 error")
        .doesNotContain(ESC);
  }
}
