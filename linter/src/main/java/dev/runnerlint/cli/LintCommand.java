package dev.runnerlint.cli;

import dev.runnerlint.dockerfile.Dockerfile;
import dev.runnerlint.dockerfile.DockerfileLocator;
import dev.runnerlint.findings.DeploymentInfo;
import dev.runnerlint.findings.ImageResult;
import dev.runnerlint.findings.Level;
import dev.runnerlint.findings.Report;
import dev.runnerlint.layer.GzipStreams;
import dev.runnerlint.pipeline.ConcurrentLayerStep;
import dev.runnerlint.pipeline.ImageReader;
import dev.runnerlint.pipeline.LayerStore;
import dev.runnerlint.pipeline.Linter;
import dev.runnerlint.report.Reporter;
import dev.runnerlint.report.Reporters;
import dev.runnerlint.report.SarifReporter;
import dev.runnerlint.report.TextReporter;
import dev.runnerlint.rules.LintSettings;
import dev.runnerlint.rules.RuleCatalog;
import dev.runnerlint.rules.config.FailOn;
import dev.runnerlint.rules.config.LintConfig;
import dev.runnerlint.source.BlobHash;
import dev.runnerlint.values.ContainerMode;
import dev.runnerlint.values.Deployment;
import dev.runnerlint.values.ValuesException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    addMethodSubcommands = false,
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
      "3:an image could not be read whole",
      "70:internal error (a bug; --debug shows the stack trace)"
    })
final class LintCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ParentCommand RootCommand main;

  @Mixin ImageOptions imageOptions;

  @Parameters(
      paramLabel = "IMAGE",
      arity = "0..*",
      description =
          "The images to lint (with --values: default the runner container's image; or in"
              + " --images-from).")
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
      description =
          "Also write FORMAT to FILE (repeatable), e.g. --output sarif=runnerlint.sarif; FILE '-'"
              + " is stdout.")
  List<String> outputs = new ArrayList<>();

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
  List<String> levels = new ArrayList<>();

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
      description = "Never colour the text output (the same as --color never).")
  boolean noColor;

  @Option(
      names = "--color",
      paramLabel = "WHEN",
      description =
          "Colour the text output: auto (default: on a terminal, unless NO_COLOR is set or"
              + " TERM=dumb; FORCE_COLOR forces it), always or never.")
  String color;

  @Option(
      names = "--sarif-category",
      paramLabel = "TEMPLATE",
      description =
          "SARIF automationDetails.id of each run; {repository}, {platform} and {reference} are"
              + " replaced (default: "
              + SarifReporter.DEFAULT_CATEGORY
              + "). Where two images would share one, the tag or path is added.")
  String sarifCategory;

  @Option(
      names = "--verbose",
      description = "Text output: also list passed, skipped and disabled rules, with the reason.")
  boolean verbose;

  @Option(
      names = {"-q", "--quiet"},
      description = "Text output: only findings and errors.")
  boolean quiet;

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
          "Progress on stderr: auto (when stderr is a terminal: each layer's bytes read and a"
              + " total, redrawn in place), plain (one line per image), none"
              + " (default: ${DEFAULT-VALUE}).")
  String progress;

  // ---- end of the issue 10 block

  private volatile Progress progressShown; // where debug lines go while layers are read

  @Override
  public Integer call() {
    Instant started = Instant.now();
    PrintWriter err = spec.commandLine().getErr();
    LintConfig config = loadConfig();
    RuleCatalog catalog = loadCatalog(config);
    Optional<Deployment> deployment = deployment();
    List<String> toLint = imagesToLint(deployment, err);
    LintSettings settings = settings(config, catalog, deployment, err);
    FailOn threshold = failOn(config);
    Reporters.Options reportOptions =
        new Reporters.Options(colour(), dockerfileLocator(), sarifCategory(), verbosity());
    List<String> references = new ArrayList<>();
    List<ImageResult> invalid = new ArrayList<>();
    for (String image : toLint) {
      Optional<String> why = Linter.invalidReason(image);
      if (why.isPresent()) {
        invalid.add(ImageResult.failed(image, image, why.get(), 0));
      } else {
        references.add(image);
      }
    }
    // Every destination is checked (and its temporary file made) before any image is read.
    ReportOutputs outputs = ReportOutputs.open(destinations(reportOptions), environment());
    Progress progressLine = Progress.parse(progress, err);
    progressShown = progressLine;
    if (main != null && main.debug) {
      // only under --debug: asking loads the native libraries, which a warm run never needs
      debugLine(err).accept("inflate gzip layers with " + GzipStreams.describe());
      debugLine(err).accept("hash blobs with " + BlobHash.describe());
    }
    try (LayerStore store =
        new LayerStore(
            LayerStore.defaultThreads(),
            LayerStore.DEFAULT_PER_REGISTRY,
            noCache ? Optional.empty() : cacheOptions.open(environment(), debugLine(err)),
            debugLine(err),
            imageOptions.maxLayerSize)) {
      store.listener(progressLine);
      Linter linter =
          new Linter(
              catalog,
              Linter.Options.defaults()
                  .withSource(imageOptions.sourceOptions())
                  .withPlatforms(imageOptions.selector())
                  .withMaxLayerSize(imageOptions.maxLayerSize),
              new ImageReader(new ConcurrentLayerStep(store)));
      List<ImageResult> linted = linter.lint(references, settings);
      progressLine.close(); // its final state stays; what follows starts on a clean line
      List<ImageResult> results = inOrder(toLint, invalid, linted);
      boolean unreadable = false;
      for (ImageResult result : results) {
        if (result.error().isPresent()) {
          unreadable = true;
          err.println("runnerlint: " + errorLine(result));
        }
      }
      if (main != null && main.debug) {
        linter.failures().forEach(e -> e.printStackTrace(err));
      }
      linter.warnings().forEach(w -> err.println("runnerlint: warning: " + w));
      if (outputs.hasSarif()) {
        SarifReporter.categoryNotes(results, reportOptions.sarifCategory())
            .forEach(n -> err.println("runnerlint: note: " + n));
      }
      int exitCode = invalid.isEmpty() ? exitCode(results, threshold, unreadable) : ExitCodes.USAGE;
      int finalCode =
          outputs.write(
              exitCode,
              code ->
                  new Report(
                      VersionProvider.version(),
                      catalog.forRun(settings).infos(),
                      results,
                      threshold.threshold(),
                      code,
                      started,
                      deployment.map(d -> new DeploymentInfo(d.mode().id(), d.valuesFile()))),
              err);
      PrintWriter out = spec.commandLine().getOut();
      out.write(outputs.stdout());
      out.flush();
      return finalCode;
    } finally {
      progressLine.close();
      outputs.discard();
    }
  }

  /** The invalid references' results in the order the images were named, among the linted ones. */
  private static List<ImageResult> inOrder(
      List<String> images, List<ImageResult> invalid, List<ImageResult> linted) {
    if (invalid.isEmpty()) {
      return linted;
    }
    List<ImageResult> all = new ArrayList<>(linted);
    for (ImageResult bad : invalid) {
      int index = images.indexOf(bad.reference());
      int at = 0;
      while (at < all.size() && images.indexOf(all.get(at).reference()) < index) {
        at++;
      }
      all.add(at, bad);
    }
    return all;
  }

  /** The one line for an image not read: its message, which names the reference, once. */
  static String errorLine(ImageResult result) {
    String error = result.error().get();
    return error.contains(result.reference()) ? error : result.reference() + ": " + error;
  }

  /** {@code --output FORMAT=FILE} (and {@code --format}) as reporters and where they go. */
  private List<ReportOutputs.Destination> destinations(Reporters.Options options) {
    List<ReportOutputs.Destination> list = new ArrayList<>();
    boolean stdoutTaken = false;
    for (String spec : outputs) {
      int eq = spec.indexOf('=');
      if (eq <= 0 || eq == spec.length() - 1) {
        throw new UsageException(
            "--output "
                + spec
                + ": expected --output FORMAT=FILE, e.g. --output sarif=runnerlint.sarif");
      }
      String name = spec.substring(0, eq);
      String file = spec.substring(eq + 1);
      if (file.equals("-")) {
        if (stdoutTaken) {
          throw new UsageException("--output " + spec + ": stdout is already named by --output");
        }
        if (this.spec.commandLine().getParseResult().hasMatchedOption("--format")) {
          throw new UsageException(
              "--output " + spec + ": --format " + format + " already writes to stdout");
        }
        stdoutTaken = true;
        list.add(ReportOutputs.Destination.stdout(reporter(name, options), "--output " + spec));
      } else {
        list.add(
            ReportOutputs.Destination.file(
                reporter(name, options.withoutColour()),
                environment().resolve(pathOf(spec, file)),
                "--output " + spec));
      }
    }
    if (!stdoutTaken) {
      list.add(0, ReportOutputs.Destination.stdout(reporter(format, options), "--format"));
    }
    return list;
  }

  private static Path pathOf(String spec, String file) {
    try {
      return Path.of(file);
    } catch (java.nio.file.InvalidPathException e) {
      throw new UsageException("--output " + spec + ": not a valid path: " + e.getReason());
    }
  }

  private String sarifCategory() {
    if (sarifCategory == null) {
      return SarifReporter.DEFAULT_CATEGORY;
    }
    if (sarifCategory.isBlank()) {
      throw new UsageException("--sarif-category: must not be empty");
    }
    return sarifCategory;
  }

  private TextReporter.Verbosity verbosity() {
    if (verbose && quiet) {
      throw new UsageException("--verbose and --quiet cannot be combined");
    }
    return verbose
        ? TextReporter.Verbosity.VERBOSE
        : quiet ? TextReporter.Verbosity.QUIET : TextReporter.Verbosity.NORMAL;
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
    return Catalogs.loadConfig(environment(), configFile);
  }

  private RuleCatalog loadCatalog(LintConfig config) {
    return Catalogs.loadCatalog(
        environment(), config, rulePacks, main == null ? null : main.builtinPacks);
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
    List<String> images =
        imagesFrom == null
            ? (this.images == null ? List.of() : this.images)
            : BatchInput.references(this.images, imagesFrom, environment());
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
    for (String spec : levels) {
      int eq = spec.indexOf('=');
      if (eq <= 0 || eq == spec.length() - 1) {
        throw new UsageException(
            "--level " + spec + ": expected --level ID=LEVEL, e.g. --level ARC201=warning");
      }
      String id = spec.substring(0, eq);
      String level = spec.substring(eq + 1);
      String flag = "--level " + spec;
      requireRule(catalog, id, flag);
      try {
        b.level(id, Level.parse(level));
      } catch (IllegalArgumentException e) {
        throw new UsageException(flag + ": " + e.getMessage());
      }
    }
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
    String when = noColor ? "never" : color == null ? "auto" : color.trim();
    boolean on =
        switch (when.toLowerCase(java.util.Locale.ROOT)) {
          case "always" -> true;
          case "never" -> false;
          case "auto" -> environment().colourAllowed();
          default ->
              throw new UsageException("--color " + color + ": expected auto, always or never");
        };
    return on;
  }

  private Optional<DockerfileLocator> dockerfileLocator() {
    if (dockerfile == null) {
      return Optional.empty();
    }
    Path file = environment().resolve(dockerfile);
    requireFile("--dockerfile", dockerfile, file);
    try {
      return Optional.of(Dockerfile.read(file, environment().workingDir()));
    } catch (IOException | IllegalArgumentException e) {
      throw new UsageException("--dockerfile " + dockerfile + ": " + e.getMessage(), e);
    }
  }

  static void requireFile(String flag, Path given, Path resolved) {
    Catalogs.requireFile(flag, given, resolved);
  }

  private java.util.function.Consumer<String> debugLine(PrintWriter err) {
    boolean debug = main != null && main.debug;
    return line -> {
      if (debug) {
        Progress shown = progressShown;
        if (shown != null) {
          shown.line("runnerlint: debug: " + line); // above a live display
        } else {
          synchronized (err) {
            err.println("runnerlint: debug: " + line);
          }
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
}
