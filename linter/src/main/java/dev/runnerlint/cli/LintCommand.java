package dev.runnerlint.cli;

import dev.runnerlint.dockerfile.Dockerfile;
import dev.runnerlint.dockerfile.DockerfileLocator;
import dev.runnerlint.findings.DeploymentInfo;
import dev.runnerlint.findings.ImageResult;
import dev.runnerlint.findings.Level;
import dev.runnerlint.findings.Report;
import dev.runnerlint.pipeline.InvalidReferenceException;
import dev.runnerlint.pipeline.Linter;
import dev.runnerlint.report.Reporter;
import dev.runnerlint.report.Reporters;
import dev.runnerlint.report.SarifReporter;
import dev.runnerlint.rules.LintSettings;
import dev.runnerlint.rules.PackException;
import dev.runnerlint.rules.RuleCatalog;
import dev.runnerlint.rules.config.ConfigException;
import dev.runnerlint.rules.config.FailOn;
import dev.runnerlint.rules.config.LintConfig;
import dev.runnerlint.values.ContainerMode;
import dev.runnerlint.values.Deployment;
import dev.runnerlint.values.ValuesException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code runnerlint lint IMAGE...}: checks images against the runner-image contract. */
@Command(
    name = "lint",
    mixinStandardHelpOptions = true,
    description = {
      "Checks images against ARC's runner-image contract. Every platform of a multi-platform"
          + " image is linted on its own.",
      "IMAGE: [docker://]REGISTRY/REPO[:TAG][@DIGEST], oci:DIR[:REF], oci-archive:FILE[:REF],"
          + " docker-archive:FILE[:REPO:TAG], docker-daemon:NAME[:TAG], docker-daemon:sha256:ID"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no finding at or above --fail-on",
      "1:findings at or above --fail-on",
      "2:usage or configuration error",
      "3:an image could not be read whole"
    })
final class LintCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ParentCommand Main main;

  @Mixin ImageOptions imageOptions;

  @Parameters(
      paramLabel = "IMAGE",
      arity = "0..*",
      description = "The images to lint (with --values: default the runner container's image).")
  List<String> images = new ArrayList<>();

  @Option(
      names = "--runner-dir",
      paramLabel = "DIR",
      description =
          "The runner directory (default: /actions-runner; the official image uses /home/runner).")
  String runnerDir;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "Output on stdout: text, json, sarif, junit, github or markdown (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--output",
      paramLabel = "FORMAT=FILE",
      description = "Also write FORMAT to FILE (repeatable), e.g. --output sarif=runnerlint.sarif.")
  Map<String, Path> outputs = new LinkedHashMap<>();

  @Option(
      names = "--fail-on",
      paramLabel = "LEVEL",
      description =
          "Exit 1 on findings at or above error, warning or note; never (default: error).")
  String failOn;

  @Option(
      names = "--disable",
      paramLabel = "ID",
      split = ",",
      description = "Do not evaluate this rule (repeatable, or comma-separated).")
  List<String> disable = new ArrayList<>();

  @Option(
      names = "--level",
      paramLabel = "ID=LEVEL",
      split = ",",
      description = "Report a rule at another level (repeatable, or comma-separated).")
  Map<String, String> levels = new LinkedHashMap<>();

  @Option(names = "--rules", paramLabel = "FILE", description = "Add a rule pack (repeatable).")
  List<Path> rulePacks = new ArrayList<>();

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Configuration file (default: .runnerlint.yaml in the working directory, if present).")
  Path configFile;

  @Option(
      names = "--dockerfile",
      paramLabel = "PATH",
      description =
          "The Dockerfile the image was built from: findings point at its lines (SARIF, github).")
  Path dockerfile;

  // --- deployment (issue 11): how ARC's chart runs the image ---
  @Option(
      names = "--values",
      paramLabel = "FILE",
      description =
          "A gha-runner-scale-set Helm values file: lint the image as its runner container and"
              + " container mode run it; findings it causes point at its lines.")
  Path valuesFile;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      description =
          "The container mode: default, dind, kubernetes or kubernetes-novolume (without --values:"
              + " the chart's defaults in that mode; with it: overrides containerMode.type).")
  String mode;

  // --- end deployment ---

  @Option(
      names = "--no-color",
      description = "Never colour the text output (NO_COLOR is honoured too).")
  boolean noColor;

  @Override
  public Integer call() {
    Instant started = Instant.now();
    LintConfig config = loadConfig();
    RuleCatalog catalog = loadCatalog(config);
    PrintWriter err = spec.commandLine().getErr();
    Optional<Deployment> deployment = deployment();
    List<String> toLint = imagesToLint(deployment, err);
    LintSettings settings = settings(config, catalog, deployment, err);
    FailOn threshold = failOn(config);
    Reporters.Options reportOptions = new Reporters.Options(colour(), dockerfileLocator());
    Reporter stdoutReporter = reporter(format, reportOptions);
    Map<Reporter, Path> fileReporters = new LinkedHashMap<>();
    outputs.forEach(
        (f, file) ->
            fileReporters.put(
                reporter(f, new Reporters.Options(false, reportOptions.dockerfile())),
                environment().resolve(file)));

    Linter linter =
        new Linter(
            catalog,
            Linter.Options.defaults()
                .withSource(imageOptions.sourceOptions())
                .withPlatforms(imageOptions.selector())
                .withMaxLayerSize(imageOptions.maxLayerSize));
    List<ImageResult> results;
    try {
      results = linter.lint(toLint, settings);
    } catch (InvalidReferenceException e) {
      throw new UsageException(e.getMessage(), e);
    }
    boolean unreadable = false;
    for (ImageResult result : results) {
      if (result.error().isPresent()) {
        unreadable = true;
        err.println("runnerlint: " + result.error().get());
      }
    }
    if (main != null && main.debug) {
      linter.failures().forEach(e -> e.printStackTrace(err));
    }
    linter.warnings().forEach(w -> err.println("runnerlint: warning: " + w));

    int exitCode = exitCode(results, threshold, unreadable);
    Report report =
        new Report(
            VersionProvider.version(),
            catalog.forRun(settings).infos(),
            results,
            threshold.threshold(),
            exitCode,
            started,
            deployment.map(d -> new DeploymentInfo(d.mode().id(), d.valuesFile())));
    for (Map.Entry<Reporter, Path> e : fileReporters.entrySet()) {
      writeFile(e.getKey(), report, e.getValue());
    }
    PrintWriter out = spec.commandLine().getOut();
    write(stdoutReporter, report, out);
    out.flush();
    return exitCode;
  }

  static int exitCode(List<ImageResult> results, FailOn failOn, boolean unreadable) {
    if (unreadable) {
      return ExitCodes.IMAGE_UNREADABLE;
    }
    Optional<Level> threshold = failOn.threshold();
    boolean failing =
        threshold.isPresent()
            && results.stream()
                .flatMap(r -> r.unsuppressedFindings().stream())
                .anyMatch(f -> f.level().atLeast(threshold.get()));
    return failing ? ExitCodes.FINDINGS : ExitCodes.OK;
  }

  private LintConfig loadConfig() {
    Path file;
    if (configFile == null) {
      Path implicit = environment().workingDir().resolve(LintConfig.FILE_NAME);
      if (!Files.isRegularFile(implicit)) {
        return null;
      }
      file = implicit;
    } else {
      file = environment().resolve(configFile);
      if (!Files.isRegularFile(file)) {
        throw new UsageException("--config " + configFile + ": no such file");
      }
    }
    try {
      return LintConfig.load(file);
    } catch (ConfigException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  private RuleCatalog loadCatalog(LintConfig config) {
    List<Path> packs = new ArrayList<>();
    if (config != null) {
      packs.addAll(config.rules());
    }
    rulePacks.forEach(p -> packs.add(environment().resolve(p)));
    try {
      RuleCatalog catalog = RuleCatalog.load(packs);
      if (config != null) {
        config.validateAgainst(catalog);
      }
      return catalog;
    } catch (PackException | ConfigException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  /** The deployment of {@code --values} / {@code --mode}, if either is given. */
  private Optional<Deployment> deployment() {
    Optional<ContainerMode> m = Optional.empty();
    if (mode != null) {
      m =
          Optional.of(
              ContainerMode.parse(mode)
                  .filter(x -> !mode.isBlank())
                  .orElseThrow(
                      () ->
                          new UsageException(
                              "--mode "
                                  + mode
                                  + ": unknown container mode; expected "
                                  + ContainerMode.names())));
    }
    if (valuesFile == null) {
      return m.map(Deployment::chartDefaults);
    }
    Deployment d;
    try {
      d = Deployment.read(environment().resolve(valuesFile), environment().workingDir());
    } catch (ValuesException e) {
      throw new UsageException(e.getMessage(), e);
    }
    return Optional.of(m.map(d::withMode).orElse(d));
  }

  /** The IMAGE arguments; without any, the values' runner image. */
  private List<String> imagesToLint(Optional<Deployment> deployment, PrintWriter err) {
    Optional<String> valuesImage =
        deployment.filter(d -> d.valuesFile().isPresent()).flatMap(Deployment::image);
    if (images.isEmpty()) {
      if (valuesImage.isEmpty()) {
        throw new UsageException(
            valuesFile == null
                ? "Missing required parameter: 'IMAGE'"
                : "no IMAGE given and " + valuesFile + " sets no image for the runner container");
      }
      return List.of(valuesImage.get());
    }
    valuesImage.ifPresent(
        i ->
            err.println(
                "runnerlint: note: linting "
                    + String.join(", ", images)
                    + " instead of the values' runner image "
                    + i
                    + deployment.get().location("image").map(l -> " (" + l + ")").orElse("")));
    return images;
  }

  private LintSettings settings(
      LintConfig config, RuleCatalog catalog, Optional<Deployment> deployment, PrintWriter err) {
    LintSettings.Builder b = LintSettings.builder();
    if (config != null) {
      config.applyTo(b);
    }
    if (runnerDir != null) {
      if (!runnerDir.startsWith("/")) {
        throw new UsageException(
            "--runner-dir must be an absolute path inside the image, not '" + runnerDir + "'");
      }
      b.runnerDir(runnerDir);
    }
    if (deployment.isPresent()) {
      Deployment d = deployment.get();
      b.deployment(d);
      Optional<String> runSh = d.runSh();
      if (runSh.isPresent()
          && runnerDir != null
          && !dev.runnerlint.image.ImagePath.normalize(runnerDir)
              .equals(dev.runnerlint.image.ImagePath.parent(runSh.get()))) {
        err.println(
            "runnerlint: note: the runner container runs "
                + runSh.get()
                + ", so the runner directory is "
                + dev.runnerlint.image.ImagePath.parent(runSh.get())
                + ", not --runner-dir "
                + runnerDir);
      }
    }
    for (String id : disable) {
      requireRule(catalog, id, "--disable " + id);
    }
    b.disable(disable);
    levels.forEach(
        (id, level) -> {
          String flag = "--level " + id + "=" + level;
          requireRule(catalog, id, flag);
          try {
            b.level(id, Level.parse(level));
          } catch (IllegalArgumentException e) {
            throw new UsageException(flag + ": " + e.getMessage());
          }
        });
    LintSettings settings = b.build();
    try {
      settings.validateAgainst(catalog);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
    return settings;
  }

  private static void requireRule(RuleCatalog catalog, String id, String flag) {
    if (catalog.rule(id).isEmpty()) {
      throw new UsageException(flag + ": unknown rule ID '" + id + "'; see 'runnerlint rules'");
    }
  }

  private FailOn failOn(LintConfig config) {
    if (failOn != null) {
      try {
        return FailOn.parse(failOn);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--fail-on: " + e.getMessage(), e);
      }
    }
    return config == null ? FailOn.ERROR : config.failOn().orElse(FailOn.ERROR);
  }

  private boolean colour() {
    return !noColor && environment().colourAllowed() && format.trim().equalsIgnoreCase("text");
  }

  private Optional<DockerfileLocator> dockerfileLocator() {
    if (dockerfile == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          Dockerfile.read(environment().resolve(dockerfile), environment().workingDir()));
    } catch (IOException | IllegalArgumentException e) {
      throw new UsageException("--dockerfile " + dockerfile + ": " + e.getMessage(), e);
    }
  }

  private Environment environment() {
    return main == null ? Environment.notATerminal() : main.environment;
  }

  private static Reporter reporter(String name, Reporters.Options options) {
    try {
      return Reporters.byName(name, options);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  private static void write(Reporter reporter, Report report, Writer out) {
    try {
      // Render fully before writing, so a reporter that refuses (e.g. SARIF over GitHub's limits)
      // leaves no half-written output behind.
      StringWriter buffer = new StringWriter();
      reporter.write(report, buffer);
      out.write(buffer.toString());
    } catch (SarifReporter.SarifLimitException e) {
      throw new UsageException(e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeFile(Reporter reporter, Report report, Path file) {
    // Rendered before the file is touched: a reporter that refuses leaves no empty file behind.
    StringWriter rendered = new StringWriter();
    write(reporter, report, rendered);
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        w.write(rendered.toString());
      }
    } catch (IOException | UncheckedIOException e) {
      IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
      throw new UsageException(
          "--output " + reporter.format() + "=" + file + ": cannot write: " + describe(cause), e);
    }
  }

  /** An I/O problem in words (the JDK's messages for these are just the path). */
  private static String describe(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied (" + e.getMessage() + ")";
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException) {
      return "a file is in the way (" + e.getMessage() + ")";
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file or directory (" + e.getMessage() + ")";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
