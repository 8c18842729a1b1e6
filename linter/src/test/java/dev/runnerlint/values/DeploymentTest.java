package dev.runnerlint.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading gha-runner-scale-set values: the keys used, their lines, Kubernetes' precedence. */
class DeploymentTest {

  static Deployment read(String yaml) throws Exception {
    return Deployment.read(new StringReader(yaml), "values.yaml");
  }

  @Test
  void theRunnerContainerAndThePodSecurityContext() throws Exception {
    String yaml =
        "containerMode:\n"
            + "  type: kubernetes\n"
            + "unknownKey: {whatever: [1, 2]}\n"
            + "template:\n"
            + "  spec:\n"
            + "    securityContext:\n"
            + "      runAsUser: 1000\n"
            + "      runAsGroup: 1000\n"
            + "      fsGroup: 123\n"
            + "      supplementalGroups: [4000, 4001]\n"
            + "    containers:\n"
            + "      - name: sidecar\n"
            + "        image: busybox\n"
            + "      - name: runner\n"
            + "        image: acme/runner:2\n"
            + "        command: [\"/usr/bin/tini\", \"--\"]\n"
            + "        args: [\"/opt/runner/run.sh\"]\n"
            + "        env:\n"
            + "          - name: A\n"
            + "            value: one\n"
            + "          - name: SECRET\n"
            + "            valueFrom: {secretKeyRef: {name: s, key: k}}\n"
            + "          - name: A\n"
            + "            value: two\n"
            + "        securityContext:\n"
            + "          runAsUser: 1001\n";
    Deployment d = read(yaml);
    assertThat(d.mode()).isEqualTo(ContainerMode.KUBERNETES);
    assertThat(d.image()).contains("acme/runner:2");
    assertThat(d.commandLine()).containsExactly("/usr/bin/tini", "--", "/opt/runner/run.sh");
    assertThat(d.runSh()).contains("/opt/runner/run.sh");
    // the container's runAsUser wins over the pod's; runAsGroup and fsGroup from the pod
    assertThat(d.runAsUser()).contains(1001L);
    assertThat(d.runAsGroup()).contains(1000L);
    assertThat(d.fsGroup()).contains(123L);
    assertThat(d.supplementalGroups()).containsExactly(4000L, 4001L);
    assertThat(d.location("supplementalGroups").orElseThrow().line()).isEqualTo(10);
    assertThat(d.location("runAsUser").orElseThrow().line()).isEqualTo(26);
    assertThat(d.location("runAsGroup").orElseThrow().line()).isEqualTo(8);
    // a later env entry wins; valueFrom has no value we can know; the chart adds its mode's env
    assertThat(d.valuesEnv()).isEqualTo(Map.of("A", "two"));
    assertThat(d.location("env.A").orElseThrow().line()).isEqualTo(23);
    assertThat(d.env())
        .containsEntry("ACTIONS_RUNNER_CONTAINER_HOOKS", "/home/runner/k8s/index.js")
        .containsEntry("A", "two");
    assertThat(d.location("containerMode").orElseThrow().toString()).isEqualTo("values.yaml:2");
  }

  @Test
  void valuesEnvOverridesTheChartsModeEnv() throws Exception {
    Deployment d =
        read(
            "containerMode: {type: kubernetes-novolume}\n"
                + "template:\n  spec:\n    containers:\n      - name: runner\n"
                + "        env: [{name: ACTIONS_RUNNER_CONTAINER_HOOKS, value: /x/hook.sh}]\n");
    assertThat(d.env()).containsEntry("ACTIONS_RUNNER_CONTAINER_HOOKS", "/x/hook.sh");
    assertThat(d.command()).isEmpty();
    assertThat(d.runSh()).isEmpty();
    assertThat(Deployment.chartEnv(ContainerMode.KUBERNETES_NOVOLUME))
        .containsEntry("ACTIONS_RUNNER_CONTAINER_HOOKS", "/home/runner/k8s-novolume/index.js");
  }

  @Test
  void withoutContainersTheChartsDefaultRunner() throws Exception {
    Deployment d = read("githubConfigUrl: https://github.com/acme\n");
    assertThat(d.mode()).isEqualTo(ContainerMode.DEFAULT);
    assertThat(d.image()).contains(Deployment.CHART_IMAGE);
    assertThat(d.command()).isEqualTo(List.of("/home/runner/run.sh"));
    assertThat(d.valuesFile()).isEqualTo(Optional.of("values.yaml"));
    assertThat(read("").command()).isEqualTo(Deployment.CHART_COMMAND);
  }

  @Test
  void wrongTypesNameTheirLine() {
    assertThatThrownBy(
            () ->
                read(
                    "template:\n  spec:\n    containers:\n      - name: runner\n"
                        + "        securityContext:\n          readOnlyRootFilesystem: yes-please\n"))
        .isInstanceOf(ValuesException.class)
        .hasMessage(
            "values.yaml:6: readOnlyRootFilesystem must be true or false, found 'yes-please'");
    assertThatThrownBy(
            () ->
                read(
                    "template:\n  spec:\n    containers:\n      - name: runner\n        command: run.sh\n"))
        .hasMessage("values.yaml:5: command must be a list of strings, found 'run.sh'");
    assertThatThrownBy(
            () ->
                read(
                    "template:\n  spec:\n    securityContext:\n"
                        + "      supplementalGroups: [123, docker]\n"))
        .isInstanceOf(ValuesException.class)
        .hasMessage(
            "values.yaml:4: template.spec.securityContext.supplementalGroups items must be"
                + " non-negative integers, found 'docker'");
  }
}
