package dev.runnerlint.values;

import dev.runnerlint.findings.SourceLocation;
import dev.runnerlint.image.ImagePath;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the gha-runner-scale-set chart runs the runner image: the container mode and what the values
 * file sets on the runner container ({@code template.spec.containers[name=runner]}) and the pod,
 * with the line of each key used, so findings the values cause can point at it.
 *
 * <p>Without {@code template.spec.containers} the chart's default runner container applies ({@code
 * image: ghcr.io/actions/actions-runner:latest}, {@code command: ["/home/runner/run.sh"]},
 * charts/gha-runner-scale-set/values.yaml); a {@code containers} list replaces it whole (Helm
 * replaces lists). The container's {@code env} joins the image's Env; the chart adds its mode's
 * variables only where the values do not set the same name (templates/_helpers.tpl).
 *
 * @param mode the container mode
 * @param valuesFile the values file, relative to the working directory; empty for chart defaults
 * @param image the runner container's image, when set
 * @param command the runner container's {@code command}; empty: the image's ENTRYPOINT/CMD runs
 * @param args the runner container's {@code args}
 * @param valuesEnv the runner container's {@code env} entries with a {@code value}, in order
 * @param runAsUser the container's {@code securityContext.runAsUser}, else the pod's
 * @param runAsGroup the container's {@code securityContext.runAsGroup}, else the pod's
 * @param fsGroup the pod's {@code securityContext.fsGroup}: a supplementary group of the process
 * @param supplementalGroups the pod's {@code securityContext.supplementalGroups}: more
 *     supplementary groups of the process (joined with the image's {@code /etc/group} memberships,
 *     {@code supplementalGroupsPolicy: Merge})
 * @param readOnlyRootFilesystem the container's {@code securityContext.readOnlyRootFilesystem}
 * @param locations the line of each key used: {@code containerMode}, {@code image}, {@code
 *     command}, {@code args}, {@code env.NAME}, {@code runAsUser}, {@code runAsGroup}, {@code
 *     fsGroup}, {@code supplementalGroups}, {@code readOnlyRootFilesystem}
 */
public record Deployment(
    ContainerMode mode,
    Optional<String> valuesFile,
    Optional<String> image,
    List<String> command,
    List<String> args,
    Map<String, String> valuesEnv,
    Optional<Long> runAsUser,
    Optional<Long> runAsGroup,
    Optional<Long> fsGroup,
    List<Long> supplementalGroups,
    boolean readOnlyRootFilesystem,
    Map<String, SourceLocation> locations) {

  /** The chart's default runner image. */
  public static final String CHART_IMAGE = "ghcr.io/actions/actions-runner:latest";

  /** The chart's default runner command. */
  public static final List<String> CHART_COMMAND = List.of("/home/runner/run.sh");

  /** Where the chart mounts the work volume and the dind externals: the runner root it assumes. */
  public static final String CHART_RUNNER_DIR = "/home/runner";

  public Deployment {
    command = List.copyOf(command);
    args = List.copyOf(args);
    supplementalGroups = List.copyOf(supplementalGroups);
    valuesEnv = Collections.unmodifiableMap(new LinkedHashMap<>(valuesEnv));
    locations = Collections.unmodifiableMap(new LinkedHashMap<>(locations));
  }

  /** The same deployment, read from {@code file}. */
  Deployment withValuesFile(String file) {
    return new Deployment(
        mode,
        Optional.of(file),
        image,
        command,
        args,
        valuesEnv,
        runAsUser,
        runAsGroup,
        fsGroup,
        supplementalGroups,
        readOnlyRootFilesystem,
        locations);
  }

  /** The chart's defaults in {@code mode}: what {@code --mode} without {@code --values} lints. */
  public static Deployment chartDefaults(ContainerMode mode) {
    return new Deployment(
        mode,
        Optional.empty(),
        Optional.of(CHART_IMAGE),
        CHART_COMMAND,
        List.of(),
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        false,
        Map.of());
  }

  /** The same deployment in another mode ({@code --mode} over a values file). */
  public Deployment withMode(ContainerMode m) {
    Map<String, SourceLocation> locs = new LinkedHashMap<>(locations);
    locs.remove("containerMode");
    return new Deployment(
        m,
        valuesFile,
        image,
        command,
        args,
        valuesEnv,
        runAsUser,
        runAsGroup,
        fsGroup,
        supplementalGroups,
        readOnlyRootFilesystem,
        locs);
  }

  /**
   * The environment the chart gives the runner container in this mode, before the values' own
   * {@code env} (templates/_helpers.tpl): dind adds {@code DOCKER_HOST} and {@code
   * RUNNER_WAIT_FOR_DOCKER_IN_SECONDS}; the kubernetes modes add {@code
   * ACTIONS_RUNNER_CONTAINER_HOOKS} (their hook's default path) and {@code
   * ACTIONS_RUNNER_REQUIRE_JOB_CONTAINER}.
   */
  public static Map<String, String> chartEnv(ContainerMode mode) {
    Map<String, String> env = new LinkedHashMap<>();
    switch (mode) {
      case DIND -> {
        env.put("DOCKER_HOST", "unix:///var/run/docker.sock");
        env.put("RUNNER_WAIT_FOR_DOCKER_IN_SECONDS", "120");
      }
      case KUBERNETES -> {
        env.put("ACTIONS_RUNNER_CONTAINER_HOOKS", "/home/runner/k8s/index.js");
        env.put("ACTIONS_RUNNER_REQUIRE_JOB_CONTAINER", "true");
      }
      case KUBERNETES_NOVOLUME -> {
        env.put("ACTIONS_RUNNER_CONTAINER_HOOKS", "/home/runner/k8s-novolume/index.js");
        env.put("ACTIONS_RUNNER_REQUIRE_JOB_CONTAINER", "true");
      }
      case DEFAULT -> {}
    }
    return env;
  }

  /** The container's env as the pod gets it: the chart's for the mode, then the values' (win). */
  public Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>(chartEnv(mode));
    valuesEnv.forEach(
        (k, v) -> {
          env.remove(k);
          env.put(k, v);
        });
    return env;
  }

  /** The whole command line: {@code command} then {@code args}. */
  public List<String> commandLine() {
    List<String> all = new ArrayList<>(command);
    all.addAll(args);
    return all;
  }

  /**
   * The {@code run.sh} the command runs: the first word of {@code command}/{@code args} that is an
   * absolute path ending in {@code /run.sh}.
   */
  public Optional<String> runSh() {
    for (String word : commandLine()) {
      if (word.startsWith("/") && word.endsWith("/run.sh")) {
        return Optional.of(ImagePath.normalize(word));
      }
    }
    return Optional.empty();
  }

  /** Where key {@code key} is set in the values file, when it is. */
  public Optional<SourceLocation> location(String key) {
    return Optional.ofNullable(locations.get(key));
  }

  /**
   * Reads a values file that lies under {@code root} (the working directory: findings name it
   * relative to that, as SARIF and GitHub annotations need).
   *
   * @throws ValuesException when it cannot be read, lies outside {@code root}, or is invalid
   */
  public static Deployment read(Path file, Path root) throws ValuesException {
    Path absolute = file.toAbsolutePath().normalize();
    Path base = root.toAbsolutePath().normalize();
    if (!absolute.startsWith(base) || absolute.equals(base)) {
      throw new ValuesException(
          file.toString(),
          0,
          "not inside "
              + base
              + ": report locations must be relative to the repository root; run from there");
    }
    String relative = base.relativize(absolute).toString().replace('\\', '/');
    try (Reader r = Files.newBufferedReader(absolute, StandardCharsets.UTF_8)) {
      return read(r, relative);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new ValuesException(relative, 0, "no such file");
    } catch (IOException e) {
      throw new ValuesException(relative, 0, "cannot read: " + e.getMessage());
    }
  }

  /**
   * Reads a gha-runner-scale-set values file.
   *
   * @param displayPath the file's path relative to the working directory (used in messages and
   *     locations)
   * @throws ValuesException for YAML that does not parse, a value of the wrong type, an unknown
   *     {@code containerMode.type}, or containers without one named {@code runner}
   */
  public static Deployment read(Reader in, String displayPath) throws IOException, ValuesException {
    ValuesNode root = ValuesNode.read(in, displayPath);
    try {
      return new ValuesReader(displayPath).read(root);
    } catch (ValuesReader.Unchecked e) {
      throw e.values();
    }
  }
}
