package dev.runnerlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runnerlint.cli.LintCli.Run;
import dev.runnerlint.fixtures.FixtureImage;
import dev.runnerlint.fixtures.FixtureWriter;
import dev.runnerlint.fixtures.Layer;
import dev.runnerlint.fixtures.SampleImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first hour of a new user (issue 8), through the CLI: every bad input gets one true line and
 * its documented exit code, no report is lost, and every report states the real exit code.
 */
class LintPolishTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path shared;
  private static String ok;
  private static String broken;

  @BeforeAll
  static void layouts() {
    ok = "oci:" + layout("ok", SampleImages.runnerOk(LintCli.AMD64));
    broken = "oci:" + layout("broken", SampleImages.runnerBroken(LintCli.AMD64));
  }

  private static Path layout(String name, FixtureImage image) {
    Path dir = shared.resolve(name);
    FixtureWriter.ociLayout(dir, null, image);
    return dir;
  }

  // ---- references ----

  @Test
  void anInvalidReferenceIsOneLineExitTwoAndTheOtherImagesAreStillLinted() {
    for (String bad : List.of("UPPER/case:tag", "docker://UPPER/case:tag")) {
      Run run = LintCli.run("lint", bad, ok);

      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
      assertThat(run.errLines())
          .as(run.toString())
          .containsExactly(
              "runnerlint: invalid reference '"
                  + bad
                  + "': repository name 'UPPER/case' must be lowercase");
      assertThat(run.out()).contains(ok + " (linux/amd64, sha256:").contains("no findings");
      assertThat(run.err()).doesNotContain("internal error").doesNotContain("Exception");
    }
  }

  @Test
  void anUnsupportedTransportListsTheSupportedOnes() {
    Run run = LintCli.run("lint", "dir:/tmp");

    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("unsupported transport 'dir:'")
        .contains("docker://, oci:, oci-archive:, docker-archive:");
  }

  @Test
  void theSameImageNamedTwiceIsLintedOnce() throws IOException {
    Path json = shared.resolve("twice.json");
    Run run = LintCli.run("lint", "--output", "json=" + json, ok, ok);

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(JSON.readTree(json.toFile()).get("images")).hasSize(1);
    assertThat(run.err()).contains("named twice; linted once");
  }

  // ---- outputs ----

  @Test
  void everyOutputIsCheckedBeforeAnyImageIsRead() {
    // The image would be unreadable (a closed loopback port): it is never reached.
    String unreachable = "127.0.0.1:9/never/read:1";
    Run run = LintCli.run("lint", "--output", "json=/proc/nope/x.json", unreachable);

    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith("runnerlint: --output json=/proc/nope/x.json: cannot create the directory");
    assertThat(run.err()).doesNotContain("never/read");
  }

  @Test
  void aDirectoryOrTheSameFileTwiceIsRefused(@TempDir Path dir) {
    Run directory = LintCli.run("lint", "--output", "json=" + dir, ok);
    assertThat(directory.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(directory.err()).contains("is a directory");

    Path file = dir.resolve("r.out");
    Run twice = LintCli.run("lint", "--output", "json=" + file, "--output", "sarif=" + file, ok);
    assertThat(twice.code()).as(twice.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(twice.err()).contains("is already the destination of --output json=");
    assertThat(file).doesNotExist();
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void aRefusedReportLeavesTheEarlierFileAndTheOthersStateTheRealExitCode(@TempDir Path dir)
      throws IOException {
    // 21 image platforms: more SARIF runs than GitHub accepts, so the SARIF report is refused.
    List<String> args = new ArrayList<>(List.of("lint", "--fail-on", "never"));
    Path sarif = dir.resolve("r.sarif");
    Path json = dir.resolve("r.json");
    Files.writeString(sarif, "the earlier report\n");
    args.addAll(List.of("--output", "sarif=" + sarif, "--output", "json=" + json));
    for (int i = 0; i < 21; i++) {
      Path link = dir.resolve("image-" + i);
      Files.createSymbolicLink(link, shared.resolve("ok"));
      args.add("oci:" + link);
    }
    Run run = LintCli.run(args.toArray(String[]::new));

    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(Files.readString(sarif)).isEqualTo("the earlier report\n");
    assertThat(JSON.readTree(json.toFile()).get("exitCode").asInt()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.out()).as("stdout is always printed").contains("21 images, 0 errors");
    assertThat(run.err()).contains("--output sarif=").contains("at most 20 runs");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temporary file left")
          .noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void reportsStateTheProcessExitCode(@TempDir Path dir) throws IOException {
    Path json = dir.resolve("r.json");
    Run run = LintCli.run("lint", "--output", "json=" + json, "UPPER/case:tag", broken);

    assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
    JsonNode report = JSON.readTree(json.toFile());
    assertThat(report.get("exitCode").asInt()).isEqualTo(ExitCodes.USAGE);
    assertThat(report.get("images")).hasSize(2);
    assertThat(report.at("/images/0/error").asText()).startsWith("invalid reference 'UPPER");
  }

  @Test
  void outputDashWritesThatFormatToStdout() throws IOException {
    Run run = LintCli.run("lint", "--output", "json=-", broken);

    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(JSON.readTree(run.out()).get("exitCode").asInt()).isEqualTo(ExitCodes.FINDINGS);

    Run both = LintCli.run("lint", "--format", "text", "--output", "json=-", broken);
    assertThat(both.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(both.err()).contains("already writes to stdout");
  }

  // ---- SARIF categories ----

  @Test
  void twoLayoutsWithOneDirectoryNameGetDistinctSarifCategories(@TempDir Path dir)
      throws IOException {
    Path a = dir.resolve("a/image");
    Path b = dir.resolve("b/image");
    FixtureWriter.ociLayout(a, null, SampleImages.runnerOk(LintCli.AMD64));
    FixtureWriter.ociLayout(b, null, SampleImages.runnerBroken(LintCli.AMD64));
    Path sarif = dir.resolve("r.sarif");
    Run run = LintCli.run("lint", "--output", "sarif=" + sarif, "oci:" + a, "oci:" + b);

    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.FINDINGS);
    JsonNode runs = JSON.readTree(sarif.toFile()).get("runs");
    assertThat(runs).hasSize(2);
    String first = runs.get(0).at("/automationDetails/id").asText();
    String second = runs.get(1).at("/automationDetails/id").asText();
    assertThat(first).isNotEqualTo(second).contains("oci:" + a);
    assertThat(run.err()).contains("note: SARIF category 'runnerlint/image/linux/amd64/'");

    Run templated =
        LintCli.run(
            "lint",
            "--sarif-category",
            "ci/{repository}/{platform}",
            "--output",
            "sarif=" + sarif,
            "oci:" + a);
    assertThat(templated.code()).as(templated.toString()).isZero();
    assertThat(JSON.readTree(sarif.toFile()).at("/runs/0/automationDetails/id").asText())
        .isEqualTo("ci/image/linux/amd64");
  }

  // ---- messages that say the true cause ----

  @Test
  void filesNamedByFlagsSayWhatIsWrong(@TempDir Path dir) throws IOException {
    Path d = Files.createDirectory(dir.resolve("d"));
    Path notATar = Files.writeString(dir.resolve("image.tar"), "not a tar\n");
    Map<List<String>, String> cases =
        Map.of(
            List.of("--dockerfile", dir.resolve("missing").toString()), ": not found",
            List.of("--dockerfile", d.toString()), ": is a directory",
            List.of("--config", d.toString()), ": is a directory",
            List.of("--rules", dir.resolve("nope.yaml").toString()), "no such file",
            List.of("--output", "sarif"), "expected --output FORMAT=FILE",
            List.of("--level", "ARC005"), "expected --level ID=LEVEL",
            List.of("--insecure-registry", "http://registry.local"), "without scheme",
            List.of("--insecure-registry", ""), "empty value");
    cases.forEach(
        (flags, expected) -> {
          List<String> args = new ArrayList<>(List.of("lint"));
          args.addAll(flags);
          args.add(ok);
          Run run = LintCli.run(args.toArray(String[]::new));
          assertThat(run.code()).as(flags + "\n" + run).isEqualTo(ExitCodes.USAGE);
          assertThat(run.errLines()).as(flags + "").hasSize(1);
          assertThat(run.err()).as(flags + "").contains(expected).doesNotContain("option option");
        });
    for (String transport : List.of("docker-archive:", "oci-archive:")) {
      Run run = LintCli.run("lint", transport + notATar);
      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.IMAGE_UNREADABLE);
      assertThat(run.errLines())
          .singleElement()
          .asString()
          .isEqualTo("runnerlint: " + transport + notATar + ": not a tar archive");
    }
  }

  @Test
  void helpLintShowsHelp() {
    Run run = LintCli.run("help", "lint");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).contains("Usage: runnerlint lint").contains("--fail-on");
  }

  @Test
  void everyHelpListsEveryExitCode() {
    for (String command : List.of("lint", "inspect", "rules", "explain")) {
      Run run = LintCli.run(command, "--help");
      assertThat(run.out()).as(command).contains("Exit codes:").contains("70");
    }
    Run lint = LintCli.run("lint", "--help");
    assertThat(lint.out()).contains("  0 ").contains("  1 ").contains("  2 ").contains("  3 ");
  }

  // ---- semantics ----

  @Test
  void junitAgreesWithTheExitCode(@TempDir Path dir) throws IOException {
    Path xml = dir.resolve("r.xml");
    // The warnings-only image passes with --fail-on error: no <failure> in its report.
    Path warnings = dir.resolve("warnings");
    FixtureWriter.ociLayout(warnings, null, SampleImages.runner(LintCli.AMD64, 999, LintCli.AMD64));
    Run run = LintCli.run("lint", "--output", "junit=" + xml, "oci:" + warnings);

    assertThat(run.code()).as(run.toString()).isZero();
    String junit = Files.readString(xml);
    assertThat(junit).doesNotContain("<failure").contains("failures=\"0\"");
    assertThat(junit)
        .contains("<system-out>below --fail-on error:")
        .contains("warning: group 'docker'");

    Run failing =
        LintCli.run("lint", "--fail-on", "warning", "--output", "junit=" + xml, "oci:" + warnings);
    assertThat(failing.code()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(Files.readString(xml)).contains("<failure type=\"warning\"");
  }

  @Test
  void rulesAndExplainReadTheSameConfigurationAndPacksAsLint(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("acme.yaml"),
        "pack: acme\nrules:\n  - id: ACME001\n    name: os-release\n    level: note\n"
            + "    summary: The image has /etc/os-release.\n    fix: add it\n"
            + "    check:\n      path.type:\n        path: /etc/os-release\n        is: file\n");
    Files.writeString(dir.resolve(".runnerlint.yaml"), "rules:\n  - acme.yaml\n");
    Environment env = new Environment(dir, Map.of(), false);

    Run rules = LintCli.run(env, "rules");
    assertThat(rules.code()).as(rules.toString()).isZero();
    assertThat(rules.out()).contains("ACME001").contains("os-release");

    Run json = LintCli.run(env, "rules", "--format", "json");
    assertThat(json.code()).isZero();
    JsonNode ids = JSON.readTree(json.out()).get("rules");
    assertThat(ids.findValuesAsText("id")).contains("ARC001", "ACME001");

    Run byName = LintCli.run(env, "explain", "os-release");
    assertThat(byName.code()).as(byName.toString()).isZero();
    assertThat(byName.out()).contains("The image has /etc/os-release.");
    assertThat(LintCli.run(env, "explain", "root-allowed").out()).contains("ARC005");
  }

  @Test
  void fixLinesAgreeWithEachOther(@TempDir Path dir) {
    // The runner is in /home/runner (as the official image has it), linted without --runner-dir.
    FixtureImage homeRunner =
        FixtureImage.builder()
            .platform(LintCli.AMD64)
            .layer(SampleImages.baseLayer(LintCli.AMD64))
            .layer(SampleImages.usersLayer(LintCli.AMD64, 123))
            .layer(
                Layer.builder()
                    .createdBy("COPY actions-runner/ /home/runner/ # buildkit")
                    .dir("/home/runner", 0755, 1001, 1001)
                    .file("/home/runner/run.sh", "#!/bin/bash\n", 0755, 1001, 1001)
                    .build())
            .env(SampleImages.PATH_ENV)
            .env("HOME=/home/runner")
            .workingDir("/home/runner")
            .user("runner")
            .build();
    Path layout = dir.resolve("home-runner");
    FixtureWriter.ociLayout(layout, null, homeRunner);
    Run run = LintCli.run("lint", "oci:" + layout);
    assertThat(run.out())
        .contains("lint it with --runner-dir /home/runner")
        .contains("fix: Run runnerlint with --runner-dir /home/runner and set WORKDIR /home/runner")
        .doesNotContain("fix: WORKDIR /actions-runner");

    // A runner user with UID 1000 and a HOME it does not own: ARC102 asks for UID 1001, so
    // ARC106 must not suggest chown 1000.
    FixtureImage uid1000 =
        SampleImages.runnerOk(LintCli.AMD64).toBuilder()
            .layer(
                Layer.builder()
                    .createdBy("RUN usermod -u 1000 runner # buildkit")
                    .dir("/etc")
                    .file(
                        "/etc/passwd",
                        "root:x:0:0:root:/root:/bin/bash\n"
                            + "runner:x:1000:1001:,,,:/home/runner:/bin/bash\n")
                    .dir("/home/runner", 0755, 0, 0)
                    .build())
            .build();
    Path other = dir.resolve("uid1000");
    FixtureWriter.ociLayout(other, null, uid1000);
    Run uid = LintCli.run("lint", "oci:" + other);
    assertThat(uid.out()).contains("ARC102").contains("ARC106").doesNotContain("chown 1000");
  }

  // ---- text output ----

  @Test
  void verboseListsPassedAndSkippedRulesAndQuietOnlyFindings() {
    Run verbose = LintCli.run("lint", "--verbose", ok);
    assertThat(verbose.out()).contains("  passed ARC001").contains("  skipped ARC005: ");

    Run quiet = LintCli.run("lint", "--quiet", ok, broken);
    assertThat(quiet.code()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(quiet.out())
        .doesNotContain(ok + " ")
        .doesNotContain("rules:")
        .doesNotContain("1 image")
        .contains(broken + " (linux/amd64): x ARC001 error");
  }

  @Test
  void markdownCountsSkippedRulesApart() {
    Run run = LintCli.run("lint", "--format", "markdown", ok, broken);
    assertThat(run.out())
        .contains("No findings. Rules: 17 passed, 1 skipped.")
        .contains("Rules: 9 passed, 5 failed, 4 skipped.");
  }

  @Test
  void anUnreadableImageIsNamedOnceInEachLine(@TempDir Path dir) throws IOException {
    Path notATar = Files.writeString(dir.resolve("x.tar"), "not a tar\n");
    String ref = "docker-archive:" + notATar;
    Run run = LintCli.run("lint", ref);
    assertThat(run.out()).contains("  error: could not read image: not a tar archive\n");
    for (String line : (run.out() + run.err()).lines().toList()) {
      assertThat(line.indexOf(ref)).as(line).isEqualTo(line.lastIndexOf(ref));
    }
    Run github = LintCli.run("lint", "--format", "github", ref);
    assertThat(github.out()).contains("could not read image " + ref + ": not a tar archive");
  }

  @Test
  void githubFormatEndsWithOneNoticeSummary() {
    Run run = LintCli.run("lint", "--format", "github", broken);
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(lines.size() - 1))
        .isEqualTo(
            "::notice title=runnerlint::1 image, 3 errors, 2 warnings, 0 notes (0 suppressed)");
    assertThat(lines.stream().filter(l -> l.startsWith("::notice title=runnerlint::"))).hasSize(1);
  }

  @Test
  void colourFollowsTheFlagAndTheEnvironment() {
    String esc = "\u001b[";
    Path wd = Path.of("").toAbsolutePath();
    assertThat(
            LintCli.run(new Environment(wd, Map.of(), false), "lint", "--color", "always", ok)
                .out())
        .contains(esc);
    assertThat(
            LintCli.run(new Environment(wd, Map.of(), true), "lint", "--color", "never", ok).out())
        .doesNotContain(esc);
    assertThat(LintCli.run(new Environment(wd, Map.of(), true), "lint", "--no-color", ok).out())
        .doesNotContain(esc);
    assertThat(
            LintCli.run(new Environment(wd, Map.of("FORCE_COLOR", "1"), false), "lint", ok).out())
        .contains(esc);
    assertThat(LintCli.run(new Environment(wd, Map.of("TERM", "dumb"), true), "lint", ok).out())
        .doesNotContain(esc);
    assertThat(LintCli.run(new Environment(wd, Map.of("NO_COLOR", "1"), true), "lint", ok).out())
        .doesNotContain(esc);
    assertThat(LintCli.run(new Environment(wd, Map.of(), true), "lint", ok).out()).contains(esc);
    Run bad = LintCli.run("lint", "--color", "sometimes", ok);
    assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("expected auto, always or never");
  }

  static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }
}
