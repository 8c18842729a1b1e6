package dev.runnerlint.rules;

import dev.runnerlint.findings.Finding;
import dev.runnerlint.findings.ImageResult;
import dev.runnerlint.findings.RuleResult;
import dev.runnerlint.fixtures.FixtureImage;
import dev.runnerlint.fixtures.FixtureIndex;
import dev.runnerlint.fixtures.FixtureWriter;
import dev.runnerlint.fixtures.LocalRegistry;
import dev.runnerlint.layer.CapturePolicy;
import dev.runnerlint.pipeline.Linter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lints fixture images through the real pipeline — written as an OCI layout (or pushed to the real
 * local registry), linted by {@link Linter}, the pipeline the CLI runs — in ONE place.
 */
public final class LintHarness {
  private LintHarness() {}

  /** The results for one platform. */
  public record Linted(ImageResult image, List<RuleResult> results, List<String> warnings) {
    public RuleResult result(String ruleId) {
      return results.stream().filter(r -> r.ruleId().equals(ruleId)).findFirst().orElseThrow();
    }

    public List<Finding> findings() {
      return results.stream().flatMap(r -> r.findings().stream()).toList();
    }

    public List<Finding> findings(String ruleId) {
      return result(ruleId).findings();
    }

    /** The IDs of the rules that FAILED. */
    public Set<String> failed() {
      Set<String> ids = new TreeSet<>();
      results.stream()
          .filter(r -> r.status() == RuleResult.Status.FAILED)
          .forEach(r -> ids.add(r.ruleId()));
      return ids;
    }
  }

  /** Lints a single-platform fixture with the built-in catalog. */
  public static Linted lint(Path dir, FixtureImage image, LintSettings settings) {
    return lintAll(dir, FixtureIndexOrImage.of(image), RuleCatalog.builtin(), settings).get(0);
  }

  public static Linted lint(
      Path dir, FixtureImage image, RuleCatalog catalog, LintSettings settings) {
    return lintAll(dir, FixtureIndexOrImage.of(image), catalog, settings).get(0);
  }

  /** Lints with a capture policy of its own (e.g. none, to see rules skip). */
  public static Linted lint(
      Path dir, FixtureImage image, LintSettings settings, CapturePolicy capture) {
    Path layout = dir.resolve("layout-" + System.nanoTime());
    FixtureWriter.ociLayout(layout, "test", image);
    return lintReference("oci:" + layout + ":test", RuleCatalog.builtin(), settings, capture)
        .get(0);
  }

  /** Lints every platform of a multi-platform fixture. */
  public static List<Linted> lint(Path dir, FixtureIndex index, LintSettings settings) {
    return lintAll(dir, FixtureIndexOrImage.of(index), RuleCatalog.builtin(), settings);
  }

  /** Pushes the image to the real local registry and lints it from there. */
  public static Linted lintFromRegistry(
      LocalRegistry registry, String repoAndTag, FixtureImage image, LintSettings settings) {
    FixtureWriter.push(registry, repoAndTag, image);
    return lintReference(registry.reference(repoAndTag), RuleCatalog.builtin(), settings).get(0);
  }

  private static List<Linted> lintAll(
      Path dir, FixtureIndexOrImage image, RuleCatalog catalog, LintSettings settings) {
    Path layout = dir.resolve("layout-" + System.nanoTime());
    if (image.index() != null) {
      FixtureWriter.ociLayout(layout, "test", image.index());
    } else {
      FixtureWriter.ociLayout(layout, "test", image.image());
    }
    return lintReference("oci:" + layout + ":test", catalog, settings);
  }

  /** Reads every platform of a reference and lints it. */
  public static List<Linted> lintReference(
      String reference, RuleCatalog catalog, LintSettings settings) {
    return lintReference(reference, catalog, settings, catalog.capturePolicy(settings));
  }

  private static List<Linted> lintReference(
      String reference, RuleCatalog catalog, LintSettings settings, CapturePolicy capture) {
    Linter linter = new Linter(catalog, Linter.Options.defaults().withCapture(capture));
    List<Linted> out = new ArrayList<>();
    for (ImageResult result : linter.lint(List.of(reference), settings)) {
      if (result.error().isPresent()) {
        throw new IllegalStateException("fixture image could not be read: " + result.error().get());
      }
      out.add(new Linted(result, result.rules(), linter.warnings()));
    }
    return out;
  }

  private record FixtureIndexOrImage(FixtureImage image, FixtureIndex index) {
    static FixtureIndexOrImage of(FixtureImage i) {
      return new FixtureIndexOrImage(i, null);
    }

    static FixtureIndexOrImage of(FixtureIndex i) {
      return new FixtureIndexOrImage(null, i);
    }
  }
}
