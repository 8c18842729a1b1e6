package dev.runnerlint.rules;

import static dev.runnerlint.rules.RunnerImages.ok;
import static dev.runnerlint.rules.RunnerImages.okPlus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.findings.Finding;
import dev.runnerlint.findings.Level;
import dev.runnerlint.findings.RuleResult.Status;
import dev.runnerlint.fixtures.LocalRegistry;
import dev.runnerlint.layer.CapturePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rule language on real images: primitives, composition, conditions, missing facts. */
class RuleLanguageTest {
  @TempDir Path dir;

  private RuleCatalog catalog(String rules) throws IOException, PackException {
    Path p = dir.resolve("acme.yaml");
    Files.writeString(p, "pack: acme\nrules:\n" + rules);
    return RuleCatalog.load(List.of(p));
  }

  private static String rule(String id, String level, String body) {
    return "  - id: "
        + id
        + "\n    name: r-"
        + id.toLowerCase()
        + "\n    level: "
        + level
        + "\n    summary: s\n    fix: default fix for ${runnerDir}\n"
        + body;
  }

  @Test
  void primitivesAndCompositionsOnARealImage() throws Exception {
    RuleCatalog c =
        catalog(
            rule(
                    "T001",
                    "error",
                    "    check:\n      path.mode: {path: /usr/bin/sudo, has: \"4000\", lacks: \"0022\"}\n")
                + rule(
                    "T002",
                    "error",
                    "    check:\n      path.mode: {path: /tmp, has: \"1000\", lacks: \"0002\"}\n")
                + rule(
                    "T003",
                    "warning",
                    "    check:\n      path.owner: {path: /actions-runner, uid: 0}\n")
                + rule("T004", "error", "    check:\n      path.type: {path: /bin, is: symlink}\n")
                + rule(
                    "T005",
                    "error",
                    "    check:\n      config.matches: {field: User, pattern: \"run.*\"}\n")
                + rule(
                    "T006", "error", "    check:\n      config.set: {field: [Entrypoint, Cmd]}\n")
                + rule(
                    "T007",
                    "note",
                    "    check:\n      not:\n        path.exists: {path: /usr/bin/curl}\n"
                        + "      message: \"curl must not be installed: ${detail}\"\n")
                + rule(
                    "T008",
                    "note",
                    "    check:\n      not:\n        path.exists: {path: /usr/bin/bash}\n"
                        + "      message: \"bash must not be installed: ${detail}\"\n")
                + rule(
                    "T009",
                    "error",
                    "    check:\n      any:\n"
                        + "        - path.exists: {path: /usr/bin/zsh}\n"
                        + "        - path.exists: {path: /usr/bin/fish}\n")
                + rule(
                    "T010",
                    "error",
                    "    when:\n      user.isRoot: {}\n    check:\n      path.exists: {path: /nope}\n")
                + rule(
                    "T011",
                    "error",
                    "    check:\n      - path.exists: {path: /nope1}\n"
                        + "      - path.exists: {path: /nope2}\n        level: note\n"));
    LintHarness.Linted l = LintHarness.lint(dir, ok(), c, LintSettings.defaults());
    assertThat(l.result("T001").status()).isEqualTo(Status.PASSED);
    assertThat(l.findings("T002").get(0).message())
        .isEqualTo("/tmp has mode drwxrwxrwt 0:0 (1777): bits 0002 must not be set");
    assertThat(l.findings("T003").get(0).message())
        .isEqualTo(
            "/actions-runner is owned by 1001:1001 (mode drwxr-xr-x 1001:1001), expected uid 0");
    assertThat(l.findings("T003").get(0).level()).isEqualTo(Level.WARNING);
    assertThat(l.result("T004").status()).isEqualTo(Status.PASSED);
    assertThat(l.result("T005").status()).isEqualTo(Status.PASSED);
    assertThat(l.findings("T006"))
        .extracting(Finding::message)
        .containsExactly("the image does not set ENTRYPOINT", "the image does not set CMD");
    assertThat(l.findings("T006").get(0).fix()).isEqualTo("default fix for /actions-runner");
    assertThat(l.result("T007").status()).isEqualTo(Status.PASSED);
    assertThat(l.findings("T008").get(0).message())
        .isEqualTo("bash must not be installed: /usr/bin/bash exists");
    assertThat(l.findings("T008").get(0).subject())
        .isEqualTo(Finding.Subject.file("/usr/bin/bash"));
    assertThat(l.findings("T009"))
        .singleElement()
        .extracting(Finding::message)
        .isEqualTo("/usr/bin/zsh does not exist; and /usr/bin/fish does not exist");
    assertThat(l.result("T010").status()).isEqualTo(Status.SKIPPED);
    assertThat(l.result("T010").skipReason().orElseThrow())
        .startsWith("not applicable: User is 'runner': the container runs as uid 1001");
    assertThat(l.findings("T011"))
        .extracting(Finding::level)
        .containsExactly(Level.ERROR, Level.NOTE);
  }

  @Test
  void rulesWhoseContentWasNotCapturedAreSkippedNeverPassed() {
    LintHarness.Linted l =
        LintHarness.lint(dir, ok(), LintSettings.defaults(), CapturePolicy.none());
    assertThat(l.findings()).isEmpty();
    for (String id :
        List.of(
            "ARC002", "ARC003", "ARC006", "ARC008", "ARC101", "ARC103", "ARC105", "ARC106",
            "ARC102")) {
      assertThat(l.result(id).status()).as(id).isEqualTo(Status.SKIPPED);
      assertThat(l.result(id).skipReason().orElseThrow()).as(id).contains("was not captured");
    }
    // rules that need only metadata and config still decide
    assertThat(l.result("ARC001").status()).isEqualTo(Status.PASSED);
    assertThat(l.result("ARC004").status()).isEqualTo(Status.PASSED);
    assertThat(l.result("ARC201").status()).isEqualTo(Status.PASSED);
  }

  @Test
  void aMissingFactDecidesOnlyWhereACheckNeedsIt() throws Exception {
    RuleCatalog c =
        catalog(
            rule(
                    "M001",
                    "error",
                    "    check:\n      command.onPath: {name: no-such-cmd, uid: \"${uid}\"}\n")
                + rule(
                    "M002",
                    "error",
                    "    check:\n      command.onPath: {name: sudo, uid: \"${uid}\"}\n")
                + rule(
                    "M003",
                    "error",
                    "    check:\n      path.exists: {path: /nope}\n"
                        + "      message: \"${detail}, for ${userName}\"\n"));
    // USER names a user the image lacks: ${uid} and ${userName} have no value
    LintHarness.Linted l =
        LintHarness.lint(
            dir, RunnerImages.okWith(b -> b.user("ghost")), c, LintSettings.defaults());

    // the uid is needed only once the command is found
    assertThat(l.findings("M001"))
        .singleElement()
        .extracting(Finding::message)
        .asString()
        .startsWith("no-such-cmd is not on the image PATH");
    assertThat(l.result("M002").status()).isEqualTo(Status.SKIPPED);
    assertThat(l.result("M002").skipReason().orElseThrow())
        .startsWith("not applicable: the container user cannot be resolved");
    // a failure stays a failure when its message's variable has no value
    assertThat(l.findings("M003"))
        .singleElement()
        .extracting(Finding::message)
        .isEqualTo("/nope does not exist, for ${userName}");
  }

  @Test
  void runnerDirVariableFollowsTheSettings() {
    LintHarness.Linted l =
        LintHarness.lint(
            dir,
            okPlus(
                "RUN ln -s /actions-runner /runner", b -> b.symlink("/runner", "/actions-runner")),
            LintSettings.builder().runnerDir("/runner/").build());
    // run.sh and the binaries are found through the symlink; WORKDIR /actions-runner is the same
    // directory as /runner
    assertThat(l.failed()).isEmpty();
    assertThat(l.result("ARC004").status()).isEqualTo(Status.PASSED);
  }

  @Test
  void imageServedByTheRealRegistryIsLinted() {
    LintHarness.Linted good =
        LintHarness.lintFromRegistry(
            LocalRegistry.shared(), "rules/runner-ok:1", ok(), LintSettings.defaults());
    assertThat(good.findings()).isEmpty();
    LintHarness.Linted bad =
        LintHarness.lintFromRegistry(
            LocalRegistry.shared(),
            "rules/runner-broken:1",
            dev.runnerlint.fixtures.SampleImages.runnerBroken("linux/amd64"),
            LintSettings.defaults());
    assertThat(bad.failed()).containsExactly("ARC001", "ARC004", "ARC005", "ARC102", "ARC103");
    assertThat(bad.image().repository()).endsWith("rules/runner-broken");
  }
}
