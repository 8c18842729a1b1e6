package dev.runnerlint.pipeline;

import dev.runnerlint.facts.GroupFile;
import dev.runnerlint.facts.ParseProblem;
import dev.runnerlint.facts.PasswdFile;
import dev.runnerlint.findings.ImageResult;
import dev.runnerlint.findings.RuleResult;
import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.io.Messages;
import dev.runnerlint.layer.CapturePolicy;
import dev.runnerlint.layer.LayerReader;
import dev.runnerlint.reference.PlatformSelector;
import dev.runnerlint.rules.LintInput;
import dev.runnerlint.rules.LintSettings;
import dev.runnerlint.rules.RuleCatalog;
import dev.runnerlint.rules.RuleEngine;
import dev.runnerlint.rules.lang.Fact;
import dev.runnerlint.rules.lang.Outcome;
import dev.runnerlint.source.ImageReadException;
import dev.runnerlint.source.ImageSource;
import dev.runnerlint.source.SourceOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lint pipeline, the one entry point from image references to results: for each reference, open
 * its source → resolve the platforms asked for → read each platform's layers into a merged tree
 * ({@link ImageReader}) → evaluate the catalog ({@link RuleEngine}) → one {@link ImageResult} per
 * platform. An image that cannot be read whole gives one {@linkplain ImageResult#failed failed}
 * result naming the cause (never a pass); the other images are still linted.
 *
 * <p>Seams for what comes next: {@link #lint(List, LintSettings)} sees the whole batch (dedup of
 * repeated references or shared layers goes there); {@link #lintImage} is one reference (run
 * several at once there); the per-layer read is the {@link LayerStep} of the {@link ImageReader}
 * given to the constructor (a layer cache or parallel layer reading replaces it).
 */
public final class Linter {

  /**
   * Where and what to read.
   *
   * @param source how sources are opened (registries, credentials, user agent)
   * @param platforms which platforms of a multi-platform image to lint
   * @param capture which file contents the layer reader keeps; empty: what the catalog's rules read
   *     under the settings of the run ({@link RuleCatalog#capturePolicy})
   * @param maxLayerSize the most bytes one layer's uncompressed tar may have ({@code
   *     --max-layer-size})
   */
  public record Options(
      SourceOptions source,
      PlatformSelector platforms,
      Optional<CapturePolicy> capture,
      long maxLayerSize) {
    public static Options defaults() {
      return new Options(
          SourceOptions.defaults(),
          PlatformSelector.ALL,
          Optional.empty(),
          LayerReader.DEFAULT_MAX_LAYER_SIZE);
    }

    public Options withSource(SourceOptions s) {
      return new Options(s, platforms, capture, maxLayerSize);
    }

    public Options withPlatforms(PlatformSelector p) {
      return new Options(source, p, capture, maxLayerSize);
    }

    public Options withCapture(CapturePolicy c) {
      return new Options(source, platforms, Optional.of(c), maxLayerSize);
    }

    public Options withMaxLayerSize(long bytes) {
      return new Options(source, platforms, capture, bytes);
    }
  }

  /** The most problems named per file of the image; the rest are counted. */
  private static final int MAX_PROBLEMS_SHOWN = 5;

  private final RuleEngine engine;
  private final Options options;
  private final ImageReader reader;
  private final List<String> fileWarnings = new ArrayList<>();
  private final List<ImageReadException> failures = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  public Linter(RuleCatalog catalog, Options options) {
    this(catalog, options, new ImageReader(options.maxLayerSize()));
  }

  public Linter(RuleCatalog catalog, Options options, ImageReader reader) {
    this.engine = new RuleEngine(catalog);
    this.options = options;
    this.reader = reader;
  }

  public RuleCatalog catalog() {
    return engine.catalog();
  }

  /**
   * Lints every reference, in order: one result per platform read, one failed result per image that
   * could not be read.
   *
   * @throws InvalidReferenceException when a reference does not parse (bad input, reached in order)
   */
  public List<ImageResult> lint(List<String> references, LintSettings settings) {
    CapturePolicy capture = captureFor(settings);
    List<ImageResult> results = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (String reference : references) {
      String first = seen.putIfAbsent(Images.parse(reference).identity(), reference);
      if (first != null) {
        notes.add(
            first.equals(reference)
                ? reference + " is named twice; linted once"
                : reference + " names the same image as " + first + "; linted once");
        continue;
      }
      results.addAll(lintImage(reference, settings, capture));
    }
    return results;
  }

  /**
   * Why {@code reference} is not a valid image reference (one line, {@code invalid reference '…':
   * …}), or empty when it is one. Parsing reads nothing.
   */
  public static Optional<String> invalidReason(String reference) {
    try {
      Images.parse(reference);
      return Optional.empty();
    } catch (InvalidReferenceException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** Lints one reference: its platforms' results, or one failed result. */
  public List<ImageResult> lintImage(String reference, LintSettings settings) {
    return lintImage(reference, settings, captureFor(settings));
  }

  /** What the layer reader keeps: the override in the options, else what the rules read. */
  private CapturePolicy captureFor(LintSettings settings) {
    return options.capture().orElseGet(() -> engine.catalog().capturePolicy(settings));
  }

  private List<ImageResult> lintImage(
      String reference, LintSettings settings, CapturePolicy capture) {
    try (ImageSource source = Images.open(reference, options.source())) {
      List<ImageResult> results = new ArrayList<>();
      for (PlatformImage platformImage : source.resolve(options.platforms())) {
        results.add(lintPlatform(reference, source, platformImage, settings, capture));
      }
      return results;
    } catch (ImageReadException e) {
      failures.add(e);
      // The result names the reference; its error is the cause alone, so no line says it twice.
      String message = e.getMessage();
      if (message.startsWith(reference + ": ")) {
        message = message.substring(reference.length() + 2);
      }
      return List.of(ImageResult.failed(reference, Images.repositoryOf(reference), message, 0));
    }
  }

  private ImageResult lintPlatform(
      String reference,
      ImageSource source,
      PlatformImage platformImage,
      LintSettings settings,
      CapturePolicy capture)
      throws ImageReadException {
    long start = System.nanoTime();
    LoadedImage loaded = reader.read(source, platformImage, capture);
    LintInput input = new LintInput(platformImage, loaded.tree(), settings.deployment());
    List<RuleResult> rules = engine.evaluate(input, settings);
    warnAboutFiles(reference + " (" + platformImage.platform() + ")", input);
    return new ImageResult(
        reference,
        platformImage.repository(),
        Optional.of(platformImage.manifestDigest().toString()),
        platformImage.platform().toString(),
        rules,
        Optional.empty(),
        System.nanoTime() - start);
  }

  /**
   * Warnings collected so far, once each (e.g. an expired suppression that would have matched), for
   * the caller to print after the run.
   */
  public List<String> warnings() {
    List<String> all = new ArrayList<>(notes);
    all.addAll(fileWarnings);
    all.addAll(engine.warnings());
    return all;
  }

  /** The errors behind the failed results so far, for {@code --debug}'s stack traces. */
  public List<ImageReadException> failures() {
    return List.copyOf(failures);
  }

  /**
   * Names the lines of the image's passwd, group and sudoers files that were skipped as malformed,
   * and those files that could not be read whole (their rules are skipped).
   */
  private void warnAboutFiles(String where, LintInput input) {
    List<Fact<List<ParseProblem>>> files =
        List.of(
            input.passwd().map(PasswdFile::problems),
            input.group().map(GroupFile::problems),
            Fact.of(input.sudoers().problems()));
    for (Fact<List<ParseProblem>> file : files) {
      if (file instanceof Fact.Missing<List<ParseProblem>> missing) {
        if (missing.outcome() instanceof Outcome.Skipped skipped) {
          fileWarnings.add(where + ": " + skipped.reason());
        }
        continue;
      }
      List<ParseProblem> problems = ((Fact.Known<List<ParseProblem>>) file).value();
      for (int i = 0; i < Math.min(problems.size(), MAX_PROBLEMS_SHOWN); i++) {
        ParseProblem p = problems.get(i);
        fileWarnings.add(
            where
                + ": "
                + Messages.oneLine(p.toString(), 300)
                + (p.line() > 0 ? " (line skipped)" : ""));
      }
      if (problems.size() > MAX_PROBLEMS_SHOWN) {
        fileWarnings.add(
            where
                + ": "
                + (problems.size() - MAX_PROBLEMS_SHOWN)
                + " more problems in "
                + problems.get(problems.size() - 1).path()
                + " not shown");
      }
    }
  }
}
