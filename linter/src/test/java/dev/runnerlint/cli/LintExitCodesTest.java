package dev.runnerlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.cli.LintCli.Run;
import dev.runnerlint.fixtures.FixtureImage;
import dev.runnerlint.fixtures.Layer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runnerlint lint}'s exit codes on real images served by the real local registry: 0 when
 * nothing reaches {@code --fail-on}, 1 when something does, 2 for a usage or configuration error
 * (one line, no stack trace), 3 when an image could not be read whole — and the other images are
 * still reported then.
 */
class LintExitCodesTest {
  private static String ok;
  private static String broken;
  private static String warningsOnly;
  private static String corrupted;
  private static String missing;

  @BeforeAll
  static void pushImages() throws IOException {
    ok = LintCli.push("exit/runner:ok", LintCli.ok());
    broken = LintCli.push("exit/runner:broken", LintCli.broken());
    warningsOnly = LintCli.push("exit/runner:warnings", LintCli.warningsOnly());
    FixtureImage bad = LintCli.withUniqueLayer("exit-corrupted");
    corrupted = LintCli.push("exit/corrupted:1", bad);
    Layer unique = bad.layers().get(bad.layers().size() - 1);
    Path blob = LintCli.registry().blobDataPath(unique.digest());
    byte[] bytes = Files.readAllBytes(blob);
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(blob, bytes);
    missing = LintCli.registry().reference("exit/never-pushed:1");
  }

  @Test
  void aConformingImageExitsZeroWithNoFindings() {
    Run run = LintCli.run("lint", ok);

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains(ok + " (linux/amd64, sha256:")
        .contains("  no findings")
        .contains("1 image, 0 errors, 0 warnings, 0 notes");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void aBrokenImageExitsOneWithEachErrorAndItsFix() {
    Run run = LintCli.run("lint", broken);

    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(run.out())
        .contains("x ARC001 error /actions-runner/run.sh does not exist")
        .contains("x ARC004 error WorkingDir is /, expected /actions-runner")
        .contains("x ARC005 error")
        .contains("fix: WORKDIR /actions-runner")
        .contains("1 image, 3 errors, 2 warnings");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void failOnNeverExitsZeroButStillReports() {
    Run run = LintCli.run("lint", "--fail-on", "never", broken);

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).contains("x ARC001 error").contains("3 errors");
  }

  @Test
  void warningsFailOnlyWithFailOnWarning() {
    Run byDefault = LintCli.run("lint", warningsOnly);
    Run onWarning = LintCli.run("lint", "--fail-on", "warning", warningsOnly);
    Run onNote = LintCli.run("lint", "--fail-on", "note", warningsOnly);

    assertThat(byDefault.code()).as(byDefault.toString()).isZero();
    assertThat(byDefault.out()).contains("! ARC103 warning").contains("0 errors, 1 warning");
    assertThat(onWarning.code()).as(onWarning.toString()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(onNote.code()).as(onNote.toString()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(LintCli.run("lint", "--fail-on", "warning", ok).code()).isZero();
  }

  @Test
  void unreadableImagesExitThreeWithOneLineEachAndTheOthersStillReported() {
    Run run = LintCli.run("lint", ok, missing, corrupted, broken);

    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.IMAGE_UNREADABLE);
    assertThat(run.errLines()).as(run.toString()).hasSize(2);
    assertThat(run.errLines().get(0))
        .startsWith("runnerlint: " + missing + ": ")
        .contains("not found");
    assertThat(run.errLines().get(1))
        .startsWith("runnerlint: " + corrupted + ": ")
        .containsIgnoringCase("digest");
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(run.out())
        .contains(ok + " (linux/amd64")
        .contains(broken + " (linux/amd64")
        .contains("x ARC001 error")
        .contains(missing + "\n  error: could not read image: ")
        .contains(corrupted + "\n  error: could not read image: ")
        .contains("4 images (2 unreadable), 3 errors, 2 warnings");
  }

  @Test
  void anUnreadableImageIsNeverAPassEvenWithFailOnNever() {
    Run run = LintCli.run("lint", "--fail-on", "never", "--format", "json", ok, corrupted);

    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.IMAGE_UNREADABLE);
    assertThat(run.out()).contains("\"unreadable\" : 1").contains("\"exitCode\" : 3");
  }

  @Test
  void aBadRulePackExitsTwoNamingFileAndLine(@TempDir Path dir) throws IOException {
    Path pack = dir.resolve("team.yaml");
    Files.writeString(
        pack,
        String.join(
            "\n",
            "pack: team",
            "rules:",
            "  - id: TEAM001",
            "    name: opt-tools",
            "    level: eror",
            "    summary: /opt/tools exists.",
            "    fix: COPY tools/ /opt/tools/",
            "    check:",
            "      path.exists:",
            "        path: /opt/tools",
            ""),
        StandardCharsets.UTF_8);

    Run run = LintCli.run("lint", "--rules", pack.toString(), ok);

    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines()).as(run.toString()).hasSize(1);
    assertThat(run.errLines().get(0)).startsWith("runnerlint: " + pack + ":5: ").contains("eror");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void badFlagValuesExitTwoWithOneLineAndNoStackTrace() {
    assertUsageError(LintCli.run("lint", "--level", "ARC001=foo", ok), "--level ARC001=foo", "foo");
    assertUsageError(
        LintCli.run("lint", "--level", "NOPE=error", ok), "--level NOPE=error", "NOPE");
    assertUsageError(LintCli.run("lint", "--disable", "ARC999", ok), "--disable ARC999", "ARC999");
    assertUsageError(LintCli.run("lint", "--format", "yaml", ok), "unknown format 'yaml'", "sarif");
    assertUsageError(
        LintCli.run("lint", "--output", "yaml=out.yaml", ok), "unknown format 'yaml'", "json");
    assertUsageError(LintCli.run("lint", "--fail-on", "sometimes", ok), "sometimes", "never");
    assertUsageError(LintCli.run("lint", "--platform", "linux", ok), "linux", "");
    assertUsageError(
        LintCli.run("lint", "--runner-dir", "actions-runner", ok), "--runner-dir", "absolute");
    assertUsageError(
        LintCli.run("lint", "--config", "/nonexistent/.runnerlint.yaml", ok),
        "--config /nonexistent/.runnerlint.yaml",
        "not found");
  }

  private static void assertUsageError(Run run, String mentions, String alsoMentions) {
    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines()).as(run.toString()).hasSize(1);
    assertThat(run.errLines().get(0))
        .as(run.toString())
        .startsWith("runnerlint: ")
        .contains(mentions)
        .contains(alsoMentions)
        .doesNotContain("Exception");
    assertThat(run.out()).as(run.toString()).isEmpty();
  }
}
