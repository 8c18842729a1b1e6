package dev.runnerlint.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.findings.Finding;
import dev.runnerlint.findings.RuleResult;
import dev.runnerlint.fixtures.FixtureImage;
import dev.runnerlint.values.ContainerMode;
import dev.runnerlint.values.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The arc-deployment rules on fixture images with gha-runner-scale-set values files: each variant
 * gives exactly its findings, located at the values line (found in the file's text) that caused
 * them.
 */
class DeploymentRulesTest {
  @TempDir Path dir;

  static String chartValues(ContainerMode mode) {
    return (mode == ContainerMode.DEFAULT ? "" : "containerMode:\n  type: " + mode.id() + "\n")
        + "githubConfigUrl: https://github.com/acme\n"
        + "template:\n"
        + "  spec:\n"
        + "    containers:\n"
        + "      - name: runner\n"
        + "        image: ghcr.io/actions/actions-runner:latest\n"
        + "        command: [\"/home/runner/run.sh\"]\n";
  }

  /** The chart's default runner container with extra keys under it. */
  static String values(ContainerMode mode, String runnerKeys) {
    return chartValues(mode) + runnerKeys;
  }

  LintHarness.Linted lint(FixtureImage image, String values) throws Exception {
    Path file = dir.resolve("values.yaml");
    Files.writeString(file, values);
    Deployment d = Deployment.read(file, dir);
    return LintHarness.lint(dir, image, LintSettings.builder().deployment(d).build());
  }

  /** {@code values.yaml:N} of the first line containing {@code text}. */
  static String at(String values, String text) {
    List<String> lines = values.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return "values.yaml:" + (i + 1);
      }
    }
    throw new AssertionError("no line with " + text);
  }

  /** Every finding as {@code ID level location}. */
  static List<String> summary(LintHarness.Linted l) {
    return l.findings().stream()
        .map(
            f ->
                f.ruleId()
                    + " "
                    + f.level().id()
                    + " "
                    + f.location().map(Object::toString).orElse("-"))
        .toList();
  }

  @ParameterizedTest
  @EnumSource(ContainerMode.class)
  void conformingImageAndChartValuesPassInEveryMode(ContainerMode mode) throws Exception {
    LintHarness.Linted l = lint(ModeImages.complete(), chartValues(mode));
    assertThat(summary(l)).isEmpty();
    assertThat(l.result("ARC301").status()).isEqualTo(RuleResult.Status.PASSED);
    assertThat(l.result("ARC302").status()).isEqualTo(RuleResult.Status.PASSED);
    // rules of other modes are not applicable, never passed
    for (String id : List.of("ARC311", "ARC312", "ARC313", "ARC314")) {
      assertThat(l.result(id).status())
          .isEqualTo(
              mode == ContainerMode.DIND ? RuleResult.Status.PASSED : RuleResult.Status.SKIPPED);
    }
    boolean k8s = mode == ContainerMode.KUBERNETES || mode == ContainerMode.KUBERNETES_NOVOLUME;
    assertThat(l.result("ARC321").status())
        .isEqualTo(k8s ? RuleResult.Status.PASSED : RuleResult.Status.SKIPPED);
    assertThat(l.result("ARC322").status())
        .isEqualTo(k8s ? RuleResult.Status.PASSED : RuleResult.Status.SKIPPED);
    assertThat(l.result("ARC332").status())
        .isEqualTo(
            mode == ContainerMode.KUBERNETES_NOVOLUME
                ? RuleResult.Status.PASSED
                : RuleResult.Status.SKIPPED);
    assertThat(l.result("ARC311").skipReason().orElse(""))
        .isEqualTo(
            mode == ContainerMode.DIND
                ? ""
                : "not applicable: the container mode is " + mode.id() + ", not dind");
  }

  @Test
  void valuesWithoutContainersUseTheChartsDefaultRunner() throws Exception {
    String values = "githubConfigUrl: https://github.com/acme\nminRunners: 1\n";
    assertThat(summary(lint(ModeImages.complete(), values))).isEmpty();
  }

  // ---- every mode ----

  @Test
  void readOnlyRootFilesystemIsAnErrorAtItsLine() throws Exception {
    String values =
        values(
            ContainerMode.DEFAULT,
            "        securityContext:\n          readOnlyRootFilesystem: true\n");
    LintHarness.Linted l = lint(ModeImages.complete(), values);
    assertThat(summary(l)).containsExactly("ARC303 error " + at(values, "readOnlyRootFilesystem"));
    assertThat(l.findings("ARC303").get(0).message())
        .contains("cp: cannot create regular file '/home/runner/run-helper.sh'");
  }

  @Test
  void missingRunHelperTemplate() throws Exception {
    FixtureImage image =
        ModeImages.completePlus(
            "RUN rm /home/runner/run-helper.sh.template",
            b -> b.whiteout("/home/runner/run-helper.sh.template"));
    String values = chartValues(ContainerMode.DEFAULT);
    assertThat(summary(lint(image, values)))
        .containsExactly("ARC302 error " + at(values, "command:"));
  }

  @Test
  void runHelperTemplateBesideTheResolvedRunSh() throws Exception {
    // /usr/local/bin/run.sh -> /home/runner/run.sh: the template is looked up in /home/runner
    FixtureImage image =
        ModeImages.completePlus(
            "RUN ln -s /home/runner/run.sh /usr/local/bin/run.sh",
            b -> b.symlink("/usr/local/bin/run.sh", "/home/runner/run.sh"));
    String values =
        chartValues(ContainerMode.DEFAULT)
            .replace("[\"/home/runner/run.sh\"]", "[\"/usr/local/bin/run.sh\"]");
    LintHarness.Linted l = lint(image, values);
    assertThat(summary(l)).isEmpty();
    assertThat(l.result("ARC302").status()).isEqualTo(RuleResult.Status.PASSED);
  }

  @Test
  void runnerDirNotWritableByTheValuesUser() throws Exception {
    // runAsUser 2000 (no passwd entry) cannot write /home/runner (0750 1001:1001)
    String values =
        values(ContainerMode.DEFAULT, "        securityContext:\n          runAsUser: 2000\n");
    LintHarness.Linted l = lint(ModeImages.complete(), values);
    String runAs = at(values, "runAsUser");
    // uid 2000 has no passwd entry (ARC006 warning), is not 1001, has HOME /: all caused by it;
    // nor may it search /home/runner, so run.sh and the runner binaries cannot be executed
    String command = at(values, "command:");
    assertThat(summary(l))
        .containsExactly(
            "ARC002 error " + command,
            "ARC006 warning " + runAs,
            "ARC007 error " + command,
            "ARC007 error " + command,
            "ARC102 warning " + runAs,
            "ARC106 warning " + runAs,
            "ARC106 warning " + runAs,
            "ARC301 error " + runAs);
    assertThat(l.findings("ARC301").get(0).message())
        .startsWith("/home/runner is not writable by uid 2000");
    assertThat(l.findings("ARC002").get(0).message())
        .isEqualTo(
            "/home/runner/run.sh is not executable by uid 2000, gid 0: the directory /home/runner"
                + " (mode drwxr-x--- 1001:1001) does not let it search (x): stat"
                + " /home/runner/run.sh: permission denied");
  }

  @Test
  void nothingToRun() throws Exception {
    String values =
        "template:\n  spec:\n    containers:\n      - name: runner\n        image: acme/runner:1\n";
    assertThat(summary(lint(ModeImages.complete(), values)))
        .containsExactly("ARC304 error " + at(values, "image:"));
    // an ENTRYPOINT in the image gives the pod something to run
    FixtureImage withEntrypoint = ModeImages.completeWith(b -> b.entrypoint("/home/runner/run.sh"));
    assertThat(summary(lint(withEntrypoint, values))).containsExactly("ARC201 note -");
  }

  @Test
  void customCommandMustResolve() throws Exception {
    String values =
        chartValues(ContainerMode.DEFAULT)
            .replace(
                "command: [\"/home/runner/run.sh\"]",
                "command: [\"/usr/bin/tini\", \"--\"]\n        args: [\"/home/runner/run.sh\"]");
    assertThat(summary(lint(ModeImages.complete(), values)))
        .containsExactly("ARC305 error " + at(values, "command:"));
    FixtureImage withTini =
        ModeImages.completePlus(
            "RUN apt-get install tini",
            b ->
                b.file(
                    "/usr/bin/tini",
                    dev.runnerlint.fixtures.FakeElf.binaryForPlatform(ModeImages.AMD64, "tini"),
                    0755,
                    0,
                    0));
    assertThat(summary(lint(withTini, values))).isEmpty();
  }

  @Test
  void aCommandNamingARunShTheImageLacksPointsAtTheCommand() throws Exception {
    String values =
        chartValues(ContainerMode.DEFAULT).replace("/home/runner/run.sh", "/opt/runner/run.sh");
    LintHarness.Linted l = lint(ModeImages.complete(), values);
    String command = at(values, "command:");
    // the runner directory is /opt/runner: everything the pod needs there is missing, and each
    // finding points at the command that chose it (ARC301 and ARC302 do not apply without run.sh)
    assertThat(summary(l))
        .containsExactly(
            "ARC001 error " + command,
            "ARC004 error " + command,
            "ARC007 error " + command,
            "ARC007 error " + command);
    assertThat(l.result("ARC302").status()).isEqualTo(RuleResult.Status.SKIPPED);
    assertThat(l.findings("ARC001").get(0).message())
        .startsWith("/opt/runner/run.sh does not exist");
  }

  // ---- root ----

  @Test
  void runAsRootWithoutAllowRunAsRoot() throws Exception {
    String values =
        values(ContainerMode.DEFAULT, "        securityContext:\n          runAsUser: 0\n");
    LintHarness.Linted l = lint(ModeImages.complete(), values);
    String runAs = at(values, "runAsUser");
    // root's HOME is /root: ARC106 too, caused by the same key
    assertThat(summary(l))
        .containsExactly(
            "ARC005 error " + runAs, "ARC102 warning " + runAs, "ARC106 warning " + runAs);
  }

  @Test
  void runAsRootWithAllowRunAsRootInValuesEnv() throws Exception {
    String values =
        values(
            ContainerMode.DEFAULT,
            "        env:\n"
                + "          - name: RUNNER_ALLOW_RUNASROOT\n"
                + "            value: \"1\"\n"
                + "        securityContext:\n"
                + "          runAsUser: 0\n");
    String runAs = at(values, "runAsUser");
    assertThat(summary(lint(ModeImages.complete(), values)))
        .containsExactly("ARC102 warning " + runAs, "ARC106 warning " + runAs);
  }

  @Test
  void allowRunAsRootFalseStillAllowsRootAndSaysSo() throws Exception {
    String values =
        values(
            ContainerMode.DEFAULT,
            "        env:\n"
                + "          - name: RUNNER_ALLOW_RUNASROOT\n"
                + "            value: \"false\"\n"
                + "        securityContext:\n"
                + "          runAsUser: 0\n");
    LintHarness.Linted l = lint(ModeImages.complete(), values);
    assertThat(summary(l))
        .containsExactly(
            "ARC005 warning " + at(values, "RUNNER_ALLOW_RUNASROOT"),
            "ARC102 warning " + at(values, "runAsUser"),
            "ARC106 warning " + at(values, "runAsUser"));
    assertThat(l.findings("ARC005").get(0).message())
        .isEqualTo(
            "RUNNER_ALLOW_RUNASROOT is 'false', which still allows root: the runner checks only"
                + " that it is non-empty");
  }

  @Test
  void podLevelRunAsUserAndFsGroup() throws Exception {
    // pod-level runAsUser 0 is root too; the finding points at the pod's securityContext
    String values =
        chartValues(ContainerMode.DEFAULT)
            .replace("  spec:\n", "  spec:\n    securityContext:\n      runAsUser: 0\n");
    assertThat(summary(lint(ModeImages.complete(), values)))
        .containsExactly(
            "ARC005 error " + at(values, "runAsUser"),
            "ARC102 warning " + at(values, "runAsUser"),
            "ARC106 warning " + at(values, "runAsUser"));
  }

  // ---- dind ----

  @Test
  void dindWithoutExternals() throws Exception {
    FixtureImage image =
        ModeImages.completePlus(
            "RUN rm -rf /home/runner/externals", b -> b.whiteout("/home/runner/externals"));
    String values = chartValues(ContainerMode.DIND);
    assertThat(summary(lint(image, values)))
        .containsExactly("ARC311 error " + at(values, "type: dind"));
    // in the default mode the same image is fine
    assertThat(summary(lint(image, chartValues(ContainerMode.DEFAULT)))).isEmpty();
  }

  @Test
  void dindExternalsTheUserCannotRead() throws Exception {
    // the pod's user (runner) must read externals/ for init-dind-externals' cp -r; found by the
    // differential suite: "cp: cannot stat '/home/runner/externals/.': Permission denied"
    String values = chartValues(ContainerMode.DIND);
    FixtureImage unsearchableHome =
        ModeImages.completePlus(
            "RUN chown root:root /home/runner && chmod 0700 /home/runner",
            b -> b.dir("/home/runner", 0700, 0, 0));
    LintHarness.Linted l = lint(unsearchableHome, values);
    assertThat(l.findings("ARC311")).hasSize(1);
    assertThat(l.findings("ARC311").get(0).message())
        .contains("/home/runner/externals is not readable by", "the directory /home/runner");
    FixtureImage unreadableExternals =
        ModeImages.completePlus(
            "RUN chown root:root /home/runner/externals && chmod 0700 /home/runner/externals",
            b -> b.dir("/home/runner/externals", 0700, 0, 0));
    assertThat(summary(lint(unreadableExternals, values)))
        .containsExactly("ARC311 error " + at(values, "type: dind"));
  }

  @Test
  void dindWithoutCp() throws Exception {
    FixtureImage image =
        ModeImages.completePlus("RUN rm /usr/bin/cp", b -> b.whiteout("/usr/bin/cp"));
    String values = chartValues(ContainerMode.DIND);
    assertThat(summary(lint(image, values)))
        .containsExactly("ARC312 error " + at(values, "type: dind"));
  }

  @Test
  void dindWithoutDockerCli() throws Exception {
    FixtureImage image =
        ModeImages.completePlus("RUN rm /usr/bin/docker", b -> b.whiteout("/usr/bin/docker"));
    String values = chartValues(ContainerMode.DIND);
    assertThat(summary(lint(image, values)))
        .containsExactly("ARC313 error " + at(values, "type: dind"));
  }

  @Test
  void dindUserNotInGid123UnlessFsGroup() throws Exception {
    FixtureImage image =
        ModeImages.completePlus(
            "RUN gpasswd -d runner docker",
            b ->
                b.file(
                    "/etc/group", "root:x:0:\nsudo:x:27:runner\nrunner:x:1001:\ndocker:x:123:\n"));
    String values = chartValues(ContainerMode.DIND);
    // ARC103 stays a parity warning; in dind the GID is an error (ARC314)
    assertThat(summary(lint(image, values)))
        .containsExactly("ARC103 warning -", "ARC314 error " + at(values, "type: dind"));
    String withFsGroup =
        values.replace("  spec:\n", "  spec:\n    securityContext:\n      fsGroup: 123\n");
    assertThat(summary(lint(image, withFsGroup))).containsExactly("ARC103 warning -");
    // the pod's supplementalGroups join the groups too
    String withSupplemental =
        values.replace(
            "  spec:\n", "  spec:\n    securityContext:\n      supplementalGroups: [4000, 123]\n");
    assertThat(summary(lint(image, withSupplemental))).containsExactly("ARC103 warning -");
  }

  @Test
  void groupPartOfUserWarnsUnlessTheValuesSetRunAsGroup() throws Exception {
    FixtureImage image = ModeImages.completeWith(b -> b.user("runner:docker"));
    String values = chartValues(ContainerMode.DEFAULT);
    assertThat(summary(lint(image, values))).containsExactly("ARC009 warning -");
    String withRunAsGroup =
        values.replace("  spec:\n", "  spec:\n    securityContext:\n      runAsGroup: 123\n");
    LintHarness.Linted l = lint(image, withRunAsGroup);
    assertThat(summary(l)).isEmpty();
    assertThat(l.result("ARC009").status()).isEqualTo(RuleResult.Status.PASSED);
  }

  @Test
  void dindRunnerRootMustBeHomeRunner() throws Exception {
    FixtureImage image =
        ModeImages.completeWith(
            b -> {
              b.layer(
                  dev.runnerlint.fixtures.Layer.builder()
                      .createdBy("COPY /home/runner /opt/runner")
                      .dir("/opt/runner", 0755, 1001, 123)
                      .file("/opt/runner/run.sh", RunnerImages.RUN_SH, 0755, 1001, 123)
                      .dir("/opt/runner/bin", 0755, 1001, 123)
                      .file(
                          "/opt/runner/bin/Runner.Listener",
                          dev.runnerlint.fixtures.FakeElf.binaryForPlatform(
                              ModeImages.AMD64, "Runner.Listener"),
                          0755,
                          1001,
                          123)
                      .file(
                          "/opt/runner/bin/Runner.Worker",
                          dev.runnerlint.fixtures.FakeElf.binaryForPlatform(
                              ModeImages.AMD64, "Runner.Worker"),
                          0755,
                          1001,
                          123)
                      .build());
              b.layer(ModeImages.extras("/opt/runner"));
              b.workingDir("/opt/runner");
            });
    String values =
        chartValues(ContainerMode.DIND).replace("/home/runner/run.sh", "/opt/runner/run.sh");
    assertThat(summary(lint(image, values)))
        .containsExactly("ARC306 error " + at(values, "command:"));
    // the default mode has no such requirement
    assertThat(
            summary(
                lint(
                    image,
                    chartValues(ContainerMode.DEFAULT)
                        .replace("/home/runner/run.sh", "/opt/runner/run.sh"))))
        .isEmpty();
  }

  // ---- kubernetes ----

  @Test
  void kubernetesHookMissing() throws Exception {
    FixtureImage image =
        ModeImages.completePlus("RUN rm -rf /home/runner/k8s", b -> b.whiteout("/home/runner/k8s"));
    String values = chartValues(ContainerMode.KUBERNETES);
    LintHarness.Linted l = lint(image, values);
    assertThat(summary(l)).containsExactly("ARC321 error " + at(values, "type: kubernetes"));
    assertThat(l.findings("ARC321").get(0).message())
        .contains(
            "File not found at '/home/runner/k8s/index.js'. Set ACTIONS_RUNNER_CONTAINER_HOOKS to"
                + " the path of an existing file.");
    // kubernetes-novolume uses its own hook, which is still there
    assertThat(summary(lint(image, chartValues(ContainerMode.KUBERNETES_NOVOLUME)))).isEmpty();
  }

  @Test
  void kubernetesHookTheUserCannotRead() throws Exception {
    // the runner's File.Exists is false for a file its user cannot stat or read
    FixtureImage image =
        ModeImages.completePlus(
            "RUN chmod 0600 /home/runner/k8s/index.js && chown root:root /home/runner/k8s/index.js",
            b -> b.file("/home/runner/k8s/index.js", "// hook\n", 0600, 0, 0));
    String values = chartValues(ContainerMode.KUBERNETES);
    LintHarness.Linted l = lint(image, values);
    assertThat(summary(l)).containsExactly("ARC321 error " + at(values, "type: kubernetes"));
    assertThat(l.findings("ARC321").get(0).message())
        .contains("is not readable by", "File not found at '/home/runner/k8s/index.js'");
  }

  @Test
  void kubernetesHookPathFromValuesEnv() throws Exception {
    String values =
        values(
            ContainerMode.KUBERNETES,
            "        env:\n"
                + "          - name: ACTIONS_RUNNER_CONTAINER_HOOKS\n"
                + "            value: /home/runner/hooks/index.js\n");
    assertThat(summary(lint(ModeImages.complete(), values)))
        .containsExactly("ARC321 error " + at(values, "ACTIONS_RUNNER_CONTAINER_HOOKS"));
    // overriding it to an existing file with an unsupported extension
    String py = values.replace("/home/runner/hooks/index.js", "/home/runner/k8s/index.py");
    FixtureImage withPy =
        ModeImages.completePlus(
            "COPY index.py /home/runner/k8s/",
            b -> b.file("/home/runner/k8s/index.py", "print()\n", 0644, 1001, 123));
    LintHarness.Linted l = lint(withPy, py);
    assertThat(summary(l))
        .containsExactly("ARC321 error " + at(py, "ACTIONS_RUNNER_CONTAINER_HOOKS"));
    assertThat(l.findings("ARC321").get(0).message())
        .contains("the runner runs only .js, .sh or .ps1 hooks");
  }

  @Test
  void kubernetesNode20Missing() throws Exception {
    FixtureImage image =
        ModeImages.completePlus(
            "RUN rm -rf /home/runner/externals/node20",
            b -> b.whiteout("/home/runner/externals/node20"));
    String values = chartValues(ContainerMode.KUBERNETES);
    assertThat(summary(lint(image, values)))
        .containsExactly("ARC322 error " + at(values, "type: kubernetes"));
    // a .sh hook does not need node
    String sh =
        values(
            ContainerMode.KUBERNETES,
            "        env:\n"
                + "          - name: ACTIONS_RUNNER_CONTAINER_HOOKS\n"
                + "            value: /home/runner/k8s/hook.sh\n");
    FixtureImage withSh =
        image.toBuilder()
            .layer(
                dev.runnerlint.fixtures.Layer.builder()
                    .createdBy("COPY hook.sh /home/runner/k8s/")
                    .file("/home/runner/k8s/hook.sh", "#!/bin/sh\n", 0755, 1001, 123)
                    .build())
            .build();
    LintHarness.Linted l = lint(withSh, sh);
    assertThat(summary(l)).isEmpty();
    assertThat(l.result("ARC322").status()).isEqualTo(RuleResult.Status.SKIPPED);
  }

  // ---- kubernetes-novolume ----

  @Test
  void novolumeHookMissing() throws Exception {
    FixtureImage image =
        ModeImages.completePlus(
            "RUN rm -rf /home/runner/k8s-novolume", b -> b.whiteout("/home/runner/k8s-novolume"));
    String values = chartValues(ContainerMode.KUBERNETES_NOVOLUME);
    LintHarness.Linted l = lint(image, values);
    assertThat(summary(l)).containsExactly("ARC321 error " + at(values, "type: kubernetes"));
    assertThat(l.findings("ARC321").get(0).message())
        .contains("'/home/runner/k8s-novolume/index.js'");
  }

  @Test
  void novolumeWithoutMv() throws Exception {
    FixtureImage image =
        ModeImages.completePlus("RUN rm /usr/bin/mv", b -> b.whiteout("/usr/bin/mv"));
    String values = chartValues(ContainerMode.KUBERNETES_NOVOLUME);
    LintHarness.Linted l = lint(image, values);
    assertThat(summary(l)).containsExactly("ARC331 error " + at(values, "type: kubernetes"));
    assertThat(l.findings("ARC331").get(0).message()).startsWith("mv is not on the image PATH");
  }

  @Test
  void novolumeExternalsNotWritableBy1001() throws Exception {
    FixtureImage image =
        ModeImages.completePlus(
            "RUN chown root:root /home/runner/externals",
            b -> b.dir("/home/runner/externals", 0755, 0, 0));
    String values = chartValues(ContainerMode.KUBERNETES_NOVOLUME);
    LintHarness.Linted l = lint(image, values);
    assertThat(summary(l)).containsExactly("ARC332 error " + at(values, "type: kubernetes"));
    Finding f = l.findings("ARC332").get(0);
    assertThat(f.message()).startsWith("/home/runner/externals is not writable by uid 1001");
  }

  // ---- without a deployment only the pack's image rules are part of the run ----

  @Test
  void withoutADeploymentOnlyTheImageRulesOfTheDeploymentPackAreRun() throws IOException {
    LintHarness.Linted l =
        LintHarness.lint(
            dir, ModeImages.complete(), LintSettings.builder().runnerDir("/home/runner").build());
    // ARC301 and ARC302 say requires: image: every ARC pod runs run.sh
    assertThat(l.results())
        .filteredOn(r -> r.ruleId().startsWith("ARC3"))
        .extracting(RuleResult::ruleId)
        .containsExactly("ARC301", "ARC302");
    assertThat(l.results())
        .filteredOn(r -> r.ruleId().startsWith("ARC3"))
        .allSatisfy(r -> assertThat(r.status()).isEqualTo(RuleResult.Status.PASSED));
    assertThat(summary(l)).isEmpty();
  }

  @Test
  void withoutADeploymentASymlinkedRunShNeedsTheTemplateBesideItsTarget() throws IOException {
    // /home/runner/run.sh -> /opt/runner/run.sh: run.sh resolves its own link and cds to
    // /opt/runner, where run-helper.sh.template is missing
    FixtureImage image =
        ModeImages.completePlus(
            "RUN mv /home/runner/run.sh /opt/runner/ && ln -s /opt/runner/run.sh /home/runner/",
            b ->
                b.dir("/opt", 0755, 0, 0)
                    .dir("/opt/runner", 0777, 0, 0)
                    .file("/opt/runner/run.sh", "#!/bin/bash\nexit 0\n", 0755, 1001, 123)
                    .symlink("/home/runner/run.sh", "/opt/runner/run.sh"));
    LintHarness.Linted l =
        LintHarness.lint(dir, image, LintSettings.builder().runnerDir("/home/runner").build());
    assertThat(l.failed()).containsExactly("ARC302");
    Finding f = l.findings("ARC302").get(0);
    assertThat(f.message())
        .isEqualTo(
            "/opt/runner/run-helper.sh.template does not exist: run.sh copies it to"
                + " run-helper.sh at every start (cp: cannot stat"
                + " '/opt/runner/run-helper.sh.template')");
    // the template beside the target is enough
    FixtureImage fixed =
        image.toBuilder()
            .layer(
                dev.runnerlint.fixtures.Layer.builder()
                    .createdBy("COPY run-helper.sh.template /opt/runner/")
                    .file("/opt/runner/run-helper.sh.template", "#!/bin/bash\n", 0644, 0, 0)
                    .build())
            .build();
    assertThat(
            LintHarness.lint(dir, fixed, LintSettings.builder().runnerDir("/home/runner").build())
                .failed())
        .isEmpty();
  }

  @Test
  void withoutADeploymentARootOwnedWorkdirRunnerDirIsNotWritable() throws IOException {
    // WORKDIR /actions-runner creates it root:root 0755; COPY --chown=runner:runner actions-runner/
    // /actions-runner/ changes only what it copies
    FixtureImage image =
        dev.runnerlint.fixtures.SampleImages.runnerOk(ModeImages.AMD64).toBuilder()
            .layer(
                dev.runnerlint.fixtures.Layer.builder()
                    .createdBy("WORKDIR /actions-runner")
                    .dir("/actions-runner", 0755, 0, 0)
                    .build())
            .build();
    LintHarness.Linted l = LintHarness.lint(dir, image, LintSettings.defaults());
    assertThat(l.failed()).containsExactly("ARC301");
    Finding f = l.findings("ARC301").get(0);
    assertThat(f.message())
        .isEqualTo(
            "/actions-runner is not writable by uid 1001 (runner), gids 27, 123, 1001 (mode"
                + " drwxr-xr-x 0:0): run.sh writes run-helper.sh there and the runner writes"
                + " .runner, _diag, its JIT files and _work");
    assertThat(f.fix())
        .isEqualTo(
            "RUN mkdir -p /actions-runner && chown runner:runner /actions-runner before COPY"
                + " --chown (a directory made by WORKDIR or COPY stays root-owned: COPY --chown"
                + " changes only what it copies)");
  }
}
