package dev.runnerlint.cli;

import dev.runnerlint.dockerfile.Dockerfile;
import dev.runnerlint.dockerfile.DockerfileLocator;
import dev.runnerlint.findings.ImageResult;
import dev.runnerlint.findings.Level;
import dev.runnerlint.findings.Report;
import dev.runnerlint.pipeline.ConcurrentLayerStep;
import dev.runnerlint.pipeline.ImageReader;
import dev.runnerlint.pipeline.InvalidReferenceException;
import dev.runnerlint.pipeline.LayerStore;
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
          + " docker-archive:FILE[:REPO:TAG]"
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
      description = "The images to lint (at least one, here or in --images-from).")
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

  @Option(
      names = "--no-color",
      description = "Never colour the text output (NO_COLOR is honoured too).")
  boolean noColor;

  // ---- cache, batch and progress (issue 10): keep this block together
  @Mixin CacheOptions cacheOptions;

  @Option(
      names = "--no-cache",
      description = "Neither read nor write the layer-index cache (layers are fetched anyway).")
  boolean noCache;

  @Option(
      names = "--images-from",
      paramLabel = "FILE",
      description = "Also lint the images listed in FILE: one reference a line, # comments.")
  Path imagesFrom;

  @Option(
      names = "--progress",
      paramLabel = "MODE",
      defaultValue = "auto",
      description =
          "Progress on stderr: auto (per layer, when stderr is a terminal), plain (one line per"
              + " image), none (default: ${DEFAULT-VALUE}).")
  String progress;

  // ---- end of the issue 10 block

  @Override
  public Integer call() {
    Instant started = Instant.now();
    LintConfig config = loadConfig();
    RuleCatalog catalog = loadCatalog(config);
    LintSettings settings = settings(config, catalog);
    FailOn threshold = failOn(config);
    Reporters.Options reportOptions = new Reporters.Options(colour(), dockerfileLocator());
    Reporter stdoutReporter = reporter(format, reportOptions);
    Map<Reporter, Path> fileReporters = new LinkedHashMap<>();
    outputs.forEach(
        (f, file) ->
            fileReporters.put(
                reporter(f, new Reporters.Options(false, reportOptions.dockerfile())),
                environment().resolve(file)));

    PrintWriter err = spec.commandLine().getErr();
    List<String> refs = BatchInput.references(images, imagesFrom, environment());
    Progress progressLine = Progress.parse(progress, err);
    List<ImageResult> results;
    List<String> warnings;
    try (LayerStore store =
        new LayerStore(
            LayerStore.defaultThreads(),
            LayerStore.DEFAULT_PER_REGISTRY,
            noCache ? Optional.empty() : cacheOptions.open(environment(), debugLine(err)),
            debugLine(err))) {
      store.listener(progressLine);
      Linter linter =
          new Linter(
              catalog,
              Linter.Options.defaults()
                  .withSource(imageOptions.sourceOptions())
                  .withPlatforms(imageOptions.selector()),
              new ImageReader(new ConcurrentLayerStep(store)));
      try {
        results = linter.lint(refs, settings);
      } catch (InvalidReferenceException e) {
        throw new UsageException(e.getMessage(), e);
      }
      warnings = linter.warnings();
    }
    boolean unreadable = false;
    for (ImageResult result : results) {
      if (result.error().isPresent()) {
        unreadable = true;
        err.println("runnerlint: " + result.error().get());
      }
    }
    warnings.forEach(w -> err.println("runnerlint: warning: " + w));

    int exitCode = exitCode(results, threshold, unreadable);
    Report report =
        new Report(
            VersionProvider.version(),
            catalog.infos(),
            results,
            threshold.threshold(),
            exitCode,
            started);
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

  private LintSettings settings(LintConfig config, RuleCatalog catalog) {
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

  private java.util.function.Consumer<String> debugLine(PrintWriter err) {
    boolean debug = main != null && main.debug;
    return line -> {
      if (debug) {
        synchronized (err) {
          err.println("runnerlint: debug: " + line);
        }
      }
    };
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
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        write(reporter, report, w);
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
