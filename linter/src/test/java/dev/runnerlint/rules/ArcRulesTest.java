package dev.runnerlint.rules;

import static dev.runnerlint.rules.RunnerImages.AMD64;
import static dev.runnerlint.rules.RunnerImages.RUN_SH;
import static dev.runnerlint.rules.RunnerImages.ok;
import static dev.runnerlint.rules.RunnerImages.okPlus;
import static dev.runnerlint.rules.RunnerImages.okWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.findings.Finding;
import dev.runnerlint.findings.Level;
import dev.runnerlint.findings.RuleResult.Status;
import dev.runnerlint.fixtures.FakeElf;
import dev.runnerlint.fixtures.FixtureImage;
import dev.runnerlint.fixtures.FixtureIndex;
import dev.runnerlint.fixtures.Layer;
import dev.runnerlint.fixtures.SampleImages;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every built-in rule on images read through the real pipeline. */
class ArcRulesTest {
  @TempDir Path dir;

  private LintHarness.Linted lint(FixtureImage image) {
    return LintHarness.lint(dir, image, LintSettings.defaults());
  }

  @Test
  void conformingImagePassesEveryRule() {
    LintHarness.Linted l = lint(ok());
    assertThat(l.findings()).isEmpty();
    // without a deployment the arc-deployment pack is not part of the run
    assertThat(l.results())
        .hasSize(RuleCatalog.builtin().forRun(LintSettings.defaults()).rules().size());
    assertThat(l.results())
        .allSatisfy(r -> assertThat(r.status()).isIn(Status.PASSED, Status.SKIPPED));
    // only the root rule does not apply to a non-root image
    assertThat(l.result("ARC005").status()).isEqualTo(Status.SKIPPED);
    assertThat(l.result("ARC005").skipReason().orElseThrow()).contains("not applicable");
    assertThat(l.results().stream().filter(r -> r.status() == Status.SKIPPED)).hasSize(1);
    assertThat(l.results()).allSatisfy(r -> assertThat(r.nanos()).isPositive());
  }

  static Stream<Arguments> breakingImages() {
    return Stream.of(
        Arguments.of(
            "ARC001",
            FixtureImage.builder()
                .platform(AMD64)
                .layer(SampleImages.baseLayer(AMD64))
                .layer(SampleImages.usersLayer(AMD64, 123))
                .layer(SampleImages.runnerLayer(AMD64, false))
                .env(SampleImages.PATH_ENV)
                .env("HOME=/home/runner")
                .workingDir("/actions-runner")
                .user("runner")
                .build(),
            Set.of("ARC001"),
            "/actions-runner/run.sh does not exist"),
        Arguments.of(
            "ARC002",
            okPlus(
                "RUN chmod 644 /actions-runner/run.sh",
                l -> l.file("/actions-runner/run.sh", RUN_SH, 0644, 1001, 1001)),
            Set.of("ARC002"),
            "/actions-runner/run.sh is not executable by uid 1001 (runner), gids 27, 123, 1001"
                + " (mode -rw-r--r-- 1001:1001)"),
        Arguments.of(
            // execve works (x for other), then bash cannot open the script it was given
            "ARC002",
            okPlus(
                "RUN chown root:root /actions-runner/run.sh && chmod 711 /actions-runner/run.sh",
                l -> l.file("/actions-runner/run.sh", RUN_SH, 0711, 0, 0)),
            Set.of("ARC002"),
            "/actions-runner/run.sh is a script uid 1001 (runner), gids 27, 123, 1001 may execute"
                + " but not read, so its #! interpreter cannot open it ('Permission denied', exit"
                + " 126) (mode -rwx--x--x 0:0)"),
        Arguments.of(
            "ARC003",
            okPlus(
                "COPY run.sh /actions-runner/",
                l -> l.file("/actions-runner/run.sh", "#!/bin/zsh\nexec true\n", 0755, 1001, 1001)),
            Set.of("ARC003"),
            "starts with #!/bin/zsh but /bin/zsh does not exist"),
        Arguments.of(
            "ARC004",
            okWith(b -> b.workingDir("/home/runner")),
            Set.of("ARC004"),
            "WorkingDir is /home/runner, expected /actions-runner"),
        Arguments.of(
            "ARC006",
            okWith(b -> b.user("ghost")),
            Set.of("ARC006"),
            "user 'ghost' is not in /etc/passwd"),
        Arguments.of(
            // Kubernetes ignores the group part: no ARC006 for a missing group, a warning instead
            "ARC009",
            okWith(b -> b.user("runner:wheel")),
            Set.of("ARC009"),
            "User is 'runner:wheel': the group part of USER is ignored on Kubernetes (the pod runs"
                + " as uid 1001 (runner), gids 27, 123, 1001): set runAsGroup in the pod's"
                + " securityContext (values: template.spec.securityContext.runAsGroup)"),
        Arguments.of(
            "ARC007",
            okPlus(
                "RUN rm bin/Runner.Worker", l -> l.whiteout("/actions-runner/bin/Runner.Worker")),
            Set.of("ARC007"),
            "/actions-runner/bin/Runner.Worker does not exist"),
        Arguments.of(
            "ARC008",
            okPlus(
                "COPY arm64 runner",
                l ->
                    l.file(
                        "/actions-runner/bin/Runner.Listener",
                        FakeElf.binary("arm64", "Runner.Listener"),
                        0755,
                        1001,
                        1001)),
            Set.of("ARC008"),
            "is ELF 64-bit LSB AArch64 but the image platform linux/amd64 needs 64-bit LSB x86-64"),
        Arguments.of(
            "ARC101",
            okPlus(
                    "RUN usermod -l gha runner",
                    l ->
                        l.file(
                                "/etc/passwd",
                                "root:x:0:0:root:/root:/bin/bash\n"
                                    + "gha:x:1001:1001:,,,:/home/runner:/bin/bash\n")
                            .file(
                                "/etc/group",
                                "root:x:0:\nsudo:x:27:gha\ndocker:x:123:gha\ngha:x:1001:\n"))
                .toBuilder()
                .user("1001")
                .build(),
            Set.of("ARC101"),
            "/etc/passwd has no user 'runner'"),
        Arguments.of(
            "ARC102",
            okPlus(
                    "RUN useradd -u 1002 -g 1001 ci && chmod 775 /home/runner",
                    l ->
                        l.file(
                                "/etc/passwd",
                                "root:x:0:0:root:/root:/bin/bash\n"
                                    + "runner:x:1001:1001:,,,:/home/runner:/bin/bash\n"
                                    + "ci:x:1002:1001::/home/runner:/bin/bash\n")
                            .dir("/home/runner", 0775, 1001, 1001)
                            .dir("/actions-runner", 0775, 1001, 1001))
                .toBuilder()
                .user("ci")
                .build(),
            Set.of("ARC102"),
            "User is 'ci': the container runs as uid 1002 (ci), gid 1001," + " expected uid 1001"),
        Arguments.of(
            "ARC103",
            FixtureImage.builder()
                .platform(AMD64)
                .layer(SampleImages.baseLayer(AMD64))
                .layer(SampleImages.usersLayer(AMD64, 999))
                .layer(SampleImages.runnerLayer(AMD64, true))
                .env(SampleImages.PATH_ENV)
                .env("HOME=/home/runner")
                .workingDir("/actions-runner")
                .user("runner")
                .build(),
            Set.of("ARC103"),
            "group 'docker' (/etc/group line 3) has gid 999, expected 123"),
        Arguments.of(
            "ARC104",
            okPlus(
                "RUN chmod u-s /usr/bin/sudo",
                l -> l.file("/usr/bin/sudo", FakeElf.binary("amd64", "sudo"), 0755, 0, 0)),
            Set.of("ARC104"),
            "lacks the setuid bit"),
        Arguments.of(
            "ARC105",
            okPlus(
                "RUN sed -i s/NOPASSWD:// /etc/sudoers",
                l ->
                    l.file(
                        "/etc/sudoers",
                        "root\tALL=(ALL:ALL) ALL\n%sudo\tALL=(ALL:ALL) ALL\n"
                            + "@includedir /etc/sudoers.d\n",
                        0440,
                        0,
                        0)),
            Set.of("ARC105"),
            "asks for a password"),
        Arguments.of(
            "ARC106",
            okWith(b -> b.env("HOME=/root")),
            Set.of("ARC106"),
            "is /root (from Env HOME), expected /home/runner"),
        Arguments.of(
            "ARC201",
            okWith(b -> b.entrypoint("/usr/bin/tini", "--")),
            Set.of("ARC201"),
            "the image sets ENTRYPOINT [\"/usr/bin/tini\",\"--\"]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("breakingImages")
  void imageBreakingOneRuleFailsOnlyThatRule(
      String rule, FixtureImage image, Set<String> failing, String message) {
    LintHarness.Linted l = lint(image);
    assertThat(l.failed()).isEqualTo(failing);
    List<Finding> findings = l.findings(rule);
    assertThat(findings).hasSize(1);
    Finding f = findings.get(0);
    assertThat(f.ruleId()).isEqualTo(rule);
    assertThat(f.message()).contains(message);
    assertThat(f.fix()).isNotBlank();
    assertThat(f.level()).isEqualTo(RuleCatalog.builtin().info(rule).orElseThrow().defaultLevel());
  }

  @Test
  void rootWithoutRunAsRootIsAnErrorAndOtherValuesAWarning() {
    LintHarness.Linted missing = lint(okWith(b -> b.user(null)));
    // running as root also departs from parity (uid 1001): ARC102
    assertThat(missing.failed()).containsExactly("ARC005", "ARC102");
    Finding f = missing.findings("ARC005").get(0);
    assertThat(f.level()).isEqualTo(Level.ERROR);
    assertThat(f.message())
        .contains("Env does not set RUNNER_ALLOW_RUNASROOT")
        .contains("Must not run interactively with sudo");
    assertThat(f.subject()).isEqualTo(Finding.Subject.config("Env.RUNNER_ALLOW_RUNASROOT"));

    // run-helper.sh.template tests only that it is non-empty: "true" allows root, and so do
    // "0", "false" and "no", which get a warning saying so
    LintHarness.Linted yes = lint(okWith(b -> b.user("0:0").env("RUNNER_ALLOW_RUNASROOT=true")));
    assertThat(yes.result("ARC005").status()).isEqualTo(Status.PASSED);
    for (String value : List.of("0", "false", "No")) {
      LintHarness.Linted other =
          lint(okWith(b -> b.user("0:0").env("RUNNER_ALLOW_RUNASROOT=" + value)));
      assertThat(other.findings("ARC005")).hasSize(1);
      Finding w = other.findings("ARC005").get(0);
      assertThat(w.level()).isEqualTo(Level.WARNING);
      assertThat(w.message())
          .isEqualTo(
              "RUNNER_ALLOW_RUNASROOT is '"
                  + value
                  + "', which still allows root: the runner checks only that it is non-empty");
      assertThat(w.subject()).isEqualTo(Finding.Subject.config("Env.RUNNER_ALLOW_RUNASROOT"));
    }

    LintHarness.Linted allowed = lint(okWith(b -> b.user("root").env("RUNNER_ALLOW_RUNASROOT=1")));
    assertThat(allowed.result("ARC005").status()).isEqualTo(Status.PASSED);
  }

  @Test
  void numericUidWithoutPasswdEntryIsAWarning() {
    LintHarness.Linted l = lint(okWith(b -> b.user("4242")));
    List<Finding> f = l.findings("ARC006");
    assertThat(f).hasSize(1);
    assertThat(f.get(0).level()).isEqualTo(Level.WARNING);
    assertThat(f.get(0).message()).contains("uid 4242 has no entry in /etc/passwd");
  }

  @Test
  void findingsNameTheLayerThatLastWroteTheFile() {
    LintHarness.Linted l =
        lint(
            okPlus(
                "RUN chmod 644 /actions-runner/run.sh",
                b -> b.file("/actions-runner/run.sh", RUN_SH, 0644, 1001, 1001)));
    Finding f = l.findings("ARC002").get(0);
    assertThat(f.subject()).isEqualTo(Finding.Subject.file("/actions-runner/run.sh"));
    assertThat(f.layer()).isPresent();
    assertThat(f.layer().get().index()).isEqualTo(3);
    assertThat(f.layer().get().createdBy()).contains("RUN chmod 644 /actions-runner/run.sh");
    assertThat(f.layer().get().digest()).startsWith("sha256:");
  }

  /**
   * An ELF binary needs no r bit to run (the kernel maps it); only a script's interpreter reads.
   */
  @Test
  void anExecuteOnlyBinaryIsExecutableAndAnExecuteOnlyScriptIsNot() {
    LintHarness.Linted l =
        lint(
            okPlus(
                "RUN chown root:root bin/Runner.Listener bin/Runner.Worker && chmod 711 bin/*",
                b ->
                    b.file(
                            "/actions-runner/bin/Runner.Listener",
                            FakeElf.binary("amd64", "L"),
                            0711,
                            0,
                            0)
                        .file(
                            "/actions-runner/bin/Runner.Worker",
                            "#!/bin/bash\nexec true\n",
                            0711,
                            0,
                            0)));
    assertThat(l.failed()).containsExactly("ARC007");
    assertThat(l.findings("ARC007"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.subject())
                  .isEqualTo(Finding.Subject.file("/actions-runner/bin/Runner.Worker"));
              assertThat(f.message()).contains("is a script").contains("may execute but not read");
              assertThat(f.fix()).isEqualTo("RUN chmod a+r /actions-runner/bin/Runner.Worker");
            });
  }

  @Test
  void officialRunnerLayoutPassesWithHomeRunnerAsRunnerDir() {
    LintHarness.Linted l =
        LintHarness.lint(
            dir,
            RunnerImages.official(AMD64),
            LintSettings.builder().runnerDir("/home/runner").build());
    assertThat(l.findings()).isEmpty();
    assertThat(l.result("ARC105").status()).isEqualTo(Status.PASSED);
    assertThat(l.result("ARC106").status()).isEqualTo(Status.PASSED);
  }

  @Test
  void officialRunnerLayoutWithDefaultRunnerDirPointsToTheFlag() {
    LintHarness.Linted l = lint(RunnerImages.official(AMD64));
    Finding f = l.findings("ARC001").get(0);
    assertThat(f.message())
        .startsWith("/actions-runner/run.sh does not exist")
        .contains("/home/runner/run.sh does")
        .contains("--runner-dir /home/runner");
    assertThat(f.fix()).contains("--runner-dir /home/runner");
    // the working directory is then wrong too; the rest do not apply without run.sh
    assertThat(l.failed()).containsExactly("ARC001", "ARC004", "ARC007");
    assertThat(l.result("ARC002").status()).isEqualTo(Status.SKIPPED);
    assertThat(l.result("ARC301").status()).isEqualTo(Status.SKIPPED);
    assertThat(l.result("ARC302").status()).isEqualTo(Status.SKIPPED);
  }

  @Test
  void runnerDirectoryThatIsASymlinkIsFollowed() {
    FixtureImage image =
        FixtureImage.builder()
            .platform(AMD64)
            .layer(SampleImages.baseLayer(AMD64))
            .layer(SampleImages.usersLayer(AMD64, 123))
            .layer(
                Layer.builder()
                    .createdBy("COPY runner /opt/runner")
                    .dir("/opt", 0755, 0, 0)
                    .dir("/opt/runner", 0755, 1001, 1001)
                    .file("/opt/runner/run.sh", RUN_SH, 0755, 1001, 1001)
                    .file("/opt/runner/run-helper.sh.template", RUN_SH, 0644, 1001, 1001)
                    .dir("/opt/runner/bin", 0755, 1001, 1001)
                    .file(
                        "/opt/runner/bin/Runner.Listener",
                        FakeElf.binary("amd64", "L"),
                        0755,
                        1001,
                        1001)
                    .file(
                        "/opt/runner/bin/Runner.Worker",
                        FakeElf.binary("amd64", "W"),
                        0755,
                        1001,
                        1001)
                    .symlink("/actions-runner", "opt/runner")
                    .build())
            .env(SampleImages.PATH_ENV)
            .env("HOME=/home/runner")
            .workingDir("/actions-runner")
            .user("runner")
            .build();
    LintHarness.Linted l = lint(image);
    assertThat(l.findings()).isEmpty();
    assertThat(l.result("ARC001").status()).isEqualTo(Status.PASSED);
    assertThat(l.result("ARC008").status()).isEqualTo(Status.PASSED);
  }

  @Test
  void runShDeletedByAWhiteoutInALaterLayerIsMissing() {
    LintHarness.Linted l =
        lint(okPlus("RUN rm /actions-runner/run.sh", b -> b.whiteout("/actions-runner/run.sh")));
    assertThat(l.failed()).containsExactly("ARC001");
    assertThat(l.findings("ARC001").get(0).message())
        .isEqualTo("/actions-runner/run.sh does not exist");
    assertThat(l.result("ARC002").status()).isEqualTo(Status.SKIPPED);
    assertThat(l.result("ARC003").status()).isEqualTo(Status.SKIPPED);
  }

  @Test
  void opaqueRunnerDirHidesWhatLowerLayersPutThere() {
    LintHarness.Linted l =
        lint(
            okPlus(
                "RUN rm -rf /actions-runner && mkdir -p /actions-runner/bin",
                b ->
                    b.dir("/actions-runner", 0755, 1001, 1001)
                        .opaque("/actions-runner")
                        .dir("/actions-runner/bin", 0755, 1001, 1001)));
    assertThat(l.failed()).containsExactly("ARC001", "ARC007");
    assertThat(l.findings("ARC007"))
        .extracting(Finding::message)
        .containsExactly(
            "/actions-runner/bin/Runner.Listener does not exist",
            "/actions-runner/bin/Runner.Worker does not exist");
  }

  @Test
  void platformsOfAnIndexAreLintedOnTheirOwn() {
    FixtureImage amd = SampleImages.runnerOk("linux/amd64");
    FixtureImage arm =
        SampleImages.runnerOk("linux/arm64").toBuilder()
            .layer(
                Layer.builder()
                    .createdBy("COPY x64 runner by mistake")
                    .file(
                        "/actions-runner/bin/Runner.Listener",
                        FakeElf.binary("amd64", "Runner.Listener"),
                        0755,
                        1001,
                        1001)
                    .build())
            .build();
    List<LintHarness.Linted> results =
        LintHarness.lint(dir, FixtureIndex.of(amd, arm), LintSettings.defaults());
    assertThat(results).hasSize(2);
    assertThat(results.get(0).image().platform().toString()).isEqualTo("linux/amd64");
    assertThat(results.get(0).findings()).isEmpty();
    assertThat(results.get(1).image().platform().toString()).isEqualTo("linux/arm64");
    assertThat(results.get(1).failed()).containsExactly("ARC008");
    assertThat(results.get(1).findings("ARC008").get(0).message())
        .contains("ELF 64-bit LSB x86-64")
        .contains("exec format error");
  }

  @Test
  void sudoersDropInOwnedByTheRunnerIsSkippedAndOnlyItsGrantIsLost() {
    // sudo skips an insecure file of an include directory with a warning and reads the rest:
    // the sample's own %sudo grant in /etc/sudoers still works
    LintHarness.Linted l =
        lint(
            okPlus(
                "COPY --chown=runner sudoers /etc/sudoers.d/runner",
                b ->
                    b.file(
                        "/etc/sudoers.d/runner",
                        "runner ALL=(ALL) NOPASSWD: ALL\n",
                        0440,
                        1001,
                        1001)));
    assertThat(l.failed()).isEmpty();
    assertThat(l.result("ARC105").status()).isEqualTo(Status.PASSED);
  }

  @Test
  void grantOnlyInASkippedSudoersDropInIsNoGrant() {
    LintHarness.Linted l =
        lint(
            okPlus(
                "COPY --chown=runner sudoers /etc/sudoers.d/runner",
                b ->
                    b.file("/etc/sudoers", "@includedir /etc/sudoers.d\n", 0440, 0, 0)
                        .file(
                            "/etc/sudoers.d/runner",
                            "runner ALL=(ALL) NOPASSWD: ALL\n",
                            0440,
                            1001,
                            1001)));
    assertThat(l.failed()).containsExactly("ARC105");
    Finding f = l.findings("ARC105").get(0);
    assertThat(f.message())
        .startsWith(
            "no sudoers rule gives 'runner' ALL commands (/etc/sudoers, /etc/sudoers.d/README)")
        .contains(
            "/etc/sudoers.d/runner is owned by uid 1001, sudo requires uid 0: sudo skips this"
                + " file of /etc/sudoers.d");
  }

  @Test
  void worldWritableSudoersDirIsIgnoredWhole() {
    // sudo: "/etc/sudoers.d is world writable", and it goes on without the directory
    FixtureImage image =
        okPlus(
            "RUN chmod 777 /etc/sudoers.d",
            b ->
                b.file("/etc/sudoers", "@includedir /etc/sudoers.d\n", 0440, 0, 0)
                    .dir("/etc/sudoers.d", 0777, 0, 0)
                    .file("/etc/sudoers.d/runner", "runner ALL=(ALL) NOPASSWD: ALL\n", 0440, 0, 0));
    LintHarness.Linted l = lint(image);
    assertThat(l.failed()).containsExactly("ARC105");
    assertThat(l.findings("ARC105").get(0).message())
        .contains(
            "/etc/sudoers.d is world writable (drwxrwxrwx): sudo ignores the whole directory"
                + " (included by /etc/sudoers:1)");
    // owned by another user: the same
    LintHarness.Linted owned =
        lint(
            okPlus(
                "RUN chown runner /etc/sudoers.d",
                b ->
                    b.file("/etc/sudoers", "@includedir /etc/sudoers.d\n", 0440, 0, 0)
                        .dir("/etc/sudoers.d", 0755, 1001, 0)
                        .file(
                            "/etc/sudoers.d/runner",
                            "runner ALL=(ALL) NOPASSWD: ALL\n",
                            0440,
                            0,
                            0)));
    assertThat(owned.failed()).containsExactly("ARC105");
    assertThat(owned.findings("ARC105").get(0).message())
        .contains("/etc/sudoers.d is owned by uid 1001, sudo requires uid 0");
    // a safe directory: the grant counts
    LintHarness.Linted safe =
        lint(
            okPlus(
                "COPY sudoers",
                b ->
                    b.file("/etc/sudoers", "@includedir /etc/sudoers.d\n", 0440, 0, 0)
                        .dir("/etc/sudoers.d", 0755, 0, 0)
                        .file(
                            "/etc/sudoers.d/runner",
                            "runner ALL=(ALL) NOPASSWD: ALL\n",
                            0440,
                            0,
                            0)));
    assertThat(safe.result("ARC105").status()).isEqualTo(Status.PASSED);
  }

  @Test
  void insecureMainSudoersStopsSudo() {
    LintHarness.Linted l =
        lint(
            okPlus(
                "RUN chmod 666 /etc/sudoers",
                b -> b.file("/etc/sudoers", "%sudo ALL=(ALL:ALL) NOPASSWD:ALL\n", 0666, 0, 0)));
    assertThat(l.failed()).containsExactly("ARC105");
    Finding f = l.findings("ARC105").get(0);
    assertThat(f.message())
        .isEqualTo(
            "/etc/sudoers is world writable (-rw-rw-rw-): sudo refuses to run (\"no valid"
                + " sudoers sources found\")");
    assertThat(f.subject()).isEqualTo(Finding.Subject.file("/etc/sudoers"));
  }

  static Stream<Arguments> requireTty() {
    return Stream.of(
        Arguments.of("Defaults requiretty\n", true),
        Arguments.of("Defaults:runner requiretty\n", true),
        Arguments.of("Defaults>root requiretty\n", true),
        Arguments.of("Defaults:other requiretty\n", false),
        Arguments.of("Defaults requiretty\nDefaults !requiretty\n", false),
        Arguments.of("Defaults requiretty\nDefaults:runner !requiretty\n", false),
        // user-bound defaults apply after global ones, whatever the order of the lines
        Arguments.of("Defaults:runner !requiretty\nDefaults requiretty\n", false),
        Arguments.of("Defaults:runner requiretty\nDefaults !requiretty\n", true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requireTty")
  void requirettyFailsSudoInAPodWithoutATty(String defaults, boolean fails) {
    LintHarness.Linted l =
        lint(
            okPlus(
                "COPY sudoers /etc/sudoers",
                b ->
                    b.file(
                        "/etc/sudoers",
                        defaults + "%sudo ALL=(ALL:ALL) NOPASSWD:ALL\n",
                        0440,
                        0,
                        0)));
    if (!fails) {
      assertThat(l.result("ARC105").status()).isEqualTo(Status.PASSED);
      return;
    }
    assertThat(l.failed()).containsExactly("ARC105");
    Finding f = l.findings("ARC105").get(0);
    assertThat(f.message())
        .contains(", but sets requiretty (/etc/sudoers:")
        .endsWith(
            "a pod has no tty, so sudo fails with \"sorry, you must have a tty to run sudo\"");
    assertThat(f.fix()).contains("requiretty");
  }

  @Test
  void envShebangLooksTheCommandUpOnThePath() {
    LintHarness.Linted good =
        lint(
            okPlus(
                "COPY run.sh",
                b ->
                    b.file(
                        "/actions-runner/run.sh",
                        "#!/usr/bin/env bash\nexec true\n",
                        0755,
                        1001,
                        1001)));
    assertThat(good.result("ARC003").status()).isEqualTo(Status.PASSED);
    LintHarness.Linted bad =
        lint(
            okPlus(
                "COPY run.sh",
                b ->
                    b.file(
                        "/actions-runner/run.sh",
                        "#!/usr/bin/env pwsh\nexec true\n",
                        0755,
                        1001,
                        1001)));
    assertThat(bad.failed()).containsExactly("ARC003");
    assertThat(bad.findings("ARC003").get(0).message()).contains("pwsh is not on the image PATH");
  }

  // ---- the pod's identity: kubelet + containerd, not docker run ----

  @Test
  void groupPartOfUserIsIgnoredSoTheSupplementaryGroupsStay() {
    // USER runner:runner with a root:docker 0750 run.sh: the pod runs as 1001 with its /etc/group
    // memberships (docker among them) and may execute it; docker run would drop them
    LintHarness.Linted l =
        lint(
            okPlus(
                    "COPY --chown=root:docker run.sh /actions-runner/",
                    b -> b.file("/actions-runner/run.sh", RUN_SH, 0750, 0, 123))
                .toBuilder()
                .user("runner:runner")
                .build());
    assertThat(l.result("ARC002").status()).isEqualTo(Status.PASSED);
    assertThat(l.failed()).containsExactly("ARC009");
    assertThat(l.findings("ARC009").get(0).level()).isEqualTo(Level.WARNING);
  }

  @Test
  void missingGroupInUserDoesNotStopThePod() {
    LintHarness.Linted l = lint(okWith(b -> b.user("runner:runners")));
    assertThat(l.result("ARC006").status()).isEqualTo(Status.PASSED);
    assertThat(l.failed()).containsExactly("ARC009");
    assertThat(l.findings("ARC009").get(0).fix())
        .startsWith("USER runner, and set runAsGroup in the pod's securityContext");
    // a missing user is still an error: containerd finds no user
    assertThat(lint(okWith(b -> b.user("ghost:runners"))).failed()).contains("ARC006");
  }

  // ---- search permission on the directories of a path ----

  @Test
  void runnerDirWithoutSearchPermissionBlocksRunShAndTheBinaries() {
    // pod: "stat /actions-runner/run.sh: permission denied"
    LintHarness.Linted l =
        lint(
            okPlus(
                "RUN chown root:root /actions-runner && chmod 700 /actions-runner",
                b -> b.dir("/actions-runner", 0700, 0, 0)));
    assertThat(l.failed()).containsExactly("ARC002", "ARC007", "ARC301");
    String blocked =
        "the directory /actions-runner (mode drwx------ 0:0) does not let it search (x)";
    assertThat(l.findings("ARC002").get(0).message())
        .isEqualTo(
            "/actions-runner/run.sh is not executable by uid 1001 (runner), gids 27, 123, 1001: "
                + blocked
                + ": stat /actions-runner/run.sh: permission denied");
    assertThat(l.findings("ARC002").get(0).fix())
        .isEqualTo("RUN chmod 755 /actions-runner (or chown it to the container user)");
    assertThat(l.findings("ARC007"))
        .hasSize(2)
        .allSatisfy(f -> assertThat(f.message()).contains(blocked));
    assertThat(l.findings("ARC301").get(0).message())
        .startsWith(
            "/actions-runner is not writable by uid 1001 (runner), gids 27, 123, 1001 (mode"
                + " drwx------ 0:0)");
    // root is not blocked
    LintHarness.Linted root =
        lint(
            okPlus("RUN chmod 700 /actions-runner", b -> b.dir("/actions-runner", 0700, 0, 0))
                .toBuilder()
                .user("root")
                .env("RUNNER_ALLOW_RUNASROOT=1")
                .build());
    assertThat(root.result("ARC002").status()).isEqualTo(Status.PASSED);
    assertThat(root.result("ARC007").status()).isEqualTo(Status.PASSED);
  }

  @Test
  void symlinkedRunnerDirIsSearchedAtItsTarget() {
    LintHarness.Linted l =
        lint(
            okPlus(
                "RUN mv /actions-runner /opt/runner && ln -s /opt/runner /actions-runner",
                b ->
                    b.dir("/opt", 0700, 0, 0)
                        .dir("/opt/runner", 0755, 1001, 1001)
                        .file("/opt/runner/run.sh", RUN_SH, 0755, 1001, 1001)
                        .symlink("/actions-runner", "/opt/runner")));
    assertThat(l.findings("ARC002").get(0).message())
        .contains("the directory /opt (mode drwx------ 0:0) does not let it search (x)");
  }

  @Test
  void interpreterInADirectoryTheUserCannotSearch() {
    LintHarness.Linted l =
        lint(
            okPlus(
                "COPY bash /opt/tools/bin/bash",
                b ->
                    b.dir("/opt", 0755, 0, 0)
                        .dir("/opt/tools", 0750, 0, 0)
                        .dir("/opt/tools/bin", 0755, 0, 0)
                        .file("/opt/tools/bin/bash", FakeElf.binary("amd64", "bash"), 0755, 0, 0)
                        .file(
                            "/actions-runner/run.sh",
                            "#!/opt/tools/bin/bash\nexec true\n",
                            0755,
                            1001,
                            1001)));
    assertThat(l.failed()).containsExactly("ARC003");
    assertThat(l.findings("ARC003").get(0).message())
        .contains("but /opt/tools/bin/bash is not executable by uid 1001 (runner)")
        .contains("the directory /opt/tools (mode drwxr-x--- 0:0) does not let it search (x)");
  }

  // ---- a symlinked WORKDIR ----

  @Test
  void workdirThatIsASymlinkToTheRunnerDirIsTheRunnerDir() {
    // WORKDIR /home/runner with /actions-runner -> /home/runner: the same directory, both ways
    FixtureImage image =
        okPlus(
                "RUN mv /actions-runner/* /home/runner/ && rmdir /actions-runner"
                    + " && ln -s /home/runner /actions-runner",
                b ->
                    b.whiteout("/actions-runner")
                        .dir("/home/runner", 0755, 1001, 1001)
                        .file("/home/runner/run.sh", RUN_SH, 0755, 1001, 1001)
                        .file("/home/runner/run-helper.sh.template", RUN_SH, 0644, 1001, 1001)
                        .dir("/home/runner/bin", 0755, 1001, 1001)
                        .file(
                            "/home/runner/bin/Runner.Listener",
                            FakeElf.binary("amd64", "L"),
                            0755,
                            1001,
                            1001)
                        .file(
                            "/home/runner/bin/Runner.Worker",
                            FakeElf.binary("amd64", "W"),
                            0755,
                            1001,
                            1001)
                        .symlink("/actions-runner", "/home/runner"))
            .toBuilder()
            .workingDir("/home/runner")
            .build();
    assertThat(lint(image).failed()).isEmpty();
    assertThat(
            LintHarness.lint(dir, image, LintSettings.builder().runnerDir("/home/runner").build())
                .failed())
        .isEmpty();
    // the other direction: WORKDIR names the link, the runner dir its target
    FixtureImage linkWorkdir = image.toBuilder().workingDir("/actions-runner").build();
    assertThat(
            LintHarness.lint(
                    dir, linkWorkdir, LintSettings.builder().runnerDir("/home/runner").build())
                .failed())
        .isEmpty();
    // another directory is still another directory
    assertThat(lint(image.toBuilder().workingDir("/home").build()).failed())
        .containsExactly("ARC004");
  }
}
