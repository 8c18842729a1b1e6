package dev.runnerlint.values;

import java.util.Arrays;
import java.util.Optional;

/**
 * The {@code containerMode.type} of a gha-runner-scale-set: how the chart builds the runner pod
 * around the runner image.
 */
public enum ContainerMode {
  /** No {@code containerMode}: the runner container alone. */
  DEFAULT("default"),
  /** A {@code docker:dind} sidecar and the {@code init-dind-externals} init container. */
  DIND("dind"),
  /** Job containers in their own pods through the k8s hook, with a work volume claim. */
  KUBERNETES("kubernetes"),
  /** The k8s hook without a work volume: the job pod's {@code fs-init} copies externals. */
  KUBERNETES_NOVOLUME("kubernetes-novolume");

  private final String id;

  ContainerMode(String id) {
    this.id = id;
  }

  /** The name used in values files and on the command line. */
  public String id() {
    return id;
  }

  /** The mode named {@code id} ({@code ""} is the default mode), if any. */
  public static Optional<ContainerMode> parse(String id) {
    String s = id == null ? "" : id.strip();
    if (s.isEmpty()) {
      return Optional.of(DEFAULT);
    }
    return Arrays.stream(values()).filter(m -> m.id.equals(s)).findFirst();
  }

  /** {@code default, dind, kubernetes, kubernetes-novolume}. */
  public static String names() {
    return String.join(", ", Arrays.stream(values()).map(ContainerMode::id).toList());
  }
}
