package dev.runnerlint.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.runnerlint.fixtures.CommandResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Action's script ({@code action/run.sh}) outside GitHub, with the variables GitHub sets for a
 * composite step, over the local release tarball (no network).
 */
class ActionScriptTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;
  Path workspace;
  Path summary;
  Path output;

  @BeforeEach
  void github() throws Exception {
    workspace = Files.createDirectories(tmp.resolve("workspace"));
    Files.createDirectories(tmp.resolve("runner-temp"));
    summary = Files.writeString(tmp.resolve("step-summary.md"), "## Earlier step\n");
    output = Files.writeString(tmp.resolve("github-output"), "");
  }

  /** Runs the script like GitHub's composite step: inputs as INPUT_*, cwd the workspace. */
  CommandResult action(Map<String, String> inputs) {
    Map<String, String> withTarball = new LinkedHashMap<>();
    withTarball.put("RUNNERLINT_TARBALL", Release.tarball().toString());
    withTarball.putAll(inputs);
    return actionWithout(withTarball);
  }

  /** Like {@link #action}, but the script finds runnerlint itself (download or source). */
  CommandResult actionWithout(Map<String, String> inputs) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/usr/bin:/bin");
    env.put("GITHUB_ACTIONS", "true");
    env.put("GITHUB_WORKSPACE", workspace.toString());
    env.put("GITHUB_STEP_SUMMARY", summary.toString());
    env.put("GITHUB_OUTPUT", output.toString());
    env.put("RUNNER_TEMP", tmp.resolve("runner-temp").toString());
    // action.yml's defaults, then the test's inputs
    env.put("INPUT_SARIF_FILE", "runnerlint.sarif");
    env.put("INPUT_JUNIT_FILE", "runnerlint.xml");
    env.put("INPUT_MARKDOWN_SUMMARY", "true");
    env.putAll(inputs);
    return CommandResult.run(
        List.of("bash", Release.ROOT.resolve("action/run.sh").toString()),
        env,
        workspace,
        Duration.ofMinutes(3));
  }

  Map<String, String> outputs() throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(output)) {
      int eq = line.indexOf('=');
      out.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return out;
  }

  static String sample(String name) {
    return "oci:" + Release.samples().resolve(name);
  }

  @Test
  void findingsFailTheStepAndLeaveSarifJunitSummaryAndOutputs() throws Exception {
    CommandResult r = action(Map.of("INPUT_IMAGE", sample("runner-broken")));
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    // annotations in the log
    assertThat(r.out()).contains("::error title=ARC001");
    assertThat(outputs())
        .containsEntry("exit-code", "1")
        .containsEntry("sarif-file", "runnerlint.sarif");
    JsonNode sarif = JSON.readTree(workspace.resolve("runnerlint.sarif").toFile());
    assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
    assertThat(sarif.at("/runs/0/results").toString()).contains("ARC001");
    assertThat(Files.readString(workspace.resolve("runnerlint.xml"))).contains("<testsuite");
    String md = Files.readString(summary);
    assertThat(md).startsWith("## Earlier step\n").contains("ARC001");
    assertThat(tmp.resolve("runner-temp")).isDirectoryNotContaining("glob:**/*.md");
  }

  @Test
  void aPassingImageAndTheOtherInputs() throws Exception {
    CommandResult r =
        action(
            Map.of(
                "INPUT_IMAGE",
                sample("runner-ok") + "\n" + sample("runner-broken") + "\n",
                "INPUT_FAIL_ON",
                "never",
                "INPUT_RUNNER_DIR",
                "/actions-runner",
                "INPUT_MARKDOWN_SUMMARY",
                "false",
                "INPUT_JUNIT_FILE",
                "",
                "INPUT_SARIF_FILE",
                "reports/lint.sarif"));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(outputs())
        .containsEntry("exit-code", "0")
        .containsEntry("sarif-file", "reports/lint.sarif");
    // both images, one SARIF run each
    assertThat(JSON.readTree(workspace.resolve("reports/lint.sarif").toFile()).path("runs"))
        .hasSize(2);
    assertThat(workspace.resolve("runnerlint.xml")).doesNotExist();
    assertThat(Files.readString(summary)).isEqualTo("## Earlier step\n");
  }

  @Test
  void downloadsTheReleaseOfTheVersionInputOrOfTheActionsTag() throws Exception {
    // a release server on disk: curl fetches file:// URLs the way it fetches GitHub's
    Path releases = tmp.resolve("releases");
    Path asset =
        releases.resolve(
            "v" + Release.VERSION + "/runnerlint-" + Release.VERSION + "-linux-x64.tar.gz");
    Files.createDirectories(asset.getParent());
    Files.copy(Release.tarball(), asset);
    String server = releases.toUri().toString().replaceAll("/$", "");

    CommandResult byInput =
        actionWithout(
            Map.of(
                "INPUT_IMAGE",
                sample("runner-ok"),
                "INPUT_VERSION",
                Release.VERSION,
                "RUNNERLINT_RELEASES",
                server));
    assertThat(byInput.exit()).as(byInput.err()).isZero();
    assertThat(tmp.resolve("runner-temp/runnerlint-" + Release.VERSION + "-linux-x64.tar.gz"))
        .exists();

    CommandResult byTag =
        actionWithout(
            Map.of(
                "INPUT_IMAGE",
                sample("runner-broken"),
                "RUNNERLINT_ACTION_REF",
                "v" + Release.VERSION,
                "RUNNERLINT_RELEASES",
                server));
    assertThat(byTag.exit()).as(byTag.err()).isEqualTo(1);

    CommandResult missing =
        actionWithout(
            Map.of(
                "INPUT_IMAGE",
                sample("runner-ok"),
                "INPUT_VERSION",
                "9.9.9",
                "RUNNERLINT_RELEASES",
                server));
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err())
        .contains("cannot download " + server + "/v9.9.9/runnerlint-9.9.9-linux-x64.tar.gz");
  }

  @Test
  void anUnreadableImageIsExit3WithOneLine() throws Exception {
    CommandResult r = action(Map.of("INPUT_IMAGE", "oci:" + tmp.resolve("absent")));
    assertThat(r.exit()).isEqualTo(3);
    assertThat(outputs()).containsEntry("exit-code", "3");
    assertThat(r.err().lines()).hasSize(1).allMatch(l -> l.startsWith("runnerlint: "));
  }

  @Test
  void badInputsAreUsageErrors() throws Exception {
    CommandResult noImage = action(Map.of("INPUT_IMAGE", ""));
    assertThat(noImage.exit()).isEqualTo(2);
    assertThat(noImage.err()).contains("the input 'image' is required");

    CommandResult summaryFlag =
        action(Map.of("INPUT_IMAGE", sample("runner-ok"), "INPUT_MARKDOWN_SUMMARY", "yes"));
    assertThat(summaryFlag.exit()).isEqualTo(2);
    assertThat(summaryFlag.err()).contains("markdown-summary must be true or false, not 'yes'");

    CommandResult failOn =
        action(Map.of("INPUT_IMAGE", sample("runner-ok"), "INPUT_FAIL_ON", "sometimes"));
    assertThat(failOn.exit()).isEqualTo(2);
    assertThat(outputs()).containsEntry("exit-code", "2");
  }

  @Test
  void actionYmlPassesEveryInputToTheScript() throws Exception {
    JsonNode action =
        new ObjectMapper(new YAMLFactory()).readTree(Release.ROOT.resolve("action.yml").toFile());
    Set<String> inputs = new TreeSet<>();
    action.path("inputs").fieldNames().forEachRemaining(inputs::add);
    assertThat(inputs)
        .containsExactlyInAnyOrder(
            "image",
            "values",
            "mode",
            "runner-dir",
            "fail-on",
            "sarif-file",
            "junit-file",
            "markdown-summary",
            "version");
    assertThat(action.at("/inputs/markdown-summary/default").asText()).isEqualTo("true");
    Set<String> outputs = new TreeSet<>();
    action.path("outputs").fieldNames().forEachRemaining(outputs::add);
    assertThat(outputs).containsExactly("exit-code", "sarif-file");
    assertThat(action.at("/runs/using").asText()).isEqualTo("composite");
    JsonNode env = action.at("/runs/steps/0/env");
    String script = Files.readString(Release.ROOT.resolve("action/run.sh"));
    for (String input : inputs) {
      String var = "INPUT_" + input.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
      assertThat(env.path(var).asText()).isEqualTo("${{ inputs." + input + " }}");
      assertThat(script).contains(var);
    }
  }
}
