package dev.runnerlint.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerlint.findings.ImageResult;
import dev.runnerlint.findings.RuleResult;
import dev.runnerlint.fixtures.FixtureWriter;
import dev.runnerlint.fixtures.SampleImages;
import dev.runnerlint.rules.LintSettings;
import dev.runnerlint.rules.RuleCatalog;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one lint entry point: references in, one result per platform or per unreadable image. */
class LinterTest {

  @TempDir Path tmp;

  @Test
  void anUnreadableImageIsAFailedResultAndTheOthersAreStillLinted() {
    Path layout = tmp.resolve("ok");
    FixtureWriter.ociLayout(layout, "test", SampleImages.runnerOk("linux/amd64"));
    String missing = "docker-archive:" + tmp.resolve("missing.tar");
    String ok = "oci:" + layout + ":test";
    Linter linter = new Linter(RuleCatalog.builtin(), Linter.Options.defaults());

    List<ImageResult> results = linter.lint(List.of(missing, ok), LintSettings.defaults());

    assertThat(results).hasSize(2);
    ImageResult failed = results.get(0);
    assertThat(failed.reference()).isEqualTo(missing);
    assertThat(failed.platform()).isEqualTo("unknown");
    assertThat(failed.error())
        .as("the result names the reference; its error is the cause alone")
        .hasValueSatisfying(e -> assertThat(e).startsWith("no such file ").doesNotContain(missing));
    assertThat(failed.rules()).isEmpty();
    ImageResult linted = results.get(1);
    assertThat(linted.error()).isEmpty();
    assertThat(linted.platform()).isEqualTo("linux/amd64");
    assertThat(linted.digest()).isPresent();
    // without a deployment the arc-deployment pack is not part of the run
    assertThat(linted.rules())
        .hasSize(RuleCatalog.builtin().forRun(LintSettings.defaults()).infos().size());
    assertThat(linted.rules()).noneMatch(r -> r.status() == RuleResult.Status.FAILED);
  }

  @Test
  void aReferenceThatDoesNotParseIsBadInputNotAnUnreadableImage() {
    Linter linter = new Linter(RuleCatalog.builtin(), Linter.Options.defaults());
    assertThatThrownBy(() -> linter.lint(List.of("oci-archive:"), LintSettings.defaults()))
        .isInstanceOf(InvalidReferenceException.class);
  }
}
