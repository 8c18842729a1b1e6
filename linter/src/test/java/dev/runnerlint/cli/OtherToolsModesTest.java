package dev.runnerlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The container-mode rules on a runner image built from this host's real files with umoci (as
 * {@link OtherToolsLintTest}), completed the way the official Dockerfile does (hooks in ./k8s and
 * ./k8s-novolume, externals/node20, run-helper.sh.template, cp/mv/mkdir/sh, a docker CLI): it
 * passes in every mode with the chart's values, and each variant made with umoci gets exactly its
 * finding, at the values line that caused it.
 */
class OtherToolsModesTest {
  private static final String RUN_SH =
      "#!/bin/bash\n# stand-in for the actions runner's run.sh\nexec \"$(dirname \"$0\")/bin/Runner.Listener\" run \"$@\"\n";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path tmp;
  private static RootfsImage images;

  @BeforeAll
  static void build() throws IOException {
    assertThat(RootfsImage.tool("id", "-u").trim())
        .as(
            "these tests build images with real ownership (umoci): run them as root, as .ci/run does")
        .isEqualTo("0");
    Path rootfs = RootfsImage.runnerRootfs(tmp.resolve("rootfs"));
    for (String tool : List.of("cp", "mv", "mkdir")) {
      RootfsImage.tool("cp", "-a", "/usr/bin/" + tool, rootfs.resolve("usr/bin").toString());
    }
    Files.createSymbolicLink(rootfs.resolve("usr/bin/sh"), Path.of("bash"));
    // a docker CLI stand-in: a real ELF executable
    RootfsImage.tool("cp", "/usr/bin/true", rootfs.resolve("usr/bin/docker").toString());
    images = RootfsImage.init(tmp.resolve("layout"));
    images.fromRootfs(rootfs, "rootfs", tmp.resolve("bundle"));
    Path runner = RootfsImage.runnerDir(tmp.resolve("runner"), RUN_SH);
    try {
      Files.writeString(runner.resolve("run-helper.sh.template"), "#!/bin/bash\n");
      Files.createDirectories(runner.resolve("externals/node20/bin"));
      RootfsImage.tool(
          "cp", "/usr/bin/true", runner.resolve("externals/node20/bin/node").toString());
      Files.createDirectories(runner.resolve("k8s"));
      Files.writeString(runner.resolve("k8s/index.js"), "// hooks 0.7.0\n");
      Files.createDirectories(runner.resolve("k8s-novolume"));
      Files.writeString(runner.resolve("k8s-novolume/index.js"), "// hooks 0.8.1\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RootfsImage.tool("chmod", "-R", "u+rwX,go+rX", runner.toString());
    RootfsImage.tool("chown", "-R", "1001:1001", runner.toString());
    images.insert("rootfs", "files", runner, "/home/runner");
    images.config(
        "files",
        "runner",
        "--config.user",
        "runner",
        "--config.workingdir",
        "/home/runner",
        "--config.env",
        "HOME=/home/runner",
        "--config.env",
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  }

  static String chartValues(String mode) {
    return "containerMode:\n"
        + "  type: "
        + mode
        + "\n"
        + "template:\n"
        + "  spec:\n"
        + "    containers:\n"
        + "      - name: runner\n"
        + "        image: ghcr.io/actions/actions-runner:latest\n"
        + "        command: [\"/home/runner/run.sh\"]\n";
  }

  /** Lints {@code tag} with {@code values}; each finding as {@code ID level line}. */
  static List<String> lint(String tag, String values) throws IOException {
    Path dir = Files.createTempDirectory(tmp, "run");
    Files.writeString(dir.resolve("values.yaml"), values);
    LintCli.Run run =
        LintCli.runIn(dir, "lint", "--values", "values.yaml", "--format", "json", images.oci(tag));
    JsonNode root = JSON.readTree(run.out());
    List<String> out = new ArrayList<>();
    for (JsonNode f : root.get("images").get(0).get("findings")) {
      JsonNode loc = f.get("location");
      out.add(
          f.get("ruleId").asText()
              + " "
              + f.get("level").asText()
              + " "
              + (loc == null ? "-" : loc.get("path").asText() + ":" + loc.get("line").asInt()));
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "dind", "kubernetes", "kubernetes-novolume"})
  void theCompleteImagePassesInEveryMode(String mode) throws IOException {
    assertThat(lint("runner", chartValues(mode.isEmpty() ? "\"\"" : mode))).isEmpty();
  }

  @Test
  void withoutTheK8sHookOnlyKubernetesModeFails() throws IOException {
    images.whiteout("runner", "no-k8s", "/home/runner/k8s");
    String values = chartValues("kubernetes");
    assertThat(lint("no-k8s", values))
        .containsExactly("ARC321 error values.yaml:" + LintValuesTest.line(values, "type:"));
    assertThat(lint("no-k8s", chartValues("kubernetes-novolume"))).isEmpty();
    assertThat(lint("no-k8s", chartValues("dind"))).isEmpty();
  }

  @Test
  void withoutCpDindFails() throws IOException {
    images.whiteout("runner", "no-cp", "/usr/bin/cp");
    String values = chartValues("dind");
    assertThat(lint("no-cp", values))
        .containsExactly("ARC312 error values.yaml:" + LintValuesTest.line(values, "type:"));
  }

  @Test
  void runAsRootWithAllowRunAsRootNoWarnsAtTheEnvLine() throws IOException {
    String values =
        chartValues("\"\"")
            + "        env:\n"
            + "          - name: RUNNER_ALLOW_RUNASROOT\n"
            + "            value: \"no\"\n"
            + "        securityContext:\n"
            + "          runAsUser: 0\n";
    int env = LintValuesTest.line(values, "RUNNER_ALLOW_RUNASROOT");
    int user = LintValuesTest.line(values, "runAsUser");
    // the image sets ENV HOME=/home/runner, so root's HOME stays /home/runner: no ARC106
    assertThat(lint("runner", values))
        .containsExactly("ARC005 warning values.yaml:" + env, "ARC102 warning values.yaml:" + user);
  }
}
