package dev.runnerlint.pipeline;

import dev.runnerlint.facts.GroupFile;
import dev.runnerlint.facts.ParseProblem;
import dev.runnerlint.facts.PasswdFile;
import dev.runnerlint.findings.ImageResult;
import dev.runnerlint.findings.RuleResult;
import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.io.DaemonThreads;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The lint pipeline, the one entry point from image references to results: for each reference, open
 * its source → resolve the platforms asked for → read each platform's layers into a merged tree
 * ({@link ImageReader}) → evaluate the catalog ({@link RuleEngine}) → one {@link ImageResult} per
 * platform. An image that cannot be read whole gives one {@linkplain ImageResult#failed failed}
 * result naming the cause (never a pass); the other images are still linted.
 *
 * <p>A batch ({@link #lint(List, LintSettings)}) reads up to {@link Options#imagesAtOnce} images at
 * once, each on its own thread: one image's manifest, config and rules overlap another's layers.
 * Their layers all go through the {@link LayerStep} of the {@link ImageReader} given to the
 * constructor (the CLI's: one {@link LayerStore}, whose threads and per-registry connections bound
 * the layer work of the whole batch, and which reads each distinct layer once). Results, {@link
 * #warnings()} and {@link #failures()} are collected per image and appended in the order the images
 * were named, so they are the same as one image after the other.
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
   * @param imagesAtOnce how many images of a batch are read at once (at least 1; 1: one after the
   *     other on the calling thread); default {@link #DEFAULT_IMAGES_AT_ONCE}
   */
  public record Options(
      SourceOptions source,
      PlatformSelector platforms,
      Optional<CapturePolicy> capture,
      long maxLayerSize,
      int imagesAtOnce) {

    /**
     * Images of a batch read at once by default: 2, whatever the cores. The CPU-heavy part (fetch,
     * hash, inflate, index) is bounded by the {@link LayerStore}'s threads anyway, while each image
     * in flight holds its merged tree (one entry per file of the image) and its read-ahead window
     * of recorded layers until its rules ran, so memory grows with this number. Two overlap one
     * image's manifest, config, merge and rules with another's layers, and a batch's peak RSS stays
     * at what one image after the other needs (docs/performance.md, "Batch").
     */
    public static final int DEFAULT_IMAGES_AT_ONCE = 2;

    public Options {
      if (imagesAtOnce < 1) {
        throw new IllegalArgumentException("imagesAtOnce must be at least 1: " + imagesAtOnce);
      }
    }

    public static Options defaults() {
      return new Options(
          SourceOptions.defaults(),
          PlatformSelector.ALL,
          Optional.empty(),
          LayerReader.DEFAULT_MAX_LAYER_SIZE,
          DEFAULT_IMAGES_AT_ONCE);
    }

    public Options withSource(SourceOptions s) {
      return new Options(s, platforms, capture, maxLayerSize, imagesAtOnce);
    }

    public Options withPlatforms(PlatformSelector p) {
      return new Options(source, p, capture, maxLayerSize, imagesAtOnce);
    }

    public Options withCapture(CapturePolicy c) {
      return new Options(source, platforms, Optional.of(c), maxLayerSize, imagesAtOnce);
    }

    public Options withMaxLayerSize(long bytes) {
      return new Options(source, platforms, capture, bytes, imagesAtOnce);
    }

    /** Reads up to {@code n} images of a batch at once (1: one after the other). */
    public Options withImagesAtOnce(int n) {
      return new Options(source, platforms, capture, maxLayerSize, n);
    }
  }

  /** What linting one image gave, kept apart until it is appended in the batch's order. */
  private record ImageRun(
      List<ImageResult> results,
      List<String> fileWarnings,
      List<String> ruleWarnings,
      Optional<ImageReadException> failure) {}

  /** The most problems named per file of the image; the rest are counted. */
  private static final int MAX_PROBLEMS_SHOWN = 5;

  private final RuleCatalog catalog;
  private final Options options;
  private final ImageReader reader;
  // guarded by this: appended per image, in the order the images were named
  private final List<String> fileWarnings = new ArrayList<>();
  private final Set<String> ruleWarnings = new LinkedHashSet<>();
  private final List<ImageReadException> failures = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  public Linter(RuleCatalog catalog, Options options) {
    this(catalog, options, new ImageReader(options.maxLayerSize()));
  }

  public Linter(RuleCatalog catalog, Options options, ImageReader reader) {
    this.catalog = catalog;
    this.options = options;
    this.reader = reader;
  }

  public RuleCatalog catalog() {
    return catalog;
  }

  /**
   * Lints every reference: one result per platform read, one failed result per image that could not
   * be read, in the order the references were named. Up to {@link Options#imagesAtOnce} images are
   * read at once; what they give is the same as reading them one after the other. An unreadable
   * image does not stop the others; an internal error (a {@link RuntimeException} or {@link Error})
   * in one image is thrown once the images named before it are appended, after the images still
   * being read have finished (those not started are not).
   *
   * @throws InvalidReferenceException when a reference does not parse (bad input; every reference
   *     is parsed before any image is read)
   */
  public List<ImageResult> lint(List<String> references, LintSettings settings) {
    CapturePolicy capture = captureFor(settings);
    List<String> distinct = new ArrayList<>();
    List<String> repeated = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (String reference : references) {
      String first = seen.putIfAbsent(Images.parse(reference).identity(), reference);
      if (first != null) {
        repeated.add(
            first.equals(reference)
                ? reference + " is named twice; linted once"
                : reference + " names the same image as " + first + "; linted once");
        continue;
      }
      distinct.add(reference);
    }
    synchronized (this) {
      notes.addAll(repeated);
    }
    List<ImageResult> results = new ArrayList<>();
    int atOnce = Math.min(options.imagesAtOnce(), distinct.size());
    if (atOnce <= 1) {
      for (String reference : distinct) {
        results.addAll(append(run(reference, settings, capture)));
      }
      return results;
    }
    ExecutorService images =
        Executors.newFixedThreadPool(atOnce, DaemonThreads.named("runnerlint-image"));
    try {
      // queued in order, so images start in the order they were named, atOnce of them at a time
      List<Future<ImageRun>> runs = new ArrayList<>();
      for (String reference : distinct) {
        runs.add(images.submit(() -> run(reference, settings, capture)));
      }
      for (int i = 0; i < runs.size(); i++) {
        results.addAll(append(collect(runs, i)));
      }
      return results;
    } finally {
      images.shutdown();
    }
  }

  /**
   * The run of image {@code i}; when it threw (an internal error), the images after it that have
   * not started are cancelled, those being read are waited for (so no image is read on behind the
   * caller's back), and its exception is thrown as it was.
   */
  private static ImageRun collect(List<Future<ImageRun>> runs, int i) {
    try {
      return runs.get(i).get();
    } catch (ExecutionException e) {
      List<Future<ImageRun>> later = runs.subList(i + 1, runs.size());
      later.forEach(f -> f.cancel(false));
      for (Future<ImageRun> f : later) {
        try {
          f.get();
        } catch (ExecutionException | CancellationException ignored) {
          // the first failure in the order named is the one reported
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      runs.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while linting a batch");
    }
  }

  /** Appends what one image gave to the linter's warnings and failures; its results. */
  private synchronized List<ImageResult> append(ImageRun run) {
    fileWarnings.addAll(run.fileWarnings());
    ruleWarnings.addAll(run.ruleWarnings());
    run.failure().ifPresent(failures::add);
    return run.results();
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
    return append(run(reference, settings, captureFor(settings)));
  }

  /** What the layer reader keeps: the override in the options, else what the rules read. */
  private CapturePolicy captureFor(LintSettings settings) {
    return options.capture().orElseGet(() -> catalog.capturePolicy(settings));
  }

  /**
   * Lints one reference on the calling thread: its platforms' results, or one failed result, with
   * the warnings it gave; touches nothing shared but the reader (thread-safe).
   */
  private ImageRun run(String reference, LintSettings settings, CapturePolicy capture) {
    RuleEngine engine = new RuleEngine(catalog); // one per image: its warnings stay its own
    List<String> warnings = new ArrayList<>();
    try (ImageSource source = Images.open(reference, options.source())) {
      List<ImageResult> results = new ArrayList<>();
      for (PlatformImage platformImage : source.resolve(options.platforms())) {
        results.add(
            lintPlatform(reference, source, platformImage, settings, capture, engine, warnings));
      }
      return new ImageRun(results, warnings, engine.warnings(), Optional.empty());
    } catch (ImageReadException e) {
      // The result names the reference; its error is the cause alone, so no line says it twice.
      String message = e.getMessage();
      if (message.startsWith(reference + ": ")) {
        message = message.substring(reference.length() + 2);
      }
      return new ImageRun(
          List.of(ImageResult.failed(reference, Images.repositoryOf(reference), message, 0)),
          warnings,
          engine.warnings(),
          Optional.of(e));
    }
  }

  private ImageResult lintPlatform(
      String reference,
      ImageSource source,
      PlatformImage platformImage,
      LintSettings settings,
      CapturePolicy capture,
      RuleEngine engine,
      List<String> warnings)
      throws ImageReadException {
    long start = System.nanoTime();
    LoadedImage loaded = reader.read(source, platformImage, capture);
    LintInput input = new LintInput(platformImage, loaded.tree(), settings.deployment());
    List<RuleResult> rules = engine.evaluate(input, settings);
    warnAboutFiles(reference + " (" + platformImage.platform() + ")", input, warnings);
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
  public synchronized List<String> warnings() {
    List<String> all = new ArrayList<>(notes);
    all.addAll(fileWarnings);
    all.addAll(ruleWarnings);
    return all;
  }

  /** The errors behind the failed results so far, for {@code --debug}'s stack traces. */
  public synchronized List<ImageReadException> failures() {
    return List.copyOf(failures);
  }

  /**
   * Names the lines of the image's passwd, group and sudoers files that were skipped as malformed,
   * and those files that could not be read whole (their rules are skipped).
   */
  private static void warnAboutFiles(String where, LintInput input, List<String> fileWarnings) {
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
