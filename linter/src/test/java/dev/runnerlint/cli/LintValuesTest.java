package dev.runnerlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runnerlint.fixtures.FixtureImage;
import dev.runnerlint.fixtures.FixtureWriter;
import dev.runnerlint.rules.ModeImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runnerlint lint --values FILE / --mode MODE}: the mode in every report, findings located
 * at the values line in text, github and SARIF output, the values' image linted when no IMAGE is
 * given (an IMAGE overrides it, with a note), bad values and modes are exit 2.
 */
class LintValuesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private String layout(FixtureImage image) {
    Path l = dir.resolve("layout-" + System.nanoTime());
    FixtureWriter.ociLayout(l, "test", image);
    return "oci:" + l + ":test";
  }

  private Path write(String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
    return f;
  }

  static int line(String text, String needle) {
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(needle)) {
        return i + 1;
      }
    }
    throw new AssertionError(needle);
  }

  static String readOnly(String image) {
    return "containerMode:\n"
        + "  type: kubernetes\n"
        + "template:\n"
        + "  spec:\n"
        + "    containers:\n"
        + "      - name: runner\n"
        + "        image: "
        + image
        + "\n"
        + "        command: [\"/home/runner/run.sh\"]\n"
        + "        securityContext:\n"
        + "          readOnlyRootFilesystem: true\n";
  }

  @Test
  void textShowsTheModeAndTheValuesLineOfEachFinding() throws Exception {
    String image = layout(ModeImages.complete());
    String values = readOnly(image);
    write("ci/values.yaml", values);
    LintCli.Run run = LintCli.runIn(dir, "lint", "--values", "ci/values.yaml");
    assertThat(run.code()).as(run.toString()).isEqualTo(1);
    int n = line(values, "readOnlyRootFilesystem");
    assertThat(run.out())
        .startsWith("container mode: kubernetes (values: ci/values.yaml)\n\n" + image + " (")
        .contains(
            "  x ARC303 error securityContext.readOnlyRootFilesystem is true: run.sh fails at once"
                + " with \"cp: cannot create regular file '/home/runner/run-helper.sh': Read-only"
                + " file system\" [writable-root-filesystem]\n"
                + "      fix: Remove readOnlyRootFilesystem: true from the runner container's"
                + " securityContext\n"
                + "      at: ci/values.yaml:"
                + n
                + "\n")
        .contains("1 image, 1 error, 0 warnings");
    assertThat(run.errLines()).isEmpty();
  }

  @Test
  void githubAndSarifPointAtTheValuesFile() throws Exception {
    String image = layout(ModeImages.complete());
    String values = readOnly(image);
    write("values.yaml", values);
    int n = line(values, "readOnlyRootFilesystem");
    LintCli.Run gh = LintCli.runIn(dir, "lint", "--values", "values.yaml", "--format", "github");
    assertThat(gh.out()).startsWith("::error file=values.yaml,line=" + n + ",title=ARC303::");

    LintCli.Run sarif = LintCli.runIn(dir, "lint", "--values", "values.yaml", "--format", "sarif");
    JsonNode run = JSON.readTree(sarif.out()).get("runs").get(0);
    assertThat(run.get("properties").get("containerMode").asText()).isEqualTo("kubernetes");
    assertThat(run.get("properties").get("valuesFile").asText()).isEqualTo("values.yaml");
    JsonNode result = run.get("results").get(0);
    assertThat(result.get("ruleId").asText()).isEqualTo("ARC303");
    JsonNode physical = result.get("locations").get(0).get("physicalLocation");
    assertThat(physical.get("artifactLocation").get("uri").asText()).isEqualTo("values.yaml");
    assertThat(physical.get("region").get("startLine").asInt()).isEqualTo(n);

    LintCli.Run json = LintCli.runIn(dir, "lint", "--values", "values.yaml", "--format", "json");
    JsonNode root = JSON.readTree(json.out());
    assertThat(root.get("deployment").get("mode").asText()).isEqualTo("kubernetes");
    JsonNode loc = root.get("images").get(0).get("findings").get(0).get("location");
    assertThat(loc.get("path").asText()).isEqualTo("values.yaml");
    assertThat(loc.get("line").asInt()).isEqualTo(n);
  }

  @Test
  void anImageArgumentOverridesTheValuesImageWithANote() throws Exception {
    String values =
        DeploymentValues.chart("dind").replace("ghcr.io/actions/actions-runner:latest", "acme/x:1");
    write("values.yaml", values);
    String image = layout(ModeImages.complete());
    LintCli.Run run = LintCli.runIn(dir, "lint", "--values", "values.yaml", image);
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.errLines())
        .containsExactly(
            "runnerlint: note: linting "
                + image
                + " instead of the values' runner image acme/x:1 (values.yaml:"
                + line(values, "image:")
                + ")");
    assertThat(run.out()).startsWith("container mode: dind (values: values.yaml)\n");
  }

  @Test
  void modeWithoutValuesLintsTheChartDefaultsInThatMode() throws Exception {
    FixtureImage noDocker =
        ModeImages.completePlus("RUN rm /usr/bin/docker", b -> b.whiteout("/usr/bin/docker"));
    String image = layout(noDocker);
    LintCli.Run dind = LintCli.runIn(dir, "lint", "--mode", "dind", image);
    assertThat(dind.code()).as(dind.toString()).isEqualTo(1);
    assertThat(dind.out())
        .startsWith("container mode: dind\n\n")
        .contains("x ARC313 error docker is not on the image PATH")
        .doesNotContain("at: ");
    LintCli.Run k8s = LintCli.runIn(dir, "lint", "--mode", "kubernetes", image);
    assertThat(k8s.code()).as(k8s.toString()).isZero();
    // --mode overrides the values' containerMode.type
    write("values.yaml", DeploymentValues.chart("kubernetes"));
    LintCli.Run over =
        LintCli.runIn(dir, "lint", "--values", "values.yaml", "--mode", "dind", image);
    assertThat(over.out()).startsWith("container mode: dind (values: values.yaml)\n");
    assertThat(over.code()).isEqualTo(1);
  }

  @Test
  void withoutValuesOrModeTheReportHasNoModeAndOnlyTheImageRulesOfTheDeploymentPack()
      throws Exception {
    String image = layout(ModeImages.complete());
    LintCli.Run run =
        LintCli.runIn(dir, "lint", "--runner-dir", "/home/runner", "--format", "json", image);
    JsonNode root = JSON.readTree(run.out());
    assertThat(root.has("deployment")).isFalse();
    java.util.List<String> deploymentRules = new java.util.ArrayList<>();
    for (JsonNode rule : root.get("images").get(0).get("rules")) {
      if (rule.get("id").asText().startsWith("ARC3")) {
        deploymentRules.add(rule.get("id").asText());
      }
    }
    // ARC301 and ARC302 need only the image (requires: image): every ARC pod runs run.sh
    assertThat(deploymentRules).containsExactly("ARC301", "ARC302");
  }

  @Test
  void badValuesAreExit2WithFileAndLine() throws Exception {
    write("bad.yaml", "template:\n  spec:\n    containers: [\n");
    LintCli.Run run = LintCli.runIn(dir, "lint", "--values", "bad.yaml", "oci:x");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.errLines().get(0))
        .startsWith("runnerlint: bad.yaml:")
        .contains("malformed YAML");

    String wrongMode = "containerMode:\n  type: docker\n";
    write("mode.yaml", wrongMode);
    LintCli.Run m = LintCli.runIn(dir, "lint", "--values", "mode.yaml", "oci:x");
    assertThat(m.code()).isEqualTo(2);
    assertThat(m.errLines())
        .containsExactly(
            "runnerlint: mode.yaml:"
                + line(wrongMode, "type:")
                + ": containerMode.type 'docker' is not a container mode; expected dind,"
                + " kubernetes or kubernetes-novolume (or \"\")");

    String user = "template:\n  spec:\n    securityContext:\n      runAsUser: runner\n";
    write("user.yaml", user);
    LintCli.Run u = LintCli.runIn(dir, "lint", "--values", "user.yaml", "oci:x");
    assertThat(u.code()).isEqualTo(2);
    assertThat(u.errLines())
        .containsExactly(
            "runnerlint: user.yaml:4: template.spec.securityContext.runAsUser must be a"
                + " non-negative integer, found 'runner'");

    String noRunner =
        "template:\n  spec:\n    containers:\n      - name: sidecar\n        image: busybox\n";
    write("norunner.yaml", noRunner);
    LintCli.Run r = LintCli.runIn(dir, "lint", "--values", "norunner.yaml", "oci:x");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines().get(0)).contains("has no container named 'runner'");

    LintCli.Run badMode = LintCli.runIn(dir, "lint", "--mode", "docker", "oci:x");
    assertThat(badMode.code()).isEqualTo(2);
    assertThat(badMode.errLines())
        .containsExactly(
            "runnerlint: --mode docker: unknown container mode; expected default, dind,"
                + " kubernetes, kubernetes-novolume");
  }

  /** Values files as the chart documents them. */
  static final class DeploymentValues {
    static String chart(String mode) {
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
  }
}
